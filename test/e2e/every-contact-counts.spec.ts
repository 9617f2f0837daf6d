import { expect, test } from "@playwright/test";
import { act, expectAccessible, recordContact, screenAsGreen, signInAs } from "./helpers";

test("a decision waits for the child to be linked; a referral records ReferralNFA, the team and worker, and the child's disability, shown in words", async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");

  // A new contact about a child nobody knows yet.
  const { contactUrl } = await recordContact(
    page,
    { firstName: "Ottilie", lastName: "Vanstone-Quirke" },
    { referrer: "Mrs Jo Parr", organisation: "Exeter Primary School", source: "2A", concern: "Ottilie said she is often left alone overnight." },
  );
  // The source in words, never the bare code.
  await expect(page.locator(".govuk-summary-list").first()).toContainText("Schools");
  await expect(page.locator(".govuk-summary-list").first()).toContainText("Phone call");

  await screenAsGreen(page);

  // Census order in the primary need list: N1 … N9, then N0.
  const needs = await page.locator("#PROPOSE_DECISION-primaryNeed option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  expect(needs).toEqual(["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9", "N0"]);

  // Not before the child is linked: refused in plain words, nothing changes.
  await act(page, "Propose a decision", async () => {
    await page.locator("[data-testid=action-PROPOSE_DECISION] [name=outcome][value=referral]").check();
    await page.locator("[data-testid=action-PROPOSE_DECISION] [name=levelOfNeed][value=\"3\"]").check();
    await page.locator("#PROPOSE_DECISION-rationale").fill("Neglect: a child left alone overnight.");
    await page.locator("[data-testid=action-PROPOSE_DECISION] [name=referralNfa][value=no]").check();
    await page.locator("#PROPOSE_DECISION-primaryNeed").selectOption("N1");
    await page.locator("#PROPOSE_DECISION-referralTeam").fill("Assessment Team Exeter");
  });
  await expect(page.getByTestId("action-refused")).toContainText("Link the contact to a child's record before proposing a decision");
  await expect(page.getByTestId("contact-state")).toHaveText("Ready for decision");
  await expectAccessible(page);

  // The child is new: created with their disabilities (census codes, in words).
  await page.getByTestId("find-child").click();
  const form = page.locator("section", { hasText: "None of these: create a new person" });
  await form.getByLabel("Female").check();
  await form.getByLabel("Learning", { exact: true }).check();
  await form.getByLabel("No disability").check();
  await form.getByRole("button", { name: "Create a new person and link them" }).click();
  await expect(page.locator(".govuk-error-summary").first()).toContainText("on its own");
  await form.getByLabel("No disability").uncheck();
  await form.getByLabel("Communication").check();
  await form.getByRole("button", { name: "Create a new person and link them" }).click();
  await expect(page).toHaveURL(new RegExp(`${contactUrl}\\?done=CHILD_LINKED`));
  await expect(page.locator(".govuk-summary-list").first()).toContainText("Disability: Communication, Learning");

  // Now the referral goes through, with what the census and Annex A List 3 need.
  await act(page, "Propose a decision", async () => {
    await page.locator("[data-testid=action-PROPOSE_DECISION] [name=outcome][value=referral]").check();
    await page.locator("[data-testid=action-PROPOSE_DECISION] [name=levelOfNeed][value=\"3\"]").check();
    await page.locator("#PROPOSE_DECISION-rationale").fill("Neglect: a child left alone overnight.");
    await page.locator("[data-testid=action-PROPOSE_DECISION] [name=referralNfa][value=no]").check();
    await page.locator("#PROPOSE_DECISION-primaryNeed").selectOption("N1");
    await page.locator("#PROPOSE_DECISION-referralTeam").fill("Assessment Team Exeter");
    await page.locator("#PROPOSE_DECISION-referralWorker").fill("Amira Hassan");
  });
  await expect(page.getByTestId("contact-state")).toHaveText("Awaiting authorisation");
  await expect(page.getByTestId("referral-passed-to")).toHaveText("Assessment Team Exeter, Amira Hassan");
  await expect(page.locator(".govuk-summary-list").first()).toContainText("N1 Abuse or neglect");
  await expectAccessible(page);
});
