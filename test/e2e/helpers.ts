import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "front-door-demo";

/** The WCAG 2.2 level A and AA rules axe checks (2.0, 2.1 and 2.2). */
export const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * No accessibility violation at all, of any impact, on the page as it is now (WCAG 2.2 A and AA rules).
 * Every violation is listed, and the test fails (softly: it goes on, so one run shows them all).
 */
export async function expectAccessible(page: Page) {
  // A page without JavaScript (the no-JavaScript project) cannot run axe itself: axe runs on a copy of
  // the page as the browser has it — the same markup and styles, without the page's own scripts.
  const scriptsRan = await page.evaluate(() => "__remixContext" in window);
  const target = scriptsRan ? { page, close: async () => {} } : await copyWithoutScripts(page);
  try {
    const results = await new AxeBuilder({ page: target.page }).withTags(WCAG_22_AA).analyze();
    expect.soft(results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")}) on ${page.url()}`)).toEqual([]);
  } finally {
    await target.close();
  }
}

/** The page as the browser shows it without JavaScript, at the same address, in a context where axe's own script can run. */
async function copyWithoutScripts(page: Page) {
  const url = page.url();
  const html = (await page.content())
    .replace(/<script\b[\s\S]*?<\/script>/gi, "")
    // Shown when scripts do not run: kept as shown.
    .replace(/<noscript\b/gi, "<div data-noscript")
    .replace(/<\/noscript>/gi, "</div>");
  const context = await page.context().browser()!.newContext({ javaScriptEnabled: true, viewport: page.viewportSize() });
  const copy = await context.newPage();
  await copy.route((u) => u.href === url, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
  await copy.goto(url);
  return { page: copy, close: () => context.close() };
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs out and waits for the sign-in page (a navigation started before the sign-out lands would otherwise cancel it). */
export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.waitForURL(/\/sign-in/);
}

/** Signs in and waits until the user's start page has loaded. */
export async function signInAs(page: Page, email: string, password = DEMO_PASSWORD) {
  await signIn(page, email, password);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

/** Opens the lifecycle action titled `title` on the contact page, fills it and sends it. */
export async function act(page: Page, title: string, fill?: () => Promise<void>) {
  const section = page.locator("details", { hasText: title }).first();
  // The next action for the user's role is open already (issue 11 "Design"): open only a closed one.
  if (!(await section.evaluate((el) => (el as HTMLDetailsElement).open))) await section.locator("summary").click();
  await fill?.();
  await section.getByRole("button", { name: title }).click();
}

/** A child as the referrer describes them. */
export interface Child {
  firstName: string;
  lastName: string;
  /** F (the default), M or U (not known). */
  sex?: "F" | "M" | "U";
  dateOfBirth?: { day: number; month: number; year: number };
}

/** Who made the contact, how, and what they said (each has a default). */
export interface ContactDetails {
  referrer?: string;
  organisation?: string;
  /** The census referral source code. */
  source?: string;
  /** How it came in, as the radio is labelled ("Phone call", "Police notification", …). */
  channel?: string;
  concern?: string;
  /** The consent radio's label ("Consent given", "Consent not sought", …). */
  consent?: string;
  /** Received this many days before today at 09:00 (recorded late, with the reason); otherwise now. */
  receivedDaysAgo?: number;
  /** The referrer says a child is at immediate risk (otherwise not). */
  immediateRisk?: boolean;
}

/** The local (Europe/London) date `days` before today, as an address carries it: 2024-03-09. */
export function isoDateDaysAgo(days: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date(Date.now() - days * 86_400_000));
}

/** The local (Europe/London) date `days` before today. */
function ukDateDaysAgo(days: number): { day: string; month: string; year: string } {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "numeric", year: "numeric" }).formatToParts(new Date(Date.now() - days * 86_400_000));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return { day: part("day"), month: part("month"), year: part("year") };
}

/**
 * As the signed-in screener (or manager): records a contact about one child, or about siblings (each
 * child's contact is its own), none of them linked to a person record yet. Returns the address and
 * reference of the first child's contact.
 */
export async function recordContact(page: Page, children: Child | Child[], details: ContactDetails = {}) {
  const all = Array.isArray(children) ? children : [children];
  await page.goto("/contacts/new");
  await page.getByLabel("Referrer's name").fill(details.referrer ?? "Mr Sam Ellery");
  await page.getByRole("radio", { name: "A professional" }).check();
  await page.getByLabel("Organisation (for a professional)").fill(details.organisation ?? "Tiverton Health Centre");
  await page.getByLabel("Referral source (census code)").selectOption(details.source ?? "3A");
  await page.getByRole("radio", { name: details.channel ?? "Phone call" }).check();
  if (details.receivedDaysAgo !== undefined) {
    const received = ukDateDaysAgo(details.receivedDaysAgo);
    await page.locator("[id='receivedDate.day']").fill(received.day);
    await page.locator("[id='receivedDate.month']").fill(received.month);
    await page.locator("[id='receivedDate.year']").fill(received.year);
    await page.getByLabel("Time received").fill("09:00");
    await page.getByLabel("If recorded more than an hour after it was received: why").fill("Taken by the out-of-hours service and passed to the MASH today.");
  }
  for (const [i, child] of all.entries()) {
    if (i > 0) {
      await page.getByRole("button", { name: "Add another child" }).click();
      await expect(page.locator(`[id='children.${i}.lastName']`)).toBeVisible();
    }
    await page.locator(`[id='children.${i}.firstName']`).fill(child.firstName);
    await page.locator(`[id='children.${i}.lastName']`).fill(child.lastName);
    await page.locator(`[name='children.${i}.sex'][value='${child.sex ?? "F"}']`).check();
    if (child.dateOfBirth) {
      await page.locator(`[id='children.${i}.dateOfBirth.day']`).fill(String(child.dateOfBirth.day));
      await page.locator(`[id='children.${i}.dateOfBirth.month']`).fill(String(child.dateOfBirth.month));
      await page.locator(`[id='children.${i}.dateOfBirth.year']`).fill(String(child.dateOfBirth.year));
    }
  }
  await page.getByLabel("The concern, in the referrer's words").fill(details.concern ?? "Mother is struggling with the baby's sleep and asked for help.");
  await page.locator(`[name=immediateRisk][value=${details.immediateRisk ? "yes" : "no"}]`).check();
  await page.getByRole("radio", { name: details.consent ?? "Consent given" }).check();
  await page.getByRole("button", { name: "Record the contact" }).click();
  await expect(page.getByTestId("recorded-banner")).toBeVisible();
  const contactUrl = page.url().split("?")[0]!;
  const reference = (await page.getByRole("heading", { level: 1 }).innerText()).replace("Contact ", "").trim();
  return { contactUrl, reference };
}

/** On the "Find the child" page: creates a new person from the search's details and links them. */
export async function createAndLinkNewPerson(page: Page, contactUrl: string) {
  const form = page.locator("section", { hasText: "None of these: create a new person" });
  await form.getByLabel("Female").check();
  await form.getByLabel("No disability").check();
  await form.getByRole("button", { name: "Create a new person and link them" }).click();
  await expect(page).toHaveURL(new RegExp(`${contactUrl}\\?done=CHILD_LINKED`));
}

/** On the "Find the child" page: links the contact to the one person record of that name among the candidates. */
export async function linkExistingPerson(page: Page, contactUrl: string, name: string) {
  const candidate = page.getByTestId("candidate").filter({ hasText: name });
  await expect(candidate).toHaveCount(1);
  await candidate.getByRole("button", { name: /This is the child/ }).click();
  await expect(page).toHaveURL(new RegExp(`${contactUrl}\\?done=CHILD_LINKED`));
}

/** As the signed-in screener: records a contact about a new child and links a new person record to it. */
export async function recordContactAboutNewPerson(page: Page, child: Child, details: ContactDetails = {}) {
  const recorded = await recordContact(page, child, details);
  await page.getByTestId("find-child").click();
  await createAndLinkNewPerson(page, recorded.contactUrl);
  return recorded;
}

/**
 * As the signed-in screener: records a contact about a new child, links a new person record,
 * screens it (Green) and leaves it ready for decision. Returns the contact's address and reference.
 */
export async function recordContactReadyForDecision(page: Page, child: Child, details: ContactDetails = {}) {
  const recorded = await recordContactAboutNewPerson(page, child, details);
  await screenAsGreen(page);
  return recorded;
}

/**
 * As the signed-in screener: records a contact about a new child, links a new person record, starts
 * screening with an Amber priority, records consent and asks `agencies` for what they know.
 */
export async function recordContactAwaitingPartners(page: Page, child: Child, agencies: PartnerAgency[]) {
  const recorded = await recordContactAboutNewPerson(page, child);
  await startScreening(page);
  await setPriority(page, "Amber", "Bruising seen by the school; no disclosure.");
  await recordConsent(page);
  await requestPartnerInformation(page, agencies);
  await expect(page.getByTestId("contact-state")).toHaveText("Awaiting partner information");
  return recorded;
}

/** On an open contact page: starts screening. */
export async function startScreening(page: Page) {
  await act(page, "Start screening");
  await expect(page.getByTestId("done-banner")).toContainText("Start screening");
}

/** On a contact being screened: sets the priority, with the reason. */
export async function setPriority(page: Page, priority: "Red" | "Amber" | "Green", reason: string) {
  await act(page, "Set the priority", async () => {
    await page.getByLabel(priority).check();
    await page.locator("#SET_PRIORITY-reason").fill(reason);
  });
  await expect(page.getByTestId("done-banner")).toContainText("Set the priority");
}

/** On a contact being screened: records that the family consented to sharing with partners. */
export async function recordConsent(page: Page) {
  await act(page, "Record consent", () => page.locator("#RECORD_CONSENT-consent").check());
  // The next form is sent from the page as this change left it (one from before would be stale).
  await expect(page.getByTestId("done-banner")).toContainText("Record consent");
}

export type PartnerAgency = "police" | "health" | "education";

/** On a contact being screened: asks the partner agencies for what they know (refused, with the reason, when not allowed yet). */
export async function requestPartnerInformation(page: Page, agencies: PartnerAgency[]) {
  await act(page, "Request partner information", async () => {
    for (const agency of agencies) await page.locator(`[data-testid=action-REQUEST_PARTNER_INFORMATION] [name=agencies][value=${agency}]`).check();
  });
}

/** On an open contact page: starts screening, sets the priority Green and completes screening. */
export async function screenAsGreen(page: Page) {
  await startScreening(page);
  await setPriority(page, "Green", "No one at risk today.");
  await act(page, "Complete screening");
  await expect(page.getByTestId("done-banner")).toContainText("Complete screening");
  await expect(page.getByTestId("contact-state")).toHaveText("Ready for decision");
}

/** A decision: no further action, a step-down to an early help hub, or a referral (passed to a team, with its census primary need). */
export type Decision =
  | { outcome: "nfa"; reason: string }
  | { outcome: "early_help"; hub: "north" | "exeter" | "mid_east" | "south_west" }
  | { outcome: "referral"; primaryNeed: string; team: string; worker?: string };

/** On a contact ready for decision (linked to a child): proposes the decision, which waits for a manager's authorisation. */
export async function proposeDecision(page: Page, decision: Decision, rationale: string) {
  if (decision.outcome === "early_help") {
    // Early help is consensual: the family's agreement is recorded before the step-down (issue 12, item 2).
    await act(page, "Record consent", async () => {
      await page.locator("#RECORD_CONSENT-consent").check();
      await page.locator("[data-testid=action-RECORD_CONSENT] [name=purpose][value=early_help]").check();
    });
    await expect(page.getByTestId("done-banner")).toContainText("Record consent");
  }
  const form = page.getByTestId("action-PROPOSE_DECISION");
  await act(page, "Propose a decision", async () => {
    await form.locator(`[name=outcome][value=${decision.outcome}]`).check();
    await form.locator('[name=levelOfNeed][value="2"]').check();
    await page.locator("#PROPOSE_DECISION-rationale").fill(rationale);
    switch (decision.outcome) {
      case "early_help":
        await page.locator("#PROPOSE_DECISION-hub").selectOption(decision.hub);
        break;
      case "nfa":
        await page.locator("#PROPOSE_DECISION-reason").fill(decision.reason);
        break;
      case "referral":
        await form.locator("[name=referralNfa][value=no]").check();
        await page.locator("#PROPOSE_DECISION-primaryNeed").selectOption(decision.primaryNeed);
        await page.locator("#PROPOSE_DECISION-referralTeam").fill(decision.team);
        if (decision.worker !== undefined) await page.locator("#PROPOSE_DECISION-referralWorker").fill(decision.worker);
        break;
    }
  });
  await expect(page.getByTestId("contact-state")).toHaveText("Awaiting authorisation");
}

/** As the signed-in manager, on a contact awaiting authorisation: authorises the decision. */
export async function authoriseDecision(page: Page) {
  await act(page, "Authorise the decision");
  await expect(page.getByTestId("done-banner")).toContainText("Authorise the decision");
}

/**
 * Opens the MASH queue (narrowed by `filter`, e.g. "state=received") and goes on page by page to the
 * row of contact `reference`, which must be there. Returns the row, on the page that shows it.
 */
export async function findInQueue(page: Page, reference: string, filter = "") {
  await page.goto(`/queue${filter ? `?${filter}` : ""}`);
  const row = page.locator("[data-testid=queue-row]", { hasText: reference });
  for (let next = 2; (await row.count()) === 0; next++) {
    const nextPage = page.getByRole("link", { name: /Next page/ });
    if ((await nextPage.count()) === 0) {
      // Not in the queue: say what the page showed (its heading and the list's caption), to tell a
      // missing row from a page that did not render the list.
      const heading = await page.getByRole("heading", { level: 1 }).allInnerTexts();
      const caption = await page.getByTestId("queue").locator("caption").allInnerTexts();
      const shown = await page.getByTestId("queue-row").locator("a").allInnerTexts();
      throw new Error(`contact ${reference} is not in the queue (${filter || "no filter"}) at ${page.url()}: heading ${JSON.stringify(heading)}, caption ${JSON.stringify(caption)}, rows ${JSON.stringify(shown)}`);
    }
    await expect(nextPage).toBeVisible({ timeout: 1_000 });
    await nextPage.click();
    await expect(page.getByTestId("queue").locator("caption")).toContainText(`page ${next} of`);
  }
  await expect(row).toHaveCount(1);
  return row;
}

/** Letters unique to this run, for names: a person's name takes letters, spaces, hyphens and apostrophes only. */
export function uniqueLetters(): string {
  return Date.now().toString(36).replace(/\d/g, (d) => "abcdefghij"[Number(d)]!);
}

/** Each label of the demand flow's Sankey: whether it lies outside the drawing, and whether it runs over a bar. */
export async function sankeyLabelPlaces(page: Page) {
  return page.evaluate(() => {
    const svg = document.querySelector("svg.app-flow")!.getBoundingClientRect();
    const bars = [...document.querySelectorAll("svg.app-flow rect.app-flow__node")].map((r) => r.getBoundingClientRect());
    return [...document.querySelectorAll("svg.app-flow text")].map((t) => {
      const b = t.getBoundingClientRect();
      return {
        text: t.textContent,
        outside: b.left < svg.left || b.right > svg.right || b.top < svg.top || b.bottom > svg.bottom,
        overBar: bars.some((r) => b.left < r.right && b.right > r.left && b.top < r.bottom && b.bottom > r.top),
      };
    });
  });
}
