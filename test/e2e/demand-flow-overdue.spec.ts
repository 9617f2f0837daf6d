/**
 * The process map shows partner information overdue (the machine's substate) as a box of its own
 * inside "Awaiting partner information", in the drawing and in the stages table, and its count opens
 * the list of the contacts it counts (the same number). Twelve months of the demo data.
 */
import { expect, test } from "@playwright/test";
import { expectAccessible, signInAs } from "./helpers";

const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
const from = `${Number(today.slice(0, 4)) - 1}${today.slice(4, 8)}01`;
const FLOW = `/measures/flow?from=${from}&to=${today}`;

test("partner information overdue has its own box, and its count opens its list", async ({ page }) => {
  await signInAs(page, "manager@demo.mash.example");
  await page.goto(FLOW);
  const box = page.getByTestId("process-map").locator('a[data-figure="state.partner_information_overdue"]');
  await expect(box).toHaveCount(1);
  await expect(box).toHaveAttribute("aria-label", /^Partner information overdue \(within Awaiting partner information\): [\d,]+ contacts?, median .+, 90% within .+, [\d,]+ there now: open the list$/);
  expect((await box.locator(".app-process__title").allTextContents()).join(" ")).toBe("Partner information overdue");
  const count = Number((await box.locator(".app-process__value").textContent())!.replace(/,/g, ""));

  // The stages table says the same, in words.
  const row = page.getByTestId("state-partner_information_overdue");
  await expect(row.getByRole("rowheader")).toContainText("Partner information overdue (within Awaiting partner information)");
  await expect(row.locator('a[data-figure="state.partner_information_overdue"]')).toContainText(String(count));
  await expectAccessible(page);

  await box.click();
  await expect(page).toHaveURL(/\/measures\/records\?figure=state\.partner_information_overdue/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Contacts that passed through \u201cPartner information overdue\u201d");
  await expect(page.getByTestId("records-total")).toHaveText(`${count} ${count === 1 ? "contact" : "contacts"}`);
});
