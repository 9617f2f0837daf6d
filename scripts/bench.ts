/**
 * `npm run bench`: the app's pages at scale, each beside its own limits (issue 13, item 2; decision 031).
 *
 * 1. A throw-away schema of the PostgreSQL at BENCH_DATABASE_URL / TEST_DATABASE_URL (default
 *    postgres://postgres@127.0.0.1:5432/test), migrated and filled by the generator
 *    (`npm run cli -- generate`, app/generate/generate.server.ts) with BENCH_CONTACTS contacts
 *    (default 1,000,000; 50000 for a quicker try) over ten years. BENCH_SCHEMA=<name> reuses a kept
 *    schema, BENCH_KEEP=1 keeps it.
 * 2. The app, built for production (`npm run build` under the browser tests' lock; BENCH_BUILD=0 uses
 *    the build already there), started as its own process on BENCH_PORT (default 3406) against that
 *    schema, with BENCH_USERS (default 20) users signed in per role.
 * 3. For each page — the queue with each filter, the contact page, submitting a contact, the partner
 *    inbox, the hub list, oversight, the dashboard (/measures, twelve months) — BENCH_USERS users ask
 *    for it BENCH_REQUESTS times each (default 20), one request after another per user, and the same
 *    run measures the page's two limits at the same concurrency:
 *    - "SQL alone": the service the page's loader (or action) calls, which is all of its database work,
 *      called directly in this process with a pool of the server's size (DATABASE_POOL_SIZE, 10);
 *    - "bare": a bare `node:http` server (its own process) answering with the same bytes and headers.
 *    Then person search and the twelve-month measures (services, same concurrency) and, unless
 *    BENCH_IMPORT_ROWS=0, the import of BENCH_IMPORT_ROWS rows (default 1,000,000) by
 *    scripts/bench-import-and-measures.ts.
 * It prints p50/p95/p99 and throughput, each page's figure beside its limits as a ratio, the server's
 * resident memory and the machine's load average. Prints figures; never fails on a time.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { cpus, loadavg, totalmem } from "node:os";
import { gunzipSync } from "node:zlib";
import { Migrator, sql } from "kysely";
import type { SessionUser } from "../app/auth/session-user";
import { hashPassword } from "../app/auth/password.server";
import { recordContact } from "../app/contacts/intake.server";
import { checkReceivedAt, intakeSchema } from "../app/contacts/intake.schema";
import { viewContact } from "../app/contacts/view.server";
import { generateHistory } from "../app/generate/generate.server";
import { listAgencyInformationRequests } from "../app/information-requests/information-requests.server";
import { readDashboard } from "../app/measures/dashboard.server";
import { computeMeasures } from "../app/measures/measures.server";
import { searchPeople } from "../app/people/search.server";
import { readOversight } from "../app/queue/oversight.server";
import { readQueue } from "../app/queue/queue.server";
import type { QueueQuery } from "../app/queue/queue.schema";
import { listHubStepDowns } from "../app/step-downs/step-downs.server";
import { type DatabaseHandle, openDatabase } from "../db/client";
import { migrations } from "../db/migrations/index";
import { listAllocatableWorkers } from "../db/queries/queue";
import { insertUser } from "../db/queries/users";
import { ensureReferenceData } from "../db/seed/reference-data";
import { buildUnlessTold, startApp } from "./app-process";

const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const USERS = Number(process.env.BENCH_USERS ?? 20);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20);
const PORT = Number(process.env.BENCH_PORT ?? 3406);
const POOL = Number(process.env.DATABASE_POOL_SIZE ?? 10);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const PASSWORD = `bench-${randomBytes(9).toString("base64url")}`;
const reuse = process.env.BENCH_SCHEMA;
const keep = Boolean(process.env.BENCH_KEEP || reuse);
const schema = reuse ?? `bench_${randomBytes(4).toString("hex")}`;
const base = `http://127.0.0.1:${PORT}`;

const load = () => loadavg().map((l) => l.toFixed(1)).join(" ");
const ms = (since: number) => performance.now() - since;
const fmt = (n: number) => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));

// ---------------------------------------------------------------------------------------------
// Load: `users` loops at once, each `requests` calls one after another
// ---------------------------------------------------------------------------------------------

interface Figures {
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
}

async function underLoad(call: (user: number, i: number) => Promise<unknown>): Promise<Figures> {
  for (let u = 0; u < Math.min(USERS, 3); u++) await call(u, -1); // warm-up
  const times: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: USERS }, async (_, u) => {
      for (let i = 0; i < REQUESTS; i++) {
        const t = performance.now();
        await call(u, i);
        times.push(ms(t));
      }
    }),
  );
  const wall = ms(started);
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), perSecond: (times.length * 1000) / wall };
}

// ---------------------------------------------------------------------------------------------
// HTTP (a small keep-alive loop: decision 031)
// ---------------------------------------------------------------------------------------------

const agent = new http.Agent({ keepAlive: true, maxSockets: USERS * 2 });

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  body: string;
}

function ask(target: string, path: string, options: { cookie?: string; form?: URLSearchParams } = {}): Promise<Answer> {
  const body = options.form?.toString();
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(path, target),
      {
        agent,
        method: body === undefined ? "GET" : "POST",
        headers: {
          "accept-encoding": "gzip",
          accept: "text/html",
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(body !== undefined ? { "content-type": "application/x-www-form-urlencoded", origin: target } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const raw = Buffer.concat(chunks);
          const text = res.headers["content-encoding"] === "gzip" ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, body: text });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

const database = await openDatabase({ url, schema, poolSize: POOL });
const { db } = database;
let server: ChildProcess | null = null;
const children: { bare: ChildProcess | null } = { bare: null };

try {
  console.log(`npm run bench: schema ${schema} at ${database.description}; ${reuse ? "reused" : `${CONTACTS.toLocaleString("en-GB")} contacts to generate`}; ${USERS} concurrent users, ${REQUESTS} requests each per figure.`);
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; load average ${load()}.`);
  if (!reuse) await fill();
  await vacuumSchema();
  const held = (await sql<{ contacts: number; open: number }>`select count(*)::int as contacts, count(*) filter (where outcome is null)::int as open from contacts`.execute(db)).rows[0]!;
  console.log(`The schema holds ${held.contacts.toLocaleString("en-GB")} contacts, ${held.open.toLocaleString("en-GB")} of them open.`);
  const users = await createUsers();
  buildUnlessTold();
  server = await startServer();
  await benchmark(users, server.pid!);
} finally {
  server?.kill("SIGTERM");
  children.bare?.kill("SIGTERM");
  agent.destroy();
  if (!keep) await sql`drop schema ${sql.id(schema)} cascade`.execute(db);
  await database.close();
  console.log(keep ? `\nKept schema ${schema}: drop it with  drop schema ${schema} cascade` : `\nDropped schema ${schema}.`);
}

async function fill() {
  await sql`create extension if not exists pg_trgm schema public`.execute(db);
  await sql`create extension if not exists fuzzystrmatch schema public`.execute(db);
  // Kysely's migrator looks for its own tables in every schema: name this one.
  const migrated = await new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema: schema }).migrateToLatest();
  if (migrated.error) throw migrated.error;
  await ensureReferenceData(db);
  const t = performance.now();
  let shown = -1;
  let building = false;
  const summary = await generateHistory(db, {
    contacts: CONTACTS,
    years: 10,
    seed: 1,
    now: new Date(),
    onProgress: (p) => {
      const tenth = p.phase === "writing" ? Math.floor((10 * p.contacts) / p.total) : 10;
      if (p.phase === "finishing") {
        // One line for all the keys and indexes built.
        if (!p.step.startsWith("building") || !building) process.stderr.write(`  generating: ${p.step.startsWith("building") ? "building keys and indexes" : p.step} (${(ms(t) / 1000).toFixed(0)} s)\n`);
        building = p.step.startsWith("building");
      }
      else if (tenth !== shown) process.stderr.write(`  generating: ${p.contacts.toLocaleString("en-GB")} contacts (${(ms(t) / 1000).toFixed(0)} s, load ${load()})\n`);
      shown = tenth;
    },
  });
  console.log(
    `Generated in ${(ms(t) / 1000).toFixed(0)} s: ${summary.contacts.toLocaleString("en-GB")} contacts (${summary.pending.toLocaleString("en-GB")} open), ${summary.people.toLocaleString("en-GB")} children, ${summary.events.toLocaleString("en-GB")} events, ${summary.partnerRequests.toLocaleString("en-GB")} partners' requests, ${summary.stepDowns.toLocaleString("en-GB")} step-downs; load ${load()}.`,
  );
}

/** This schema's tables only (a bare `vacuum` would visit every schema of the database). */
async function vacuumSchema() {
  const t = performance.now();
  await sql`vacuum analyze people, contacts, contact_events, contact_stage_visits, information_requests, step_downs, users`.execute(db);
  console.log(`vacuum analyze: ${(ms(t) / 1000).toFixed(0)} s.`);
}

type Who = "screener" | "manager" | "police" | "north" | "performance";
type BenchUser = SessionUser & { email: string };

async function createUsers(): Promise<Record<Who, BenchUser[]>> {
  const hash = await hashPassword(PASSWORD);
  const roles: Record<Who, Pick<SessionUser, "role" | "agencyCode" | "hubCode">> = {
    screener: { role: "screener", agencyCode: null, hubCode: null },
    manager: { role: "manager", agencyCode: null, hubCode: null },
    police: { role: "partner", agencyCode: "police", hubCode: null },
    north: { role: "early_help", agencyCode: null, hubCode: "north" },
    performance: { role: "performance", agencyCode: null, hubCode: null },
  };
  const run = randomBytes(3).toString("hex");
  const out = {} as Record<Who, BenchUser[]>;
  for (const [who, role] of Object.entries(roles) as [Who, (typeof roles)[Who]][]) {
    out[who] = [];
    for (let i = 0; i < USERS; i++) {
      const user: BenchUser = { id: crypto.randomUUID(), email: `bench-${who}-${i}-${run}@bench.example`, displayName: `Bench ${who} ${i}`, ...role };
      await insertUser(db, { id: user.id, email: user.email, display_name: user.displayName, role: user.role, agency_code: user.agencyCode, hub_code: user.hubCode, password_hash: hash });
      out[who].push(user);
    }
  }
  return out;
}

function schemaUrl(): string {
  const u = new URL(url);
  u.searchParams.set("options", `-c search_path=${schema},public`);
  return u.toString();
}

async function startServer(): Promise<ChildProcess> {
  const env = { ...process.env, DATABASE_URL: schemaUrl(), DEMO_DATA: "off", JOBS_ENABLED: "false", DATABASE_POOL_SIZE: String(POOL), LOG_LEVEL: "warn" };
  const { child, seconds } = await startApp(PORT, env, { withinMs: 180_000 });
  console.log(`App started (production build, pid ${child.pid}) in ${seconds.toFixed(1)} s; RSS ${rssMiB(child.pid!)} MiB.`);
  return child;
}

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
  return line ? Math.round(Number(line.split(/\s+/)[1]) / 1024) : 0;
}

async function signIn(email: string): Promise<string> {
  const answer = await ask(base, "/sign-in", { form: new URLSearchParams({ email, password: PASSWORD, redirectTo: "" }) });
  const cookie = [answer.headers["set-cookie"] ?? []].flat().map((c) => c.split(";")[0]).find((c) => c && !c.endsWith("="));
  if (!cookie) throw new Error(`Signing in ${email}: HTTP ${answer.status}, no session cookie`);
  return cookie;
}

/** The form a screener sends to record one contact about one child (fields of app/contacts/intake.schema.ts). */
function contactForm(n: number): URLSearchParams {
  const now = new Date();
  const [year, month, day] = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(now).split("-");
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(now);
  const letters = (k: number) => Array.from(String(k), (d) => "abcdefghij"[Number(d)]).join("");
  return new URLSearchParams({
    intent: "record",
    idempotencyKey: crypto.randomUUID(),
    referrerName: "Bench Referrer",
    referrerType: "professional",
    referrerRole: "Teacher",
    referrerOrganisation: "Bench School",
    referrerPhone: "01632 960000",
    source: "2A",
    channel: "phone",
    "receivedDate.day": String(Number(day)),
    "receivedDate.month": String(Number(month)),
    "receivedDate.year": year!,
    receivedTime: time,
    "children.0.key": crypto.randomUUID(),
    "children.0.firstName": `Bench${letters(n)}`,
    "children.0.lastName": "Benchmark",
    "children.0.sex": "F",
    "children.0.dateOfBirth.day": "3",
    "children.0.dateOfBirth.month": "4",
    "children.0.dateOfBirth.year": "2016",
    concern: "A teacher is worried about the child's attendance and appearance this week.",
    immediateRisk: "no",
    consent: "given",
  });
}

/** The form as the action reads it (dotted names nested), checked by the intake schema. */
function parsedContactForm(n: number) {
  const nested: Record<string, unknown> = {};
  for (const [key, value] of contactForm(n)) {
    const parts = key.split(".");
    let at: Record<string, unknown> = nested;
    parts.forEach((part, i) => {
      const next = parts[i + 1];
      if (next === undefined) at[part] = value;
      else at = (at[part] ??= /^\d+$/.test(next) ? [] : {}) as Record<string, unknown>;
    });
  }
  const form = intakeSchema.parse(nested);
  const received = checkReceivedAt(form, new Date());
  if (!received.ok) throw new Error("bench contact form: received time refused");
  return { form, receivedAt: received.receivedAt };
}

interface Page {
  name: string;
  who: Who;
  path: (i: number) => string;
  form?: (i: number) => URLSearchParams;
  /** All of the page's database work: the service its loader or action calls. */
  sql: (user: BenchUser, i: number) => Promise<unknown>;
}

async function benchmark(users: Record<Who, BenchUser[]>, pid: number) {
  const cookies = {} as Record<Who, string[]>;
  for (const who of Object.keys(users) as Who[]) cookies[who] = await Promise.all(users[who].map((u) => signIn(u.email)));

  const sqlDatabase: DatabaseHandle = database; // the same pool size as the server's
  const now = () => new Date();
  const contactIds = (await sql<{ id: string }>`(select id from contacts where outcome is null order by random() limit 50) union all (select id from contacts where outcome is not null order by random() limit 50)`.execute(db)).rows.map((r) => r.id);
  const contactAt = (i: number) => contactIds[(i + contactIds.length) % contactIds.length]!;
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
  const yearAgo = new Date(Date.now() - 364 * 86_400_000);
  const period = { from: new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(yearAgo), to: today };

  const queueFilters: [string, QueueQuery][] = [
    ["no filter", {}],
    ["state = screening", { state: "screening" }],
    ["priority = red", { priority: "red" }],
    ["source = police", { source: "6" }],
    ["my work", { view: "mine" }],
    ["not allocated", { allocated: "none" }],
    ["repeat contacts only", { repeat: "yes" }],
    ["at immediate risk", { risk: "yes" }],
    ["bounce-backs", { bounce: "yes" }],
    ["overdue", { overdue: "yes" }],
  ];
  let submitted = 0;
  const pages: Page[] = [
    ...queueFilters.map(([name, query]): Page => ({
      name: `queue, ${name}`,
      who: "screener",
      path: () => `/queue${Object.keys(query).length ? `?${new URLSearchParams(query as Record<string, string>)}` : ""}`,
      sql: (user) => readQueue(sqlDatabase.db, user, query, { now: now(), ipAddress: null }),
    })),
    {
      name: "contact page",
      who: "screener",
      path: (i) => `/contacts/${contactAt(i)}`,
      sql: async (user, i) => {
        const view = await viewContact(sqlDatabase.db, user, contactAt(i), null);
        if (view?.contact.outcome === null) await listAllocatableWorkers(sqlDatabase.db);
      },
    },
    {
      name: "submit a contact",
      who: "screener",
      path: () => "/contacts/new",
      form: () => contactForm(++submitted),
      sql: (user) => {
        const { form, receivedAt } = parsedContactForm(++submitted);
        return recordContact(sqlDatabase.db, { user, form, receivedAt, now: now(), ipAddress: null });
      },
    },
    {
      name: "partner inbox (police)",
      who: "police",
      path: () => "/information-requests",
      sql: (user) => listAgencyInformationRequests(sqlDatabase.db, { user: user as BenchUser & { agencyCode: string }, page: 1, pageSize: 50, ipAddress: null, now: now() }),
    },
    {
      name: "hub list (North)",
      who: "north",
      path: () => "/step-downs",
      sql: (user) => listHubStepDowns(sqlDatabase.db, { user: user as BenchUser & { hubCode: string }, page: 1, pageSize: 50, ipAddress: null }),
    },
    { name: "oversight", who: "manager", path: () => "/oversight", sql: (user) => readOversight(sqlDatabase.db, user, { now: now(), ipAddress: null }) },
    { name: "dashboard (/measures, 12 months)", who: "performance", path: () => "/measures", sql: () => readDashboard(sqlDatabase.db, period) },
  ];

  // Each page's bytes as the app sends them, for the bare server.
  const captured: Record<string, { status: number; headers: Record<string, string>; body: string }> = {};
  for (const [n, page] of pages.entries()) {
    const answer = await ask(base, page.path(0), { cookie: cookies[page.who][0], form: page.form?.(0) });
    const ok = page.form ? answer.status === 303 || answer.status === 302 : answer.status === 200;
    if (!ok) throw new Error(`${page.name}: HTTP ${answer.status}${answer.status === 400 ? ` (${/govuk-error-summary__list[\s\S]{0,400}/.exec(answer.body)?.[0].replace(/<[^>]+>/g, " ").replace(/\s+/g, " ")})` : ""}`);
    const headers: Record<string, string> = {};
    for (const name of ["content-type", "content-encoding", "location", "cache-control", "vary"]) {
      const value = answer.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    captured[`/p${n}`] = { status: answer.status, headers, body: answer.raw.toString("base64") };
  }
  const barePort = await startBare(captured);

  console.log(`\nServer RSS after signing in ${USERS} users per role: ${rssMiB(pid)} MiB; load average ${load()}.`);
  console.log(`Milliseconds p50 / p95 / p99 and requests per second; ${USERS} concurrent users, ${REQUESTS} requests each. "SQL alone": the page's service called directly (pool of ${POOL}); "bare": node:http answering the same bytes.`);
  const header = ["page", "KB sent", "app p50/p95/p99", "app /s", "SQL p50/p95", "SQL /s", "app ÷ SQL", "bare p50/p95", "bare /s", "app ÷ bare", "RSS MiB", "load"];
  const rows: string[][] = [];
  let peak = rssMiB(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 200);
  for (const [n, page] of pages.entries()) {
    const expected = page.form ? [302, 303] : [200];
    const app = await underLoad(async (u, i) => {
      const answer = await ask(base, page.path(u * REQUESTS + i), { cookie: cookies[page.who][u], form: page.form?.(u * REQUESTS + i) });
      if (!expected.includes(answer.status)) throw new Error(`${page.name}: HTTP ${answer.status}`);
    });
    const alone = await underLoad((u, i) => page.sql(users[page.who][u]!, u * REQUESTS + i));
    const bareFigures = await underLoad(() => ask(`http://127.0.0.1:${barePort}`, `/p${n}`, { form: page.form ? contactForm(0) : undefined }));
    const kb = Buffer.from(captured[`/p${n}`]!.body, "base64").length / 1024;
    rows.push([
      page.name,
      kb.toFixed(1),
      `${fmt(app.p50)} / ${fmt(app.p95)} / ${fmt(app.p99)}`,
      app.perSecond.toFixed(0),
      `${fmt(alone.p50)} / ${fmt(alone.p95)}`,
      alone.perSecond.toFixed(0),
      `${((100 * app.perSecond) / alone.perSecond).toFixed(0)}%`,
      `${fmt(bareFigures.p50)} / ${fmt(bareFigures.p95)}`,
      bareFigures.perSecond.toFixed(0),
      `${((100 * app.perSecond) / bareFigures.perSecond).toFixed(0)}%`,
      String(rssMiB(pid)),
      load(),
    ]);
    process.stderr.write(`  ${page.name}: app ${app.perSecond.toFixed(0)}/s, SQL alone ${alone.perSecond.toFixed(0)}/s\n`);
  }
  clearInterval(sampler);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(`Server RSS: highest seen ${peak} MiB, now ${rssMiB(pid)} MiB. Load average ${load()}.`);

  // Services without a page of their own.
  const names = (await sql<{ first_name: string | null; last_name: string; date_of_birth: string | null }>`select first_name, last_name, date_of_birth::text from people order by random() limit 100`.execute(db)).rows;
  const search = await underLoad((u, i) => {
    const p = names[(((u * REQUESTS + i) % names.length) + names.length) % names.length]!;
    return searchPeople(db, { firstName: p.first_name, lastName: p.last_name, dateOfBirth: p.date_of_birth });
  });
  const measures = await underLoad(() => computeMeasures(db, period));
  console.log(`\nperson search (name and date of birth of a child on file): p50/p95/p99 ${fmt(search.p50)} / ${fmt(search.p95)} / ${fmt(search.p99)} ms, ${search.perSecond.toFixed(0)}/s`);
  console.log(`twelve-month measures (${period.from} – ${period.to}): p50/p95/p99 ${fmt(measures.p50)} / ${fmt(measures.p95)} / ${fmt(measures.p99)} ms, ${measures.perSecond.toFixed(1)}/s; load average ${load()}`);

  if (IMPORT_ROWS > 0) {
    console.log(`\nImport of ${IMPORT_ROWS.toLocaleString("en-GB")} rows (scripts/bench-import-and-measures.ts, PostgreSQL only):`);
    server?.kill("SIGTERM");
    // Its own throw-away schema: never this run's (BENCH_SCHEMA / BENCH_KEEP are this script's).
    const env: NodeJS.ProcessEnv = { ...process.env, BENCH_ROWS: String(IMPORT_ROWS), BENCH_PGLITE: "0", TEST_DATABASE_URL: url };
    delete env.BENCH_SCHEMA;
    delete env.BENCH_KEEP;
    execFileSync(process.execPath, ["--import", "tsx", "scripts/bench-import-and-measures.ts"], {
      env,
      stdio: ["ignore", "inherit", "inherit"],
    });
  }
}

/** A bare node:http server in its own process answering each captured page with its bytes and headers. */
async function startBare(pages: Record<string, { status: number; headers: Record<string, string>; body: string }>): Promise<number> {
  const code = `
const http = require("node:http");
let pages = null;
let input = "";
process.stdin.on("data", (c) => (input += c));
process.stdin.on("end", () => {
  pages = Object.fromEntries(Object.entries(JSON.parse(input)).map(([k, p]) => [k, { ...p, body: Buffer.from(p.body, "base64") }]));
  const server = http.createServer((req, res) => {
    const page = pages[req.url];
    if (!page) { res.writeHead(404); res.end(); return; }
    req.resume();
    req.on("end", () => { res.writeHead(page.status, { ...page.headers, "content-length": page.body.length }); res.end(page.body); });
  });
  server.keepAliveTimeout = 60000;
  server.listen(0, "127.0.0.1", () => console.log(server.address().port));
});`;
  const bare = spawn(process.execPath, ["-e", code], { stdio: ["pipe", "pipe", "inherit"] });
  children.bare = bare;
  bare.stdin!.end(JSON.stringify(pages));
  return new Promise((resolve, reject) => {
    bare.stdout!.once("data", (d: Buffer) => resolve(Number(d.toString().trim())));
    bare.once("exit", (c) => reject(new Error(`the bare server stopped (exit ${c})`)));
  });
}
