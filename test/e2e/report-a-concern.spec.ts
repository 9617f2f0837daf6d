import { expect, test } from "@playwright/test";
import { expectAccessible, findInQueue, signInAs } from "./helpers";

test("a member of the public reports a concern, gets a reference at once, and it appears in the MASH queue", { tag: "@no-js" }, async ({ page, browser }) => {
  await page.goto("/report-a-concern");
  await expect(page.getByText("If a child is in immediate danger, call 999 now")).toBeVisible();
  await expectAccessible(page);

  // A report without what the MASH needs is refused in plain words, keeping what was typed.
  await page.getByRole("radio", { name: "A neighbour, friend or childminder" }).check();
  await page.getByLabel("Your name").fill("Pat Jones");
  await page.getByRole("button", { name: "Send the report" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Tell us what you are worried about");
  await expect(page.getByLabel("Your name")).toHaveValue("Pat Jones");
  await expectAccessible(page);

  await page.getByLabel("The child's first name").fill("Ruby");
  await page.getByLabel("The child's last name").fill("Fenwick");
  await page.getByLabel("What are you worried about?").fill("The little girl next door is often left alone at night and cries for hours.");
  await page.getByRole("button", { name: "Send the report" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Report sent");
  const reference = (await page.getByTestId("reference").textContent())!.trim();
  expect(reference).toMatch(/^MASH-\d{4}-\d{6}$/);
  await expect(page.locator("main")).not.toContainText("Ruby");
  await expectAccessible(page);

  const screener = await (await browser.newContext()).newPage();
  await signInAs(screener, "screener@demo.mash.example");
  // The report waits in the MASH queue (page by page until its row), as received.
  const row = await findInQueue(screener, reference);
  await expect(row).toContainText("Received");
  await row.getByRole("link", { name: reference }).click();
  await expect(screener.getByTestId("contact-state")).toHaveText("Received");
  await expect(screener.locator(".moj-timeline")).toContainText("from the online form");
});

test("the same report sent twice at once is one report: both get the same reference", async ({ page }) => {
  await page.goto("/report-a-concern");
  await page.getByRole("radio", { name: "A neighbour, friend or childminder" }).check();
  await page.getByLabel("Your name").fill("Sam Reid");
  await page.getByLabel("The child's first name").fill("Ellie");
  await page.getByLabel("What are you worried about?").fill("Ellie is shouted at late every night and I have seen her outside alone in the cold.");

  // The form exactly as the browser would send it, idempotency key and all, sent twice at once.
  const body = await page.evaluate(() => {
    const form = document.querySelector("form[method=post]") as HTMLFormElement;
    return new URLSearchParams(new FormData(form) as unknown as Record<string, string>).toString();
  });
  expect(body).toMatch(/idempotencyKey=[0-9a-f-]{36}/);
  const sent = await page.evaluate(async (form) => {
    const send = () => fetch("/report-a-concern", { method: "POST", body: new URLSearchParams(form) }).then((r) => ({ status: r.status, url: r.url }));
    return Promise.all([send(), send()]);
  }, body);
  expect(sent.map((s) => s.status)).toEqual([200, 200]);
  const references = sent.map((s) => new URL(s.url).searchParams.get("reference"));
  expect(references[0]).toMatch(/^MASH-\d{4}-\d{6}$/);
  expect(references[1]).toBe(references[0]);

  // And a third time through the page itself (the button pressed after all): the same reference again.
  await page.getByRole("button", { name: "Send the report" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Report sent");
  await expect(page.getByTestId("reference")).toHaveText(references[0]!);
});
