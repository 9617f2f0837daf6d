/**
 * docs/scaling.md, "Partitioning by month": a database migrated to the latest release, holding the
 * demo's two years of history, has `contact_events` converted to a table partitioned by the month of
 * `at` (db/scaling/partition-contact-events-by-month.sql). Afterwards the app's own writes — a
 * contact recorded through the intake service, lifecycle events through the lifecycle service, a
 * repeated submission —, the stage-visit triggers and the history replay check work as before.
 * PostgreSQL only: the embedded PGlite serves one council's office, never a partitioned national table.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAllContactHistories } from "../../app/contacts/history.server";
import { intakeSchema } from "../../app/contacts/intake.schema";
import { type RecordContactResult, recordContact } from "../../app/contacts/intake.server";
import { applyEventToContact } from "../../app/contacts/lifecycle.server";
import { loadDemoData } from "../../app/demo/demo-data.server";
import { type DatabaseHandle, openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { insertContactEvent } from "../../db/queries/contacts/contact-events";
import { countStageVisitDifferences, storedStageVisits } from "../../db/queries/measures/stage-visits";
import { insertUser } from "../../db/queries/users";
import { ensureReferenceData } from "../../db/seed/reference-data";
import type { Actor } from "../../machines/contact.machine";
import { TEST_DATABASE_URL } from "./databases";

const SCRIPT = new URL("../../db/scaling/partition-contact-events-by-month.sql", import.meta.url);
const schema = `test_${randomBytes(6).toString("hex")}`;
let handle: DatabaseHandle;

const screener = { id: "u-part-screener", email: "part@example.org", displayName: "Pat", role: "screener" as const, agencyCode: null, hubCode: null };
const actor: Actor = { id: screener.id, role: "screener" };
const form = intakeSchema.parse({
  idempotencyKey: "partition-intake-0001",
  referrerName: "PC Dan Hughes",
  referrerType: "professional",
  referrerOrganisation: "Devon and Cornwall Police",
  source: "6",
  channel: "police_notification",
  receivedDate: { day: "2", month: "3", year: "2026" },
  receivedTime: "08:15",
  children: [{ firstName: "Ava", lastName: "Partition", sex: "F", dateOfBirth: { day: "1", month: "5", year: "2016" } }],
  concern: "Domestic abuse incident attended overnight.",
  factors: ["3B"],
  immediateRisk: "no",
  consent: "not_sought",
});

/** The partition each of a contact's events is stored in, by sequence. */
async function partitionsOf(contactId: string): Promise<string[]> {
  const { rows } = await sql<{ partition: string }>`
    select tableoid::regclass::text as partition from contact_events where contact_id = ${contactId} order by sequence`.execute(handle.db);
  return rows.map((r) => r.partition);
}

const triggersOn = async (table: string) =>
  (await sql<{ tgname: string }>`select tgname from pg_trigger where tgrelid = to_regclass(${table}) and not tgisinternal order by tgname`.execute(handle.db)).rows.map((r) => r.tgname);

describe("contact_events partitioned by month [PostgreSQL]", () => {
  let before: { events: number; visits: number; triggers: string[] };
  let contactId: string;

  beforeAll(async () => {
    handle = await openDatabase({ url: TEST_DATABASE_URL, schema, poolSize: 3 });
    await sql`create extension if not exists pg_trgm schema public`.execute(handle.db);
    await sql`create extension if not exists fuzzystrmatch schema public`.execute(handle.db);
    await migrateToLatest(handle.db);
    await ensureReferenceData(handle.db);
    // Two years of history driven through the machine (the demo's), to be moved into the partitions.
    await loadDemoData(handle.db, { now: new Date("2026-02-20T12:00:00Z"), seed: 7, contactsPerYear: 150 });
    await insertUser(handle.db, { id: screener.id, email: screener.email, display_name: screener.displayName, role: "screener", agency_code: null, hub_code: null, password_hash: "x" });
    const count = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(handle.db)).rows[0]!.n);
    before = { events: await count("contact_events"), visits: await count("contact_stage_visits"), triggers: await triggersOn("contact_events") };

    await sql.raw(readFileSync(SCRIPT, "utf8")).execute(handle.db);

    // After the conversion, through the app's services: a contact recorded on 2 March 2026 …
    const result: RecordContactResult = await recordContact(handle.db, {
      user: screener,
      form,
      receivedAt: new Date("2026-03-02T08:15:00Z"),
      now: new Date("2026-03-02T08:20:00Z"),
      ipAddress: null,
    });
    if (result.kind !== "recorded") throw new Error(JSON.stringify(result));
    contactId = result.contacts[0]!.id;
    // … picked up for screening on 31 March and given a priority on 1 April (the next month's partition).
    const screening = await applyEventToContact(handle.db, {
      contactId,
      expectedVersion: 1,
      idempotencyKey: "partition-screen-0001",
      event: { type: "START_SCREENING", actor, at: "2026-03-31T23:30:00.000Z" },
    });
    if (screening.kind !== "applied") throw new Error(JSON.stringify(screening));
    const priority = await applyEventToContact(handle.db, {
      contactId,
      expectedVersion: 2,
      idempotencyKey: "partition-priority-0001",
      event: { type: "SET_PRIORITY", priority: "amber", reason: "Concerns reported by the school.", actor, at: "2026-04-01T09:00:00.000Z" },
    });
    if (priority.kind !== "applied") throw new Error(JSON.stringify(priority));
  }, 300_000);

  afterAll(async () => {
    if (!handle) return;
    await sql`drop schema ${sql.id(schema)} cascade`.execute(handle.db);
    await handle.close();
  });

  it("is a table partitioned by range of at, holding every event it held before in the partition of its month", async () => {
    const { rows: kind } = await sql<{ relkind: string; key: string }>`
      select c.relkind, pg_get_partkeydef(c.oid) as key from pg_class c where c.oid = to_regclass('contact_events')`.execute(handle.db);
    expect(kind).toEqual([{ relkind: "p", key: "RANGE (at)" }]);
    expect(before.events).toBeGreaterThan(1000);
    const { rows } = await sql<{ total: number; misplaced: number; in_default: number; months: number }>`
      select count(*)::int as total,
        (count(*) filter (where tableoid::regclass::text <> 'contact_events_' || to_char(at at time zone 'UTC', '"y"YYYY"m"MM')))::int as misplaced,
        (count(*) filter (where tableoid::regclass::text = 'contact_events_default'))::int as in_default,
        count(distinct tableoid)::int as months
      from contact_events where contact_id <> ${contactId}`.execute(handle.db);
    // The demo's 24 months of history, from February 2024 to February 2026, lie in 25 monthly partitions.
    expect(rows[0]).toEqual({ total: before.events, misplaced: 0, in_default: 0, months: 25 });
  });

  it("keeps every trigger the table had, and adds the one that keeps keys unique across months", async () => {
    expect(await triggersOn("contact_events")).toEqual([...before.triggers, "contact_events_record_keys"].sort());
  });

  it("stores the app's new events in the partitions of their months", async () => {
    expect(await partitionsOf(contactId)).toEqual(["contact_events_y2026m03", "contact_events_y2026m03", "contact_events_y2026m04"]);
    const { rows } = await sql<{ state: string; version: number }>`select state, version from contacts where id = ${contactId}`.execute(handle.db);
    expect(rows).toEqual([{ state: "screening", version: 3 }]);
  });

  it("answers a repeated submission as the first was, and refuses a key or a sequence number used in another month", async () => {
    const again = await applyEventToContact(handle.db, {
      contactId,
      expectedVersion: 2,
      idempotencyKey: "partition-priority-0001",
      event: { type: "SET_PRIORITY", priority: "amber", reason: "Concerns reported by the school.", actor, at: "2026-04-01T09:00:00.000Z" },
    });
    expect(again).toEqual({ kind: "applied", contactId, version: 3, state: "screening", replayed: true });
    expect(await partitionsOf(contactId)).toHaveLength(3);

    const event = { contact_id: contactId, type: "ALLOCATED", payload: "{}", actor_user_id: null, state_before: "screening", state_after: "screening" };
    // The key of sequence 3 (April) again, in May: unique across every partition.
    await expect(insertContactEvent(handle.db, { ...event, sequence: 4, at: "2026-05-01T00:00:00Z", idempotency_key: "partition-priority-0001" })).rejects.toMatchObject({ code: "23505" });
    // Sequence 2 (March) again, in June.
    await expect(insertContactEvent(handle.db, { ...event, sequence: 2, at: "2026-06-01T00:00:00Z", idempotency_key: null })).rejects.toMatchObject({ code: "23505" });
    expect(await partitionsOf(contactId)).toHaveLength(3);
  });

  it("stays append-only: no update or delete of an event, no truncate of the table or of a month", async () => {
    await expect(sql`update contact_events set type = 'X' where contact_id = ${contactId}`.execute(handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from contact_events where contact_id = ${contactId}`.execute(handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate contact_events`.execute(handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate contact_events_y2026m03`.execute(handle.db)).rejects.toThrow(/append-only/);
    expect(await partitionsOf(contactId)).toHaveLength(3);
  });

  it("projects the stage visits through the triggers, as the event history gives them", async () => {
    const visits = await storedStageVisits(handle.db, [contactId]);
    expect(visits.map((v) => ({ stage: v.stage, entered: v.entered_at?.toISOString() ?? null, next: v.next_stage, left: v.left_at?.toISOString() ?? null }))).toEqual([
      { stage: "received", entered: null, next: "screening", left: "2026-03-31T23:30:00.000Z" },
      { stage: "screening", entered: "2026-03-31T23:30:00.000Z", next: null, left: null },
    ]);
    expect(await countStageVisitDifferences(handle.db)).toBe(0);
    const { rows } = await sql<{ n: string }>`select count(*) as n from contact_stage_visits`.execute(handle.db);
    expect(Number(rows[0]!.n)).toBe(before.visits + 2);
  });

  it("passes the history replay check for every contact, moved or new", async () => {
    const { rows } = await sql<{ n: string }>`select count(*) as n from contacts`.execute(handle.db);
    expect(await checkAllContactHistories(handle.db)).toEqual({ checked: Number(rows[0]!.n), problems: [] });
  });

  it("adds the months ahead once each, whenever it is run", async () => {
    const partitions = async () => Number((await sql<{ n: string }>`select count(*) as n from pg_inherits where inhparent = to_regclass('contact_events')`.execute(handle.db)).rows[0]!.n);
    const count = await partitions();
    await sql`select add_contact_events_months(3)`.execute(handle.db);
    await sql`select add_contact_events_months(3)`.execute(handle.db);
    // The script made the months to a year after today; three months ahead adds nothing new.
    expect(await partitions()).toBe(count);
    await sql`select add_contact_events_month(${new Date("2040-07-15T00:00:00Z")})`.execute(handle.db);
    await sql`select add_contact_events_month(${new Date("2040-07-31T23:59:59Z")})`.execute(handle.db);
    expect(await partitions()).toBe(count + 1);
    expect(await triggersOn("contact_events_y2040m07")).toContain("contact_events_no_truncate");
  });
});
