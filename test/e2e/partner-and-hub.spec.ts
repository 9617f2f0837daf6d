import { expect, test } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

test("a police partner returns information with their own Amber rating; another agency cannot open the request", async ({ page }) => {
  await signIn(page, "police@demo.mash.example");
  await expect(page).toHaveURL(/\/information-requests$/);
  await expectAccessible(page);

  // The first request still waiting for police's information (the demo data has a few).
  const link = page.getByRole("row").filter({ hasText: "Awaiting your information" }).first().getByRole("link");
  const reference = (await link.textContent())!.trim();
  await link.click();
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
  await expect(summary).toContainText("Enter the information you are returning");
  await expectAccessible(page);

  await returnForm.getByLabel("Amber").check();
  await returnForm.getByLabel("The information you are returning").fill("Two call-outs to the address in 2025 for verbal arguments; no arrests.");
  await returnForm.getByRole("button", { name: "Return information" }).click();
  await expect(page.getByTestId("done-banner")).toContainText("Your information has been sent to the MASH");
  await expect(page.getByTestId("request-status")).toHaveText("Returned");
  await expect(page.getByText("Two call-outs to the address in 2025")).toBeVisible();
  await expect(page.getByTestId("answer-PARTNER_INFORMATION_RETURNED")).toHaveCount(0);
  await expectAccessible(page);

  // Another agency's officer cannot open police's request.
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, "health@demo.mash.example");
  await expect(page).toHaveURL(/\/information-requests$/);
  const forbidden = await page.goto(requestUrl);
  expect(forbidden?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You do not have permission to see this page");
  await expectAccessible(page);

  const unknown = await page.goto("/information-requests/no-such-request");
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
});

test("a North hub worker accepts a step-down waiting for the hub", async ({ page }) => {
  await signIn(page, "north@demo.mash.example");
  await expect(page).toHaveURL(/\/step-downs$/);
  await expectAccessible(page);

  const waiting = page.getByRole("row").filter({ hasText: "Waiting for the hub" });
  test.skip((await waiting.count()) === 0, "The demo data has no step-down waiting for the North hub today");
  const link = waiting.first().getByRole("link");
  const reference = (await link.textContent())!.trim();
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

  // Another hub cannot open North's step-down.
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, "exeter@demo.mash.example");
  await expect(page).toHaveURL(/\/step-downs$/);
  const forbidden = await page.goto(stepDownUrl);
  expect(forbidden?.status()).toBe(403);
  await expectAccessible(page);
});
