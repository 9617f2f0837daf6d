import { expect, test } from "@playwright/test";
import { expectAccessible, signInAs } from "./helpers";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A spelling mistake that sounds the same: an inner vowel changed ("Pidgeon" → "Pedgeon"). */
function misspell(name: string): string {
  const i = name.slice(1).search(/[aeiou]/i) + 1;
  if (i <= 0) return `${name}e`;
  return name.slice(0, i) + (name[i]!.toLowerCase() === "e" ? "a" : "e") + name.slice(i + 1);
}

test("a screener records a police call about two siblings, finds one child despite a misspelt name, creates the other, and sees the repeat-contact mark and the chronology", async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");

  // A child the MASH already knows, with a recent contact.
  await page.goto("/queue");
  await page.locator("[data-testid=queue] tbody tr").first().getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Contact MASH-");
  const [firstName, ...rest] = (await page.locator(".govuk-caption-l").innerText()).trim().split(" ");
  const lastName = rest.join(" ");
  const born = /born (\d{1,2}) (\w{3}) (\d{4})/.exec(await page.locator(".govuk-summary-list").first().innerText());
  expect(born).not.toBeNull();
  const [, day, month, year] = born!;
  const misspelt = misspell(lastName);
  expect(misspelt).not.toBe(lastName);

  // The police call: two children.
  await page.getByRole("link", { name: "Record a contact" }).click();
  await page.getByLabel("Referrer's name").fill("PC Kim Ashby");
  await page.getByRole("radio", { name: "A professional" }).check();
  await page.getByLabel("Organisation (for a professional)").fill("Devon and Cornwall Police");
  await page.getByLabel("Referral source (census code)").selectOption("6");
  await page.getByRole("radio", { name: "Police notification" }).check();
  await page.locator("[id='children.0.firstName']").fill(firstName!);
  await page.locator("[id='children.0.lastName']").fill(misspelt);
  await page.locator("[id='children.0.dateOfBirth.day']").fill(day!);
  await page.locator("[id='children.0.dateOfBirth.month']").fill(String(MONTHS.indexOf(month!) + 1));
  await page.locator("[id='children.0.dateOfBirth.year']").fill(year!);
  await page.locator("[id='children.0.sex-U']").check();
  await page.getByRole("button", { name: "Add another child" }).click();
  await page.locator("[id='children.1.firstName']").fill("Zebedee");
  await page.locator("[id='children.1.lastName']").fill("Quennell");
  await page.locator("[id='children.1.sex-M']").check();
  await page.getByLabel("The concern, in the referrer's words").fill("Officers attended a report of a fight at the home; both children were in the house.");
  await page.locator("[id='immediateRisk-no']").check();
  await page.getByRole("radio", { name: "Consent not sought" }).check();
  await page.getByRole("button", { name: "Record the contact" }).click();
  await expect(page.getByTestId("recorded-banner")).toBeVisible();
  const firstContactUrl = page.url().split("?")[0]!;

  // Find the first child despite the misspelling.
  await page.getByTestId("find-child").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Find the child");
  const candidate = page.getByTestId("candidate").filter({ hasText: `${firstName} ${lastName}` }).first();
  await expect(candidate).toBeVisible();
  await expectAccessible(page);
  await candidate.getByRole("button", { name: /This is the child/ }).click();

  // The child's story, told once, and the repeat-contact mark the moment the child is linked.
  await expect(page.locator(".govuk-caption-l")).toHaveText(`${firstName} ${lastName}`);
  await expect(page.getByTestId("repeat-contact")).toBeVisible();
  await expect(page.getByTestId("repeat-contact-detail")).toContainText("earlier contact");
  const chronology = page.getByTestId("chronology");
  await expect(chronology).toContainText("(this contact)");
  expect(await chronology.getByTestId("chronology-contact").count()).toBeGreaterThan(1);
  await expectAccessible(page);

  // The sibling is not known: a new person is created.
  await page.goto(firstContactUrl);
  await page.locator(".govuk-summary-list").getByRole("link", { name: /MASH-/ }).click();
  await page.getByTestId("find-child").click();
  const form = page.locator("section", { hasText: "None of these: create a new person" });
  await expect(form.getByLabel("Last name")).toHaveValue("Quennell");
  await form.getByLabel("Male", { exact: true }).check();
  await form.getByRole("button", { name: "Create a new person and link them" }).click();
  await expect(page.locator(".govuk-caption-l")).toHaveText("Zebedee Quennell");
  await expect(page.getByTestId("repeat-contact")).toHaveCount(0);
  await expectAccessible(page);
});
