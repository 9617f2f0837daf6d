import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { createAndLinkNewPerson, expectAccessible, recordContact, signInAs } from "./helpers";

/** Today in the UK, as the filter is typed: 2/12/2026. */
function todayInTheUk(): string {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "numeric", year: "numeric" }).formatToParts(new Date());
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part("day")}/${part("month")}/${part("year")}`;
}

test("a manager sees who has seen a child: the screener who recorded and viewed the contact, by user and date, and as a CSV", async ({ browser }) => {
  // The screener records a contact about a child no one knows yet, and links a new person record.
  const screenerContext = await browser.newContext();
  const screener = await screenerContext.newPage();
  await signInAs(screener, "screener@demo.mash.example");
  const { contactUrl, reference } = await recordContact(
    screener,
    { firstName: "Ottilie", lastName: "Vexmoor" },
    { referrer: "Ms Okonjo", organisation: "Exeter Primary School", source: "2A", concern: "Ottilie has come to school hungry all week." },
  );
  await expect(screener.getByTestId("recorded-banner")).toContainText("recorded");
  const contactPath = new URL(contactUrl).pathname;
  // A screener is not offered the page.
  await expect(screener.getByTestId("who-has-seen")).toHaveCount(0);

  await screener.goto(`${contactPath}/child?lastName=Vexmoor&firstName=Ottilie`);
  await expect(screener.getByRole("heading", { name: "No one found" })).toBeVisible();
  await createAndLinkNewPerson(screener, contactPath);
  await expect(screener.getByTestId("child-name")).toHaveText("Ottilie Vexmoor");

  // A screener may not open it.
  const screenerTries = await screener.request.get(`${contactPath}/access`, { maxRedirects: 0 });
  expect(screenerTries.status()).toBe(403);
  await screenerContext.close();

  // The manager opens the contact and follows "Who has seen this child".
  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await signInAs(manager, "manager@demo.mash.example");
  await manager.goto(contactPath);
  await manager.getByTestId("who-has-seen").click();
  await expect(manager).toHaveURL(/\/people\/[^/]+\/access$/);
  const accessPath = new URL(manager.url()).pathname;
  await expect(manager.getByRole("heading", { level: 1 })).toContainText("Who has seen this child");
  await expect(manager.locator("h1 .govuk-caption-l")).toHaveText("Ottilie Vexmoor");
  await expect(manager.getByText(`Every view and change of the child's person record and of contact ${reference}`)).toBeVisible();
  const rows = manager.getByTestId("access-row");
  // The screener recorded the contact, viewed it, searched, created the person record and linked it.
  await expect(rows.filter({ hasText: "Sam Okafor" }).filter({ hasText: "Viewed the contact" }).first()).toContainText(`Contact ${reference}`);
  await expect(rows.filter({ hasText: "Sam Okafor" }).filter({ hasText: "Recorded the contact" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Sam Okafor" }).filter({ hasText: "Created the person record" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Changed the contact: child linked to their person record" })).toHaveCount(1);
  // The manager's own view of the contact a moment ago.
  await expect(rows.first()).toContainText("Morgan Reid");
  await expect(rows.first()).toContainText("Viewed the contact");
  await expectAccessible(manager);

  // Only the screener's.
  await manager.getByLabel("User").selectOption({ label: "Sam Okafor (MASH screener)" });
  await manager.getByRole("button", { name: "Apply filters" }).click();
  await expect(manager).toHaveURL(/user=/);
  await expect(rows.first()).toBeVisible();
  const whos = await manager.getByTestId("access-who").allInnerTexts();
  expect(whos.length).toBeGreaterThan(3);
  expect(whos.every((w) => w.startsWith("Sam Okafor"))).toBe(true);

  // A date that does not exist is explained, and what was typed is kept.
  await manager.getByLabel("From").fill("31/2/2026");
  await manager.getByRole("button", { name: "Apply filters" }).click();
  await expect(manager.locator(".govuk-error-summary")).toContainText("The ‘from’ date must be a real date");
  await expect(manager.getByLabel("From")).toHaveValue("31/2/2026");
  await expectAccessible(manager);

  // Today only, the screener only: the same records, downloadable.
  const today = todayInTheUk();
  await manager.getByLabel("From").fill(today);
  await manager.getByLabel("To").fill(today);
  await manager.getByLabel("User").selectOption({ label: "Sam Okafor (MASH screener)" });
  await manager.getByRole("button", { name: "Apply filters" }).click();
  await expect(manager.getByTestId("access-summary")).toContainText(`${whos.length} records match`);
  const [download] = await Promise.all([manager.waitForEvent("download"), manager.getByTestId("access-csv").click()]);
  expect(download.suggestedFilename()).toMatch(/^who-has-seen-person-\d{4}-\d\d-\d\d\.csv$/);
  const csv = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toBe('"When (UK time)","When (UTC)","Who","Role","What","Record","From address"');
  expect(lines.length).toBe(whos.length + 1);
  expect(lines.slice(1).every((l) => l.includes('"Sam Okafor","MASH screener"'))).toBe(true);
  expect(lines.some((l) => l.includes(`"Viewed the contact","Contact ${reference}"`))).toBe(true);

  // Addresses typed by hand: a year PostgreSQL cannot store, a NUL byte — explained or not found, never a server error.
  expect((await manager.request.get(`${accessPath}?from=1/1/20260`)).status()).toBe(400);
  const badCsv = await manager.request.get(`${accessPath}.csv?to=1/1/99999`);
  expect(badCsv.status()).toBe(400);
  expect(await badCsv.text()).toContain("The ‘to’ date must be a date, like 17/5/2026");
  const nul = (await manager.request.get("/people/%00/access")).status();
  expect(nul >= 400 && nul < 500).toBe(true);

  // The manager's readings and the download are in the trail too (newest first: the reading with the
  // year that could not be read, the download, the reading before it).
  await manager.goto(accessPath);
  const whats = await manager.getByTestId("access-what").allInnerTexts();
  expect(whats.slice(0, 3)).toEqual(["Viewed who has seen this child", "Downloaded who has seen this child", "Viewed who has seen this child"]);
  await expect(rows.nth(1)).toContainText("Morgan Reid");
  await managerContext.close();
});
