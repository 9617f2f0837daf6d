import { expect, type Page, test } from "@playwright/test";
import { expectAccessible, signInAs } from "./helpers";

const rows = (page: Page) => page.locator("[data-testid=queue-row]");

/** The decision deadlines down the page, as times. */
async function dueTimes(page: Page): Promise<number[]> {
  const values = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-due") ?? ""));
  return values.map((v) => Date.parse(v));
}

test("the queue puts overdue contacts first, unmistakably, and every deadline after the one above it", async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");
  await page.goto("/queue");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("MASH queue");
  await expect(rows(page).first()).toBeVisible();

  const due = await dueTimes(page);
  expect(due.every((t) => Number.isFinite(t))).toBe(true);
  for (let i = 1; i < due.length; i++) expect(due[i]!).toBeGreaterThanOrEqual(due[i - 1]!);

  const summary = (await page.getByTestId("queue-summary").textContent()) ?? "";
  const overdue = Number(/([\d,]+) overdue/.exec(summary)?.[1]?.replace(",", "") ?? 0);
  if (overdue > 0) {
    const first = rows(page).first();
    await expect(first).toHaveAttribute("data-overdue", "true");
    await expect(first.getByTestId("due")).toContainText("Overdue");
    await expect(first.getByTestId("due")).toContainText(/overdue by \d/);
  } else {
    await expect(rows(page).first().getByTestId("due")).toContainText(/due in/);
  }
  // Overdue rows all come before the rest.
  const flags = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-overdue")));
  const firstNotOverdue = flags.indexOf("false");
  if (firstNotOverdue >= 0) expect(flags.slice(firstNotOverdue)).not.toContain("true");
  await expectAccessible(page);

  // The next page carries on from where this one ended.
  const next = page.getByRole("link", { name: /Next page/ });
  if (await next.count()) {
    const lastOnFirst = due.at(-1)!;
    await next.click();
    await expect(page.locator("caption")).toContainText("page 2 of");
    const more = await dueTimes(page);
    expect(more[0]!).toBeGreaterThanOrEqual(lastOnFirst);
    await page.getByRole("link", { name: /Previous page/ }).click();
    await expect(page.locator("caption")).toContainText("page 1 of");
    expect(await dueTimes(page)).toEqual(due);
  }
});

test("filters narrow the queue and survive paging; the state counts ignore them", async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");
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
  await expect(page.getByLabel("Referral source", { exact: true })).toHaveValue("6");
  await expect
    .poll(async () => (await rows(page).locator("td:nth-child(5)").allTextContents()).every((source) => source === "Police"))
    .toBe(true);
  await expect
    .poll(async () => (await rows(page).locator("td:nth-child(4)").allTextContents()).every((priority) => priority === "Not set"))
    .toBe(true);

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
});

test("a manager allocates a contact to the screener, and it is in the screener's work; a screener picks one up", async ({ browser }) => {
  const manager = await (await browser.newContext()).newPage();
  await signInAs(manager, "manager@demo.mash.example");
  await manager.goto("/queue");
  await manager.getByLabel("Allocated to", { exact: true }).selectOption("none");
  await manager.getByRole("button", { name: "Apply filters" }).click();
  await expect(manager).toHaveURL(/allocated=none/);
  const row = rows(manager).first();
  const reference = (await row.getByRole("link").first().textContent())!.trim();
  await row.getByLabel(`Allocate contact ${reference} to`).selectOption({ label: "Sam Okafor" });
  await row.getByRole("button", { name: `Allocate contact ${reference}` }).click();
  await expect(manager.getByTestId("done-banner")).toContainText("allocated");
  await expectAccessible(manager);

  const screener = await (await browser.newContext()).newPage();
  await signInAs(screener, "screener@demo.mash.example");
  await screener.goto("/queue");
  await screener.getByTestId("my-work").click();
  await expect(screener).toHaveURL(/view=mine/);
  const mine = screener.locator("[data-testid=queue-row]", { hasText: reference });
  await expect(mine).toHaveCount(1);
  await expect(mine.getByTestId("allocated-name")).toHaveText("Sam Okafor");
  await expectAccessible(screener);

  // Picking up an unallocated contact puts it in the screener's work too.
  await screener.goto("/queue?allocated=none");
  const unallocated = rows(screener).first();
  const picked = (await unallocated.getByRole("link").first().textContent())!.trim();
  await unallocated.getByRole("button", { name: `Pick up contact ${picked}` }).click();
  await expect(screener.getByTestId("done-banner")).toContainText("picked up");
  await screener.goto("/queue?view=mine");
  await expect(screener.locator("[data-testid=queue-row]", { hasText: picked })).toHaveCount(1);

  // The manager's page was rendered before that pick-up: allocating from it is refused, saying who changed it.
  const stalePage = await (await browser.newContext()).newPage();
  await signInAs(stalePage, "manager@demo.mash.example");
  await stalePage.goto("/queue?allocated=none");
  const target = rows(stalePage).first();
  const targetRef = (await target.getByRole("link").first().textContent())!.trim();
  await screener.goto("/queue?allocated=none");
  await screener.locator("[data-testid=queue-row]", { hasText: targetRef }).getByRole("button", { name: `Pick up contact ${targetRef}` }).click();
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
