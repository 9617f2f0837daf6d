import { expect, type Page, test } from "@playwright/test";
import { expectAccessible, findInQueue, linkExistingPerson, recordContact, recordContactAboutNewPerson, signInAs } from "./helpers";

/** How many contacts a page of the queue shows (QUEUE_PAGE_SIZE). */
const PAGE_SIZE = 50;

const rows = (page: Page) => page.locator("[data-testid=queue-row]");

/** The decision deadlines down the page, as times, of the rows not at immediate risk (those lead the queue, issue 11 item 2). */
async function dueTimes(page: Page): Promise<number[]> {
  const values = await rows(page).evaluateAll((trs) => trs.filter((tr) => tr.getAttribute("data-immediate-risk") === "false").map((tr) => tr.getAttribute("data-due") ?? ""));
  return values.map((v) => Date.parse(v));
}

/** Whether each row down the page is at immediate risk. */
async function riskFlags(page: Page): Promise<boolean[]> {
  return rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-immediate-risk") === "true"));
}

/** Ten siblings of one surname (one contact each), to fill the queue. */
const tenSiblings = (lastName: string) =>
  ["Aurelia", "Bartholomew", "Clementine", "Dashiell", "Euphemia", "Fitzwilliam", "Guinevere", "Horatio", "Isolde", "Jago"].map((firstName) => ({ firstName, lastName }));

test("the queue puts immediate risk first, then overdue contacts, unmistakably, and every deadline after the one above it", async ({ page }) => {
  test.setTimeout(240_000);
  await signInAs(page, "screener@demo.mash.example");
  // This test's own contacts: one received a fortnight ago (long overdue), and fifty received now (due
  // later), so that they alone fill more than a page.
  const overdue = await recordContact(page, { firstName: "Cressida", lastName: "Overbury-Lisle" }, { receivedDaysAgo: 14 });
  const surnames = ["Ravenscroft-Duval", "Tolhurst-Ebbs", "Pendragon-Wyatt", "Marchbanks-Howe", "Quenby-Stroud"];
  let dueLater = "";
  for (const lastName of surnames) ({ reference: dueLater } = await recordContact(page, tenSiblings(lastName)));
  expect(1 + surnames.length * 10).toBeGreaterThan(PAGE_SIZE);

  await page.goto("/queue");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("MASH queue");
  await expect(rows(page).first()).toBeVisible();

  const due = await dueTimes(page);
  expect(due.every((t) => Number.isFinite(t))).toBe(true);
  for (let i = 1; i < due.length; i++) expect(due[i]!).toBeGreaterThanOrEqual(due[i - 1]!);

  // There is at least this test's own overdue contact: the first row is overdue, and says so.
  const summary = (await page.getByTestId("queue-summary").textContent()) ?? "";
  const overdueCount = Number(/([\d,]+) overdue/.exec(summary)?.[1]?.replace(",", "") ?? 0);
  expect(overdueCount).toBeGreaterThan(0);
  // The contacts at immediate risk lead; after them, the first row is overdue.
  const risk = await riskFlags(page);
  expect(risk.slice(risk.indexOf(false))).not.toContain(true);
  const first = rows(page).nth(risk.indexOf(false));
  await expect(first).toHaveAttribute("data-overdue", "true");
  await expect(first.getByTestId("due")).toContainText("Overdue");
  await expect(first.getByTestId("due")).toContainText(/Overdue by \d/);
  await expectAccessible(page);

  // The next page carries on from where this one ended.
  const next = page.getByRole("link", { name: /Next page/ });
  await expect(next).toBeVisible();
  const lastOnFirst = due.at(-1)!;
  await next.click();
  await expect(page.locator("caption")).toContainText("page 2 of");
  const more = await dueTimes(page);
  expect(more[0]!).toBeGreaterThanOrEqual(lastOnFirst);
  await page.getByRole("link", { name: /Previous page/ }).click();
  await expect(page.locator("caption")).toContainText("page 1 of");
  expect(await dueTimes(page)).toEqual(due);

  // The whole queue, page by page: every deadline after the one above it, and the overdue rows all
  // before the rest (both kinds are there: this test's own).
  const pages = Number(/page 1 of (\d+)/.exec(await page.locator("caption").innerText())![1]);
  expect(pages).toBeGreaterThan(1);
  const allDue: number[] = [];
  const flags: (string | null)[] = [];
  const risks: boolean[] = [];
  for (let n = 1; n <= pages; n++) {
    if (n > 1) {
      await page.getByRole("link", { name: /Next page/ }).click();
      await expect(page.locator("caption")).toContainText(`page ${n} of`);
    }
    allDue.push(...(await dueTimes(page)));
    risks.push(...(await riskFlags(page)));
    flags.push(...(await rows(page).evaluateAll((trs) => trs.filter((tr) => tr.getAttribute("data-immediate-risk") === "false").map((tr) => tr.getAttribute("data-overdue")))));
  }
  await expect(page.getByRole("link", { name: /Next page/ })).toHaveCount(0);
  expect(allDue.every((t) => Number.isFinite(t))).toBe(true);
  for (let i = 1; i < allDue.length; i++) expect(allDue[i]!).toBeGreaterThanOrEqual(allDue[i - 1]!);
  // Every contact at immediate risk before every other, across the pages.
  expect(risks.slice(risks.indexOf(false))).not.toContain(true);
  const overdueAtRisk = await page.goto("/queue?risk=yes&overdue=yes").then(async () => Number((/([\d,]+) contacts? match/.exec((await page.getByTestId("queue-summary").textContent()) ?? "")?.[1] ?? "0").replace(",", "")));
  expect(flags.filter((f) => f === "true")).toHaveLength(overdueCount - overdueAtRisk);
  const firstNotOverdue = flags.indexOf("false");
  expect(firstNotOverdue).toBeGreaterThan(0);
  expect(flags.slice(firstNotOverdue)).not.toContain("true");

  // This test's own contacts, each marked as it should be.
  const late = await findInQueue(page, overdue.reference);
  await expect(late).toHaveAttribute("data-overdue", "true");
  await expect(late.getByTestId("due")).toContainText("Overdue");
  await expect(late.getByTestId("due")).toContainText(/Overdue by \d/);
  const fresh = await findInQueue(page, dueLater);
  await expect(fresh).toHaveAttribute("data-overdue", "false");
  await expect(fresh.getByTestId("due")).toContainText(/due in/);
});

test("filters narrow the queue and survive paging; the state counts ignore them", async ({ page }) => {
  // It records 52 contacts through the form (five of ten siblings each): about a minute alone, and it ran past
  // 180 s as the 48th test of a full run, on a server holding every earlier test's records.
  test.setTimeout(300_000);
  await signInAs(page, "screener@demo.mash.example");
  // This test's own police notifications about one child, both received with no priority yet: an
  // earlier one (three days ago) and a repeat contact now.
  const police = { source: "6", channel: "Police notification", referrer: "PC Alys Trethewey", organisation: "Devon and Cornwall Police" };
  const child = { firstName: "Seraphina", lastName: "Hollingsworth-Pye" };
  const earlier = await recordContactAboutNewPerson(page, child, { ...police, receivedDaysAgo: 3 });
  const repeat = await recordContact(page, child, police);
  await page.getByTestId("find-child").click();
  await linkExistingPerson(page, repeat.contactUrl, "Seraphina Hollingsworth-Pye");
  // And fifty more such notifications, so that this test's own matches alone fill more than a page.
  const surnames = ["Kittredge-Bligh", "Lovibond-Sare", "Mardle-Fortescue", "Nankivell-Ord", "Oxenham-Pryce"];
  for (const lastName of surnames) await recordContact(page, tenSiblings(lastName), police);
  expect(2 + surnames.length * 10).toBeGreaterThan(PAGE_SIZE);

  await page.goto("/queue");
  const counts = await page.getByTestId("state-counts").textContent();

  await page.getByLabel("State", { exact: true }).selectOption("received");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/state=received/);
  await expect(page.getByTestId("state-counts")).toHaveText(counts!);
  await expect.poll(async () => [...new Set(await rows(page).locator("td:nth-child(3)").allTextContents())]).toEqual(["Received"]);
  await expect(page.getByLabel("State", { exact: true })).toHaveValue("received");
  await expectAccessible(page);

  await page.getByLabel("Priority", { exact: true }).selectOption("none");
  await page.getByLabel("Referral source", { exact: true }).selectOption("6");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/source=6/);
  // The table follows the URL once the new page has loaded: wait for it rather than read the old one.
  // (This test's own contacts match, so the page is never empty.)
  await expect(page.getByLabel("Referral source", { exact: true })).toHaveValue("6");
  await expect
    .poll(async () => {
      const sources = await rows(page).locator("td:nth-child(5)").allTextContents();
      return sources.length > 0 && sources.every((source) => source === "Police");
    })
    .toBe(true);
  await expect
    .poll(async () => {
      const priorities = await rows(page).locator("td:nth-child(4)").allTextContents();
      return priorities.length > 0 && priorities.every((priority) => priority === "Not set");
    })
    .toBe(true);

  // The filters survive paging: the next page is narrowed the same way, and the form still shows them.
  await page.getByRole("link", { name: /Next page/ }).click();
  await expect(page.locator("caption")).toContainText("page 2 of");
  await expect(page).toHaveURL(/state=received/);
  await expect(page).toHaveURL(/priority=none/);
  await expect(page).toHaveURL(/source=6/);
  await expect(page.getByLabel("State", { exact: true })).toHaveValue("received");
  await expect(page.getByLabel("Priority", { exact: true })).toHaveValue("none");
  await expect(page.getByLabel("Referral source", { exact: true })).toHaveValue("6");
  await expect(page.getByTestId("state-counts")).toHaveText(counts!);
  const secondPage = rows(page);
  await expect(secondPage.first()).toBeVisible();
  expect([...new Set(await secondPage.locator("td:nth-child(3)").allTextContents())]).toEqual(["Received"]);
  expect([...new Set(await secondPage.locator("td:nth-child(4)").allTextContents())]).toEqual(["Not set"]);
  expect([...new Set(await secondPage.locator("td:nth-child(5)").allTextContents())]).toEqual(["Police"]);

  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/queue$/);
  await expect(page.getByLabel("Referral source", { exact: true })).toHaveValue("");
  await page.getByLabel("Repeat contacts only").check();
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/repeat=yes/);
  await expect(page.getByLabel("Repeat contacts only")).toBeChecked();
  // Every row of the filtered page (once it has loaded) carries the repeat mark.
  await expect
    .poll(async () => {
      const shown = await rows(page).count();
      return shown > 0 && shown === (await rows(page).getByTestId("repeat-tag").count());
    })
    .toBe(true);
  await expectAccessible(page);

  // This test's own contacts are where the filters put them: both received police notifications with
  // no priority, and only the later one a repeat contact.
  for (const reference of [earlier.reference, repeat.reference]) {
    const row = await findInQueue(page, reference, "state=received&priority=none&source=6");
    await expect(row.locator("td:nth-child(3)")).toHaveText("Received");
    await expect(row.locator("td:nth-child(4)")).toHaveText("Not set");
    await expect(row.locator("td:nth-child(5)")).toHaveText("Police");
    await expect(row.getByTestId("repeat-tag")).toHaveCount(reference === repeat.reference ? 1 : 0);
  }
  await expect((await findInQueue(page, repeat.reference, "repeat=yes")).getByTestId("repeat-tag")).toBeVisible();
});

test("a manager allocates a contact to the screener, and it is in the screener's work; a screener picks one up", async ({ browser }) => {
  test.setTimeout(120_000);
  // This test's own three contacts, none allocated yet.
  const screener = await (await browser.newContext()).newPage();
  await signInAs(screener, "screener@demo.mash.example");
  const [reference, picked, targetRef] = [
    (await recordContact(screener, { firstName: "Alaric", lastName: "Fenwick-Tolley" })).reference,
    (await recordContact(screener, { firstName: "Benedetta", lastName: "Fenwick-Tolley" })).reference,
    (await recordContact(screener, { firstName: "Cosimo", lastName: "Fenwick-Tolley" })).reference,
  ];

  const manager = await (await browser.newContext()).newPage();
  await signInAs(manager, "manager@demo.mash.example");
  await manager.goto("/queue");
  await manager.getByLabel("Allocated to", { exact: true }).selectOption("none");
  await manager.getByRole("button", { name: "Apply filters" }).click();
  await expect(manager).toHaveURL(/allocated=none/);
  const row = await findInQueue(manager, reference, "allocated=none");
  await expect(row.getByTestId("allocated-name")).toHaveText("Not allocated");
  await row.getByLabel(`Allocate contact ${reference} to`).selectOption({ label: "Sam Okafor" });
  await row.getByRole("button", { name: `Allocate contact ${reference}` }).click();
  await expect(manager.getByTestId("done-banner")).toContainText("allocated");
  await expectAccessible(manager);

  await screener.goto("/queue");
  await screener.getByTestId("my-work").click();
  await expect(screener).toHaveURL(/view=mine/);
  const mine = screener.locator("[data-testid=queue-row]", { hasText: reference });
  await expect(mine).toHaveCount(1);
  await expect(mine.getByTestId("allocated-name")).toHaveText("Sam Okafor");
  await expectAccessible(screener);

  // Picking up an unallocated contact puts it in the screener's work too.
  const unallocated = await findInQueue(screener, picked, "allocated=none");
  await unallocated.getByRole("button", { name: `Pick up contact ${picked}` }).click();
  await expect(screener.getByTestId("done-banner")).toContainText("picked up");
  await expect((await findInQueue(screener, picked, "view=mine")).getByTestId("allocated-name")).toHaveText("Sam Okafor");

  // The manager's page was rendered before that pick-up: allocating from it is refused, saying who changed it.
  const stalePage = await (await browser.newContext()).newPage();
  await signInAs(stalePage, "manager@demo.mash.example");
  const target = await findInQueue(stalePage, targetRef, "allocated=none");
  const pickUp = await findInQueue(screener, targetRef, "allocated=none");
  await pickUp.getByRole("button", { name: `Pick up contact ${targetRef}` }).click();
  await expect(screener.getByTestId("done-banner")).toBeVisible();
  await target.getByLabel(`Allocate contact ${targetRef} to`).selectOption({ label: "Morgan Reid (manager)" });
  await target.getByRole("button", { name: `Allocate contact ${targetRef}` }).click();
  await expect(stalePage.getByTestId("allocation-refused")).toContainText("Sam Okafor picked it up");
  await expectAccessible(stalePage);
});

test("an administrator changes the Amber timescale and keeps the bank holidays", async ({ page }) => {
  await signInAs(page, "admin@demo.mash.example");
  await page.getByRole("link", { name: "Timescales" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Partner timescales");
  await expectAccessible(page);

  // A mistake is shown in the error summary, and what was typed stays.
  await page.getByLabel("Green: working days to answer").fill("0");
  await page.getByRole("button", { name: "Save timescales" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Green must be between 1 and 20");
  await expect(page.getByLabel("Green: working days to answer")).toHaveValue("0");
  await expectAccessible(page);

  await page.getByLabel("Green: working days to answer").fill("3");
  await page.getByLabel("Amber: working days to answer").fill("2");
  await page.getByRole("button", { name: "Save timescales" }).click();
  await expect(page.getByTestId("done-banner")).toBeVisible();
  await expect(page.getByTestId("current-timescales")).toContainText("The end of working day 2 after the request");
  await expect(page.getByTestId("current-timescales")).toContainText("by Alex Morgan");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Bank holidays" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bank holidays");
  await page.getByRole("link", { name: "2030" }).click();
  await expect(page.getByTestId("bank-holidays")).toContainText("Christmas Day");
  await expectAccessible(page);
  await page.getByLabel("Day", { exact: true }).fill("2");
  await page.getByLabel("Month", { exact: true }).fill("1");
  await page.getByLabel("Year", { exact: true }).fill("2030");
  await page.getByLabel("Name", { exact: true }).fill("County celebration day");
  await page.getByRole("button", { name: "Add bank holiday" }).click();
  await expect(page.getByTestId("done-banner")).toContainText("Wednesday 2 January 2030 is now a bank holiday");
  await expect(page.getByTestId("bank-holidays")).toContainText("County celebration day");
  await page.getByRole("button", { name: /Remove County celebration day/ }).click();
  await expect(page.getByTestId("done-banner")).toContainText("is no longer a bank holiday");
  await expect(page.getByTestId("bank-holidays")).not.toContainText("County celebration day");
  await expectAccessible(page);
});
