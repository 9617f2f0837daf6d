/**
 * The demand flow and process map (issue 9 item 6): a screener records a contact of today and takes
 * it to "ready for decision"; a manager opens today's flow, which is accessible (axe), draws the
 * Sankey and the process map as SVG without JavaScript, never scrolls sideways on a phone, and whose
 * "Ready for decision" box opens the measures' list of records with the box's own count — the new
 * contact among them (in the list's CSV, which holds every record).
 */
import { expect, test } from "@playwright/test";
import { expectAccessible, recordContactReadyForDecision, sankeyLabelPlaces, signInAs } from "./helpers";

const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
const FLOW = `/measures/flow?from=${today}&to=${today}`;
let reference = "";

// The spec's own contact of today: a screener records it and takes it to ready for decision (in a
// hook, so that each test stands on its own).
test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, "screener@demo.mash.example");
  ({ reference } = await recordContactReadyForDecision(page, { firstName: "Flora", lastName: "Flowmap-Tregarthen" }));
  expect(reference).not.toBe("");
  await context.close();
});

test("the flow page is reached from the measures, is accessible, and a box opens its list with the same count", async ({ page }) => {
  await signInAs(page, "manager@demo.mash.example");
  await page.goto(`/measures?from=${today}&to=${today}`);
  await page.getByRole("link", { name: /Demand flow and process map/ }).click();
  await expect(page).toHaveURL(new RegExp(`/measures/flow\\?from=${today}&to=${today}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Demand flow and process map");
  await expect(page.getByTestId("flow-diagram")).toBeVisible();
  await expect(page.getByTestId("process-map")).toBeVisible();
  await expect(page.getByTestId("flow-summary")).toContainText("received");
  await expect(page.getByTestId("process-summary")).toContainText("received");
  await expectAccessible(page);

  const box = page.getByTestId("process-map").locator('a[data-figure="state.ready_for_decision"]');
  const count = Number((await box.locator(".app-process__value").textContent())!.replace(/,/g, ""));
  expect(count).toBeGreaterThanOrEqual(1);
  // The table alternative says the same.
  await expect(page.getByTestId("state-ready_for_decision").locator('a[data-figure="state.ready_for_decision"]')).toContainText(String(count));
  await box.click();
  await expect(page).toHaveURL(/\/measures\/records\?figure=state\.ready_for_decision/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Contacts that passed through \u201cReady for decision\u201d");
  await expect(page.getByTestId("records-total")).toHaveText(`${count} ${count === 1 ? "contact" : "contacts"}`);
  const csv = await page.request.get(await page.getByTestId("download-csv").getAttribute("href") as string);
  const text = await csv.text();
  expect(text.replace(/^\uFEFF/, "").split(/\r?\n/).filter((l) => l.length > 0)).toHaveLength(count + 1);
  expect(text).toContain(reference);
  await expectAccessible(page);

  // A Sankey node opens its list too: the referral source of the contact (3A, a GP) has the measures' own figure.
  await page.goto(FLOW);
  const node = page.getByTestId("flow-diagram").locator('a[data-figure="by_source.3A.contacts"]');
  const label = (await node.getAttribute("aria-label"))!;
  const nodeCount = Number(/: ([\d,]+) contacts?, open the list/.exec(label)![1]!.replace(/,/g, ""));
  await node.click();
  await expect(page.getByTestId("records-total")).toHaveText(`${nodeCount} ${nodeCount === 1 ? "contact" : "contacts"}`);
});

test("the page works without JavaScript, the period form keeps to the flow, and nothing scrolls sideways at 375 px", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signInAs(page, "manager@demo.mash.example");
  await page.goto(FLOW);
  await expect(page.locator("svg.app-flow path.app-flow__link").first()).toBeVisible();
  await expect(page.locator("svg.app-process rect.app-process__box")).toHaveCount(8);
  await page.screenshot({ path: "test-results/demand-flow-1280.png", fullPage: true });
  // Every label of the Sankey lies inside the drawing (none cut at its edges) and clear of every bar.
  const flowLabels = await sankeyLabelPlaces(page);
  expect(flowLabels.length).toBeGreaterThanOrEqual(3);
  expect(flowLabels.filter((l) => l.outside || l.overBar)).toEqual([]);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(FLOW);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: "test-results/demand-flow-375.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByLabel("This month").check();
  await page.getByRole("button", { name: "Show the measures" }).click();
  await page.waitForURL((url) => url.pathname === "/measures/flow" && url.searchParams.get("to") === today && url.searchParams.get("from") === `${today.slice(0, 8)}01`);
  await expect(page.getByTestId("process-map")).toBeVisible();
  await context.close();
});
