/**
 * The leaders' dashboard on the worked example of MEASURES.md: test/fixtures/sample-contacts.csv is
 * imported with the command line into a fresh embedded database of this test's own (two processes
 * never open one PGlite directory: every command runs and ends before the app starts on it), a
 * performance lead is created with `add-user`, then the app is started on that directory. For both
 * sample periods the page's figures, their lists (and the lists' CSV), `measures --json` and the
 * Annex A lists must all give the numbers of test/fixtures/sample-measures-*.json — the
 * specification's own figures, computed independently of the app.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { authoriseDecision, expectAccessible, proposeDecision, recordContactReadyForDecision } from "./helpers";
import { type AppProcess, startApp } from "./support/app-process";

const DIR = `.tmp/e2e-measures-${process.pid}`;
const DATA_DIR = `${DIR}/pglite`;
const PASSWORD = "performance-lead-password";
const ENV = { PGLITE_DATA_DIR: DATA_DIR, DEMO_DATA: "off", DATABASE_URL: "" };
const PERIODS = [
  { from: "2023-01-01", to: "2023-12-31" },
  { from: "2024-04-01", to: "2025-03-31" },
] as const;
const HEADLINES = ["contacts_not_referral", "repeat_contacts", "re_referrals", "decided_within_one_working_day"] as const;

interface Ratio {
  numerator: number;
  denominator: number;
  pct: number | null;
}
type Measures = Record<(typeof HEADLINES)[number], Ratio> & { contacts: { total: number; decided: number; pending: number }; referrals: { total: number; strategy_discussion: number } };

function cli(args: string[], env: Record<string, string> = {}): string {
  return execFileSync("node_modules/.bin/tsx", ["app/cli/main.ts", ...args], { env: { ...process.env, ...ENV, ...env }, encoding: "utf8" });
}

/** Data rows of a CSV file written by the app (header excluded; no field holds a line break). */
function csvRows(text: string): number {
  return text.replace(/^\uFEFF/, "").split(/\r?\n/).filter((l) => l.length > 0).length - 1;
}

/** Data rows of the first sheet of an XLSX workbook written by the app (header row excluded). */
async function xlsxRows(body: Buffer): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook.worksheets[0]!.actualRowCount - 1;
}

const expected = (p: (typeof PERIODS)[number]): Measures => JSON.parse(readFileSync(`test/fixtures/sample-measures-${p.from}_${p.to}.json`, "utf8"));
const fromCli: Record<string, Measures> = {};
const annexARows: Record<string, { list1: number; list3: number }> = {};
let app: AppProcess;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  cli(["import", "test/fixtures/sample-contacts.csv"]);
  cli(["add-user", "--email", "lead@council.example", "--name", "Lee Performance", "--role", "performance"], { NEW_USER_PASSWORD: PASSWORD });
  cli(["add-user", "--email", "admin@council.example", "--name", "Ada Admin", "--role", "admin"], { NEW_USER_PASSWORD: PASSWORD });
  cli(["add-user", "--email", "screener@council.example", "--name", "Tamsin Polglase", "--role", "screener"], { NEW_USER_PASSWORD: PASSWORD });
  cli(["add-user", "--email", "manager@council.example", "--name", "Morwenna Trelawney", "--role", "manager"], { NEW_USER_PASSWORD: PASSWORD });
  for (const p of PERIODS) {
    fromCli[p.from] = JSON.parse(cli(["measures", "--from", p.from, "--to", p.to, "--json"]));
    const rows = { list1: 0, list3: 0 };
    for (const list of [1, 3] as const) {
      const out = `${DIR}/annex-a-${list}-${p.from}.csv`;
      cli(["annex-a", "--list", String(list), "--from", p.from, "--to", p.to, "--out", out]);
      rows[list === 1 ? "list1" : "list3"] = csvRows(readFileSync(out, "utf8"));
    }
    annexARows[p.from] = rows;
  }
  app = await startApp(ENV);
});

test.afterAll(async () => {
  await app?.stop();
  rmSync(DIR, { recursive: true, force: true });
});

async function signIn(page: Page, email: string) {
  await page.goto(`${app.url}/sign-in`);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

/** The number a figure's link on the measures page shows. */
async function figureOnPage(page: Page, figure: string): Promise<number> {
  const text = await page.locator(`[data-figure="${figure}"]:not([data-pct])`).first().innerText();
  return Number(/^[\d,]+/.exec(text.trim())![0].replace(/,/g, ""));
}

for (const period of PERIODS) {
  test(`the page, its lists, the CLI and Annex A agree with the specification for ${period.from} to ${period.to}`, async ({ page }) => {
    test.setTimeout(180_000);
    const spec = expected(period);
    const json = fromCli[period.from]!;
    // The command line first: the specification's numbers exactly.
    for (const key of HEADLINES) expect(json[key]).toEqual(spec[key]);
    expect(json.contacts).toEqual(spec.contacts);
    expect(json.referrals).toEqual(spec.referrals);
    // Annex A: List 1 has a row per contact, List 3 a row per referral.
    expect(annexARows[period.from]).toEqual({ list1: spec.contacts.total, list3: spec.referrals.total });

    await signIn(page, "lead@council.example");
    expect(new URL(page.url()).pathname).toBe("/measures");
    await page.goto(`${app.url}/measures?from=${period.from}&to=${period.to}`);
    await expect(page.getByRole("heading", { level: 1, name: "Front-door measures" })).toBeVisible();
    await expectAccessible(page);

    for (const key of HEADLINES) {
      const card = page.getByTestId(`headline-${key}`);
      await expect(card.locator(`[data-pct]`)).toHaveAttribute("data-pct", spec[key].pct === null ? "" : String(spec[key].pct));
      expect(await figureOnPage(page, `${key}.numerator`)).toBe(spec[key].numerator);
      expect(await figureOnPage(page, `${key}.denominator`)).toBe(spec[key].denominator);
      // The same figure as `npm run cli -- measures --json` prints.
      expect(await figureOnPage(page, `${key}.numerator`)).toBe(json[key].numerator);
      expect(await figureOnPage(page, `${key}.denominator`)).toBe(json[key].denominator);
      await expect(card.locator(`[data-pct]`)).toHaveAttribute("data-pct", json[key].pct === null ? "" : String(json[key].pct));
    }
    expect(await figureOnPage(page, "contacts.total")).toBe(spec.contacts.total);
    expect(await figureOnPage(page, "referrals.total")).toBe(spec.referrals.total);
    expect(await figureOnPage(page, "referrals.strategy_discussion")).toBe(spec.referrals.strategy_discussion);

    // Each headline figure opens its list: the same count; each list downloads, as CSV and as XLSX, with as many rows.
    for (const figure of [...HEADLINES.map((k) => `${k}.numerator`), "contacts.total", "referrals.total"]) {
      const count = figure === "contacts.total" ? spec.contacts.total : figure === "referrals.total" ? spec.referrals.total : spec[figure.split(".")[0] as (typeof HEADLINES)[number]].numerator;
      await page.goto(`${app.url}/measures?from=${period.from}&to=${period.to}`);
      await page.locator(`[data-figure="${figure}"]`).first().click();
      await expect(page.getByTestId("records-total")).toHaveText(new RegExp(`^${count.toLocaleString("en-GB")} contacts?$`));
      const shown = await page.getByTestId("records").locator("tbody tr").count();
      expect(shown).toBe(Math.min(count, 100));
      await expectAccessible(page);
      const csv = await (await page.request.get(await page.getByTestId("download-csv").getAttribute("href").then((h) => `${app.url}${h}`))).text();
      expect(csvRows(csv)).toBe(count);
      const xlsx = await page.request.get(`${app.url}${await page.getByTestId("download-xlsx").getAttribute("href")}`);
      expect(xlsx.headers()["content-type"]).toContain("spreadsheetml");
      expect(await xlsxRows(await xlsx.body())).toBe(count);
    }
  });
}

test("a list is accessible, downloads as XLSX, and a performance lead cannot open a child's record", { tag: "@no-js" }, async ({ page }) => {
  await signIn(page, "lead@council.example");
  const [period] = PERIODS;
  await page.goto(`${app.url}/measures/records?figure=repeat_contacts.numerator&from=${period.from}&to=${period.to}`);
  await expect(page.getByTestId("records-total")).toHaveText(`${expected(period).repeat_contacts.numerator} contacts`);
  await expectAccessible(page);
  const xlsx = await page.request.get(`${app.url}${await page.getByTestId("download-xlsx").getAttribute("href")}`);
  expect(xlsx.status()).toBe(200);
  expect(xlsx.headers()["content-type"]).toContain("spreadsheetml");
  expect((await xlsx.body()).subarray(0, 2).toString()).toBe("PK");
  // The list shows references, not links to the contacts, and the contact pages refuse the role.
  await expect(page.getByTestId("records").getByRole("link")).toHaveCount(0);
  const queue = await page.request.get(`${app.url}/queue`);
  expect(queue.status()).toBe(403);
});

test("a period that cannot be read gets a message, not an error page", async ({ page }) => {
  await signIn(page, "lead@council.example");
  const bad = await page.goto(`${app.url}/measures?from=2024-02-30&to=2024-01-01`);
  expect(bad!.status()).toBe(400);
  await expect(page.locator(".govuk-error-summary")).toContainText("Start date must be a real date");
  const reversed = await page.goto(`${app.url}/measures?from=2024-03-01&to=2024-01-01`);
  expect(reversed!.status()).toBe(400);
  await expect(page.locator(".govuk-error-summary")).toContainText("End date must be the same as or after the start date");
  await expectAccessible(page);
  const records = await page.goto(`${app.url}/measures/records?figure=not_a.figure&from=2024-01-01&to=2024-01-31`);
  expect(records!.status()).toBe(400);
});

test("the period selector works by keyboard alone and without JavaScript, and the address carries the period", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, "lead@council.example");
  await page.goto(`${app.url}/measures?from=2023-01-01&to=2023-12-31`);
  await expectAccessible(page);
  const focused = () => page.evaluate(() => {
    const e = document.activeElement as HTMLInputElement | null;
    return { id: e?.id ?? "", name: e?.getAttribute("name") ?? "", checked: e?.checked ?? false, tag: e?.tagName ?? "" };
  });
  // From the top of the page, Tab alone reaches the period's radios, below every figure's link (a radio group is one stop) …
  for (let presses = 0; presses < 400 && (await focused()).name !== "preset"; presses++) await page.keyboard.press("Tab");
  expect((await focused()).name).toBe("preset");
  // … the arrow keys move the choice down to "Dates of my choice" (the last) …
  for (let presses = 0; presses < 10 && (await focused()).id !== "preset-custom"; presses++) await page.keyboard.press("ArrowDown");
  expect(await focused()).toMatchObject({ id: "preset-custom", checked: true });
  // … and Tab goes through the six date boxes in order, then to the button, which Enter presses.
  for (const [id, value] of [
    ["fromDay", "1"],
    ["fromMonth", "4"],
    ["fromYear", "2024"],
    ["toDay", "31"],
    ["toMonth", "3"],
    ["toYear", "2025"],
  ] as const) {
    await page.keyboard.press("Tab");
    expect((await focused()).id).toBe(id);
    await page.keyboard.press("Control+A");
    await page.keyboard.type(value);
  }
  await page.keyboard.press("Tab");
  expect((await focused()).tag).toBe("BUTTON");
  await expect(page.locator(":focus")).toHaveText("Show the measures");
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => url.search === "?from=2024-04-01&to=2025-03-31");
  await expectAccessible(page);
  const spec = expected(PERIODS[1]);
  await expect(page.getByTestId("headline-repeat_contacts").locator("[data-pct]")).toHaveAttribute("data-pct", String(spec.repeat_contacts.pct));
  await page.goto(`${app.url}/measures/trends?from=2024-04-01&to=2025-03-31`);
  await expect(page.locator("svg.app-chart")).toHaveCount(4);
  await expect(page.getByTestId("trend-repeat_contacts").locator("tbody tr")).toHaveCount(24);
  await expectAccessible(page);
  await context.close();
});

test("the trends page and the administrator's targets page are accessible; a target set shows against the measure", async ({ page }) => {
  await signIn(page, "admin@council.example");
  await page.goto(`${app.url}/admin/measure-targets`);
  await expectAccessible(page);
  await page.getByLabel("Repeat contacts: target").fill("20");
  await page.getByLabel("Children living in the area").fill("140000");
  await page.getByRole("button", { name: "Save targets" }).click();
  await expect(page.getByTestId("done-banner")).toBeVisible();
  await page.getByLabel("Re-referrals: target").fill("abc");
  await page.getByRole("button", { name: "Save targets" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Re-referrals: enter a percentage");
  await expectAccessible(page);
  await page.context().clearCookies();
  await signIn(page, "lead@council.example");
  await page.goto(`${app.url}/measures?from=2023-01-01&to=2023-12-31`);
  // 28.8% repeat contacts against a 20% target: missed, and said so at the top.
  await expect(page.getByTestId("headline-repeat_contacts")).toContainText("Target missed");
  await expect(page.getByTestId("needs-attention")).toContainText("repeat contacts 28.8% (target 20.0%)");
  // 52 referrals × 10,000 / 140,000 children = 3.714… → 3.7
  await expect(page.getByTestId("referrals-summary")).toContainText("3.7 (population 140,000)");
  await page.goto(`${app.url}/measures/trends?from=2023-01-01&to=2023-12-31`);
  await expectAccessible(page);
  // Imported history: every repeat contact has an outcome; none was authorised in the app.
  await page.goto(`${app.url}/measures/breakdowns?from=2023-01-01&to=2023-12-31`);
  await expect(page.getByTestId("decisions-summary")).toContainText(`0 of ${expected(PERIODS[0]).contacts.decided} decided contacts`);
  await expectAccessible(page);
});

test("a manager opens this month's measures, clicks a headline figure, sees its records and opens a contact, and that view is in the child's trail", { tag: "@no-js" }, async ({ browser }) => {
  // The only contact of this month (the imported history ends in 2025): recorded today by a screener,
  // who proposes no further action, and authorised by the manager.
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
  const monthStart = `${today.slice(0, 8)}01`;
  const screenerContext = await browser.newContext({ baseURL: app.url });
  const screener = await screenerContext.newPage();
  await signIn(screener, "screener@council.example");
  const { contactUrl, reference } = await recordContactReadyForDecision(screener, { firstName: "Clemency", lastName: "Ashburnham-Vyse" });
  await proposeDecision(screener, { outcome: "nfa", reason: "The health visitor is already supporting the family." }, "Mother asked for help with sleep; no one is at risk.");
  await screenerContext.close();

  const context = await browser.newContext({ baseURL: app.url });
  const page = await context.newPage();
  await signIn(page, "manager@council.example");
  await page.goto(contactUrl);
  await authoriseDecision(page);
  await expect(page.getByTestId("contact-state")).toHaveText("Closed");

  // The dashboard, from the menu, for this month: the address carries the period.
  await page.getByRole("link", { name: "Measures", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Front-door measures" })).toBeVisible();
  await page.getByLabel("This month").check();
  await page.getByRole("button", { name: "Show the measures" }).click();
  await page.waitForURL((url) => url.pathname === "/measures" && url.searchParams.get("from") === monthStart && url.searchParams.get("to") === today);
  await expectAccessible(page);
  const card = page.getByTestId("headline-contacts_not_referral");
  await expect(card.locator("[data-pct]")).toHaveAttribute("data-pct", "100");
  expect(await figureOnPage(page, "contacts_not_referral.numerator")).toBe(1);
  expect(await figureOnPage(page, "contacts_not_referral.denominator")).toBe(1);
  expect(await figureOnPage(page, "contacts.total")).toBe(1);

  // The headline percentage opens its list: that one contact, a link for a manager.
  await card.locator("[data-pct]").click();
  await page.waitForURL((url) => url.pathname === "/measures/records" && url.searchParams.get("figure") === "contacts_not_referral.numerator" && url.searchParams.get("from") === monthStart && url.searchParams.get("to") === today);
  await expect(page.getByTestId("records-total")).toHaveText("1 contact");
  const records = page.getByTestId("records").locator("tbody tr");
  await expect(records).toHaveCount(1);
  await expect(records).toContainText("No further action");
  await expectAccessible(page);
  await records.getByRole("link", { name: reference }).click();

  // The contact page loads …
  await expect(page).toHaveURL(contactUrl);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Contact ${reference}`);
  await expect(page.getByTestId("child-name")).toHaveText("Clemency Ashburnham-Vyse");
  await expect(page.getByTestId("contact-state")).toHaveText("Closed");
  await expectAccessible(page);

  // … and the child's "who has seen" trail has that view (the newest) and the list that showed the contact.
  await page.getByTestId("who-has-seen").click();
  await expect(page).toHaveURL(/\/people\/[^/]+\/access$/);
  const rows = page.getByTestId("access-row");
  await expect(rows.first()).toContainText("Morwenna Trelawney");
  await expect(rows.first()).toContainText("Viewed the contact");
  await expect(rows.first()).toContainText(`Contact ${reference}`);
  const listed = rows.filter({ hasText: "Morwenna Trelawney" }).filter({ hasText: /measures/i });
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText(`Contact ${reference}`);
  await expect(rows.nth(1)).toContainText(/measures/i);
  await expectAccessible(page);
  await context.close();
});
