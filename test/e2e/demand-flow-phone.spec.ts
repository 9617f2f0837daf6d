/**
 * The demand flow page on a phone (375 px wide): the Sankey and the process map keep text as legible
 * as on a desktop (drawn at their own size, not shrunk to the screen: shrunk, their 11.5–14 px text
 * became 4–5 px) and scroll sideways inside their own labelled frames, never the page; a box at the
 * far end of the map comes into view when the keyboard reaches it; the page stays accessible (axe).
 * Twelve months of the demo data, so every box and many arrows are drawn.
 */
import { expect, test } from "@playwright/test";
import { expectAccessible, sankeyLabelPlaces, signInAs } from "./helpers";

const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
const from = `${Number(today.slice(0, 4)) - 1}${today.slice(4, 8)}01`;
const FLOW = `/measures/flow?from=${from}&to=${today}`;

test("at 375 px the diagrams keep legible text and scroll inside their frames, never the page", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  await signInAs(page, "manager@demo.mash.example");
  await page.goto(FLOW);
  await expect(page.getByTestId("process-map")).toBeVisible();

  // Nothing scrolls the page sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

  // Every piece of text in both diagrams is drawn at 11 px or more (its font size times the drawing's scale).
  const sizes = await page.evaluate(() =>
    [...document.querySelectorAll<SVGTextElement>("svg.app-flow text, svg.app-process text")].map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM()!.a),
  );
  expect(sizes.length).toBeGreaterThan(20);
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);

  // Every label of the Sankey lies inside the drawing (none cut at its edges: twelve months of the demo
  // data draw the longest source names) and clear of every bar; a shortened one keeps its full text in a <title>.
  const flowLabels = await sankeyLabelPlaces(page);
  expect(flowLabels.length).toBeGreaterThan(10);
  expect(flowLabels.filter((l) => l.outside || l.overBar)).toEqual([]);
  const shortened = await page.evaluate(() =>
    [...document.querySelectorAll("svg.app-flow text title")].map((t) => ({ full: t.textContent!, drawn: t.parentElement!.textContent!.replace(t.textContent!, "") })),
  );
  expect(shortened.length).toBeGreaterThan(0);
  for (const { full, drawn } of shortened) {
    expect(drawn).toMatch(/… \([\d,]+\)$/);
    expect(full).not.toContain("…");
    expect(full.startsWith(drawn.replace(/… \([\d,]+\)$/, ""))).toBe(true);
  }
  await page.screenshot({ path: "test-results/demand-flow-phone-375.png", fullPage: true });

  // Each diagram scrolls inside its own labelled frame.
  for (const name of [/The demand flow diagram/, /The process map/]) {
    const frame = page.getByRole("region", { name });
    await expect(frame).toBeVisible();
    const { scrollWidth, clientWidth } = await frame.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(clientWidth).toBeLessThanOrEqual(375);
    expect(scrollWidth).toBeGreaterThan(clientWidth);
  }

  // The keyboard brings the far end of the map into view: the "Closed" box, focused, lies on the screen.
  const closed = page.getByTestId("process-map").locator('a[data-figure="state.closed"]');
  await closed.focus();
  const box = (await closed.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(375);

  await expectAccessible(page);
  await context.close();
});
