/**
 * The app against PostgreSQL through a TCP proxy that the test cuts, black-holes and restores
 * (issue 7, finding 1), and its logs after a failing request (finding 6). The app runs in its own
 * process on its own database, created here and dropped afterwards.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import pg from "pg";
import { hashPassword } from "../../app/auth/password.server";
import { openDatabase } from "../../db/client";
import { insertUser } from "../../db/queries/users";
import { type AppProcess, runAppUntilExit, startApp } from "./support/app-process";
import { TcpProxy } from "./support/tcp-proxy";

const SERVER_URL = new URL(process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test");
const DATABASE = `outage_${randomBytes(4).toString("hex")}`;
const SCREENER = { email: "outage-screener@test.example", password: "outage-test-password-1" };

function databaseUrl(port: number, database = DATABASE) {
  const url = new URL(SERVER_URL.href);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  url.pathname = `/${database}`;
  return url.href;
}

async function admin<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(Number(SERVER_URL.port || 5432), database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

test.describe.configure({ mode: "serial" });

let proxy: TcpProxy;
let app: AppProcess;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await admin(SERVER_URL.pathname.slice(1) || "postgres", (c) => c.query(`create database ${DATABASE}`));
  // Migrated by the app's own command (Playwright's loader cannot import the migrations' JSON data).
  execFileSync("node_modules/.bin/tsx", ["scripts/db-migrate.ts"], { env: { ...process.env, DATABASE_URL: databaseUrl(Number(SERVER_URL.port || 5432)) } });
  const handle = await openDatabase({ url: databaseUrl(Number(SERVER_URL.port || 5432)) });
  await insertUser(handle.db, {
    id: crypto.randomUUID(),
    email: SCREENER.email,
    display_name: "Outage Screener",
    role: "screener",
    agency_code: null,
    hub_code: null,
    password_hash: await hashPassword(SCREENER.password),
  });
  await handle.close();

  proxy = new TcpProxy({ host: "127.0.0.1", port: Number(SERVER_URL.port || 5432) });
  const proxyPort = await proxy.listen();
  app = await startApp({
    DATABASE_URL: databaseUrl(proxyPort),
    DEMO_DATA: "off",
    DATABASE_CONNECT_TIMEOUT_MS: "1000",
    DATABASE_STATEMENT_TIMEOUT_MS: "2000",
    // As behind a TLS-terminating proxy: its X-Forwarded-Proto says whether the browser used HTTPS.
    TRUST_PROXY: "true",
  });
});

test.afterAll(async () => {
  await app?.stop();
  // What the app printed, for reading after a failure.
  if (app) writeFileSync("test-results/database-outage-app.log", app.output());
  await proxy?.close();
  await admin(SERVER_URL.pathname.slice(1) || "postgres", (c) => c.query(`drop database if exists ${DATABASE} with (force)`));
});

async function signIn(page: Page) {
  await page.goto(`${app.url}/sign-in`);
  await page.getByLabel("E-mail address").fill(SCREENER.email);
  await page.getByLabel("Password").fill(SCREENER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${app.url}/queue`);
}

/** Records a contact about one child; returns the contact's address if the app acknowledged it, else null. */
async function recordContact(page: Page, lastName: string, concern = "Outage test: school reports bruising on the child's arm."): Promise<string | null> {
  await page.goto(`${app.url}/contacts/new`);
  await page.getByLabel("Referrer's name").fill("Outage Test Referrer");
  await page.getByRole("radio", { name: "A professional" }).check();
  await page.getByLabel("Organisation (for a professional)").fill("Outage Test School");
  await page.getByLabel("Referral source (census code)").selectOption("2A");
  await page.getByRole("radio", { name: "Phone call" }).check();
  await page.locator("[id='children.0.firstName']").fill("Robin");
  await page.locator("[id='children.0.lastName']").fill(lastName);
  await page.locator("[id='children.0.sex']").check();
  await page.getByLabel("The concern, in the referrer's words").fill(concern);
  await page.locator("[id='immediateRisk-no']").check();
  await page.getByRole("radio", { name: "Consent not sought" }).check();
  await page.getByRole("button", { name: "Record the contact" }).click();
  const recorded = page.getByTestId("recorded-banner");
  await recorded.or(page.getByRole("heading", { level: 1, name: /^Sorry/ })).or(page.locator(".govuk-error-summary")).first().waitFor();
  const acknowledged = await recorded.isVisible();
  return acknowledged ? page.url() : null;
}

async function statusOf(page: Page, path: string) {
  return (await page.request.get(`${app.url}${path}`, { maxRedirects: 0 })).status();
}

test("behind a trusted proxy, HTTPS makes the session cookie Secure and adds HSTS; plain HTTP does neither", async ({ request }) => {
  const signIn = (proto: string) =>
    request.post(`${app.url}/sign-in`, {
      headers: { Origin: app.url, "X-Forwarded-Proto": proto },
      form: { email: SCREENER.email, password: SCREENER.password },
      maxRedirects: 0,
    });
  const overHttps = await signIn("https");
  expect(overHttps.status()).toBe(302);
  expect(overHttps.headers()["set-cookie"]).toMatch(/mash_session=[^;]+;.*Secure/i);
  expect(overHttps.headers()["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  const overHttp = await signIn("http");
  expect(overHttp.status()).toBe(302);
  expect(overHttp.headers()["set-cookie"]).toMatch(/mash_session=/);
  expect(overHttp.headers()["set-cookie"]).not.toMatch(/Secure/i);
  expect(overHttp.headers()["strict-transport-security"]).toBeUndefined();
});

test("the app answers 503 while PostgreSQL is cut off, serves again within 5 s of its return, and loses no acknowledged contact", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page);
  const acknowledged: string[] = [];
  const before = await recordContact(page, "Beforecut");
  expect(before).not.toBeNull();
  acknowledged.push(before!);

  // Cut while thirty pages are being read: connections drop under checked-out clients too. Each
  // request gets its page or the 503 page, and the process lives on.
  const inFlight = Array.from({ length: 30 }, () => page.request.get(`${app.url}/queue`, { maxRedirects: 0 }).then((r) => r.status(), () => 0));
  await new Promise((resolve) => setTimeout(resolve, 20));
  proxy.cut();
  const statuses = await Promise.all(inFlight);
  expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
  expect(await statusOf(page, "/health")).toBe(200);
  // The first request after the cut finds the database gone; from then on every answer is 503 at once.
  await expect.poll(() => statusOf(page, "/queue"), { timeout: 10_000 }).toBe(503);
  const started = Date.now();
  expect(await statusOf(page, "/queue")).toBe(503);
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(await statusOf(page, "/health")).toBe(200);
  expect(await statusOf(page, "/ready")).toBe(503);
  await page.goto(`${app.url}/queue`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sorry, the service is unavailable");
  await expect(page.locator("body")).toContainText("Everything that was saved is safe");
  await page.screenshot({ path: "test-results/database-outage-503.png", fullPage: true });

  // A contact sent while the database is away is not acknowledged (and so not counted as recorded).
  const during = await page.request.post(`${app.url}/contacts/new`, {
    headers: { Origin: app.url },
    form: { referrerName: "Cut off" },
    maxRedirects: 0,
  });
  expect(during.status()).toBe(503);

  proxy.restore();
  const restored = Date.now();
  await expect.poll(() => statusOf(page, "/queue"), { timeout: 5_000, intervals: [100] }).toBe(200);
  expect(Date.now() - restored).toBeLessThan(5_000);
  expect(await statusOf(page, "/ready")).toBe(200);

  // Still signed in; recording works again.
  const after = await recordContact(page, "Aftercut");
  expect(after).not.toBeNull();
  acknowledged.push(after!);

  for (const url of acknowledged) {
    const response = await page.request.get(url);
    expect(response.status()).toBe(200);
  }
  const stored = await admin(DATABASE, (c) =>
    c.query<{ n: number }>(`select count(*)::int as n from contacts where referrer->>'name' = 'Outage Test Referrer'`),
  );
  expect(stored.rows[0]!.n).toBe(acknowledged.length);
});

test("a database that accepts connections but never answers gets the 503 page within seconds, not a hung request", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page);
  proxy.blackhole();
  const started = Date.now();
  // Connect timeout 1 s, statement limit 2 s: the first request gives up within a few seconds.
  expect(await statusOf(page, "/queue")).toBe(503);
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(await statusOf(page, "/ready")).toBe(503);

  proxy.restore();
  const restored = Date.now();
  await expect.poll(() => statusOf(page, "/queue"), { timeout: 10_000, intervals: [100] }).toBe(200);
  expect(Date.now() - restored).toBeLessThan(10_000);
});

test("at start-up, a database that never answers is waited for with a message each attempt, then a plain reason to stop", async () => {
  test.setTimeout(60_000);
  const silent = new TcpProxy({ host: "127.0.0.1", port: Number(SERVER_URL.port || 5432) });
  const port = await silent.listen();
  silent.blackhole();
  try {
    const run = await runAppUntilExit(
      { DATABASE_URL: databaseUrl(port), DEMO_DATA: "off", DATABASE_CONNECT_TIMEOUT_MS: "1000", DATABASE_START_WAIT_SECONDS: "3" },
      30_000,
    );
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/Waiting for PostgreSQL at 127\.0\.0\.1:\d+\/outage_\w+ \(attempt 1: /);
    expect(run.output).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:\d+\/outage_\w+: /);
    expect(run.output).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(run.ms).toBeLessThan(20_000);
  } finally {
    await silent.close();
  }
});

test.describe("without JavaScript (the error page comes with the failing request)", () => {
  test.use({ javaScriptEnabled: false });

test("a failing request is logged with a reference, never with what was typed about the child", async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page);
  const secret = `Quokka${randomBytes(4).toString("hex")}`;
  // PostgreSQL refuses the row and quotes the concern in its error message, as constraint errors quote rows.
  await admin(DATABASE, async (c) => {
    await c.query(`create function refuse_contact() returns trigger language plpgsql as $$ begin raise exception 'refused row: %', new.concern; end $$`);
    await c.query(`create trigger refuse_contact before insert on contacts for each row execute function refuse_contact()`);
  });
  try {
    const recorded = await recordContact(page, secret, `The child ${secret} said she is frightened of going home.`);
    expect(recorded).toBeNull();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sorry, there is a problem with the service");
    const reference = (await page.locator("strong").filter({ hasText: /^E-[0-9A-F]{8}$/ }).textContent())!;
    await expect.poll(() => app.output()).toContain(reference);
    expect(app.output()).not.toContain(secret);
    expect(app.output()).toMatch(new RegExp(`error ${reference} on POST /contacts/new: database error P0001`));
  } finally {
    await admin(DATABASE, async (c) => {
      await c.query(`drop trigger refuse_contact on contacts`);
      await c.query(`drop function refuse_contact()`);
    });
  }
});
});
