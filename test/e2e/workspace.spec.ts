import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, findInQueue, recordContact, signInAs } from "./helpers";

/** Issue 11: a workspace for forty contacts a shift. */

async function horizontalOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test("the public form: no staff warning, and the sent page says what to do with the reference (item 10)", async ({ page }) => {
  await page.goto("/report-a-concern");
  await expect(page.getByTestId("staff-warning")).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole("radio", { name: "A neighbour, friend or childminder" }).check();
  await page.getByLabel("Your name").fill("Jo Harker");
  await page.getByLabel("The child's first name").fill("Ivy");
  await page.getByLabel("The child's last name").fill("Workspace");
  await page.getByLabel("What are you worried about?").fill("The boy upstairs is left on his own most evenings.");
  await page.getByRole("button", { name: "Send the report" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Report sent");
  await expect(page.getByTestId("staff-warning")).toHaveCount(0);
  await expect(page.locator("main")).toContainText("quote your reference");
  await expect(page.locator("main")).not.toContainText("Quote your reference if you call us.");
  await expectAccessible(page);
});

test("the intake form and a contact: dates, optional fields, factors, consent, deadline, name (items 4, 5, 6, 8, 9)", async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");
  await expect(page.getByTestId("staff-warning")).toBeVisible();
  await page.goto("/contacts/new");
  await expect(page.getByLabel("Address line 1 (optional)")).toBeVisible();
  await expect(page.getByLabel("Town (optional)")).toBeVisible();
  await expect(page.getByLabel("Postcode (optional)")).toBeVisible();
  const factors = await page.locator("[name=factors]").evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  expect(factors.slice(-2)).toEqual(["20", "21"]);

  // A child born tomorrow, not marked unborn, is refused with a message at the field (item 4).
  const tomorrow = new Date(Date.now() + 36 * 3600_000);
  await page.getByLabel("Referrer's name").fill("Dr Lee Workspace");
  await page.locator("[id='children.0.lastName']").fill("Workspace");
  await page.locator("[id='children.0.dateOfBirth.day']").fill(String(tomorrow.getUTCDate()));
  await page.locator("[id='children.0.dateOfBirth.month']").fill(String(tomorrow.getUTCMonth() + 1));
  await page.locator("[id='children.0.dateOfBirth.year']").fill(String(tomorrow.getUTCFullYear()));
  await page.getByRole("button", { name: "Record the contact" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("The date of birth must be today or in the past");

  const surname = `Workspace${Date.now().toString(36)}`;
  const { reference } = await recordContact(page, { firstName: "Nell", lastName: surname }, { consent: "Consent refused" });
  // One consent answer, carried from intake (item 5).
  await expect(page.getByTestId("consent")).toHaveText("Refused");
  await expect(page.locator("main")).not.toContainText("Not recorded");
  // One deadline format (item 6).
  await expect(page.getByTestId("deadline").first()).toContainText(/^by (end of \d{1,2} [A-Z][a-z]{2}|\d\d:\d\d on)/);
  await expectAccessible(page);

  // In the queue, the unlinked contact shows the name the referrer gave (item 8), the deadline on one line (item 6).
  const row = await findInQueue(page, reference);
  await expect(row).toContainText(`Nell ${surname} (not yet linked)`);
  await page.goto(`/queue`);
  await page.setViewportSize({ width: 1920, height: 1080 });
  const rows = page.getByTestId("queue-row");
  const visible = await rows.evaluateAll((trs) => trs.filter((tr) => tr.getBoundingClientRect().bottom <= window.innerHeight).length);
  test.info().annotations.push({ type: "queue rows visible at 1920×1080", description: String(visible) });
  await page.screenshot({ path: "test-results/workspace-queue-1920.png" });
  const due = rows.first().getByTestId("deadline");
  const box = await due.boundingBox();
  const lineHeight = await due.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
  expect(box!.height).toBeLessThanOrEqual(lineHeight * 1.5);
  expect(await page.locator("main").innerText()).not.toMatch(/Overdue overdue/i);
  await page.goto(`/queue?priority=none&source=3A`);
  await expectAccessible(page);
});

test("widths at 375 px: how far each page scrolls sideways", async ({ page }) => {
  await signInAs(page, "manager@demo.mash.example");
  await page.setViewportSize({ width: 375, height: 800 });
  for (const path of ["/queue", "/oversight"]) {
    await page.goto(path);
    const overflow = await horizontalOverflow(page);
    test.info().annotations.push({ type: `sideways scroll at 375 px on ${path}`, description: `${overflow} px` });
    await page.screenshot({ path: `test-results/workspace-375${path.replace(/\//g, "-")}.png`, fullPage: false });
  }
});
