import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "front-door-demo";

/** No serious or critical accessibility violations on the page as it is now (WCAG 2.2 AA rules). */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in and waits until the user's start page has loaded. */
export async function signInAs(page: Page, email: string) {
  await signIn(page, email);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

/** Opens the lifecycle action titled `title` on the contact page, fills it and sends it. */
export async function act(page: Page, title: string, fill?: () => Promise<void>) {
  const section = page.locator("details", { hasText: title }).first();
  await section.locator("summary").click();
  await fill?.();
  await section.getByRole("button", { name: title }).click();
}

/**
 * As the signed-in screener: records a contact about one child (not yet linked to a person record).
 * Returns the contact's address and reference.
 */
export async function recordContact(page: Page, child: { firstName: string; lastName: string }) {
  await page.goto("/contacts/new");
  await page.getByLabel("Referrer's name").fill("Mr Sam Ellery");
  await page.getByRole("radio", { name: "A professional" }).check();
  await page.getByLabel("Organisation (for a professional)").fill("Tiverton Health Centre");
  await page.getByLabel("Referral source (census code)").selectOption("3A");
  await page.getByRole("radio", { name: "Phone call" }).check();
  await page.locator("[id='children.0.firstName']").fill(child.firstName);
  await page.locator("[id='children.0.lastName']").fill(child.lastName);
  await page.locator("[name='children.0.sex'][value='F']").check();
  await page.getByLabel("The concern, in the referrer's words").fill("Mother is struggling with the baby's sleep and asked for help.");
  await page.locator("[id='immediateRisk-no']").check();
  await page.getByRole("radio", { name: "Consent given" }).check();
  await page.getByRole("button", { name: "Record the contact" }).click();
  await expect(page.getByTestId("recorded-banner")).toBeVisible();
  const contactUrl = page.url().split("?")[0]!;
  const reference = (await page.getByRole("heading", { level: 1 }).innerText()).replace("Contact ", "").trim();
  return { contactUrl, reference };
}

/** On the "Find the child" page: creates a new person from the search's details and links them. */
export async function createAndLinkNewPerson(page: Page, contactUrl: string) {
  const form = page.locator("section", { hasText: "None of these: create a new person" });
  await form.getByLabel("Female").check();
  await form.getByLabel("No disability").check();
  await form.getByRole("button", { name: "Create a new person and link them" }).click();
  await expect(page).toHaveURL(new RegExp(`${contactUrl}\\?done=CHILD_LINKED`));
}

/**
 * As the signed-in screener: records a contact about a new child, links a new person record,
 * screens it (Green) and leaves it ready for decision. Returns the contact's address and reference.
 */
export async function recordContactReadyForDecision(page: Page, child: { firstName: string; lastName: string }) {
  const { contactUrl, reference } = await recordContact(page, child);
  await page.getByTestId("find-child").click();
  await createAndLinkNewPerson(page, contactUrl);
  await screenAsGreen(page);
  return { contactUrl, reference };
}

/** On an open contact page: starts screening, sets the priority Green and completes screening. */
export async function screenAsGreen(page: Page) {
  await act(page, "Start screening");
  await expect(page.getByTestId("done-banner")).toContainText("Start screening");
  await act(page, "Set the priority", async () => {
    await page.getByLabel("Green").check();
    await page.locator("#SET_PRIORITY-reason").fill("No one at risk today.");
  });
  await expect(page.getByTestId("done-banner")).toContainText("Set the priority");
  await act(page, "Complete screening");
  await expect(page.getByTestId("done-banner")).toContainText("Complete screening");
  await expect(page.getByTestId("contact-state")).toHaveText("Ready for decision");
}
