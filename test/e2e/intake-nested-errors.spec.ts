/**
 * The intake form's nested fields through Conform (decision 024): a wrong field of the second child
 * is found (by the browser's check with JavaScript, by the server without), every value typed stays,
 * and the error summary's link reaches that child's own input.
 */
import { expect, test } from "@playwright/test";
import { signInAs } from "./helpers";

test("a wrong field of the second child keeps everything typed, and its message links to that child's input", { tag: "@no-js" }, async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");
  await page.goto("/contacts/new");
  await page.getByLabel("Referrer's name").fill("PC Dan Hughes");
  await page.locator("[id='children.0.firstName']").fill("Ava");
  await page.locator("[id='children.0.lastName']").fill("Thornton");
  await page.getByRole("button", { name: "Add another child" }).click();
  await page.locator("[id='children.1.firstName']").fill("Leo");
  await page.locator("[id='children.1.lastName']").fill("Thornton");
  await page.locator("[id='children.1.nhsNumber']").fill("943 476 5918"); // wrong check digit
  await page.getByRole("button", { name: "Record the contact" }).click();

  const link = page.locator(".govuk-error-summary").getByRole("link", { name: /Enter a valid NHS number/ });
  await expect(link).toHaveAttribute("href", "#children.1.nhsNumber");
  await expect(page).toHaveTitle("Error: Record a contact – Children's front door");
  // The message is at the second child's field, and nothing typed is lost.
  await expect(page.locator("#child-2 [id='children.1.nhsNumber-error']")).toContainText("Enter a valid NHS number");
  await expect(page.locator("[id='children.1.nhsNumber']")).toHaveValue("943 476 5918");
  await expect(page.locator("[id='children.1.firstName']")).toHaveValue("Leo");
  await expect(page.locator("[id='children.0.firstName']")).toHaveValue("Ava");
  await expect(page.getByLabel("Referrer's name")).toHaveValue("PC Dan Hughes");

  // Following the link brings the user to that input (GOV.UK's script focuses it; without JavaScript the anchor scrolls to it).
  await page.evaluate(() => window.scrollTo(0, 0));
  await link.click();
  await expect(page.locator("[id='children.1.nhsNumber']")).toBeInViewport();
  // … and what was typed is still there (following the link is no new page).
  await expect(page.locator("[id='children.1.nhsNumber']")).toHaveValue("943 476 5918");
  await expect(page.locator("[id='children.0.firstName']")).toHaveValue("Ava");
});
