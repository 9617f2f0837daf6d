/**
 * `npm run bench:measures`: how fast the history import and the measures are at a million contacts.
 *
 * Generates BENCH_ROWS import rows (default 1,000,000; five years of history, children coming back,
 * every outcome, ~2% duplicates, the last days pending) into a temporary CSV, imports them with the
 * history import into a throw-away PostgreSQL schema at TEST_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test) and into a PGlite in a temporary directory (BENCH_PGLITE=0
 * skips it), then times the twelve-month measures beside one scan of the same rows (`select count(*)`
 * of the period's contacts) in the same run, and prints each figure beside its limit: import ≤ 3
 * minutes on PostgreSQL; twelve-month measures ≤ 300 ms and ≤ 3× the scan. Never fails on a time.
 * The import prints the time of each step after the rows (look-backs, people, contacts, each key and
 * index built …). BENCH_STAGE_VISITS=0 drops the stage-visit triggers (migration 0018) from the
 * throw-away PostgreSQL schema before the import, to measure what they cost it.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { Migrator, type RawBuilder, sql } from "kysely";
import { importContactHistoryFile } from "../app/history-import/import.server";
import { computeMeasures } from "../app/measures/measures.server";
import { type DatabaseHandle, openDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { migrations } from "../db/migrations/index";
import { countContactsReceivedIn, countContactsReceivedInQuery, measureCountsQuery, setMeasuresSettings } from "../db/queries/measures/measures";
import { ensureReferenceData } from "../db/seed/reference-data";

const url = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const withPGlite = process.env.BENCH_PGLITE !== "0";
const YEARS = 5;
// The history ends on 31 March 2026; the twelve months measured are April 2025 – March 2026.
const END = Date.parse("2026-03-31T17:00:00Z");
const START = END - YEARS * 365.2425 * 86_400_000;
const NOW = new Date("2026-04-12T12:00:00Z");
const PERIOD = { from: "2025-04-01", to: "2026-03-31" };

const LIMIT_IMPORT_MS = 180_000;
const LIMIT_MEASURES_MS = 300;
const LIMIT_RATIO = 3;

const ms = (since: number) => performance.now() - since;
const secs = (n: number) => `${(n / 1000).toFixed(1)} s`;
const fmt = (n: number) => (n < 10 ? `${n.toFixed(2)} ms` : `${n.toFixed(1)} ms`);
const verdict = (ok: boolean) => (ok ? "within" : "OVER");

// ---------------------------------------------------------------------------------------------
// The rows
// ---------------------------------------------------------------------------------------------

/** mulberry32: a small deterministic PRNG (the same file every run). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SOURCES: [string, number][] = [
  ["1A", 3], ["1B", 3], ["1C", 1], ["1D", 1], ["2A", 17], ["2B", 3], ["3A", 3], ["3B", 3], ["3C", 2], ["3D", 2], ["3E", 4], ["3F", 3],
  ["4", 2], ["5A", 3], ["5B", 4], ["5C", 3], ["5D", 3], ["6", 29], ["7", 4], ["8", 5], ["9", 2], ["10", 1],
];
const OUTCOMES: [string, number][] = [
  ["referral", 18], ["strategy_discussion", 3], ["early_help", 20], ["nfa", 24], ["advice_signpost", 25], ["existing_case", 8], ["duplicate", 2],
];
const FIRST = ["Olivia", "Amelia", "Isla", "Ava", "Mia", "Noah", "Oliver", "George", "Leo", "Arthur", "Harry", "Freya", "Lily", "Jack", "Ella"];
const LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Evans", "Thomas", "Roberts", "Walker", "Wright"];

function weighted(items: [string, number][], r: () => number) {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1]![0];
}
const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Writes the CSV: about 45% of contacts are about a child seen in the last year or so (repeats). */
async function writeRows(path: string, rows: number) {
  const r = rng(8);
  const out = createWriteStream(path);
  out.write("contact_id,child_id,first_name,last_name,date_of_birth,expected_date_of_birth,sex,ethnicity,postcode,received_at,source,decided_at,outcome,primary_need\n");
  const children: { id: string; first: string; last: string; dob: string; sex: string }[] = [];
  const step = (END - START) / rows;
  let buffer = "";
  for (let i = 0; i < rows; i++) {
    const received = Math.floor(START + i * step + r() * step);
    let child: (typeof children)[number];
    if (children.length > 100 && r() < 0.45) {
      // A child seen recently: mostly within the last ~30,000 contacts (a few months at this volume).
      const back = Math.min(children.length, Math.floor(1 + r() * r() * 60_000));
      child = children[children.length - back]!;
    } else {
      const born = received - Math.floor(r() * 17 * 365.25) * 86_400_000 - 86_400_000;
      child = { id: `B${children.length.toString(36).toUpperCase()}`, first: FIRST[Math.floor(r() * FIRST.length)]!, last: LAST[Math.floor(r() * LAST.length)]!, dob: day(born), sex: r() < 0.5 ? "F" : "M" };
      children.push(child);
    }
    const pending = received > END - 3 * 86_400_000 && r() < 0.6;
    const outcome = pending ? "" : weighted(OUTCOMES, r);
    const decided = pending ? "" : iso(received + Math.floor((0.2 + r() * (r() < 0.8 ? 24 : 96)) * 3_600_000));
    const need = outcome === "referral" || outcome === "strategy_discussion" ? `N${1 + Math.floor(r() * 9)}` : "";
    buffer += `BC-${i.toString().padStart(7, "0")},${child.id},${child.first},${child.last},${child.dob},,${child.sex},WBRI,EX1 1AA,${iso(received)},${weighted(SOURCES, r)},${decided},${outcome},${need}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await once(out, "finish");
  return children.length;
}

// ---------------------------------------------------------------------------------------------
// The runs
// ---------------------------------------------------------------------------------------------

async function median(run: () => Promise<unknown>) {
  await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    times.push(ms(t));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function importInto(name: string, database: DatabaseHandle, csv: string) {
  let last = 0;
  let phase = "checking";
  const t = performance.now();
  let stepName = "";
  let stepStart = 0;
  const endStep = () => {
    if (stepName) console.log(`  ${name}:   ${stepName}: ${secs(ms(stepStart))}`);
  };
  const result = await importContactHistoryFile(database.db, csv, {
    now: NOW,
    onStep: (step) => {
      endStep();
      stepName = step;
      stepStart = performance.now();
    },
    onProgress: (p) => {
      const now = p.phase === "finishing" ? `finishing ${p.step}` : p.phase;
      if (now !== phase) {
        console.log(`  ${name}: ${phase} done after ${secs(ms(t))}`);
        phase = now;
      }
      if (p.phase === "importing" && p.rows - last >= 200_000) {
        last = p.rows;
        console.log(`  ${name}: ${p.rows.toLocaleString("en-GB")} of ${p.total.toLocaleString("en-GB")} rows after ${secs(ms(t))}`);
      }
    },
  });
  const took = ms(t);
  endStep();
  if (result.kind !== "imported") throw new Error(`${name}: the import was rejected (${result.problemCount} problems: ${JSON.stringify(result.problems.slice(0, 5))})`);
  console.log(`  ${name}: ${result.summary.contactsAdded.toLocaleString("en-GB")} contacts, ${result.summary.peopleAdded.toLocaleString("en-GB")} people in ${secs(took)}`);
  return took;
}

async function measure(name: string, database: DatabaseHandle) {
  const m = await computeMeasures(database.db, PERIOD);
  const measures = await median(() => computeMeasures(database.db, PERIOD));
  const scan = await median(() => countContactsReceivedIn(database.db, PERIOD));
  // The same count without parallel workers: what reading the rows costs, without starting workers (for reference beside the limit's scan).
  const serialScan = await median(() =>
    database.db.transaction().execute(async (trx) => {
      await sql`select set_config('max_parallel_workers_per_gather', '0', true)`.execute(trx);
      return countContactsReceivedIn(trx, PERIOD);
    }),
  );
  console.log(
    `  ${name}: ${m.contacts.total.toLocaleString("en-GB")} contacts in the twelve months, repeat ${m.repeat_contacts.pct}%, re-referrals ${m.re_referrals.pct}%, not referral ${m.contacts_not_referral.pct}%`,
  );
  return { measures, scan, serialScan };
}

const serialScanLine = (measures: number, serialScan: number) =>
  `  (for reference, the same count without parallel workers: ${fmt(serialScan)}; measures / that = ${(measures / serialScan).toFixed(1)}×)`;

/** The machine's load average (1, 5, 15 minutes): the figures are only comparable within a run. */
const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(", ")}`;

/** EXPLAIN ANALYZE of the measures' statement (with the settings the measures' transaction uses) and of the scan it is compared with (as the benchmark runs it). */
async function printPlan(database: DatabaseHandle) {
  const explain = (statement: RawBuilder<unknown>) => sql<{ "QUERY PLAN": string }>`explain (analyze, buffers) ${statement}`;
  const plan = await database.db.transaction().execute(async (trx) => {
    await setMeasuresSettings(trx);
    return explain(measureCountsQuery(PERIOD)).execute(trx);
  });
  const scanPlan = await explain(countContactsReceivedInQuery(PERIOD)).execute(database.db);
  const print = (title: string, rows: { "QUERY PLAN": string }[]) => console.log(`\n  ${title}:\n` + rows.map((r) => `    ${r["QUERY PLAN"]}`).join("\n"));
  print("Plan of the measures' statement", plan.rows);
  print("Plan of the scan (select count(*))", scanPlan.rows);
}

const csvDir = mkdtempSync(join(tmpdir(), "bench-measures-"));
const csv = join(csvDir, "contacts.csv");
/** BENCH_KEEP=1 keeps the PostgreSQL schema (its name is printed); BENCH_SCHEMA=<name> reuses one (no import), to study plans. */
const reuse = process.env.BENCH_SCHEMA;
const keep = Boolean(process.env.BENCH_KEEP || reuse);
const schema = reuse ?? `bench_measures_${randomBytes(4).toString("hex")}`;
/** Each figure is printed as soon as it is known, and all of them again at the end. */
const results = {
  lines: [] as string[],
  push(...lines: string[]) {
    for (const line of lines) console.log(`  = ${line}`);
    this.lines.push(...lines);
  },
  map<T>(f: (line: string) => T) {
    return this.lines.map(f);
  },
};
try {
  let t = performance.now();
  const children = reuse ? 0 : await writeRows(csv, ROWS);
  if (!reuse) console.log(`Generated ${ROWS.toLocaleString("en-GB")} rows (${children.toLocaleString("en-GB")} children, ${(statSync(csv).size / 1e6).toFixed(0)} MB) in ${secs(ms(t))}.`);

  // PostgreSQL, in a throw-away schema.
  const pg = await openDatabase({ url, schema, poolSize: 5 });
  try {
    if (reuse) {
      console.log(`\nPostgreSQL (${pg.description}), reused:`);
      const { measures, scan, serialScan } = await measure("PostgreSQL", pg);
      await printPlan(pg);
      results.push(
        `PostgreSQL twelve-month measures: ${fmt(measures)}; scan ${fmt(scan)}; measures / scan = ${(measures / scan).toFixed(1)}× (limit ${LIMIT_RATIO}×: ${verdict(measures <= LIMIT_RATIO * scan)}); ${load()}`,
        serialScanLine(measures, serialScan),
      );
    } else {
    await sql`create extension if not exists pg_trgm schema public`.execute(pg.db);
    await sql`create extension if not exists fuzzystrmatch schema public`.execute(pg.db);
    const migrated = await new Migrator({ db: pg.db, provider: { getMigrations: async () => migrations }, migrationTableSchema: schema }).migrateToLatest();
    if (migrated.error) throw migrated.error;
    await ensureReferenceData(pg.db);
    if (process.env.BENCH_STAGE_VISITS === "0") {
      await sql`drop trigger if exists contact_events_project_stage_visits on contact_events`.execute(pg.db);
      await sql`drop trigger if exists contacts_project_receipt on contacts`.execute(pg.db);
      console.log("\n(the stage-visit triggers dropped from this schema: BENCH_STAGE_VISITS=0)");
    }
    console.log(`\nPostgreSQL (${pg.description}):`);
    const imported = await importInto("PostgreSQL", pg, csv);
    t = performance.now();
    await sql`vacuum analyze contacts`.execute(pg.db);
    await sql`vacuum analyze people`.execute(pg.db);
    console.log(`  vacuum analyze after the import: ${secs(ms(t))}`);
    const { measures, scan, serialScan } = await measure("PostgreSQL", pg);
    await printPlan(pg);
    results.push(
      `PostgreSQL import of ${ROWS.toLocaleString("en-GB")} rows: ${secs(imported)} (limit ${secs(LIMIT_IMPORT_MS)}: ${verdict(imported <= LIMIT_IMPORT_MS)})`,
      `PostgreSQL twelve-month measures: ${fmt(measures)} (limit ${LIMIT_MEASURES_MS} ms: ${verdict(measures <= LIMIT_MEASURES_MS)})`,
      `PostgreSQL scan of the period's contacts (select count(*)): ${fmt(scan)}; measures / scan = ${(measures / scan).toFixed(1)}× (limit ${LIMIT_RATIO}×: ${verdict(measures <= LIMIT_RATIO * scan)}); ${load()}`,
      serialScanLine(measures, serialScan),
    );
    }
  } finally {
    if (keep) console.log(`\nKept schema ${schema}: drop it with  drop schema ${schema} cascade`);
    else await sql`drop schema ${sql.id(schema)} cascade`.execute(pg.db);
    await pg.close();
  }

  if (withPGlite && !reuse) {
    const dir = mkdtempSync(join(tmpdir(), "bench-measures-pglite-"));
    const lite = await openDatabase({ pgliteDataDir: dir });
    try {
      await migrateToLatest(lite.db);
      await ensureReferenceData(lite.db);
      console.log(`\nPGlite (${dir}):`);
      const imported = await importInto("PGlite", lite, csv);
      await sql`vacuum analyze contacts`.execute(lite.db);
      await sql`vacuum analyze people`.execute(lite.db);
      const { measures, scan } = await measure("PGlite", lite);
      results.push(
        `PGlite import of ${ROWS.toLocaleString("en-GB")} rows: ${secs(imported)}`,
        `PGlite twelve-month measures: ${fmt(measures)}; scan ${fmt(scan)}; measures / scan = ${(measures / scan).toFixed(1)}×`,
      );
    } finally {
      await lite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(csvDir, { recursive: true, force: true });
}
console.log(`\nFigures (median of ${RUNS} runs after a warm-up; nothing here fails on a time):\n${results.map((r) => `  ${r}`).join("\n")}`);
