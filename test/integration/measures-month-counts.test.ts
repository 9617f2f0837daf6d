/**
 * The contacts counted by local month, by the month each was received in and the month it was
 * decided in (migration 0028, decision 035): a period's whole months are counted from them, the days
 * outside its whole months from the contacts. Each contact is placed by hand in its local month (Europe/London: GMT until the last
 * Sunday of March, 01:00 UTC; BST, UTC+1, until the last Sunday of October), each period's figures
 * worked by hand from MEASURES.md, and every figure of every period is also checked against its list
 * of records, which reads the contacts themselves.
 */
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { computeMeasures, listMeasureRecords } from "../../app/measures/measures.server";
import { insertContact } from "../../db/queries/contacts/contact-events";
import { type CountedFigure, type MeasurePeriod, storeLookBacks } from "../../db/queries/measures/measures";
import { monthlyMeasureCounts } from "../../db/queries/measures/dashboard";
import { countMonthCountDifferences, gatherMonthCounts, switchOffMonthCountTriggers } from "../../db/queries/measures/month-counts";
import { insertPerson } from "../../db/queries/people";
import { describeOnBothDatabases } from "./databases";

type Outcome = "referral" | "nfa" | "early_help" | "duplicate";

describeOnBothDatabases("measures: whole months from the contacts counted by month", (t) => {
  const db = () => t.handle.db;

  async function contact(id: string, personId: string, receivedAt: string, source: string, outcome: Outcome | null = null, decidedAt: string | null = null) {
    await insertContact(db(), {
      id,
      reference: id,
      person_id: personId,
      received_at: receivedAt,
      source,
      channel: "phone",
      state: outcome ? "closed" : "received",
      outcome,
      decided_at: decidedAt,
      duplicate_of_contact_id: outcome === "duplicate" ? "mc-a" : null,
      machine_version: 1,
      snapshot: JSON.stringify({}),
      referrer: JSON.stringify({}),
    });
  }

  /** The stored counts of the contacts received in a month, as `source/outcome/repeat/within: contacts` (each group's rows summed; groups at 0 left out). */
  async function storedReceived(month: string): Promise<string[]> {
    const { rows } = await sql<{ g: string }>`select concat_ws('/', source, coalesce(outcome, 'pending'), repeat_contact::text, coalesce(within_one_working_day::text, '-')) || ': ' || sum(contacts) as g
      from contact_month_counts where counted_by = 'received' and month = ${month}::date
      group by source, outcome, repeat_contact, within_one_working_day having sum(contacts) <> 0 order by 1`.execute(db());
    return rows.map((r) => r.g);
  }

  /** The stored counts of the contacts decided in a month, as `source/outcome/earlier referrals: contacts`. */
  async function storedDecided(month: string): Promise<string[]> {
    const { rows } = await sql<{ g: string }>`select concat_ws('/', source, outcome, coalesce(earlier_referrals::text, '-')) || ': ' || sum(contacts) as g
      from contact_month_counts where counted_by = 'decided' and month = ${month}::date
      group by source, outcome, earlier_referrals having sum(contacts) <> 0 order by 1`.execute(db());
    return rows.map((r) => r.g);
  }

  beforeAll(async () => {
    await insertPerson(db(), { id: "mc-p1", last_name: "Tregear", first_name: "Morwenna", sex: "F" });
    await insertPerson(db(), { id: "mc-p2", last_name: "Tregear", first_name: "Jory", sex: "M" });
    // Wednesday 31 January 2024, 23:30 GMT: January. Due by the end of Thursday 1 February; decided then.
    await contact("mc-a", "mc-p1", "2024-01-31T23:30:00Z", "6", "nfa", "2024-02-01T10:00:00Z");
    // Thursday 29 February 2024 (a leap day): February. A referral decided Tuesday 5 March, after its
    // deadline (the end of Friday 1 March). A repeat (mc-a, 29 days before).
    await contact("mc-f", "mc-p1", "2024-02-29T13:00:00Z", "6", "referral", "2024-03-05T10:00:00Z");
    // A duplicate, the only contact from source 5A: counted nowhere.
    await contact("mc-e", "mc-p1", "2024-02-29T12:00:00Z", "5A", "duplicate", "2024-02-29T15:00:00Z");
    // 31 March 2024, 23:30 UTC: BST began at 01:00 UTC that day, so 00:30 on Monday 1 April (Easter
    // Monday): April. A referral decided Tuesday 2 April, 10:00 BST, within one working day. A repeat, and a
    // re-referral (mc-f, a referral 28 days before).
    await contact("mc-b", "mc-p1", "2024-03-31T23:30:00Z", "6", "referral", "2024-04-02T09:00:00Z");
    // 30 June 2024, 23:30 UTC: 00:30 BST on Monday 1 July: July. Pending; another child's first contact.
    await contact("mc-c", "mc-p2", "2024-06-30T23:30:00Z", "2A");
    // 31 October 2024, 23:30 UTC: BST ended on 27 October, so 23:30 GMT on Thursday 31 October: October.
    // Early help, decided Friday 1 November: within one working day. A repeat (mc-b, 7 months before).
    await contact("mc-d", "mc-p1", "2024-10-31T23:30:00Z", "2A", "early_help", "2024-11-01T09:00:00Z");
    await storeLookBacks(db(), { kind: "all" });
  });

  it("counts each contact in the local month it was received in, and in the one it was decided in", async () => {
    expect(await storedReceived("2024-01-01")).toEqual(["6/nfa/false/true: 1"]);
    expect(await storedReceived("2024-02-01")).toEqual(["5A/duplicate/false/true: 1", "6/referral/true/false: 1"]);
    expect(await storedReceived("2024-03-01")).toEqual([]);
    expect(await storedReceived("2024-04-01")).toEqual(["6/referral/true/true: 1"]);
    expect(await storedReceived("2024-06-01")).toEqual([]);
    expect(await storedReceived("2024-07-01")).toEqual(["2A/pending/false/-: 1"]);
    expect(await storedReceived("2024-10-01")).toEqual(["2A/early_help/true/true: 1"]);
    // By the month of the decision: a (1 February), the duplicate (29 February), f (5 March, no earlier
    // referral), b (2 April, one earlier referral: f), d (1 November); c is pending.
    expect(await storedDecided("2024-01-01")).toEqual([]);
    expect(await storedDecided("2024-02-01")).toEqual(["5A/duplicate/-: 1", "6/nfa/-: 1"]);
    expect(await storedDecided("2024-03-01")).toEqual(["6/referral/0: 1"]);
    expect(await storedDecided("2024-04-01")).toEqual(["6/referral/1: 1"]);
    expect(await storedDecided("2024-07-01")).toEqual([]);
    expect(await storedDecided("2024-11-01")).toEqual(["2A/early_help/-: 1"]);
    expect(await countMonthCountDifferences(db())).toBe(0);
  });

  /** Each period with its figures worked by hand (figures not named are 0). */
  const periods: { period: MeasurePeriod; why: string; expected: Partial<Record<CountedFigure, number>>; sources: string[] }[] = [
    {
      period: { from: "2024-01-01", to: "2024-12-31" },
      why: "twelve whole months",
      // C = a, f, b, c, d; D = a, f, b, d; referrals decided in 2024: f, b (b a re-referral).
      expected: {
        "contacts.total": 5, "contacts.decided": 4, "contacts.pending": 1, "contacts_not_referral.numerator": 2, "repeat_contacts.numerator": 3,
        "referrals.total": 2, "re_referrals.numerator": 1, "decided_within_one_working_day.numerator": 3,
        "outcomes.nfa": 1, "outcomes.referral": 2, "outcomes.early_help": 1,
      },
      sources: ["2A", "6"],
    },
    {
      period: { from: "2024-02-15", to: "2024-04-01" },
      why: "half of February, the whole of March, and 1 April",
      // C = f (29 February), b (1 April, local); a is January's. Referrals decided: f (5 March); b's came on 2 April.
      expected: {
        "contacts.total": 2, "contacts.decided": 2, "repeat_contacts.numerator": 2, "referrals.total": 1, "decided_within_one_working_day.numerator": 1,
        "outcomes.referral": 2,
      },
      sources: ["6"],
    },
    {
      period: { from: "2024-02-10", to: "2024-04-02" },
      why: "part of February, the whole of March, and two days of April",
      // C = f (29 February), b (1 April). Referrals decided: f (5 March, in the whole month), b (2 April,
      // in the days after it), b a re-referral.
      expected: {
        "contacts.total": 2, "contacts.decided": 2, "repeat_contacts.numerator": 2, "referrals.total": 2, "re_referrals.numerator": 1,
        "decided_within_one_working_day.numerator": 1, "outcomes.referral": 2,
      },
      sources: ["6"],
    },
    {
      period: { from: "2024-03-04", to: "2024-05-31" },
      why: "the last days of March, then the whole of April and May",
      // C = b (1 April). Referrals decided: f (5 March, in the days before the whole months, received in
      // February, before the period), b (2 April, in a whole month), b a re-referral.
      expected: {
        "contacts.total": 1, "contacts.decided": 1, "repeat_contacts.numerator": 1, "referrals.total": 2, "re_referrals.numerator": 1,
        "decided_within_one_working_day.numerator": 1, "outcomes.referral": 1,
      },
      sources: ["6"],
    },
    {
      period: { from: "2024-02-01", to: "2024-02-29" },
      why: "the whole of a leap February",
      // C = f; the duplicate from 5A is left out, so 5A is not a source of the period.
      expected: { "contacts.total": 1, "contacts.decided": 1, "repeat_contacts.numerator": 1, "outcomes.referral": 1 },
      sources: ["6"],
    },
    {
      period: { from: "2024-03-01", to: "2024-03-31" },
      why: "a whole month with a referral decided and no contact received (b is April's, local)",
      expected: { "referrals.total": 1 },
      sources: [],
    },
    {
      period: { from: "2024-07-01", to: "2024-07-01" },
      why: "one day, in no whole month",
      expected: { "contacts.total": 1, "contacts.pending": 1 },
      sources: ["2A"],
    },
    {
      period: { from: "2024-06-30", to: "2024-06-30" },
      why: "the UTC date of a contact received on the next local day",
      expected: {},
      sources: [],
    },
    {
      period: { from: "2024-10-31", to: "2024-11-30" },
      why: "the last day of October and the whole of November",
      expected: { "contacts.total": 1, "contacts.decided": 1, "contacts_not_referral.numerator": 1, "repeat_contacts.numerator": 1, "decided_within_one_working_day.numerator": 1, "outcomes.early_help": 1 },
      sources: ["2A"],
    },
  ];

  for (const { period, why, expected, sources } of periods) {
    it(`${period.from} to ${period.to} (${why}): the figures worked by hand, each its list's length`, async () => {
      const m = await computeMeasures(db(), period);
      const counts: Record<CountedFigure, number> = {
        "contacts.total": m.contacts.total,
        "contacts.decided": m.contacts.decided,
        "contacts.pending": m.contacts.pending,
        "contacts_not_referral.numerator": m.contacts_not_referral.numerator,
        "repeat_contacts.numerator": m.repeat_contacts.numerator,
        "referrals.total": m.referrals.total,
        "referrals.strategy_discussion": m.referrals.strategy_discussion,
        "re_referrals.numerator": m.re_referrals.numerator,
        "decided_within_one_working_day.numerator": m.decided_within_one_working_day.numerator,
        "outcomes.referral": m.outcomes.referral,
        "outcomes.strategy_discussion": m.outcomes.strategy_discussion,
        "outcomes.early_help": m.outcomes.early_help,
        "outcomes.nfa": m.outcomes.nfa,
        "outcomes.advice_signpost": m.outcomes.advice_signpost,
        "outcomes.existing_case": m.outcomes.existing_case,
      };
      const zero = Object.fromEntries(Object.keys(counts).map((k) => [k, 0]));
      expect(counts).toEqual({ ...zero, ...expected });
      expect(Object.keys(m.by_source).sort()).toEqual(sources);
      for (const [figure, n] of Object.entries(counts)) {
        expect((await listMeasureRecords(db(), period, figure as CountedFigure)).length, figure).toBe(n);
      }
      for (const [source, s] of Object.entries(m.by_source)) {
        for (const part of ["contacts", "decided", "referrals"] as const) {
          expect((await listMeasureRecords(db(), period, `by_source.${source}.${part}`)).length, `${source} ${part}`).toBe(s[part]);
        }
      }
    });
  }

  it("gives the dashboard's months of 2024 worked by hand (received month for contacts, decision month for referrals)", async () => {
    const row = (month: string, c: number, d: number, notReferral: number, repeat: number, within: number, referrals: number, reReferrals: number) => ({
      month, contacts: c, decided: d, not_referral: notReferral, repeat, within_one_working_day: within, referrals, re_referrals: reReferrals,
    });
    expect(await monthlyMeasureCounts(db(), { from: "2024-01-01", to: "2024-12-31" })).toEqual([
      row("2024-01-01", 1, 1, 1, 0, 1, 0, 0), // a: no further action, in time
      row("2024-02-01", 1, 1, 0, 1, 0, 0, 0), // f: a referral, a repeat, late; decided in March
      row("2024-03-01", 0, 0, 0, 0, 0, 1, 0), // f's referral
      row("2024-04-01", 1, 1, 0, 1, 1, 1, 1), // b: received and referred in April, a repeat and a re-referral
      row("2024-07-01", 1, 0, 0, 0, 0, 0, 0), // c: pending
      row("2024-10-01", 1, 1, 1, 1, 1, 0, 0), // d: early help, a repeat, in time
    ]);
  });

  it("follows a contact moved to another month, two recorded at once in one group and one deleted; the rows of changes gathered, the counts the same", async () => {
    const july = { from: "2024-07-01", to: "2024-07-31" };
    // mc-c moves to 1 August (local): July loses it.
    await sql`update contacts set received_at = '2024-08-01T08:00:00Z' where id = 'mc-c'`.execute(db());
    expect(await storedReceived("2024-07-01")).toEqual([]);
    expect(await storedReceived("2024-08-01")).toEqual(["2A/pending/false/-: 1"]);
    expect((await computeMeasures(db(), july)).contacts.total).toBe(0);
    // Two contacts in July from source 2A, pending, in two transactions at once: both counted (each
    // adds a row of its own: neither count is lost, and neither waits for the other — on PostgreSQL a
    // wait of more than 50 ms for the other's lock would fail the insert; the first holds its
    // transaction open for 150 ms).
    const record = (id: string) =>
      db().transaction().execute(async (trx) => {
        await sql`set local lock_timeout = '50ms'`.execute(trx);
        await insertContact(trx, {
          id, reference: id, person_id: "mc-p2", received_at: "2024-07-10T09:00:00Z", source: "2A", channel: "phone", state: "received",
          outcome: null, decided_at: null, repeat_contact: false, machine_version: 1, snapshot: JSON.stringify({}), referrer: JSON.stringify({}),
        });
        await new Promise((resolve) => setTimeout(resolve, 150));
      });
    await Promise.all([record("mc-g"), record("mc-h")]);
    expect(await storedReceived("2024-07-01")).toEqual(["2A/pending/false/-: 2"]);
    expect((await computeMeasures(db(), july)).contacts.total).toBe(2);
    // Deleted (contacts are never deleted by the app; any writer is followed): July is back to one.
    await sql`delete from contacts where id = 'mc-h'`.execute(db());
    expect(await storedReceived("2024-07-01")).toEqual(["2A/pending/false/-: 1"]);
    expect((await computeMeasures(db(), july)).contacts.total).toBe(1);
    expect(await countMonthCountDifferences(db())).toBe(0);

    // Each change added rows (+1, −1); gathered, each group is one row again with the same count, and a
    // group whose rows cancel out (July's before the look-backs were worked out) has none.
    const rows = async () => (await sql<{ rows: number; groups: number }>`select count(*)::int as rows,
      (select count(*)::int from (select 1 from contact_month_counts
        group by counted_by, month, source, outcome, repeat_contact, within_one_working_day, earlier_referrals having sum(contacts) <> 0) g) as groups
      from contact_month_counts`.execute(db())).rows[0]!;
    const before = await rows();
    expect(before.rows).toBeGreaterThan(before.groups);
    expect(await gatherMonthCounts(db())).toBe(before.rows - before.groups);
    expect(await rows()).toEqual({ rows: before.groups, groups: before.groups });
    expect(await storedReceived("2024-07-01")).toEqual(["2A/pending/false/-: 1"]);
    expect(await storedReceived("2024-08-01")).toEqual(["2A/pending/false/-: 1"]);
    expect(await countMonthCountDifferences(db())).toBe(0);
    expect((await computeMeasures(db(), july)).contacts.total).toBe(1);
    // Nothing left to gather: nothing written.
    expect(await gatherMonthCounts(db())).toBe(0);
  });

  it("loses and doubles nothing when two gatherings run at once, or a gathering beside a bulk load's count afresh", async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const changeSomeGroups = () => sql`update contacts set repeat_contact = not repeat_contact where id in ('mc-a', 'mc-d')`.execute(db());
    await changeSomeGroups();
    await changeSomeGroups();
    await Promise.all([gatherMonthCounts(db()), gatherMonthCounts(db())]);
    expect(await countMonthCountDifferences(db())).toBe(0);

    // A gathering holds its transaction open while a bulk load counts every contact afresh (on
    // PostgreSQL, at once: the count waits for the gathering, then replaces its rows too).
    await changeSomeGroups();
    await changeSomeGroups();
    await Promise.all([
      db().transaction().execute(async (trx) => {
        await gatherMonthCounts(trx);
        await sleep(300);
      }),
      (async () => {
        await sleep(100);
        await db().transaction().execute(async (trx) => {
          const countAfreshAndSwitchOn = await switchOffMonthCountTriggers(trx);
          await countAfreshAndSwitchOn();
        });
      })(),
    ]);
    expect(await countMonthCountDifferences(db())).toBe(0);
    expect((await computeMeasures(db(), { from: "2024-01-01", to: "2024-12-31" })).contacts.total).toBe(6);
  });
});
