/**
 * The dashboard's services on the worked example (test/fixtures/sample-contacts.csv and its
 * sample-measures-*.json, the specification's own figures), on both databases: the monthly series
 * adds up month by month to what `computeMeasures` says for each month, a figure's list has the
 * figure's count and its viewing is audited with the contacts shown, downloads hold every record
 * (formula-safe), targets refuse a stale form, and the performance role and `add-user` work.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import type { SessionUser } from "../../app/auth/lucia.server";
import { importContactHistoryFile } from "../../app/history-import/import.server";
import { monthsBetween } from "../../app/measures/dashboard-terms";
import { changeMeasureTargets, exportMeasureRecords, readDashboard, readMeasureRecords, readMeasureSettings, readTrends } from "../../app/measures/dashboard.server";
import { computeMeasures } from "../../app/measures/measures.server";
import { listMeasureMembers, type MeasureMember, readMeasureMembersInBatches } from "../../db/queries/measures/measures";
import { addUser } from "../../app/users/add-user.server";
import { describeOnBothDatabases, type TestDatabase } from "./databases";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const spec = (from: string, to: string) => JSON.parse(readFileSync(join(FIXTURES, `sample-measures-${from}_${to}.json`), "utf8"));

/** Adds a performance lead and an administrator with add-user (the second use of the lead's address refused) and imports the sample history. */
async function setUpDashboard(t: TestDatabase) {
  const created = await addUser(t.handle.db, { email: "lead@example.org", name: "Lee", role: "performance", password: "a-long-enough-password" });
  const again = await addUser(t.handle.db, { email: "lead@example.org", name: "Lee again", role: "performance", password: "a-long-enough-password" });
  const adminCreated = await addUser(t.handle.db, { email: "admin@example.org", name: "Ada", role: "admin", password: "a-long-enough-password" });
  const lead: SessionUser = { id: (created as { id: string }).id, email: "lead@example.org", displayName: "Lee", role: "performance", agencyCode: null, hubCode: null };
  const admin: SessionUser = { id: (adminCreated as { id: string }).id, email: "admin@example.org", displayName: "Ada", role: "admin", agencyCode: null, hubCode: null };
  const imported = await importContactHistoryFile(t.handle.db, join(FIXTURES, "sample-contacts.csv"));
  return { created, again, lead, admin, imported };
}

/** The id of the newest audit record (0 when there is none): what a test adds comes after it. */
async function lastAuditId(t: TestDatabase): Promise<number> {
  const row = await t.handle.db.selectFrom("audit_events").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst();
  return Number(row?.id ?? 0);
}

describeOnBothDatabases("measures dashboard", (t) => {
  let lead: SessionUser;
  let admin: SessionUser;
  let setUp: Awaited<ReturnType<typeof setUpDashboard>>;
  // The users and the sample history, in a hook: each test below reads them and stands on its own.
  beforeAll(async () => {
    setUp = await setUpDashboard(t);
    ({ lead, admin } = setUp);
  });

  it("creates a performance lead and an administrator with add-user, refusing a second use of an address", async () => {
    const { created, again, imported } = setUp;
    expect(created.kind).toBe("created");
    expect(again).toEqual({ kind: "refused", message: "A user with the e-mail address lead@example.org already exists." });
    const audit = await t.handle.db.selectFrom("audit_events").select(["action", "subject_id"]).where("action", "=", "user_created").execute();
    expect(audit.map((a) => a.subject_id).sort()).toEqual([lead.id, admin.id].sort());
    expect(imported).toBeTruthy();
  });

  it("shows the specification's figures for the sample periods", async () => {
    for (const [from, to] of [
      ["2023-01-01", "2023-12-31"],
      ["2024-04-01", "2025-03-31"],
    ] as const) {
      const dashboard = await readDashboard(t.handle.db, { from, to });
      const expected = spec(from, to);
      for (const key of ["contacts_not_referral", "repeat_contacts", "re_referrals", "decided_within_one_working_day"] as const) {
        expect(dashboard.measures[key]).toEqual(expected[key]);
      }
      // No population set yet: no rate.
      expect(dashboard.referralRatePer10000).toBeNull();
    }
  });

  it("gives each month of the trends exactly the measures of that month alone", async () => {
    const trends = await readTrends(t.handle.db, { from: "2024-04-01", to: "2025-03-31" });
    const months = monthsBetween("2023-04-01", "2025-03-31");
    expect(trends.repeat_contacts.map((p) => p.month)).toEqual(months);
    for (const [i, month] of months.entries()) {
      const m = await computeMeasures(t.handle.db, month);
      for (const key of ["contacts_not_referral", "repeat_contacts", "re_referrals", "decided_within_one_working_day"] as const) {
        const point = trends[key][i]!;
        expect({ month: month.from, key, numerator: point.numerator, denominator: point.denominator, pct: point.pct }).toEqual({ month: month.from, key, ...m[key] });
      }
    }
  });

  it("lists a figure's records with the figure's count and audits the contacts the page showed", async () => {
    const period = { from: "2023-01-01", to: "2023-12-31" };
    const expected = spec(period.from, period.to);
    const since = await lastAuditId(t);
    const first = await readMeasureRecords(t.handle.db, lead, { figure: "contacts.total", period, page: 1, ipAddress: "192.0.2.1" });
    if (first.kind !== "found") throw new Error("expected a list");
    expect(first.total).toBe(expected.contacts.total);
    expect(first.rows).toHaveLength(100);
    const third = await readMeasureRecords(t.handle.db, lead, { figure: "contacts.total", period, page: 3, ipAddress: "192.0.2.1" });
    if (third.kind !== "found") throw new Error("expected a list");
    expect(third.rows).toHaveLength(expected.contacts.total - 200);
    const repeat = await readMeasureRecords(t.handle.db, lead, { figure: "repeat_contacts.numerator", period, page: 1, ipAddress: null });
    if (repeat.kind !== "found") throw new Error("expected a list");
    expect(repeat.total).toBe(expected.repeat_contacts.numerator);
    expect(repeat.rows.every((r) => r.repeat)).toBe(true);
    const audits = await t.handle.db
      .selectFrom("audit_events")
      .select(["details", "actor_user_id"])
      .where("action", "=", "measures.records_listed")
      .where("id", ">", since)
      .orderBy("id")
      .execute();
    expect(audits).toHaveLength(3);
    const details = audits.map((a) => (typeof a.details === "string" ? JSON.parse(a.details) : a.details) as { contacts: string[]; figure: string });
    expect(details[1]!.contacts).toEqual(third.rows.map((r) => r.id));
    expect(details[2]).toMatchObject({ figure: "repeat_contacts.numerator", contacts: repeat.rows.map((r) => r.id) });
    expect(audits.every((a) => a.actor_user_id === lead.id)).toBe(true);
    expect(await readMeasureRecords(t.handle.db, lead, { figure: "contacts.everything", period, page: 1, ipAddress: null })).toEqual({ kind: "unknown_figure" });
  });

  it("pages a figure's records in received order, every member once, and a page past the end is the last page", async () => {
    const period = { from: "2023-01-01", to: "2023-12-31" };
    const total = spec(period.from, period.to).contacts.total;
    const pages = Math.ceil(total / 100);
    const seen: string[] = [];
    for (let page = 1; page <= pages; page++) {
      const listed = await readMeasureRecords(t.handle.db, lead, { figure: "contacts.total", period, page, ipAddress: null });
      if (listed.kind !== "found") throw new Error("expected a list");
      expect({ page: listed.page, total: listed.total }).toEqual({ page, total });
      seen.push(...listed.rows.map((r) => r.receivedAt + "|" + r.id));
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect([...seen].sort()).toEqual(seen);
    const beyond = await readMeasureRecords(t.handle.db, lead, { figure: "contacts.total", period, page: pages + 5, ipAddress: null });
    if (beyond.kind !== "found") throw new Error("expected a list");
    expect({ page: beyond.page, total: beyond.total, rows: beyond.rows.length }).toEqual({ page: pages, total, rows: total - (pages - 1) * 100 });
    const empty = await readMeasureRecords(t.handle.db, lead, { figure: "contacts.total", period: { from: "2019-01-01", to: "2019-01-31" }, page: 4, ipAddress: null });
    expect(empty).toMatchObject({ kind: "found", page: 1, total: 0, rows: [] });
  });

  it("downloads every record of a figure as CSV and XLSX, the same cells, audited", async () => {
    const period = { from: "2024-04-01", to: "2025-03-31" };
    const expected = spec(period.from, period.to);
    const since = await lastAuditId(t);
    const csv = await exportMeasureRecords(t.handle.db, lead, { figure: "re_referrals.denominator", period, format: "csv", ipAddress: null });
    const xlsx = await exportMeasureRecords(t.handle.db, lead, { figure: "re_referrals.denominator", period, format: "xlsx", ipAddress: null });
    if (csv.kind !== "found" || xlsx.kind !== "found") throw new Error("expected downloads");
    const rows: string[][] = parse(String(csv.body).replace(/^\uFEFF/, ""));
    expect(rows.length - 1).toBe(expected.referrals.total);
    expect(rows[0]![0]).toBe("Reference");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(rows.length);
    for (const i of [1, 2, rows.length - 1]) {
      expect(rows[i]!.map((_, c) => String(sheet.getRow(i + 1).getCell(c + 1).value ?? ""))).toEqual(rows[i]);
    }
    const audit = await t.handle.db.selectFrom("audit_events").select("details").where("action", "=", "measures.records_downloaded").where("id", ">", since).execute();
    expect(audit).toHaveLength(2);
    const d = (typeof audit[0]!.details === "string" ? JSON.parse(audit[0]!.details) : audit[0]!.details) as { contacts: string[] };
    expect(d.contacts).toHaveLength(expected.referrals.total);
  });

  it("reads a figure's members a batch at a time through a cursor: the whole list, in its order, and the cursor closed after", async () => {
    const period = { from: "2023-01-01", to: "2023-12-31" };
    const whole = await listMeasureMembers(t.handle.db, period, "contacts.total");
    expect(whole.length).toBeGreaterThan(3 * 7);
    const batches = await t.handle.db.transaction().execute(async (trx) => {
      const read = async () => {
        const out: MeasureMember[][] = [];
        for await (const batch of readMeasureMembersInBatches(trx, period, "contacts.total", 7)) out.push(batch);
        return out;
      };
      const first = await read();
      // Closed at the end of the first reading: the same transaction can declare it again.
      expect((await read()).flat()).toEqual(first.flat());
      // A reader that stops after one batch closes it too.
      for await (const batch of readMeasureMembersInBatches(trx, period, "contacts.total", 7)) {
        expect(batch).toEqual(first[0]);
        break;
      }
      expect((await read()).flat()).toEqual(first.flat());
      return first;
    });
    expect(batches.slice(0, -1).map((b) => b.length)).toEqual(Array(batches.length - 1).fill(7));
    expect(batches.flat()).toEqual(whole);
  });
});

// Setting targets and the population changes what every reading of the dashboard shows (the referral
// rate): on databases of its own, so the dashboard's tests above read it as it is before any setting.
describeOnBothDatabases("measure targets and the child population", (t) => {
  let admin: SessionUser;
  beforeAll(async () => {
    ({ admin } = await setUpDashboard(t));
  });

  it("keeps targets and the child population, refusing a stale form; the referral rate uses the population", async () => {
    const before = await readMeasureSettings(t.handle.db);
    expect(before.targets).toEqual({ contacts_not_referral: null, repeat_contacts: null, re_referrals: null, decided_within_one_working_day: null });
    const targets = { contacts_not_referral: 65, repeat_contacts: 20, re_referrals: 22.5, decided_within_one_working_day: 95 };
    const input = { user: admin, version: before.version, idempotencyKey: "k1", targets, children: 140_000, ipAddress: null };
    expect(await changeMeasureTargets(t.handle.db, input)).toEqual({ kind: "applied" });
    // The same form again (a double click) is the first; another form from the old version is stale.
    expect(await changeMeasureTargets(t.handle.db, input)).toEqual({ kind: "applied" });
    expect((await changeMeasureTargets(t.handle.db, { ...input, idempotencyKey: "k2" })).kind).toBe("stale");
    const after = await readMeasureSettings(t.handle.db);
    expect(after).toMatchObject({ targets, children: 140_000, version: before.version + 1, updatedBy: "Ada" });
    // 2023: 52 referrals × 10,000 / 140,000 = 3.714… → 3.7
    expect((await readDashboard(t.handle.db, { from: "2023-01-01", to: "2023-12-31" })).referralRatePer10000).toBe(3.7);
    const changes = await sql<{ n: number }>`select count(*)::int as n from audit_events where action = 'settings.measure_targets_changed'`.execute(t.handle.db);
    expect(Number(changes.rows[0]!.n)).toBe(1);
  });
});
