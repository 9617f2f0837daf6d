import { expect, test, type Page } from "@playwright/test";
import {
  act,
  expectAccessible,
  findInQueue,
  recordContact,
  recordContactAboutNewPerson,
  requestPartnerInformation,
  setPriority,
  signIn,
  signInAs,
  startScreening,
  uniqueLetters,
} from "./helpers";

/**
 * Issue 11: siblings screened together (decision 029); the contact page at 1280 px — full width, the
 * child's story fitting its column; the history and story in words after a full cycle (item 7).
 */

const submit = (page: Page) => page.getByRole("button", { name: "Record for the children ticked" }).click();
const groupRow = (page: Page, name: string) => page.getByTestId("group-child").filter({ hasText: name });

test("siblings screened together: refused for all when one cannot, then priority, consent and partners for each", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "screener@demo.mash.example");
  const surname = `Sibling${uniqueLetters()}`;
  const { contactUrl } = await recordContact(page, [{ firstName: "Ada", lastName: surname }, { firstName: "Bea", lastName: surname }], { consent: "Consent given" });

  // Reached from the contact page's "Recorded with".
  await page.getByTestId("screen-together").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Screen the children together");
  await expect(page.getByTestId("group-child")).toHaveCount(2);
  await expect(page.locator("[name=children]:checked")).toHaveCount(2);
  await expectAccessible(page);

  // Partners cannot be asked without a priority: both children named, nothing recorded for either.
  await page.locator("[name=agencies][value=police]").check();
  await submit(page);
  await expect(page.getByTestId("group-refused")).toContainText("Nothing was recorded for any of the children");
  await expect(page.getByTestId("refused-child")).toHaveCount(2);
  await expect(page.getByTestId("refused-child").filter({ hasText: `Ada ${surname}` })).toContainText("Set the priority (red, amber or green) before requesting partner information");
  await expect(page.getByTestId("refused-child").filter({ hasText: `Bea ${surname}` })).toContainText("Set the priority");
  await expect(groupRow(page, "Ada")).toContainText("Received");
  await expect(groupRow(page, "Bea")).toContainText("Received");
  await expect(page.locator("[name=agencies][value=police]")).toBeChecked();
  await expectAccessible(page);

  // Priority, consent and the request together: recorded for each child.
  await page.locator("[name=priority][value=amber]").check();
  await page.getByLabel("Reason for the priority (needed with a priority)").fill("Both children seen alone at night by a neighbour.");
  await page.locator("[name=consent][value=given]").check();
  await submit(page);
  await expect(page.getByTestId("done-banner")).toContainText("Recorded for 2 children, each on their own contact.");
  for (const name of ["Ada", "Bea"]) {
    await expect(groupRow(page, name)).toContainText("Awaiting partner information");
    await expect(groupRow(page, name)).toContainText("Amber");
    await expect(groupRow(page, name)).toContainText("Given");
  }
  await page.screenshot({ path: "test-results/siblings-together-1280.png", fullPage: true });

  // Each child keeps its own contact and history.
  await page.goto(contactUrl);
  await expect(page.getByTestId("contact-state")).toHaveText("Awaiting partner information");
  await expect(page.getByTestId("partner-police")).toBeVisible();
  await page.getByTestId("history").locator("summary").click();
  await expect(page.getByTestId("history")).toContainText("Priority set");
  await expect(page.getByTestId("history")).toContainText("Priority: Amber");
  await expect(page.getByTestId("history")).toContainText("Agencies: Police");
});

test("siblings from the queue: the child who cannot take the step is named; unticked, the other is recorded alone", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "screener@demo.mash.example");
  const surname = `Queued${uniqueLetters()}`;
  const { contactUrl, reference } = await recordContact(page, [{ firstName: "Cal", lastName: surname }, { firstName: "Dot", lastName: surname }], { consent: "Consent given" });
  // Cal is screened on their own first, with a priority; Dot is not.
  await page.goto(contactUrl);
  await startScreening(page);
  await setPriority(page, "Green", "Seen by the school nurse; no marks.");

  const row = await findInQueue(page, reference);
  const group = await row.getAttribute("data-group");
  await page.locator(`[data-testid=queue-row][data-group="${group}"]`).getByTestId("screen-together").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Screen the children together");

  await page.locator("[name=agencies][value=education]").check();
  await submit(page);
  await expect(page.getByTestId("refused-child")).toHaveCount(1);
  await expect(page.getByTestId("refused-child")).toContainText(`Dot ${surname}`);
  await expect(page.getByTestId("refused-child")).toContainText("Set the priority");
  await expect(groupRow(page, "Cal")).toContainText("Screening");

  await page.getByRole("checkbox", { name: new RegExp(`Dot ${surname}`) }).uncheck();
  await submit(page);
  await expect(page.getByTestId("done-banner")).toContainText("Recorded for 1 child");
  await expect(groupRow(page, "Cal")).toContainText("Awaiting partner information");
  await expect(groupRow(page, "Dot")).toContainText("Received");
});

/** Text in which a code, not its label, would show. */
const RAW_CODES: [RegExp, string][] = [
  [/prejudice_crime/, "a consent override reason's code"],
  [/\b[a-z]+_[a-z_]+\b/, "a snake_case code"],
  [/\bnorth\b/, "a hub's code"],
  [/\bhealth\b/, "an agency's code"],
  [/\bpolice\b/, "an agency's code"],
  [/\bamber\b/, "a RAG code"],
  [/\bred\b/, "a RAG code"],
  [/Level of need: 1\b(?! –)/, "a level of need's code"],
  [/\(email\)/, "a channel's code"],
  [/recordedby/i, "words run together"],
  [/6 : Police/, "a source with a stray space"],
  [/\b(RED|AMBER|GREEN)\b/, "a rating in capitals"],
];

test("a full cycle: the story fits at 1280 px, the page is full width, the history and story are in words", async ({ browser }) => {
  test.setTimeout(240_000);
  const screener = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signInAs(screener, "screener@demo.mash.example");
  const surname = `Story${uniqueLetters()}`;
  const { reference, contactUrl } = await recordContactAboutNewPerson(screener, { firstName: "Esme", lastName: surname }, { channel: "E-mail", source: "6", consent: "Consent refused" });
  await startScreening(screener);
  await setPriority(screener, "Amber", "Bruising seen by the school; no disclosure.");
  await act(screener, "Ask for a consent override", () => screener.locator("[data-testid=action-REQUEST_CONSENT_OVERRIDE] [name=overrideReason][value=prejudice_crime]").check());
  await expect(screener.getByTestId("done-banner")).toContainText("Ask for a consent override");

  const manager = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signInAs(manager, "manager@demo.mash.example");
  await manager.goto(contactUrl);
  await act(manager, "Authorise the consent override", () => manager.locator("#AUTHORISE_CONSENT_OVERRIDE-comments").fill("Police inquiry under way."));
  await expect(manager.getByTestId("done-banner")).toContainText("Authorise the consent override");

  await screener.goto(contactUrl);
  await requestPartnerInformation(screener, ["police", "health"]);
  await expect(screener.getByTestId("contact-state")).toHaveText("Awaiting partner information");

  const police = await (await browser.newContext()).newPage();
  await signInAs(police, "police@demo.mash.example");
  await police.getByRole("row").filter({ hasText: reference }).getByRole("link", { name: reference }).click();
  const returnForm = police.getByTestId("answer-PARTNER_INFORMATION_RETURNED");
  await returnForm.getByLabel("Red").check();
  await returnForm.getByLabel("Why you gave this rating").fill("Recent arrest for violence in the home.");
  await returnForm.getByLabel("The information you are returning").fill("Father arrested in 2025 for assault on the mother.");
  await returnForm.getByRole("button", { name: "Return information" }).click();
  await expect(police.getByTestId("done-banner")).toBeVisible();
  await police.context().close();

  // At 1280 px, with health still awaited: the story fits its column, the workspace uses the width.
  await screener.goto(contactUrl);
  const story = screener.getByTestId("story");
  await expect(story.getByTestId("chronology-contact").first()).toContainText("Partners: Health awaited, Police Red");
  const fit = await screener.getByTestId("chronology").evaluate((table) => {
    const scroller = table.parentElement!;
    return { scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth, tableRight: table.getBoundingClientRect().right, scrollerRight: scroller.getBoundingClientRect().right };
  });
  test.info().annotations.push({ type: "story at 1280 px", description: JSON.stringify(fit) });
  expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
  const widths = await screener.evaluate(() => {
    const main = document.querySelector("main")!.getBoundingClientRect();
    const grid = document.querySelector(".app-workspace__grid")!.getBoundingClientRect();
    const column = document.querySelector(".app-workspace__grid > div")!.getBoundingClientRect();
    return { viewport: document.documentElement.clientWidth, main: main.width, grid: grid.width, column: column.width };
  });
  test.info().annotations.push({ type: "widths at 1280 px", description: JSON.stringify(widths) });
  // Full width: the page's content spans the window less its two 30 px margins, and the main column takes most of it.
  expect(widths.main).toBeGreaterThanOrEqual(widths.viewport - 2 * 30 - 1);
  expect(widths.grid).toBeGreaterThanOrEqual(widths.main - 1);
  expect(widths.column).toBeGreaterThanOrEqual(widths.grid * 0.6);
  await screener.screenshot({ path: "test-results/contact-story-1280.png", fullPage: true });

  // Ahead without health; a step-down to North at level 1, with the family's agreement; North declines.
  await act(screener, "Go ahead to a decision without waiting", () => screener.locator("#PROCEED_TO_DECISION-reason").fill("Police information is enough to decide today."));
  await expect(screener.getByTestId("contact-state")).toHaveText("Ready for decision");
  await act(screener, "Record consent", async () => {
    await screener.locator("#RECORD_CONSENT-consent").check();
    await screener.locator("[data-testid=action-RECORD_CONSENT] [name=purpose][value=early_help]").check();
  });
  await expect(screener.getByTestId("done-banner")).toContainText("Record consent");
  const decision = screener.getByTestId("action-PROPOSE_DECISION");
  await act(screener, "Propose a decision", async () => {
    await decision.locator("[name=outcome][value=early_help]").check();
    await decision.locator('[name=levelOfNeed][value="1"]').check();
    await screener.locator("#PROPOSE_DECISION-rationale").fill("Universal services with a family support offer.");
    await screener.locator("#PROPOSE_DECISION-hub").selectOption("north");
  });
  await expect(screener.getByTestId("contact-state")).toHaveText("Awaiting authorisation");
  await manager.goto(contactUrl);
  await act(manager, "Authorise the decision");
  await expect(manager.getByTestId("done-banner")).toContainText("Authorise the decision");
  await manager.context().close();
  const hub = await (await browser.newContext()).newPage();
  await signIn(hub, "north@demo.mash.example");
  await hub.getByRole("link", { name: reference }).first().click();
  const decline = hub.getByTestId("answer-DECLINE_STEP_DOWN");
  await decline.getByLabel("Why the hub is declining").fill("The family already has a worker from another team.");
  await decline.getByRole("button", { name: "Decline the step-down" }).click();
  await expect(hub.getByTestId("done-banner")).toBeVisible();
  await hub.context().close();

  // The contact's history and the child's story: labels, never codes.
  await screener.goto(contactUrl);
  await screener.getByTestId("history").locator("summary").click();
  const history = await screener.getByTestId("history").innerText();
  const storyText = await screener.getByTestId("story").innerText();
  const details = await screener.locator(".app-contact-details").innerText();
  for (const [text, where] of [[history, "history"], [storyText, "story"], [details, "the contact's details"]] as const) {
    for (const [code, what] of RAW_CODES) expect(text, `${what} in ${where}`).not.toMatch(code);
  }
  // And the labels are there.
  expect(history).toContain("Reason: Seeking consent would prejudice the prevention or detection of crime");
  expect(history).toContain("Priority: Amber");
  expect(history).toContain("Agencies: Health, Police");
  expect(history).toContain("Their RAG rating: Red");
  expect(history).toContain("Level of need: 1 – Universal");
  expect(history).toContain("Hub: North");
  expect(history).toMatch(/Contact recorded\s+by /);
  expect(details).toContain("(E-mail), source: Police");
  expect(storyText).toContain("Early help, North hub: declined (bounce-back)");
  await screener.screenshot({ path: "test-results/contact-story-history-1280.png", fullPage: true });
  await expectAccessible(screener);

  await screener.setViewportSize({ width: 375, height: 800 });
  await screener.goto(contactUrl);
  expect(await screener.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await screener.screenshot({ path: "test-results/contact-story-375.png", fullPage: true });
  await screener.context().close();
});
