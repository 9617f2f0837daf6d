/**
 * Forms that show errors: the page's title starts "Error: " (the GOV.UK pattern) whether the browser
 * or the server found them, with and without JavaScript; and "Add another child" brings the user to
 * the new child (issue 11, item 9).
 */
import { expect, test } from "@playwright/test";
import { act, recordContactReadyForDecision, signInAs, uniqueLetters } from "./helpers";

test("a page with errors says so first in its title, found by the browser or by the server", { tag: "@no-js" }, async ({ page }) => {
  // Sign-in: nothing typed.
  await page.goto("/sign-in");
  await expect(page).toHaveTitle("Sign in – Children's front door");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("There is a problem");
  await expect(page).toHaveTitle("Error: Sign in – Children's front door");

  // Sign-in: a wrong password (only the server can tell).
  await page.getByLabel("E-mail address").fill("screener@demo.mash.example");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("The e-mail address or password is not right");
  await expect(page).toHaveTitle("Error: Sign in – Children's front door");
  await expect(page.getByLabel("E-mail address")).toHaveValue("screener@demo.mash.example");

  // The public's form.
  await page.goto("/report-a-concern");
  await expect(page).toHaveTitle("Report a concern about a child – Children's front door");
  await page.getByRole("button", { name: "Send the report" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("There is a problem");
  await expect(page).toHaveTitle("Error: Report a concern about a child – Children's front door");

  // Recording a contact; a fresh form has no prefix.
  await signInAs(page, "screener@demo.mash.example");
  await page.goto("/contacts/new");
  await expect(page).toHaveTitle("Record a contact – Children's front door");
  await page.getByRole("button", { name: "Record the contact" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter the referrer's name");
  await expect(page).toHaveTitle("Error: Record a contact – Children's front door");
  await page.goto("/contacts/new");
  await expect(page.locator(".govuk-error-summary")).toHaveCount(0);
  await expect(page).toHaveTitle("Record a contact – Children's front door");
});

test("an administrator's settings page with a wrong value has the prefix too", async ({ page }) => {
  await signInAs(page, "admin@demo.mash.example");
  await page.goto("/admin/timescales");
  await expect(page).toHaveTitle("Partner timescales – Children's front door");
  await page.getByLabel("Red: hours to answer").fill("zero");
  await page.getByRole("button", { name: "Save timescales" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("There is a problem");
  await expect(page).toHaveTitle("Error: Partner timescales – Children's front door");
  await expect(page.getByLabel("Red: hours to answer")).toHaveValue("zero");
});

test("after 'Add another child' the new child's first name has the focus", async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");
  await page.goto("/contacts/new");
  await page.locator("[id='children.0.lastName']").fill("Thornton");
  await page.getByRole("button", { name: "Add another child" }).click();
  await expect(page.locator("[id='children.1.firstName']")).toBeFocused();
  await expect(page.locator("[id='children.0.lastName']")).toHaveValue("Thornton");
  await page.getByRole("button", { name: "Add another child" }).click();
  await expect(page.locator("[id='children.2.firstName']")).toBeFocused();
});

test("without JavaScript, 'Add another child' brings the page back at the new child", { tag: "@no-js" }, async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");
  await page.goto("/contacts/new");
  await page.getByRole("button", { name: "Add another child" }).click();
  await expect(page).toHaveURL(/\/contacts\/new#child-2$/);
  await expect(page.locator("#child-2")).toBeInViewport();
  await expect(page.locator("#child-2 > legend")).toHaveText("Child 2");
});

test("a decision proposal missing a field of its outcome keeps what was typed, with the message at that field", { tag: "@no-js" }, async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");
  await recordContactReadyForDecision(page, { firstName: "Orla", lastName: `Quennell${uniqueLetters()}` });
  const form = page.getByTestId("action-PROPOSE_DECISION");
  // A referral that goes on to assessment needs its primary need: everything else is given.
  await act(page, "Propose a decision", async () => {
    await form.locator("[name=outcome][value=referral]").check();
    await form.locator('[name=levelOfNeed][value="3"]').check();
    await page.locator("#PROPOSE_DECISION-rationale").fill("Repeated bruising; the family does not engage.");
    await form.locator("[name=referralNfa][value=no]").check();
    await page.locator("#PROPOSE_DECISION-referralTeam").fill("Assessment team east");
  });
  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("link")).toHaveText(["Choose the primary need for the referral"]);
  await expect(summary.getByRole("link")).toHaveAttribute("href", "#PROPOSE_DECISION-primaryNeed");
  await expect(page.locator("#PROPOSE_DECISION-primaryNeed-error")).toHaveText("Error: Choose the primary need for the referral");
  await expect(page).toHaveTitle(/^Error: Contact MASH-/);
  await expect(page.getByTestId("contact-state")).toHaveText("Ready for decision");
  // What was typed is still in the form.
  await expect(form.locator("[name=outcome][value=referral]")).toBeChecked();
  await expect(form.locator('[name=levelOfNeed][value="3"]')).toBeChecked();
  await expect(page.locator("#PROPOSE_DECISION-rationale")).toHaveValue("Repeated bruising; the family does not engage.");
  await expect(form.locator("[name=referralNfa][value=no]")).toBeChecked();
  await expect(page.locator("#PROPOSE_DECISION-referralTeam")).toHaveValue("Assessment team east");

  await page.locator("#PROPOSE_DECISION-primaryNeed").selectOption("N1");
  await form.getByRole("button", { name: "Propose a decision" }).click();
  await expect(page.getByTestId("done-banner")).toContainText("Propose a decision");
  await expect(page.getByTestId("contact-state")).toHaveText("Awaiting authorisation");
  await expect(page.locator(".govuk-error-summary")).toHaveCount(0);
});
