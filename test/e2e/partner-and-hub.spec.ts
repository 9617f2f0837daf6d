import { expect, test } from "@playwright/test";
import { authoriseDecision, expectAccessible, proposeDecision, recordContactAwaitingPartners, recordContactReadyForDecision, signIn, signInAs, signOut } from "./helpers";

test("a police partner returns information with their own Amber rating; another agency cannot open the request", { tag: "@no-js" }, async ({ page, browser }) => {
  // A screener asks police and health about this test's own child.
  const mash = await (await browser.newContext()).newPage();
  await signInAs(mash, "screener@demo.mash.example");
  const { reference } = await recordContactAwaitingPartners(mash, { firstName: "Philippa", lastName: "Wraxall-Trounce" }, ["police", "health"]);
  await mash.context().close();

  await signIn(page, "police@demo.mash.example");
  await expect(page).toHaveURL(/\/information-requests$/);
  await expectAccessible(page);

  // The request waits for police's information.
  const row = page.getByRole("row").filter({ hasText: reference });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Awaiting your information");
  await expect(row).toContainText("Philippa Wraxall-Trounce");
  await expect(row).toContainText("Amber");
  await row.getByRole("link", { name: reference }).click();
  await expect(page).toHaveURL(/\/information-requests\/[^/?]+$/);
  const requestUrl = page.url();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Contact ${reference}`);
  await expect(page.getByTestId("request-status")).toHaveText("Awaiting your information");
  await expect(page.getByText("Lawful basis for sharing")).toBeVisible();
  await expectAccessible(page);

  // Sending without a rating or information is caught with the GOV.UK error summary, in the partner's terms.
  const returnForm = page.getByTestId("answer-PARTNER_INFORMATION_RETURNED");
  await returnForm.getByRole("button", { name: "Return information" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toContainText("Choose your RAG rating");
  await expect(summary).toContainText("Enter why you gave this RAG rating");
  await expect(summary).toContainText("Enter the information you are returning");
  await expectAccessible(page);

  // A rating needs its own rationale (issue 12, item 4). Sent as a hand-made request, a rating
  // without one is refused (400) with the message, and nothing is stored.
  const sent = async (name: string) => returnForm.locator(`input[name="${name}"]`).inputValue();
  const handMade = await page.request.post(requestUrl, {
    form: { intent: await sent("intent"), version: await sent("version"), idempotencyKey: await sent("idempotencyKey"), rag: "red", information: "Sent without a rationale." },
    headers: { Origin: new URL(requestUrl).origin },
    maxRedirects: 0,
  });
  expect(handMade.status()).toBe(400);
  expect(await handMade.text()).toContain("Enter why you gave this RAG rating");
  await page.goto(requestUrl);
  await expect(page.getByTestId("request-status")).toHaveText("Awaiting your information");
  await expect(page.getByText("Sent without a rationale.")).toHaveCount(0);

  // In the form: the message is at the rationale, and what was typed stays.
  await returnForm.getByLabel("Amber").check();
  await returnForm.getByLabel("The information you are returning").fill("Two call-outs to the address in 2025 for verbal arguments; no arrests.");
  await returnForm.getByRole("button", { name: "Return information" }).click();
  await expect(summary).toContainText("Enter why you gave this RAG rating");
  await expect(summary).not.toContainText("Choose your RAG rating");
  await expect(returnForm.locator(".govuk-error-message")).toHaveText(["Error: Enter why you gave this RAG rating"]);
  await expect(returnForm.getByLabel("Amber")).toBeChecked();
  await expect(returnForm.getByLabel("The information you are returning")).toHaveValue("Two call-outs to the address in 2025 for verbal arguments; no arrests.");
  await expect(page).toHaveTitle(/^Error: /);

  await returnForm.getByLabel("Why you gave this rating").fill("Arguments only, no violence recorded.");
  await returnForm.getByRole("button", { name: "Return information" }).click();
  await expect(page.getByTestId("done-banner")).toContainText("Your information has been sent to the MASH");
  await expect(page.getByTestId("request-status")).toHaveText("Returned");
  await expect(page.getByText("Two call-outs to the address in 2025")).toBeVisible();
  await expect(page.getByTestId("answer-current")).toContainText("Arguments only, no violence recorded.");
  await expect(page.getByTestId("answer-PARTNER_INFORMATION_RETURNED")).toHaveCount(0);
  await expectAccessible(page);

  // Another agency's officer cannot open police's request, nor learn that it exists.
  await signOut(page);
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, "health@demo.mash.example");
  await expect(page).toHaveURL(/\/information-requests$/);
  const otherAgency = await page.goto(requestUrl);
  expect(otherAgency?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expectAccessible(page);

  const unknown = await page.goto("/information-requests/no-such-request");
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
});

test("the MASH steps a child down to the North hub, and the North hub worker accepts it", { tag: "@no-js" }, async ({ page, browser }) => {
  // A screener proposes the step-down and a manager authorises it (management oversight).
  const mash = await (await browser.newContext()).newPage();
  await signInAs(mash, "screener@demo.mash.example");
  const { reference, contactUrl } = await recordContactReadyForDecision(mash, { firstName: "Poppy", lastName: "Stepdown-Ashcombe" });
  await proposeDecision(mash, { outcome: "early_help", hub: "north" }, "Family would benefit from parenting support; no safeguarding threshold met.");
  await signOut(mash);
  await signInAs(mash, "manager@demo.mash.example");
  await mash.goto(contactUrl);
  await authoriseDecision(mash);
  await expect(mash.getByTestId("contact-state")).toHaveText("Step-down offered to early help");

  await signIn(page, "north@demo.mash.example");
  await expect(page).toHaveURL(/\/step-downs$/);
  await expectAccessible(page);
  const link = page.getByRole("row").filter({ hasText: "Waiting for the hub" }).getByRole("link", { name: reference });
  await link.click();
  await expect(page).toHaveURL(/\/step-downs\/[^/?]+$/);
  const stepDownUrl = page.url();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Contact ${reference}`);
  await expect(page.getByTestId("step-down-status")).toHaveText("Waiting for the hub");
  await expect(page.getByText("returns the contact to the MASH for a new decision")).toBeVisible();
  await expectAccessible(page);

  const accept = page.getByTestId("answer-ACCEPT_STEP_DOWN");
  await accept.getByRole("button", { name: "Accept the step-down" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter the name of the lead practitioner");
  await expectAccessible(page);

  await accept.getByLabel("Name of the lead practitioner").fill("Jo Bennett");
  await accept.getByRole("button", { name: "Accept the step-down" }).click();
  await expect(page.getByTestId("done-banner")).toContainText("You have accepted the step-down");
  await expect(page.getByTestId("step-down-status")).toHaveText("Accepted");
  await expect(page.getByText("Jo Bennett")).toBeVisible();
  await expect(page.getByTestId("answer-ACCEPT_STEP_DOWN")).toHaveCount(0);
  await expectAccessible(page);

  // Another hub cannot open North's step-down, nor learn that it exists.
  await signOut(page);
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, "exeter@demo.mash.example");
  await expect(page).toHaveURL(/\/step-downs$/);
  const otherHub = await page.goto(stepDownUrl);
  expect(otherHub?.status()).toBe(404);
  await expectAccessible(page);
});
