import { expect, test } from "@playwright/test";
import { expectAccessible, findInQueue, recordContact, recordContactAboutNewPerson, signInAs } from "./helpers";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A spelling mistake that sounds the same: an inner vowel changed ("Pidgeon" → "Pedgeon"). */
function misspell(name: string): string {
  const i = name.slice(1).search(/[aeiou]/i) + 1;
  if (i <= 0) return `${name}e`;
  return name.slice(0, i) + (name[i]!.toLowerCase() === "e" ? "a" : "e") + name.slice(i + 1);
}

test("a screener records a police call about two siblings, finds one child despite a misspelt name, creates the other, and sees the repeat-contact mark and the chronology", async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");

  // A child the MASH already knows, with a recent contact: this test's own, received two days ago.
  const known = await recordContactAboutNewPerson(page, { firstName: "Araminta", lastName: "Quillfeather", dateOfBirth: { day: 14, month: 7, year: 2015 } }, { receivedDaysAgo: 2 });
  const knownRow = await findInQueue(page, known.reference);
  await knownRow.getByRole("link", { name: known.reference }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Contact ${known.reference}`);
  const [firstName, ...rest] = (await page.getByTestId("child-name").innerText()).trim().split(" ");
  const lastName = rest.join(" ");
  expect(`${firstName} ${lastName}`).toBe("Araminta Quillfeather");
  const born = /born (\d{1,2}) (\w{3}) (\d{4})/.exec(await page.locator(".govuk-summary-list").first().innerText());
  expect(born).not.toBeNull();
  const [, day, month, year] = born!;
  expect([day, month, year]).toEqual(["14", "Jul", "2015"]);
  const misspelt = misspell(lastName);
  expect(misspelt).not.toBe(lastName);

  // The police call: two children.
  const { contactUrl: firstContactUrl } = await recordContact(
    page,
    [
      { firstName: firstName!, lastName: misspelt, sex: "U", dateOfBirth: { day: Number(day), month: MONTHS.indexOf(month!) + 1, year: Number(year) } },
      { firstName: "Zebedee", lastName: "Quennell", sex: "M" },
    ],
    {
      referrer: "PC Kim Ashby",
      organisation: "Devon and Cornwall Police",
      source: "6",
      channel: "Police notification",
      concern: "Officers attended a report of a fight at the home; both children were in the house.",
      consent: "Consent not sought",
    },
  );

  // Find the first child despite the misspelling.
  await page.getByTestId("find-child").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Find the child");
  const candidate = page.getByTestId("candidate").filter({ hasText: `${firstName} ${lastName}` });
  await expect(candidate).toHaveCount(1);
  await expect(candidate).toContainText(known.reference);
  await expectAccessible(page);
  await candidate.getByRole("button", { name: /This is the child/ }).click();

  // The child's story, told once, and the repeat-contact mark the moment the child is linked.
  await expect(page.getByTestId("child-name")).toHaveText(`${firstName} ${lastName}`);
  await expect(page.getByTestId("repeat-contact")).toBeVisible();
  await expect(page.getByTestId("repeat-contact-detail")).toContainText("earlier contact");
  const chronology = page.getByTestId("chronology");
  await expect(chronology).toContainText("(this contact)");
  expect(await chronology.getByTestId("chronology-contact").count()).toBeGreaterThan(1);
  // Exactly the two contacts about her: the earlier one and this one.
  await expect(chronology.getByTestId("chronology-contact")).toHaveCount(2);
  await expect(chronology).toContainText(known.reference);
  await expectAccessible(page);

  // The sibling is not known: a new person is created.
  await page.goto(firstContactUrl);
  await page.locator(".govuk-summary-list").getByRole("link", { name: /MASH-/ }).click();
  await page.getByTestId("find-child").click();
  const form = page.locator("section", { hasText: "None of these: create a new person" });
  await expect(form.getByLabel("Last name")).toHaveValue("Quennell");
  await form.getByLabel("Male", { exact: true }).check();
  await form.getByRole("button", { name: "Create a new person and link them" }).click();
  await expect(page.getByTestId("child-name")).toHaveText("Zebedee Quennell");
  await expect(page.getByTestId("repeat-contact")).toHaveCount(0);
  await expectAccessible(page);
});
