import { expect, type Page, test } from "@playwright/test";
import { act, expectAccessible, signInAs } from "./helpers";

/** Opens the first open contact in the queue whose state is `state`. */
async function openContactInState(page: Page, state: string) {
  await page.goto("/queue");
  const row = page.locator("[data-testid=queue] tbody tr", { hasText: state }).first();
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Contact MASH-");
}

test("a screener takes a new contact through screening to the partners, and the machine refuses what is not allowed yet", async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");
  await openContactInState(page, "Received");
  await expect(page.getByTestId("contact-state")).toHaveText("Received");
  await expectAccessible(page);

  await act(page, "Start screening");
  await expect(page.getByTestId("done-banner")).toContainText("Start screening");
  await expect(page.getByTestId("contact-state")).toHaveText("Screening");

  // Partner information cannot be requested before the priority is set: refused in plain words, nothing changes.
  await act(page, "Request partner information", async () => {
    await page.locator("#REQUEST_PARTNER_INFORMATION-agencies").check();
  });
  await expect(page.getByTestId("action-refused")).toContainText("priority");
  await expect(page.getByTestId("contact-state")).toHaveText("Screening");
  await expectAccessible(page);

  await act(page, "Set the priority", async () => {
    await page.getByLabel("Amber").check();
    await page.locator("#SET_PRIORITY-reason").fill("Bruising seen by the school; no disclosure.");
  });
  // Each form is sent from the page as the last change left it (a form from before would be stale).
  await expect(page.getByTestId("done-banner")).toContainText("Set the priority");
  await act(page, "Record consent", () => page.locator("#RECORD_CONSENT-consent").check());
  await expect(page.getByTestId("done-banner")).toContainText("Record consent");
  await act(page, "Request partner information", async () => {
    await page.locator("#REQUEST_PARTNER_INFORMATION-agencies").check(); // police
    await page.locator("#REQUEST_PARTNER_INFORMATION-agencies-health").check();
  });
  await expect(page.getByTestId("contact-state")).toHaveText("Awaiting partner information");
  await expect(page.locator("table", { hasText: "Agency" })).toContainText("Police");
  await expect(page.locator("table", { hasText: "Agency" })).toContainText("Health");
  await expect(page.locator(".moj-timeline")).toContainText("Partner information requested");
  await expectAccessible(page);
});

test("a form left open while someone else changes the contact is refused with who and when, keeping what was typed", async ({ browser }) => {
  const screener = await (await browser.newContext()).newPage();
  const manager = await (await browser.newContext()).newPage();
  await signInAs(screener, "screener@demo.mash.example");
  await signInAs(manager, "manager@demo.mash.example");

  await openContactInState(screener, "Received");
  const url = screener.url();
  await manager.goto(url);

  // The screener starts typing an immediate-risk flag; meanwhile the manager starts screening.
  const section = screener.locator("details", { hasText: "Flag immediate risk" }).first();
  await section.locator("summary").click();
  await screener.locator("#FLAG_IMMEDIATE_RISK-rationale").fill("Father made threats to kill; children at home.");
  await act(manager, "Start screening");
  await expect(manager.getByTestId("contact-state")).toHaveText("Screening");

  await section.getByRole("button", { name: "Flag immediate risk" }).click();
  await expect(screener.getByTestId("action-refused")).toContainText("Morgan Reid changed it");
  await expect(screener.locator("#FLAG_IMMEDIATE_RISK-rationale")).toHaveValue("Father made threats to kill; children at home.");
  await expectAccessible(screener);

  // Resubmitting after review applies it to the contact as it is now.
  await screener.locator("details", { hasText: "Flag immediate risk" }).first().getByRole("button", { name: "Flag immediate risk" }).click();
  await expect(screener.getByTestId("contact-state")).toHaveText("Immediate risk: strategy discussion to confirm");
});

test("a manager sees decisions waiting for authorisation and authorises one", async ({ page }) => {
  await signInAs(page, "manager@demo.mash.example");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Management oversight");
  await page.locator("table tbody tr", { hasText: "Awaiting authorisation" }).first().getByRole("link").click();
  await expect(page.getByTestId("contact-state")).toHaveText("Awaiting authorisation");
  await act(page, "Authorise the decision");
  await expect(page.getByTestId("done-banner")).toContainText("Authorise the decision");
  await expect(page.getByTestId("contact-state")).not.toHaveText("Awaiting authorisation");
  await expectAccessible(page);
});
