/**
 * A request passing its deadline shows as overdue to both sides without anyone touching it
 * (issue 12, item 6). This spec starts a server of its own (the shared one must not have its
 * partners' deadlines moved) on its own embedded database with demo data, whose jobs run every
 * second with their deadline clock two weeks ahead (JOBS_CLOCK_AHEAD_MINUTES, browser tests only),
 * so the Amber request made here is past its deadline for the job as soon as it is made.
 */
import { rmSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { expectAccessible, recordContactAwaitingPartners, signIn, signInAs } from "./helpers";
import { type AppProcess, startApp } from "./support/app-process";

const DATA_DIR = `${process.env.E2E_DATA_DIR ?? ".tmp/e2e-pglite"}-deadlines`;
let app: AppProcess | null = null;
let BASE = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  rmSync(DATA_DIR, { recursive: true, force: true });
  // The app's own process (stopped with it after the tests: its jobs run every second).
  app = await startApp(
    { PGLITE_DATA_DIR: DATA_DIR, NODE_ENV: "test", DATABASE_URL: "", JOBS_INTERVAL_SECONDS: "1", JOBS_CLOCK_AHEAD_MINUTES: String(14 * 24 * 60) },
    { startupMs: 280_000 },
  );
  BASE = app.url;
});

test.afterAll(async () => {
  await app?.stop();
  rmSync(DATA_DIR, { recursive: true, force: true });
});

test("a request past its deadline is overdue for police and for the screener, and the screener is told, with nobody recording it", async ({ browser }) => {
  const mashContext = await browser.newContext({ baseURL: BASE });
  const mash = await mashContext.newPage();
  await signInAs(mash, "screener@demo.mash.example");
  const { reference, contactUrl } = await recordContactAwaitingPartners(mash, { firstName: "Morwenna", lastName: "Trethewey-Pascoe" }, ["police"]);

  // Nobody touches the contact: the job records the deadline as passed within a few seconds.
  await expect(async () => {
    await mash.goto(contactUrl);
    await expect(mash.getByTestId("contact-state")).toHaveText("Partner information overdue", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expectAccessible(mash);

  // The screener who asked is told, in the header and on the notifications page.
  await expect(mash.getByTestId("unread-count")).toHaveText(/^[1-9]\d*$/);
  await mash.getByTestId("notifications-link").click();
  await expect(mash).toHaveURL(/\/notifications$/);
  const notice = mash.getByTestId("notification").filter({ hasText: `Information request overdue: contact ${reference}` });
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText(`Police has not answered the request about contact ${reference}`);
  await expect(notice).not.toContainText("Trethewey-Pascoe");
  await expectAccessible(mash);
  await mash.getByRole("button", { name: "Mark all as read" }).click();
  await expect(mash.getByTestId("unread-summary")).toHaveText("You have read all your notifications.");
  await expect(mash.getByTestId("unread-count")).toHaveCount(0);
  await mashContext.close();

  // Police see it marked overdue in their inbox, and find it with the overdue filter and by reference.
  const policeContext = await browser.newContext({ baseURL: BASE });
  const police = await policeContext.newPage();
  await signIn(police, "police@demo.mash.example");
  await expect(police).toHaveURL(/\/information-requests$/);
  await police.getByLabel("Show").selectOption("overdue");
  await police.getByLabel("Contact reference or child's surname").fill(reference);
  await police.getByRole("button", { name: "Show requests" }).click();
  await expect(police).toHaveURL(/show=overdue/);
  const row = police.getByRole("row").filter({ hasText: reference });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("overdue-tag")).toHaveText("Overdue");
  await expect(row).toContainText("Morwenna Trethewey-Pascoe");
  await expectAccessible(police);
  await policeContext.close();
});
