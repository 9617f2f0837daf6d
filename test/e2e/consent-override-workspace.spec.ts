import { expect, test, type Page } from "@playwright/test";
import { act, expectAccessible, recordContactAboutNewPerson, requestPartnerInformation, setPriority, signInAs, startScreening } from "./helpers";

/**
 * Issue 12, items 2 and 5, and issue 11's contact workspace: consent refused → the screener asks for
 * an override → a manager authorises it from oversight → requests go to police and health → police
 * return Red, health is chased → the consolidated view; the page measured at 1280 px and 375 px.
 */

async function horizontalOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test("consent override asked for and authorised, partners asked, returns side by side in the workspace", async ({ browser }) => {
  test.setTimeout(180_000);
  const screener = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signInAs(screener, "screener@demo.mash.example");
  const { reference, contactUrl } = await recordContactAboutNewPerson(screener, { firstName: "Orla", lastName: "Quenby-Override" });
  await startScreening(screener);
  await setPriority(screener, "Amber", "Unexplained bruising seen by the school.");

  // The next action for the screener is obvious, open from the start: with consent given at intake, asking partners.
  await expect(screener.getByTestId("next-action")).toContainText("Next for you: Request partner information");
  // The family then refuses consent: sought again, the answer is recorded (and kept with the first).
  await act(screener, "Record consent", () => screener.locator("[data-testid=action-RECORD_CONSENT] [name=consent][value=refused]").check());
  await expect(screener.getByTestId("consent")).toHaveText("Refused");

  // Partners cannot be asked without consent; the screener asks for an override instead.
  await expect(screener.getByTestId("next-action")).toContainText("Next for you: Ask for a consent override");
  await requestPartnerInformation(screener, ["police"]);
  await expect(screener.getByTestId("action-refused")).toContainText("until consent is recorded as given or a manager authorises an override");
  await act(screener, "Ask for a consent override", () =>
    screener.locator("[data-testid=action-REQUEST_CONSENT_OVERRIDE] [name=overrideReason][value=prejudice_crime]").check(),
  );
  await expect(screener.getByTestId("done-banner")).toContainText("Ask for a consent override");
  await expect(screener.getByTestId("override-waiting")).toContainText("waiting for a manager");
  await expect(screener.getByTestId("flag-override-waiting")).toHaveText("Consent override waiting");
  await expectAccessible(screener);

  // The manager finds it in oversight and authorises it with a comment.
  const manager = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signInAs(manager, "manager@demo.mash.example");
  await manager.goto("/oversight");
  const row = manager.getByTestId("consent-override-row").filter({ hasText: reference });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Seeking consent would prejudice the prevention or detection of crime");
  await expect(row).toContainText("Amber");
  await expectAccessible(manager);
  await row.getByRole("link", { name: new RegExp(reference) }).click();
  await expect(manager.getByTestId("next-action")).toContainText("Next for you: Authorise the consent override");
  await act(manager, "Authorise the consent override", () => manager.locator("#AUTHORISE_CONSENT_OVERRIDE-comments").fill("Police inquiry under way; asking would alert the suspect."));
  await expect(manager.getByTestId("done-banner")).toContainText("Authorise the consent override");
  await manager.goto("/oversight");
  await expect(manager.getByTestId("consent-override-row").filter({ hasText: reference })).toHaveCount(0);
  await manager.context().close();

  // Requests go out to police and health on the override.
  await screener.goto(contactUrl);
  await expect(screener.getByTestId("consent-override")).toContainText("Police inquiry under way");
  await requestPartnerInformation(screener, ["police", "health"]);
  await expect(screener.getByTestId("contact-state")).toHaveText("Awaiting partner information");

  // Police return Red.
  const police = await (await browser.newContext()).newPage();
  await signInAs(police, "police@demo.mash.example");
  await police.getByRole("row").filter({ hasText: reference }).getByRole("link", { name: reference }).click();
  await expect(police.getByText("Lawful basis for sharing")).toBeVisible();
  const returnForm = police.getByTestId("answer-PARTNER_INFORMATION_RETURNED");
  await returnForm.getByLabel("Red").check();
  await returnForm.getByLabel("Why you gave this rating").fill("Violence towards the mother, with the father's bail lapsed.");
  await returnForm.getByLabel("The information you are returning").fill("Father arrested in 2025 for assault on the mother; bail conditions lapsed.");
  await returnForm.getByRole("button", { name: "Return information" }).click();
  await expect(police.getByTestId("done-banner")).toBeVisible();
  await police.context().close();

  // The screener chases health, then sees every agency side by side.
  await screener.goto(contactUrl);
  const health = screener.getByTestId("partner-health");
  await health.getByLabel(/How you chased/).fill("Phoned the health visiting duty desk.");
  await health.getByRole("button", { name: /Record a chase/ }).click();
  await expect(screener.getByTestId("done-banner")).toContainText("Chase recorded");
  const policeCard = screener.getByTestId("partner-police");
  await expect(policeCard).toHaveAttribute("data-state", "returned");
  await expect(policeCard).toContainText("Returned");
  await expect(policeCard).toContainText("Red");
  await expect(policeCard.getByTestId("highest-rating")).toHaveText("Highest rating");
  await expect(screener.getByTestId("partner-health")).toHaveAttribute("data-state", "requested");
  await expect(screener.getByTestId("partner-health").getByTestId("chases")).toContainText("Phoned the health visiting duty desk.");
  await expect(screener.getByTestId("partner-counts")).toContainText("2 asked · 1 answered · 0 overdue · 1 chased");
  // Going ahead without health's answer needs a reason, and the reason is shown.
  await act(screener, "Go ahead to a decision without waiting");
  await expect(screener.getByTestId("action-refused")).toContainText("Still waiting for health: give a reason");
  await act(screener, "Go ahead to a decision without waiting", () => screener.locator("#PROCEED_TO_DECISION-reason").fill("Police information is enough to decide today."));
  await expect(screener.getByTestId("contact-state")).toHaveText("Ready for decision");
  await expect(screener.getByTestId("proceeded")).toContainText("Police information is enough to decide today.");

  // The decision form shows only the chosen outcome's fields (CSS only).
  await expect(screener.getByTestId("next-action")).toContainText("Next for you: Propose a decision");
  await expect(screener.locator("#PROPOSE_DECISION-hub")).toBeHidden();
  await expect(screener.locator("#PROPOSE_DECISION-referralTeam")).toBeHidden();
  await screener.locator("[data-testid=action-PROPOSE_DECISION] [name=outcome][value=referral]").check();
  await expect(screener.locator("#PROPOSE_DECISION-referralTeam")).toBeVisible();
  await expect(screener.locator("#PROPOSE_DECISION-hub")).toBeHidden();

  // The summary band, flags and allocation are in view; the page at 1280 px and at 375 px.
  await expect(screener.getByTestId("summary-band")).toBeVisible();
  await expect(screener.getByTestId("band-clock")).toContainText("by ");
  await expect(screener.getByTestId("band-allocation")).toBeVisible();
  await expectAccessible(screener);
  // The child's story fits its column (its last column, "Partners: Health awaited …", was cut off) and the workspace uses the full width.
  const fit = await screener.getByTestId("chronology").evaluate((table) => ({ scrollWidth: table.parentElement!.scrollWidth, clientWidth: table.parentElement!.clientWidth }));
  expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
  const widths = await screener.evaluate(() => ({
    viewport: document.documentElement.clientWidth,
    main: document.querySelector("main")!.getBoundingClientRect().width,
    column: document.querySelector(".app-workspace__grid > div")!.getBoundingClientRect().width,
  }));
  expect(widths.main).toBeGreaterThanOrEqual(widths.viewport - 2 * 30 - 1);
  expect(widths.column).toBeGreaterThanOrEqual(widths.main * 0.6);
  const height1280 = await screener.evaluate(() => document.documentElement.scrollHeight);
  console.log(`contact page after a full screening cycle: ${height1280} px high at 1280 px wide`);
  await screener.screenshot({ path: "test-results/contact-workspace-1280.png", fullPage: true });
  expect(height1280).toBeLessThan(4000);
  // The band stays in view while the page scrolls.
  await screener.mouse.wheel(0, 1500);
  await expect(screener.getByTestId("summary-band")).toBeInViewport();
  await screener.setViewportSize({ width: 375, height: 800 });
  await screener.goto(contactUrl);
  expect(await horizontalOverflow(screener)).toBeLessThanOrEqual(0);
  await screener.screenshot({ path: "test-results/contact-workspace-375.png", fullPage: true });
  await expectAccessible(screener);
  await screener.context().close();
});
