import { expect, type Page, test } from "@playwright/test";
import {
  act,
  authoriseDecision,
  expectAccessible,
  findInQueue,
  proposeDecision,
  recordConsent,
  recordContact,
  recordContactReadyForDecision,
  requestPartnerInformation,
  setPriority,
  signInAs,
  startScreening,
  uniqueLetters,
} from "./helpers";

/** Opens a contact from the queue's list of received contacts, where it waits in state "Received". */
async function openReceivedFromQueue(page: Page, reference: string) {
  const row = await findInQueue(page, reference, "state=received");
  await expect(row).toContainText("Received");
  await row.getByRole("link", { name: reference }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Contact ${reference}`);
}

test("a screener takes a new contact through screening to the partners, and the machine refuses what is not allowed yet", { tag: "@no-js" }, async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");
  // This test's own contact, waiting in the queue.
  const { reference } = await recordContact(page, { firstName: "Eglantine", lastName: `Featherstonehaugh-${uniqueLetters()}` });
  await expect(page.getByTestId("contact-state")).toHaveText("Received");
  await openReceivedFromQueue(page, reference);
  await expect(page.getByTestId("contact-state")).toHaveText("Received");
  await expectAccessible(page);

  await startScreening(page);
  await expect(page.getByTestId("contact-state")).toHaveText("Screening");

  // Partner information cannot be requested before the priority is set: refused in plain words, nothing changes.
  await requestPartnerInformation(page, ["police"]);
  await expect(page.getByTestId("action-refused")).toContainText("priority");
  await expect(page.getByTestId("contact-state")).toHaveText("Screening");
  await expectAccessible(page);

  await setPriority(page, "Amber", "Bruising seen by the school; no disclosure.");
  await recordConsent(page);
  await requestPartnerInformation(page, ["police", "health"]);
  await expect(page.getByTestId("contact-state")).toHaveText("Awaiting partner information");
  await expect(page.getByTestId("partner-police")).toContainText("Police");
  await expect(page.getByTestId("partner-health")).toContainText("Health");
  await expect(page.locator(".moj-timeline")).toContainText("Partner information requested");
  await expectAccessible(page);
});

test("a form left open while someone else changes the contact is refused with who and when, keeping what was typed", async ({ browser }) => {
  const screener = await (await browser.newContext()).newPage();
  const manager = await (await browser.newContext()).newPage();
  await signInAs(screener, "screener@demo.mash.example");
  await signInAs(manager, "manager@demo.mash.example");

  const { reference } = await recordContact(screener, { firstName: "Hepzibah", lastName: "Quarterman" });
  await openReceivedFromQueue(screener, reference);
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

test("a manager sees decisions waiting for authorisation and authorises one", { tag: "@no-js" }, async ({ browser }) => {
  // A screener proposes no further action for this test's own contact.
  const screener = await (await browser.newContext()).newPage();
  await signInAs(screener, "screener@demo.mash.example");
  const { reference } = await recordContactReadyForDecision(screener, { firstName: "Leocadia", lastName: "Pennefather" });
  await proposeDecision(screener, { outcome: "nfa", reason: "The health visitor is already supporting the family." }, "Mother asked for help with sleep; the health visitor is involved.");

  const page = await (await browser.newContext()).newPage();
  await signInAs(page, "manager@demo.mash.example");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Management oversight");
  // Every row of the list waits for authorisation; each says what would be authorised.
  const row = page.locator("table tbody tr", { hasText: reference });
  await expect(row).toContainText("No further action");
  await expect(row).toContainText("Leocadia Pennefather");
  await row.getByRole("link", { name: reference }).click();
  await expect(page.getByTestId("contact-state")).toHaveText("Awaiting authorisation");
  await authoriseDecision(page);
  await expect(page.getByTestId("contact-state")).not.toHaveText("Awaiting authorisation");
  await expect(page.getByTestId("contact-state")).toHaveText("Closed");
  await expectAccessible(page);
});
