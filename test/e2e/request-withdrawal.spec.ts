import { expect, test } from "@playwright/test";
import { act, expectAccessible, recordContactAwaitingPartners, signInAs, uniqueLetters } from "./helpers";

/**
 * Withdrawing an information request (decision 028): the screener withdraws police's unanswered
 * request with a reason from its card; the card says "Withdrawn" with who, when and why; police can
 * no longer open it (404) and their inbox lists it, as withdrawn, without a link; the screener then
 * asks police again, as a new request police can open.
 */
test("a screener withdraws a request to police with a reason, police can no longer open it, and police are asked again", { tag: "@no-js" }, async ({ browser }) => {
  test.setTimeout(180_000);
  const mash = await (await browser.newContext()).newPage();
  await signInAs(mash, "screener@demo.mash.example");
  const { reference, contactUrl } = await recordContactAwaitingPartners(mash, { firstName: "Wren", lastName: `Withdrawn-${uniqueLetters()}` }, ["police"]);
  const contactId = contactUrl.split("/").at(-1)!;
  const card = mash.getByTestId("partner-police");
  await expect(card).toHaveAttribute("data-state", "requested");

  // Police see the request and can open it.
  const police = await (await browser.newContext()).newPage();
  await signInAs(police, "police@demo.mash.example");
  const requestUrl = `/information-requests/${encodeURIComponent(`${contactId}:police`)}`;
  expect((await police.goto(requestUrl))?.status()).toBe(200);

  // The withdraw link stands apart from the chase button above it (GOV.UK spacing: 15 px or more).
  const chaseBox = (await card.getByRole("button", { name: /Record a chase/ }).boundingBox())!;
  const withdrawBox = (await mash.getByTestId("withdraw-police").locator("summary").boundingBox())!;
  expect(withdrawBox.y - (chaseBox.y + chaseBox.height)).toBeGreaterThanOrEqual(15);

  // Withdrawing needs a reason: refused with the form's message, kept in the card.
  const form = mash.getByTestId("withdraw-police");
  await form.locator("summary").click();
  await form.getByRole("button", { name: /Withdraw the request/ }).click();
  await expect(mash.locator(".govuk-error-summary")).toContainText("Choose why the request is withdrawn");
  await expect(mash).toHaveTitle(/^Error: /);
  await expect(mash.getByTestId("withdraw-police").locator(".govuk-error-message")).toContainText("Choose why the request is withdrawn");
  await expectAccessible(mash);

  await mash.getByTestId("withdraw-police").getByLabel("Asked of the wrong agency or service").check();
  await mash.getByTestId("withdraw-police").getByRole("button", { name: /Withdraw the request/ }).click();
  await expect(mash.getByTestId("done-banner")).toContainText("Request withdrawn");
  await expect(card).toHaveAttribute("data-state", "withdrawn");
  await expect(card.locator(".govuk-tag").first()).toHaveText("Withdrawn");
  await expect(card.getByTestId("withdrawal")).toContainText(/ by Sam Okafor: Asked of the wrong agency or service$/);
  await expect(mash.getByTestId("withdraw-police")).toHaveCount(0);
  await expect(mash.getByTestId("contact-state")).toHaveText("Ready for decision");
  await expectAccessible(mash);

  // Police can no longer open it; their inbox lists it as withdrawn, without a link.
  expect((await police.goto(requestUrl))?.status()).toBe(404);
  await police.goto(`/information-requests?q=${encodeURIComponent(reference)}`);
  const row = police.getByRole("row").filter({ hasText: reference });
  await expect(row).toContainText("Withdrawn by the MASH");
  await expect(row.getByRole("link")).toHaveCount(0);
  await expectAccessible(police);

  // Asked again: a new request police can open.
  await act(mash, "Request partner information", async () => {
    await mash.locator("[data-testid=action-REQUEST_PARTNER_INFORMATION] [name=agencies][value=police]").check();
  });
  await expect(mash.getByTestId("contact-state")).toHaveText("Awaiting partner information");
  await expect(card).toHaveAttribute("data-state", "requested");
  expect((await police.goto(`/information-requests/${encodeURIComponent(`${contactId}:police:2`)}`))?.status()).toBe(200);
  await mash.context().close();
  await police.context().close();
});
