import { expect, test } from "@playwright/test";
import { createAndLinkNewPerson, expectAccessible, recordContact, signInAs } from "./helpers";

test("a screener finds a child despite a misspelt surname and links them to a contact", async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");
  // This test's own child: a first contact creates Perpetua Smith's record.
  const first = await recordContact(page, { firstName: "Perpetua", lastName: "Smith" });
  await page.getByTestId("find-child").click();
  await createAndLinkNewPerson(page, first.contactUrl);

  // A second contact spells her surname "Smyth".
  const second = await recordContact(page, { firstName: "Perpetua", lastName: "Smyth" });
  await page.getByTestId("find-child").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Find the child");
  await expectAccessible(page);
  const search = page.getByRole("search", { name: "Search for the child" });

  // An NHS number with the wrong check digit is explained, and nothing is searched.
  await search.getByLabel("Last name").fill("");
  await search.getByLabel("NHS number").fill("943 476 5918");
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter a valid NHS number: the check digit does not match");
  await expectAccessible(page);

  // "Smyth" sounds like "Smith".
  await search.getByLabel("NHS number").fill("");
  await search.getByLabel("First name").fill("Perpetua");
  await search.getByLabel("Last name").fill("Smyth");
  await search.getByRole("button", { name: "Search" }).click();
  const perpetua = page.getByTestId("candidate").filter({ hasText: "Perpetua Smith" });
  await expect(perpetua).toHaveCount(1);
  await expect(perpetua).toContainText("Surname sounds like Smyth");
  await expect(perpetua).toContainText(first.reference);
  await expectAccessible(page);

  await perpetua.getByRole("button", { name: /This is the child/ }).click();
  await expect(page).toHaveURL(new RegExp(`${second.contactUrl}\\?done=CHILD_LINKED`));
  await expect(page.getByTestId("child-name")).toHaveText("Perpetua Smith");
  await expectAccessible(page);
});

test("a screener who finds no one creates a new person for the contact", async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");
  const { contactUrl } = await recordContact(page, { firstName: "Wilhelmina", lastName: "Quarrington" });
  await page.goto(`${contactUrl}/child?lastName=Quarrington&firstName=Wilhelmina`);
  await expect(page.getByRole("heading", { name: "No one found" })).toBeVisible();
  await expectAccessible(page);

  const form = page.locator("section", { hasText: "None of these: create a new person" });
  await expect(form.getByLabel("Last name")).toHaveValue("Quarrington");
  // Both dates: refused with the rule, what was typed is kept.
  await form.getByLabel("Date of birth", { exact: true }).fill("3/4/2016");
  await form.getByLabel("Or expected date of birth (unborn child)").fill("3/4/2030");
  await form.getByRole("button", { name: "Create a new person and link them" }).click();
  await expect(page.locator(".govuk-error-summary").first()).toContainText("Enter a date of birth or an expected date of birth, not both");
  await expect(form.getByLabel("Date of birth", { exact: true })).toHaveValue("3/4/2016");
  await expectAccessible(page);

  await form.getByLabel("Or expected date of birth (unborn child)").fill("");
  await form.getByLabel("Female").check();
  await form.getByRole("button", { name: "Create a new person and link them" }).click();
  await expect(page).toHaveURL(new RegExp(`${contactUrl}\\?done=CHILD_LINKED`));
  await expect(page.getByTestId("child-name")).toHaveText("Wilhelmina Quarrington");
});

test("a manager merges two records of the same child", async ({ page }) => {
  // Two contacts about the same child, each given a new record by the screener.
  await signInAs(page, "screener@demo.mash.example");
  for (let i = 0; i < 2; i++) {
    const { contactUrl } = await recordContact(page, { firstName: "Ottoline", lastName: "Brackenbury" });
    await page.goto(`${contactUrl}/child?lastName=Brackenbury&firstName=Ottoline`);
    await createAndLinkNewPerson(page, contactUrl);
  }
  await page.context().clearCookies();

  await signInAs(page, "manager@demo.mash.example");
  await page.goto("/people/merge?lastName=Brackenbury");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Merge two records of the same child");
  const rows = page.locator("[data-testid=candidates] tbody tr");
  await expect(rows.nth(1)).toBeVisible();
  await expectAccessible(page);

  await expect(rows).toHaveCount(2);
  await rows.nth(0).getByRole("link", { name: /Keep this record/ }).click();
  await expect(page.getByTestId("survivor")).toContainText("Ottoline Brackenbury");
  await page.locator("[data-testid=candidates] tbody tr").nth(1).getByRole("link", { name: /Merge this one away/ }).click();
  await expect(page.getByTestId("merged")).toContainText("Ottoline Brackenbury");
  await expectAccessible(page);

  await page.getByRole("button", { name: "Merge the records" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter why these records are the same child");
  await page.getByLabel("Why these records are the same child").fill("Same child: confirmed with the school.");
  await page.getByRole("button", { name: "Merge the records" }).click();
  await expect(page.getByTestId("done-banner")).toContainText("The records were merged");
  await expectAccessible(page);
});
