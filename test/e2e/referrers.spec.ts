/**
 * Who refers (issue 9 item 7): a screener records two contacts of today from one organisation, spelt
 * two ways, from education services (census 2B) — one decided (no further action, authorised by a
 * manager), one waiting. A manager opens today's "Who refers" page from the measures: it is
 * accessible (axe), draws both funnel plots as SVG, lists the organisation once with its counts, and a
 * point's figure opens the measures' list of records with the point's own count; the page works
 * without JavaScript and never scrolls sideways on a phone.
 */
import { expect, test } from "@playwright/test";
import { authoriseDecision, expectAccessible, proposeDecision, recordContact, recordContactReadyForDecision, signInAs } from "./helpers";

const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
const PAGE = `/measures/referrers?from=${today}&to=${today}`;
const suffix = Date.now().toString(36).replace(/\d/g, (d) => "abcdefghij"[Number(d)]!);
const ORGANISATION = `Funnel Academy ${suffix}`;
let decidedUrl = "";

test.describe.configure({ mode: "serial" });

test("a screener records two contacts from one organisation and proposes a decision on one", async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");
  const decided = await recordContactReadyForDecision(page, { firstName: "Fenna", lastName: `Funnel${suffix}` }, { organisation: ORGANISATION, source: "2B" });
  await proposeDecision(page, { outcome: "nfa", reason: "The academy's own support is enough." }, "No concerns that need children's social care.");
  decidedUrl = decided.contactUrl;
  // The same organisation typed another way: one organisation on the page.
  await recordContact(page, { firstName: "Finn", lastName: `Funnel${suffix}` }, { organisation: `  ${ORGANISATION.toLowerCase()} `, source: "2B" });
});

test("a manager authorises the decision", async ({ page }) => {
  await signInAs(page, "manager@demo.mash.example");
  await page.goto(decidedUrl);
  await authoriseDecision(page);
  await expect(page.getByTestId("contact-state")).toHaveText("Closed");
});

test("the page is reached from the measures, is accessible, and a point's figure opens its list with the same count", async ({ page }) => {
  await signInAs(page, "manager@demo.mash.example");
  await page.goto(`/measures?from=${today}&to=${today}`);
  await page.getByRole("link", { name: /Who refers/ }).click();
  await expect(page).toHaveURL(new RegExp(`/measures/referrers\\?from=${today}&to=${today}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Who refers, and is it what we'd expect?");
  await expect(page.getByTestId("sources-plot")).toBeVisible();
  await expect(page.getByTestId("organisations-plot")).toBeVisible();
  await expect(page.getByTestId("sources-summary")).toContainText("Across the county");
  await expectAccessible(page);

  // The organisation: one row, both spellings, with its three figures.
  const row = page.getByTestId("organisations-table-row").filter({ hasText: ORGANISATION });
  await expect(row).toHaveCount(1);
  await expect(row.locator("[data-label='Contacts'] a")).toContainText("2");
  await expect(row.locator("[data-label='Decided'] a")).toContainText("1");
  await expect(row.locator("[data-label='Became referrals'] a")).toContainText("0");
  await expect(row.locator("[data-label='% became referrals']")).toHaveText("0.0%");
  await expect(row.locator(".govuk-tag")).toHaveCount(1);
  const decidedFigure = (await row.locator("[data-label='Decided'] a").getAttribute("data-figure"))!;
  expect(decidedFigure).toMatch(/^by_organisation\.[0-9a-f]{16}\.decided$/);

  // Its point in the plot: named for screen readers, and opening the list of its decided contacts.
  const point = page.getByTestId("organisations-plot").locator(`a[data-figure="${decidedFigure}"]`);
  await expect(point).toHaveAttribute("aria-label", new RegExp(`^${ORGANISATION}: 0 of 1 decided contact became referrals, 0\\.0%`));
  await point.click();
  await expect(page).toHaveURL(new RegExp(`/measures/records\\?figure=${decidedFigure.replace(/\./g, "\\.")}`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Decided contacts from ${ORGANISATION}`);
  await expect(page.getByTestId("records-total")).toHaveText("1 contact");
  await expectAccessible(page);

  // The organisation's contacts: both spellings.
  await page.goto(PAGE);
  await row.locator("[data-label='Contacts'] a").click();
  await expect(page.getByTestId("records-total")).toHaveText("2 contacts");

  // A source's point: education services (2B) — its count in the accessible name is its list's count.
  await page.goto(PAGE);
  const sourcePoint = page.getByTestId("sources-plot").locator('a[data-figure="by_source.2B.decided"]');
  const label = (await sourcePoint.getAttribute("aria-label"))!;
  expect(label).toMatch(/^Education services \(census code 2B\): /);
  const count = Number(/became referrals.*Open the list of the ([\d,]+) decided contacts?$/.exec(label)![1]!.replace(/,/g, ""));
  expect(count).toBeGreaterThanOrEqual(1);
  const sourceRow = page.getByTestId("sources-table-row").filter({ has: page.locator('a[data-figure="by_source.2B.decided"]') });
  await expect(sourceRow.locator("[data-label='Decided'] a")).toContainText(String(count));
  await sourcePoint.click();
  await expect(page.getByTestId("records-total")).toHaveText(`${count} ${count === 1 ? "contact" : "contacts"}`);
});

test("the page works without JavaScript, the period form keeps to it, and nothing scrolls sideways at 375 px", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signInAs(page, "manager@demo.mash.example");
  await page.goto(PAGE);
  await expect(page.getByTestId("organisations-plot").locator(`a[aria-label^="${ORGANISATION}:"] .app-funnel__point`)).toBeVisible();
  await expect(page.locator("svg.app-funnel line.app-funnel__average")).toHaveCount(2);
  await expect(page.getByTestId("organisations-table-row").filter({ hasText: ORGANISATION })).toHaveCount(1);
  await page.screenshot({ path: ".tmp/referrers-1280.png", fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(PAGE);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: ".tmp/referrers-375.png", fullPage: true });
  // The demo data's last 12 months (the page's default period): many sources and organisations.
  await page.goto("/measures/referrers");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await expect(page.getByTestId("sources-plot").locator("a .app-funnel__point").first()).toBeVisible();
  await page.screenshot({ path: ".tmp/referrers-12-months-375.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: ".tmp/referrers-12-months-1280.png", fullPage: true });
  // The organisations outside the range expected, on their own: every one tagged so, in words.
  await page.getByRole("link", { name: /^only the [\d,]+ outside the range expected$/ }).click();
  const tags = page.getByTestId("organisations-table").locator(".govuk-tag");
  expect(await tags.count()).toBeGreaterThan(0);
  for (const tag of await tags.allInnerTexts()) expect(tag).toMatch(/^(Well )?(below|above|Below|Above) expected$/);
  await page.goto(PAGE);
  await page.getByLabel("This month").check();
  await page.getByRole("button", { name: "Show the measures" }).click();
  await page.waitForURL((url) => url.pathname === "/measures/referrers" && url.searchParams.get("to") === today && url.searchParams.get("from") === `${today.slice(0, 8)}01`);
  await expect(page.getByTestId("organisations-plot")).toBeVisible();
  await context.close();
});
