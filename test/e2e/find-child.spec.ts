import { expect, type Page, test } from "@playwright/test";
import { expectAccessible, signInAs } from "./helpers";

/** Opens the first open contact in the queue whose state is `state`; returns its id. */
async function openContactInState(page: Page, state: string): Promise<string> {
  await page.goto("/queue");
  const row = page.locator("[data-testid=queue] tbody tr", { hasText: state }).first();
  await row.getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Contact MASH-");
  const id = new URL(page.url()).pathname.split("/")[2];
  expect(id).toBeTruthy();
  return id!;
}

test("a screener finds a child despite a misspelt surname and links them to a contact", async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");
  const contactId = await openContactInState(page, "Received");
  const current = (await page.locator(".govuk-caption-l").innerText()).trim();

  await page.goto(`/contacts/${contactId}/child`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Find the child");
  await expectAccessible(page);

  // An NHS number with the wrong check digit is explained, and nothing is searched.
  await page.getByLabel("Last name").fill("");
  await page.getByLabel("NHS number").fill("943 476 5918");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter a valid NHS number: the check digit does not match");
  await expectAccessible(page);

  // "Smyth": the demo data has Smiths; they sound alike.
  await page.getByLabel("NHS number").fill("");
  await page.getByLabel("Last name").fill("Smyth");
  await page.getByRole("button", { name: "Search" }).click();
  const candidates = page.getByTestId("candidate");
  await expect(candidates.first()).toBeVisible();
  await expect(candidates.first()).toContainText("Surname sounds like Smyth");
  await expect(candidates.first()).toContainText(/MASH-|No contacts/);
  await expectAccessible(page);

  // Any Smith who is not already the child of this contact.
  let chosen = candidates.first();
  let name = "";
  for (let i = 0; i < (await candidates.count()); i++) {
    chosen = candidates.nth(i);
    name = (await chosen.locator("td").first().locator("strong").innerText()).trim();
    if (name !== current) break;
  }
  expect(name).toMatch(/Smith/);
  await chosen.getByRole("button", { name: /This is the child/ }).click();

  await expect(page).toHaveURL(new RegExp(`/contacts/${contactId}\\?done=CHILD_LINKED`));
  await expect(page.locator(".govuk-caption-l")).toHaveText(name);
  await expectAccessible(page);
});

test("a screener who finds no one creates a new person for the contact", async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");
  const contactId = await openContactInState(page, "Received");
  await page.goto(`/contacts/${contactId}/child?lastName=Quarrington&firstName=Wilhelmina`);
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
  await expect(page).toHaveURL(new RegExp(`/contacts/${contactId}\\?done=CHILD_LINKED`));
  await expect(page.locator(".govuk-caption-l")).toHaveText("Wilhelmina Quarrington");
});

test("a manager merges two records of the same child", async ({ page }) => {
  await signInAs(page, "manager@demo.mash.example");
  await page.goto("/people/merge?lastName=Smith");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Merge two records of the same child");
  const rows = page.locator("[data-testid=candidates] tbody tr");
  await expect(rows.nth(1)).toBeVisible();
  await expectAccessible(page);

  await rows.nth(0).getByRole("link", { name: /Keep this record/ }).click();
  await expect(page.getByTestId("survivor")).toContainText("Smith");
  await page.locator("[data-testid=candidates] tbody tr").nth(1).getByRole("link", { name: /Merge this one away/ }).click();
  await expect(page.getByTestId("merged")).toContainText("Smith");
  await expectAccessible(page);

  await page.getByRole("button", { name: "Merge the records" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter why these records are the same child");
  await page.getByLabel("Why these records are the same child").fill("Same child: confirmed with the school.");
  await page.getByRole("button", { name: "Merge the records" }).click();
  await expect(page.getByTestId("done-banner")).toContainText("The records were merged");
  await expectAccessible(page);
});
