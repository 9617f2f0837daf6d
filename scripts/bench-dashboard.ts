/**
 * `npx tsx scripts/bench-dashboard.ts`: how fast the leaders' dashboard answers at a million contacts.
 *
 * Reads a PostgreSQL schema filled by the measures benchmark (`BENCH_KEEP=1 BENCH_PGLITE=0 npm run
 * bench:measures` prints its name; pass it as BENCH_SCHEMA), then times, BENCH_RUNS times each
 * (default 9), what a page of the dashboard asks for twelve months (April 2025 – March 2026, the
 * benchmark history's last year): `/measures` (readDashboard), `/measures/trends` (readTrends),
 * `/measures/breakdowns` (readBreakdowns), the first page of a figure's list (readMeasureRecords,
 * with its audit record), `/measures/flow` (readDemandFlow) and `/measures/referrers` (readReferrers). Prints p50 and p95 beside the issue's limit (≤ 1 s at the 95th percentile);
 * never fails on a time.
 */
import { sql } from "kysely";
import type { SessionUser } from "../app/auth/lucia.server";
import { readBreakdowns, readDashboard, readMeasureRecords, readTrends } from "../app/measures/dashboard.server";
import { readDemandFlow } from "../app/measures/demand-flow.server";
import { readReferrers } from "../app/measures/referrers.server";
import { openDatabase } from "../db/client";

const url = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const schema = process.env.BENCH_SCHEMA;
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const PERIOD = { from: "2025-04-01", to: "2026-03-31" };
const LIMIT_MS = 1000;

if (!schema) {
  console.error("Set BENCH_SCHEMA to a schema kept by `BENCH_KEEP=1 BENCH_PGLITE=0 npm run bench:measures`.");
  process.exit(2);
}

const db = await openDatabase({ url, schema, poolSize: 5 });
try {
  const contacts = await sql<{ n: number }>`select count(*)::int as n from contacts`.execute(db.db);
  console.log(`Schema ${schema}: ${Number(contacts.rows[0]!.n).toLocaleString("en-GB")} contacts; twelve months ${PERIOD.from} to ${PERIOD.to}; ${RUNS} runs each.\n`);
  const id = crypto.randomUUID();
  const user: SessionUser = { id, email: `bench-${id}@example.invalid`, displayName: "Benchmark", role: "performance", agencyCode: null, hubCode: null };
  await db.db.insertInto("users").values({ id: user.id, email: user.email, display_name: user.displayName, role: "performance", password_hash: "x" }).execute();
  const cases: [string, () => Promise<unknown>][] = [
    ["/measures (measures, targets)", () => readDashboard(db.db, PERIOD)],
    ["/measures/trends (24 months)", () => readTrends(db.db, PERIOD)],
    ["/measures/breakdowns", () => readBreakdowns(db.db, PERIOD)],
    ["/measures/records repeat contacts, page 1", () => readMeasureRecords(db.db, user, { figure: "repeat_contacts.numerator", period: PERIOD, page: 1, ipAddress: null })],
    ["/measures/flow (demand flow, process map)", () => readDemandFlow(db.db, PERIOD)],
    ["/measures/referrers (funnel plot)", () => readReferrers(db.db, PERIOD)],
  ];
  for (const [name, run] of cases) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await run();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
    const p95 = at(0.95);
    console.log(`${name.padEnd(44)} p50 ${at(0.5).toFixed(0).padStart(6)} ms   p95 ${p95.toFixed(0).padStart(6)} ms   (limit ${LIMIT_MS} ms: ${p95 <= LIMIT_MS ? "within" : "OVER"})`);
  }
} finally {
  await db.close();
}
