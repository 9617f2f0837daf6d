import { expect, test } from "@playwright/test";
import { signInAs } from "./helpers";

/**
 * The error summary lists messages away from their fields, so a child's message names the child
 * (GOV.UK: "Child 2: …"); the message at the field stays under that child's heading.
 */
test("a too long last name of the second child is named 'Child 2' in the error summary", { tag: "@no-js" }, async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");
  await page.goto("/contacts/new");
  await page.getByLabel("Referrer's name").fill("PC Dan Hughes");
  await page.locator("[id='children.0.lastName']").fill("Thornton");
  await page.getByRole("button", { name: "Add another child" }).click();
  await page.locator("[id='children.1.lastName']").fill("T".repeat(101));
  await page.getByRole("button", { name: "Record the contact" }).click();

  const link = page.locator(".govuk-error-summary").getByRole("link", { name: "Child 2: Last name must be 100 characters or fewer" });
  await expect(link).toHaveAttribute("href", "#children.1.lastName");
  await expect(page.locator("[id='children.1.lastName-error']")).toContainText("Last name must be 100 characters or fewer");
  await expect(page.locator(".govuk-error-summary")).not.toContainText("Child 1: Last name");
});
