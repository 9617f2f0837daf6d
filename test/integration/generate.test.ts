/**
 * `npm run cli -- generate --contacts N` (app/generate/generate.server.ts), on both databases, at 2,000
 * contacts over two years: the counts, the replay check over every generated contact, and the
 * twelve-month measures near the plan's baselines. The ranges are those the generator's own parameters
 * give (db/seed/synthetic-history.ts, its unit test's "baseline shapes"): 70–85% of contacts not
 * becoming referrals (fresh-child outcome weights give 15.1% referrals, a recently referred child's 43%),
 * 30–45% repeat contacts (41% drawn from the children seen in the year before, less the first months'
 * ramp and the 2.5% returning after a gap counted as not repeat), 20–36% re-referrals (16% of repeat
 * draws from the year's referred children, whose referral weight is 43%). Police (code 6) are 190 of the
 * sample file's 646 contacts (29.4%): 24–35% allowing for sibling groups and 1,000 contacts' spread.
 */
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { main } from "../../app/cli/main";
import type { CliIo } from "../../app/cli/types";
import { checkAllContactHistories } from "../../app/contacts/history.server";
import { DatabaseNotEmpty, generateHistory } from "../../app/generate/generate.server";
import { computeMeasures } from "../../app/measures/measures.server";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { countLookBacksNotAsStored } from "../../db/queries/measures/measures";
import { countMonthCountDifferences } from "../../db/queries/measures/month-counts";
import { countStageVisitDifferences } from "../../db/queries/measures/stage-visits";
import { ensureReferenceData } from "../../db/seed/reference-data";
import { describeOnBothDatabases } from "./databases";

const NOW = new Date("2026-11-30T12:00:00Z");
const PERIOD = { from: "2025-12-01", to: "2026-11-30" };

async function run(argv: string[], io: Partial<CliIo> = {}) {
  let out = "";
  let err = "";
  const code = await main(argv, {
    stdout: { write: (s: string) => (out += s), isTTY: false },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    cwd: process.cwd(),
    openDatabase: async () => {
      throw new Error("this command should not open the database");
    },
    ...io,
  });
  return { code, out, err };
}

describe("npm run cli -- generate: arguments", () => {
  it("--help shows the usage and the options", async () => {
    const r = await run(["generate", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Usage: npm run cli -- generate --contacts N [--years Y] [--seed S]");
    expect(r.out).toContain("--contacts N");
    expect(r.out).toContain("--years Y");
  });

  it("mistakes are plain messages with exit 2, open no database and show no stack trace", async () => {
    const cases: [string[], string][] = [
      [["generate"], "Missing --contacts N."],
      [["generate", "--contacts", "many"], '--contacts must be a whole number (got "many").'],
      [["generate", "--contacts", "0"], "--contacts must be from 1 to 10000000 (got 0)."],
      [["generate", "--contacts", "-5"], "Option --contacts needs a value (for one starting with \"-\", write --contacts=VALUE)."],
      [["generate", "--contacts=-5"], "--contacts must be a whole number (got \"-5\")."],
      [["generate", "--contacts", "20000000"], "--contacts must be from 1 to 10000000"],
      [["generate", "--contacts", "10", "--years", "0"], "--years must be more than 0 and at most 50 (got 0)."],
      [["generate", "--contacts", "10", "--years", "ten"], '--years must be a number of years (got "ten").'],
      [["generate", "--contacts", "10", "--seed", "1.5"], '--seed must be a whole number (got "1.5").'],
      [["generate", "--contacts", "10", "extra"], "Unexpected argument: extra."],
      [["generate", "--contacts", "10", "--bogus"], "Unknown option --bogus."],
    ];
    for (const [argv, message] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.err, argv.join(" ")).toContain(message);
      expect(r.err).toContain("npm run cli -- generate --help");
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it("fills an empty embedded database and prints the counts", async () => {
    const handle = await openDatabase({ pgliteDataDir: "memory://" });
    try {
      await migrateToLatest(handle.db);
      await ensureReferenceData(handle.db);
      const r = await run(["generate", "--contacts", "1_00", "--years", "1"], { openDatabase: async () => ({ ...handle, close: async () => {} }) });
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Generated 1 year of history in [\d.]+ s:\n/);
      expect(r.out).toMatch(/^ {2}contacts +100$/m);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from contacts`.execute(handle.db);
      expect(rows[0]!.n).toBe(100);
    } finally {
      await handle.close();
    }
  }, 300_000);
});

describeOnBothDatabases("generated history", (t) => {
  it("writes 2,000 contacts whose histories replay, with partners' answers, step-downs and measures near the baselines", async () => {
    const summary = await generateHistory(t.handle.db, { contacts: 2000, years: 2, seed: 1, now: NOW });
    const db = t.handle.db;
    const count = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(db)).rows[0]!.n);

    expect(summary.contacts).toBe(2000);
    expect(await count(sql`select count(*)::int as n from contacts`)).toBe(2000);
    expect(await count(sql`select count(*)::int as n from people`)).toBe(summary.people);
    expect(await count(sql`select count(*)::int as n from contact_events`)).toBe(summary.events);
    expect(await count(sql`select count(*)::int as n from information_requests`)).toBe(summary.partnerRequests);
    expect(await count(sql`select count(*)::int as n from step_downs`)).toBe(summary.stepDowns);
    expect(await count(sql`select count(*)::int as n from contacts where state not in ('closed') and outcome is null`)).toBe(summary.pending);
    // Fewer children than contacts (repeats), every contact at least received and linked.
    expect(summary.people).toBeLessThan(2000 * 0.8);
    expect(summary.events).toBeGreaterThan(2000 * 3);
    // Each contact's decision deadline is written by the generator (not left to the row trigger) and is the database's own.
    expect(await count(sql`select count(*)::int as n from contacts where decision_due_at is distinct from contact_decision_deadline(received_at)`)).toBe(0);
    // References in one sequence, unique.
    expect(await count(sql`select count(distinct reference)::int as n from contacts`)).toBe(2000);

    // Partners' returns with every RAG rating, some "nothing known"; step-downs accepted and some declined first.
    for (const rag of ["red", "amber", "green"]) {
      expect(await count(sql`select count(*)::int as n from information_requests where status = 'returned' and rag = ${rag}`), rag).toBeGreaterThan(0);
    }
    expect(await count(sql`select count(*)::int as n from information_requests where status = 'nothing_known'`)).toBeGreaterThan(0);
    expect(await count(sql`select count(*)::int as n from step_downs where status = 'accepted'`)).toBeGreaterThan(0);
    expect(await count(sql`select count(*)::int as n from contact_events where type = 'DECLINE_STEP_DOWN'`)).toBeGreaterThan(0);
    // The last days' contacts are still open, at more than one stage.
    expect(summary.pending).toBeGreaterThan(0);
    expect(await count(sql`select count(distinct state)::int as n from contacts where outcome is null`)).toBeGreaterThan(1);

    const check = await checkAllContactHistories(db);
    expect(check.checked).toBe(2000);
    expect(check.problems).toEqual([]);
    expect(await countLookBacksNotAsStored(db)).toBe(0);
    // The stage visits, projected once after the load with the triggers off, are those the events give,
    // for every contact, and so are the contacts counted by month (counted once, after the look-backs);
    // and the five triggers are on again for the contacts recorded next.
    expect(await count(sql`select count(distinct contact_id)::int as n from contact_stage_visits`)).toBe(2000);
    expect(await countStageVisitDifferences(db)).toBe(0);
    expect(await countMonthCountDifferences(db)).toBe(0);
    expect(
      await count(sql`select count(*)::int as n from pg_trigger where tgenabled <> 'D' and (
        (tgrelid = 'contact_events'::regclass and tgname = 'contact_events_project_stage_visits') or
        (tgrelid = 'contacts'::regclass and tgname in ('contacts_project_receipt', 'contacts_count_inserted_by_month', 'contacts_count_updated_by_month', 'contacts_count_deleted_by_month')))`),
    ).toBe(5);

    const m = await computeMeasures(db, PERIOD);
    expect(m.contacts.total).toBeGreaterThan(800);
    expect(m.contacts_not_referral.pct).toBeGreaterThan(70);
    expect(m.contacts_not_referral.pct).toBeLessThan(85);
    expect(m.repeat_contacts.pct).toBeGreaterThan(30);
    expect(m.repeat_contacts.pct).toBeLessThan(45);
    expect(m.re_referrals.pct).toBeGreaterThan(20);
    expect(m.re_referrals.pct).toBeLessThan(36);
    const police = m.by_source["6"]?.contacts ?? 0;
    expect(police / m.contacts.total).toBeGreaterThan(0.24);
    expect(police / m.contacts.total).toBeLessThan(0.35);

    // A database that holds contacts is refused, and the command says so plainly (exit 1).
    await expect(generateHistory(db, { contacts: 10, years: 1, seed: 2, now: NOW })).rejects.toBeInstanceOf(DatabaseNotEmpty);
    const r = await run(["generate", "--contacts", "10"], { openDatabase: async () => ({ ...t.handle, close: async () => {} }) });
    expect(r.code).toBe(1);
    expect(r.err).toContain("The database already holds 2000 contacts. generate fills an empty database only");
  }, 900_000);
});
