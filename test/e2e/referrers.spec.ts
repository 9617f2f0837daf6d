/**
 * Who refers (issue 9 item 7). The spec's own contacts, in a hook, all received on one day 1,000 days
 * ago (recorded late, with the reason) — before the demo data's two years, so that day holds these
 * contacts alone and every figure is known by hand:
 *
 * - "Funnel Academy …" (education services, census 2B), its name typed two ways: Fenna, decided no
 *   further action, and Finn, not decided — 2 contacts, 1 decided, 0 referrals;
 * - "Heron Surgery …" (GP, 3A): three children, each decided no further action — 3 decided, 0 referrals;
 * - "Kestrel Constabulary …" (police, 6): one child, decided a referral — 1 decided, 1 referral.
 *
 * The county: 6 contacts, 5 decided, 1 referral, p = 1/5 = 20.0%. The 95% limits at n decided contacts
 * are p ± 1.96·√(p(1−p)/n), the 99.8% ones p ± 3.09·√(p(1−p)/n), clamped to 0–100%:
 * - n = 1: √(0.16) = 0.4; 95%: 0.2 ± 0.784 → 0% to 98.4%; 99.8%: 0.2 ± 1.236 → 0% to 100%.
 *   Kestrel's 100% is above 98.4% but not above 100%: "Above expected". Funnel Academy's 0% is not
 *   below 0%: "As expected".
 * - n = 3: √(0.16/3) = 0.2309; 95%: 0.2 ± 0.4526 → 0% to 65.3%. Heron's 0%: "As expected".
 * So exactly one organisation lies outside the range expected: Kestrel, above it.
 *
 * A manager opens that day's "Who refers" page from the measures: it is accessible (axe), draws both
 * funnel plots as SVG, lists each organisation once with its counts, and a point's figure opens the
 * measures' list of records with the point's own count; the page works without JavaScript and never
 * scrolls sideways on a phone.
 */
import { expect, test } from "@playwright/test";
import { authoriseDecision, expectAccessible, isoDateDaysAgo, proposeDecision, recordContact, recordContactReadyForDecision, signInAs, uniqueLetters } from "./helpers";

const DAYS_AGO = 1000;
const day = isoDateDaysAgo(DAYS_AGO);
const today = isoDateDaysAgo(0);
const PAGE = `/measures/referrers?from=${day}&to=${day}`;
const suffix = uniqueLetters();
const ORGANISATION = `Funnel Academy ${suffix}`;
const SURGERY = `Heron Surgery ${suffix}`;
const POLICE = `Kestrel Constabulary ${suffix}`;
const late = { receivedDaysAgo: DAYS_AGO };

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  // A screener records the six contacts and proposes the five decisions …
  const screenerContext = await browser.newContext();
  const screener = await screenerContext.newPage();
  await signInAs(screener, "screener@demo.mash.example");
  const toAuthorise: string[] = [];
  const fenna = await recordContactReadyForDecision(screener, { firstName: "Fenna", lastName: `Funnel${suffix}` }, { ...late, organisation: ORGANISATION, source: "2B" });
  await proposeDecision(screener, { outcome: "nfa", reason: "The academy's own support is enough." }, "No concerns that need children's social care.");
  toAuthorise.push(fenna.contactUrl);
  // The same organisation typed another way: one organisation on the page.
  await recordContact(screener, { firstName: "Finn", lastName: `Funnel${suffix}` }, { ...late, organisation: `  ${ORGANISATION.toLowerCase()} `, source: "2B" });
  for (const firstName of ["Hattie", "Hugo", "Honor"]) {
    const heron = await recordContactReadyForDecision(screener, { firstName, lastName: `Heron${suffix}` }, { ...late, organisation: SURGERY, source: "3A" });
    await proposeDecision(screener, { outcome: "nfa", reason: "The GP and health visitor are supporting the family." }, "Advice given; no one is at risk.");
    toAuthorise.push(heron.contactUrl);
  }
  const police = { ...late, organisation: POLICE, source: "6", channel: "Police notification", referrer: "PC Kit Rowse" };
  const kestrel = await recordContactReadyForDecision(screener, { firstName: "Kenver", lastName: `Kestrel${suffix}` }, police);
  await proposeDecision(screener, { outcome: "referral", primaryNeed: "N1", team: "Assessment Team Exeter" }, "Repeated domestic abuse with the child present.");
  toAuthorise.push(kestrel.contactUrl);
  await screenerContext.close();

  // … and a manager authorises them.
  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await signInAs(manager, "manager@demo.mash.example");
  for (const url of toAuthorise) {
    await manager.goto(url);
    await authoriseDecision(manager);
    await expect(manager.getByTestId("contact-state")).toHaveText("Closed");
  }
  await managerContext.close();
});

test("the page is reached from the measures, is accessible, and a point's figure opens its list with the same count", async ({ page }) => {
  await signInAs(page, "manager@demo.mash.example");
  await page.goto(`/measures?from=${day}&to=${day}`);
  await page.getByRole("link", { name: /Who refers/ }).click();
  await expect(page).toHaveURL(new RegExp(`/measures/referrers\\?from=${day}&to=${day}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Who refers, and is it what we'd expect?");
  await expect(page.getByTestId("sources-plot")).toBeVisible();
  await expect(page.getByTestId("organisations-plot")).toBeVisible();
  await expect(page.getByTestId("sources-summary")).toContainText("Across the county");
  // The county, worked by hand: 5 decided of 6 received, 1 referral (20.0%).
  const county = page.getByTestId("county");
  await expect(county.locator('a[data-figure="contacts_not_referral.denominator"]')).toHaveText(/^5 /);
  await expect(county.locator('a[data-figure="contacts.total"]')).toHaveText(/^6 /);
  await expect(county).toContainText("1 of them became referrals (20.0%)");
  await expectAccessible(page);

  // The organisation: one row, both spellings, with its three figures.
  const row = page.getByTestId("organisations-table-row").filter({ hasText: ORGANISATION });
  await expect(row).toHaveCount(1);
  await expect(row.locator("[data-label='Contacts'] a")).toContainText("2");
  await expect(row.locator("[data-label='Decided'] a")).toContainText("1");
  await expect(row.locator("[data-label='Became referrals'] a")).toContainText("0");
  await expect(row.locator("[data-label='% became referrals']")).toHaveText("0.0%");
  await expect(row.locator(".govuk-tag")).toHaveCount(1);
  await expect(row.locator(".govuk-tag")).toHaveText("As expected");
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
  await expectAccessible(page);

  // A source's point: education services (2B) — its count in the accessible name is its list's count (Fenna alone).
  await page.goto(PAGE);
  const sourcePoint = page.getByTestId("sources-plot").locator('a[data-figure="by_source.2B.decided"]');
  const label = (await sourcePoint.getAttribute("aria-label"))!;
  expect(label).toMatch(/^Education services \(census code 2B\): /);
  const count = Number(/became referrals.*Open the list of the ([\d,]+) decided contacts?$/.exec(label)![1]!.replace(/,/g, ""));
  expect(count).toBeGreaterThanOrEqual(1);
  expect(count).toBe(1);
  const sourceRow = page.getByTestId("sources-table-row").filter({ has: page.locator('a[data-figure="by_source.2B.decided"]') });
  await expect(sourceRow.locator("[data-label='Decided'] a")).toContainText(String(count));
  await sourcePoint.click();
  await expect(page.getByTestId("records-total")).toHaveText(`${count} ${count === 1 ? "contact" : "contacts"}`);
  await expectAccessible(page);
});

test("the page works without JavaScript, the period form keeps to it, and nothing scrolls sideways at 375 px", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signInAs(page, "manager@demo.mash.example");
  await page.goto(PAGE);
  await expect(page.getByTestId("organisations-plot").locator(`a[aria-label^="${ORGANISATION}:"] .app-funnel__point`)).toBeVisible();
  await expect(page.locator("svg.app-funnel line.app-funnel__average")).toHaveCount(2);
  await expect(page.getByTestId("organisations-table-row").filter({ hasText: ORGANISATION })).toHaveCount(1);
  await expectAccessible(page);
  await page.screenshot({ path: ".tmp/referrers-1280.png", fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(PAGE);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: ".tmp/referrers-375.png", fullPage: true });
  // The default period (the last 12 months of demo data): many sources and organisations, still no sideways scroll.
  await page.goto("/measures/referrers");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await expect(page.getByTestId("sources-plot").locator("a .app-funnel__point").first()).toBeVisible();
  await page.screenshot({ path: ".tmp/referrers-12-months-375.png", fullPage: true });
  await expectAccessible(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: ".tmp/referrers-12-months-1280.png", fullPage: true });

  // The organisations outside the range expected, on their own (worked by hand above): Kestrel alone, above it.
  await page.goto(PAGE);
  await page.getByRole("link", { name: /^only the 1 outside the range expected$/ }).click();
  await expect(page).toHaveURL(/organisations=outside/);
  const rows = page.getByTestId("organisations-table-row");
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(POLICE);
  await expect(rows.locator("[data-label='Decided'] a")).toContainText("1");
  await expect(rows.locator("[data-label='Became referrals'] a")).toContainText("1");
  await expect(rows.locator("[data-label='% became referrals']")).toHaveText("100.0%");
  const tags = page.getByTestId("organisations-table").locator(".govuk-tag");
  await expect(tags).toHaveCount(1);
  for (const tag of await tags.allInnerTexts()) expect(tag).toMatch(/^(Well )?(below|above|Below|Above) expected$/);
  await expect(tags).toHaveText("Above expected");
  await expectAccessible(page);

  await page.goto(PAGE);
  await page.getByLabel("This month").check();
  await page.getByRole("button", { name: "Show the measures" }).click();
  await page.waitForURL((url) => url.pathname === "/measures/referrers" && url.searchParams.get("to") === today && url.searchParams.get("from") === `${today.slice(0, 8)}01`);
  await expect(page.getByTestId("organisations-plot")).toBeVisible();
  await context.close();
});
