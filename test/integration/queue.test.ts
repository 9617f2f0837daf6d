import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { listAuditForSubject } from "../../db/queries/audit";
import { listContactEvents } from "../../db/queries/contacts/contact-events";
import { countQueueFigures, listQueuePage, queueCursorOf, type QueueFilter } from "../../db/queries/queue";
import { insertUser } from "../../db/queries/users";
import type { SessionUser } from "../../app/auth/lucia.server";
import { performContactAction } from "../../app/contacts/actions.server";
import { createContact } from "../../app/contacts/create.server";
import { checkAllContactHistories } from "../../app/contacts/history.server";
import { applyEventToContact } from "../../app/contacts/lifecycle.server";
import { allocateContact, allocationKey, pickUpContact } from "../../app/queue/allocation.server";
import { mergePeople } from "../../app/people/merge.server";
import { readQueue } from "../../app/queue/queue.server";
import {
  addBankHoliday,
  changePartnerTimescales,
  loadClockSettings,
  removeBankHoliday,
  setDecisionDeadline,
} from "../../app/clocks/clock-settings.server";
import type { Actor, ContactEvent } from "../../machines/contact.machine";
import { describeOnBothDatabases, type TestDatabase } from "./databases";

const user = (id: string, role: SessionUser["role"], displayName: string, agencyCode: string | null = null): SessionUser => ({
  id,
  email: `${id}@example.org`,
  displayName,
  role,
  agencyCode,
  hubCode: null,
});
const screener = user("q-screener", "screener", "Sam Okafor");
const screener2 = user("q-screener-2", "screener", "Jo Bell");
const manager = user("q-manager", "manager", "Morgan Reid");
const admin = user("q-admin", "admin", "Alex Morgan");
const police = user("q-police", "partner", "DC Shah", "police");
const actor = (u: SessionUser): Actor => ({ id: u.id, role: u.role });

// Monday 2 March 2026 onwards (no bank holidays that week).
const NOW = new Date("2026-03-06T12:00:00Z");
const ids: Record<string, string> = {};
const versions: Record<string, number> = {};
let seq = 0;
const key = (label: string) => `${label}-${++seq}-${Math.random().toString(36).slice(2, 10)}`;

/** The open contacts a filter matches, and how many of them are overdue at NOW (the queue page's counts). */
async function countMatching(db: TestDatabase["handle"]["db"], filter: QueueFilter) {
  const { total, overdue } = await countQueueFigures(db, { filter, me: "nobody", now: NOW });
  return { total, overdue };
}

/**
 * The queue's world, on one database: the workers, two children and their contacts A to E and OLD (E
 * and OLD closed as duplicates), with the helpers the tests use. Each suite below sets it up in its own
 * hook, on its own databases, so that what one suite changes (allocations, a bank holiday, new
 * contacts) is never in what another reads.
 */
function queueWorld(t: TestDatabase) {
  const db = () => t.handle.db;

  async function contact(name: string, receivedAt: string, source: string, personId: string | null) {
    const id = `q-${name}-${Math.random().toString(36).slice(2, 8)}`;
    await createContact(
      db(),
      { id, reference: `Q-${name}-${id.slice(-6)}`, received_at: receivedAt, source, channel: "phone", person_id: personId, referrer: JSON.stringify({}) },
      { actor: actor(screener), recordedAt: receivedAt },
    );
    ids[name] = id;
    versions[name] = 1;
    return id;
  }

  async function apply(name: string, event: ContactEvent) {
    const result = await applyEventToContact(db(), { contactId: ids[name]!, expectedVersion: versions[name]!, idempotencyKey: key(name), event });
    expect(result.kind).toBe("applied");
    if (result.kind === "applied") versions[name] = result.version;
  }

  async function setUp() {
    for (const u of [screener, screener2, manager, admin, police]) {
      await insertUser(db(), { id: u.id, email: u.email, display_name: u.displayName, role: u.role, agency_code: u.agencyCode, hub_code: null, password_hash: "x" });
    }
    await db()
      .insertInto("people")
      .values([
        { id: "q-p1", last_name: "Ashworth", first_name: "Lily", sex: "F" },
        { id: "q-p2", last_name: "Brown", first_name: "Tom", sex: "M" },
      ])
      .execute();
    await contact("E", "2025-11-01T09:00:00Z", "6", "q-p2"); // becomes a duplicate: never makes C a repeat
    await contact("A", "2026-03-02T09:00:00Z", "6", "q-p1"); // Monday → due end of Tuesday
    await contact("B", "2026-03-05T09:00:00Z", "2A", "q-p1"); // Thursday → due end of Friday; repeat of A
    await contact("C", "2026-03-06T09:00:00Z", "6", "q-p2"); // Friday → due end of Monday
    await contact("D", "2026-03-04T09:00:00Z", "3A", null); // Wednesday → due end of Thursday
    await contact("OLD", "2024-01-10T09:00:00Z", "6", "q-p1"); // more than 12 months before B: makes nothing a repeat
    await apply("E", { type: "MARK_DUPLICATE", duplicateOf: ids.C!, at: "2025-11-01T10:00:00Z", actor: actor(screener) });
    await apply("OLD", { type: "MARK_DUPLICATE", duplicateOf: ids.A!, at: "2024-01-10T10:00:00Z", actor: actor(screener) });
  }

  return { db, contact, apply, setUp };
}

describeOnBothDatabases("the MASH queue: order, paging, filters and each worker's work", (t) => {
  const { db, apply, setUp } = queueWorld(t);
  // Besides the world: B is being screened, with a Red priority; a manager has allocated A to Sam Okafor;
  // Sam Okafor has picked up D.
  beforeAll(async () => {
    await setUp();
    await apply("B", { type: "START_SCREENING", at: "2026-03-05T10:00:00Z", actor: actor(screener) });
    await apply("B", { type: "SET_PRIORITY", priority: "red", reason: "Concerns reported by the school.", at: "2026-03-05T10:05:00Z", actor: actor(screener) });
    expect(await allocateContact(db(), { user: manager, contactId: ids.A!, version: versions.A!, ipAddress: null, now: NOW, allocateTo: screener.id, idempotencyKey: key("alloc") })).toMatchObject({ kind: "applied" });
    expect(await pickUpContact(db(), { user: screener, contactId: ids.D!, version: versions.D!, idempotencyKey: key("pick"), ipAddress: null, now: NOW })).toMatchObject({ kind: "applied" });
  });

  it("each contact was given its decision deadline by the database as it was recorded", async () => {
    const due = await db().selectFrom("contacts").select(["id", "decision_due_at"]).where("id", "in", [ids.A!, ids.B!, ids.C!, ids.D!]).execute();
    const dueOf = (name: string) => new Date(due.find((r) => r.id === ids[name])!.decision_due_at!).toISOString();
    expect(dueOf("A")).toBe("2026-03-04T00:00:00.000Z");
    expect(dueOf("D")).toBe("2026-03-06T00:00:00.000Z");
    expect(dueOf("B")).toBe("2026-03-07T00:00:00.000Z");
    expect(dueOf("C")).toBe("2026-03-10T00:00:00.000Z");
  });

  it("orders open contacts by the nearest deadline, overdue first, and counts the overdue", async () => {
    const page = await listQueuePage(db(), {}, { pageSize: 50 });
    expect(page.rows.map((r) => r.id)).toEqual([ids.A, ids.D, ids.B, ids.C]);
    expect(await countMatching(db(), {})).toEqual({ total: 4, overdue: 2 });
  });

  it("pages by position in both directions", async () => {
    const first = await listQueuePage(db(), {}, { pageSize: 2 });
    expect(first.rows.map((r) => r.id)).toEqual([ids.A, ids.D]);
    expect(first).toMatchObject({ hasNext: true, hasPrevious: false });
    const cursor = (r: (typeof first.rows)[number]) => queueCursorOf(r);
    const second = await listQueuePage(db(), {}, { pageSize: 2, after: cursor(first.rows[1]!) });
    expect(second.rows.map((r) => r.id)).toEqual([ids.B, ids.C]);
    expect(second).toMatchObject({ hasNext: false, hasPrevious: true });
    const back = await listQueuePage(db(), {}, { pageSize: 2, before: cursor(second.rows[0]!) });
    expect(back.rows.map((r) => r.id)).toEqual([ids.A, ids.D]);
    expect(back).toMatchObject({ hasNext: true, hasPrevious: false });
    const byNumber = await listQueuePage(db(), {}, { pageSize: 2, offset: 2 });
    expect(byNumber.rows.map((r) => r.id)).toEqual([ids.B, ids.C]);
    expect(byNumber).toMatchObject({ hasNext: false, hasPrevious: true });
  });

  it("filters by source, state, priority and repeat contacts (the child's earlier non-duplicate contact within 12 months)", async () => {
    const list = async (filter: Parameters<typeof listQueuePage>[1]) => (await listQueuePage(db(), filter, { pageSize: 50 })).rows.map((r) => r.id);
    expect(await list({ source: "6" })).toEqual([ids.A, ids.C]);
    expect(await list({ state: "screening" })).toEqual([ids.B]);
    expect(await list({ state: "received" })).toEqual([ids.A, ids.D, ids.C]);
    expect(await list({ priority: "red" })).toEqual([ids.B]);
    expect(await list({ priority: "none" })).toEqual([ids.A, ids.D, ids.C]);
    expect(await list({ repeatOnly: true })).toEqual([ids.B]);
    expect(await list({ repeatOnly: true, source: "6" })).toEqual([]);
    const rows = (await listQueuePage(db(), {}, { pageSize: 50 })).rows;
    expect(rows.filter((r) => r.repeat).map((r) => r.id)).toEqual([ids.B]);
    expect(await countMatching(db(), { repeatOnly: true })).toEqual({ total: 1, overdue: 0 });
  });

  it("'my work' and the allocation filters", async () => {
    const mine = await readQueue(db(), screener, { view: "mine" }, { now: NOW });
    expect(mine.rows.map((r) => r.id)).toEqual([ids.A, ids.D]);
    expect(mine).toMatchObject({ total: 2, overdue: 2, mine: 2 });
    const unallocated = await readQueue(db(), manager, { allocated: "none" }, { now: NOW });
    expect(unallocated.rows.map((r) => r.id)).toEqual([ids.B, ids.C]);
    const all = await readQueue(db(), manager, {}, { now: NOW });
    expect(all.byState).toEqual({ received: 3, screening: 1 });
    expect(all.rows.find((r) => r.id === ids.A)?.allocatedName).toBe("Sam Okafor");
    expect(all.workers.map((w) => w.display_name)).toEqual(["Jo Bell", "Morgan Reid", "Sam Okafor"]);
  });

  it("allocation and pick-up events are skipped by the machine on replay", async () => {
    const check = await checkAllContactHistories(db());
    expect(check.problems).toEqual([]);
  });
});

describeOnBothDatabases("the MASH queue: allocation, pick-up and a contact without its deadline", (t) => {
  const { db, contact, setUp } = queueWorld(t);
  beforeAll(setUp);

  it("a manager allocates a contact; a form rendered before the change is refused with who changed it", async () => {
    const submission = { user: manager, contactId: ids.A!, version: versions.A!, ipAddress: "127.0.0.1", now: NOW };
    const first = await allocateContact(db(), { ...submission, allocateTo: screener.id, idempotencyKey: key("alloc") });
    expect(first).toMatchObject({ kind: "applied", replayed: false });
    versions.A = versions.A! + 1;
    const stale = await allocateContact(db(), { ...submission, allocateTo: screener2.id, idempotencyKey: key("alloc") });
    expect(stale).toMatchObject({ kind: "stale", changedBy: "Morgan Reid", change: "ALLOCATED" });

    const row = await db().selectFrom("contacts").select(["allocated_to", "version"]).where("id", "=", ids.A!).executeTakeFirstOrThrow();
    expect(row).toEqual({ allocated_to: screener.id, version: versions.A });
    const events = await listContactEvents(db(), ids.A!);
    expect(events.at(-1)).toMatchObject({ type: "ALLOCATED", actor_user_id: manager.id });
    expect(events.at(-1)!.payload).toMatchObject({ allocatedTo: screener.id, allocatedWorker: "Sam Okafor" });
    expect((await listAuditForSubject(db(), "contact", ids.A!)).map((a) => a.action)).toContain("contact.allocated");
  });

  it("refuses allocation to someone who is not a MASH worker, and by someone who is not a manager", async () => {
    const base = { contactId: ids.C!, version: versions.C!, ipAddress: null, now: NOW };
    expect(await allocateContact(db(), { ...base, user: manager, allocateTo: police.id, idempotencyKey: key("x") })).toMatchObject({ kind: "invalid" });
    expect(await allocateContact(db(), { ...base, user: screener, allocateTo: screener.id, idempotencyKey: key("x") })).toMatchObject({ kind: "refused" });
  });

  it("a screener picks up an unallocated contact once; a second pick-up is refused; a repeated submission is applied once", async () => {
    const k = key("pick");
    const picked = await pickUpContact(db(), { user: screener, contactId: ids.D!, version: versions.D!, idempotencyKey: k, ipAddress: null, now: NOW });
    expect(picked).toMatchObject({ kind: "applied", replayed: false });
    const again = await pickUpContact(db(), { user: screener, contactId: ids.D!, version: versions.D!, idempotencyKey: k, ipAddress: null, now: NOW });
    expect(again).toMatchObject({ kind: "applied", replayed: true });
    versions.D = versions.D! + 1;
    const other = await pickUpContact(db(), { user: screener2, contactId: ids.D!, version: versions.D!, idempotencyKey: key("pick"), ipAddress: null, now: NOW });
    expect(other).toMatchObject({ kind: "refused" });
    if (other.kind === "refused") expect(other.reason).toContain("Sam Okafor");
    const stale = await pickUpContact(db(), { user: screener2, contactId: ids.D!, version: versions.D! - 1, idempotencyKey: key("pick"), ipAddress: null, now: NOW });
    expect(stale).toMatchObject({ kind: "stale", changedBy: "Sam Okafor", change: "PICKED_UP" });
    expect((await listContactEvents(db(), ids.D!)).filter((e) => e.type === "PICKED_UP")).toHaveLength(1);
  });

  it("one rendering's key is in every row's form: each contact's change is its own, and a row's form sent twice is applied once", async () => {
    const pageKey = key("page");
    const pickUp = (contact: "B" | "C") => pickUpContact(db(), { user: screener2, contactId: ids[contact]!, version: versions[contact]!, idempotencyKey: pageKey, ipAddress: null, now: NOW });
    expect(await pickUp("B")).toMatchObject({ kind: "applied", replayed: false });
    expect(await pickUp("C")).toMatchObject({ kind: "applied", replayed: false });
    expect(await pickUp("B")).toMatchObject({ kind: "applied", replayed: true });
    for (const contact of ["B", "C"] as const) {
      versions[contact] = versions[contact]! + 1;
      const picked = (await listContactEvents(db(), ids[contact]!)).filter((e) => e.type === "PICKED_UP");
      expect(picked).toHaveLength(1);
      expect(picked[0]!.idempotency_key).toBe(allocationKey(pageKey, ids[contact]!, "pick-up"));
    }
  });

  it("a contact recorded without its deadline has it before the queue is read, which writes nothing; setDecisionDeadline stores one", async () => {
    await contact("F", "2026-03-06T08:00:00Z", "9", null); // Friday → due end of Monday
    const stored = async () =>
      new Date((await db().selectFrom("contacts").select("decision_due_at").where("id", "=", ids.F!).executeTakeFirstOrThrow()).decision_due_at).toISOString();
    expect(await stored()).toBe("2026-03-10T00:00:00.000Z");
    const version = async () => (await db().selectFrom("contacts").select(sql<string>`max(xmin::text::bigint)`.as("x")).executeTakeFirstOrThrow()).x;
    const before = await version();
    const queue = await readQueue(db(), manager, {}, { now: NOW });
    expect(queue.rows.map((r) => r.id)).toEqual([ids.A, ids.D, ids.B, ids.C, ids.F]);
    expect(await version()).toBe(before);
    await db().updateTable("contacts").set({ decision_due_at: "2026-03-20T00:00:00Z" }).where("id", "=", ids.F!).execute();
    const due = await db().transaction().execute((trx) => setDecisionDeadline(trx, ids.F!));
    expect(due?.toISOString()).toBe("2026-03-10T00:00:00.000Z");
    expect(await stored()).toBe("2026-03-10T00:00:00.000Z");
  });
});

describeOnBothDatabases("the clocks' settings", (t) => {
  const { db, contact, apply, setUp } = queueWorld(t);
  beforeAll(setUp);

  it("an administrator changes the partner timescales: audited, versioned, and used for new requests", async () => {
    const before = await loadClockSettings(db());
    expect(before.timescales).toEqual({ redHours: 4, amberWorkingDays: 1, greenWorkingDays: 3 });
    const k = key("ts");
    const change = { user: admin, ipAddress: "10.0.0.1", idempotencyKey: k, version: before.timescalesVersion, timescales: { redHours: 6, amberWorkingDays: 2, greenWorkingDays: 4 } };
    expect(await changePartnerTimescales(db(), change)).toEqual({ kind: "applied", replayed: false });
    expect(await changePartnerTimescales(db(), change)).toEqual({ kind: "applied", replayed: true });
    expect(await changePartnerTimescales(db(), { ...change, idempotencyKey: key("ts") })).toMatchObject({ kind: "stale", changedBy: "Alex Morgan" });
    const after = await loadClockSettings(db());
    expect(after.timescales).toEqual({ redHours: 6, amberWorkingDays: 2, greenWorkingDays: 4 });
    const audit = await listAuditForSubject(db(), "settings", "partner_timescales");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "settings.partner_timescales_changed", actor_name: "Alex Morgan" });
    expect(audit[0]!.details).toMatchObject({ from: { amberWorkingDays: 1 }, to: { amberWorkingDays: 2 } });

    // An Amber request made on Monday 9 March 2026 is now due by the end of Wednesday 11 March.
    await contact("G", "2026-03-09T09:00:00Z", "6", null);
    await apply("G", { type: "START_SCREENING", at: "2026-03-09T09:10:00Z", actor: actor(screener) });
    await apply("G", { type: "SET_PRIORITY", priority: "amber", reason: "Concerns reported by the school.", at: "2026-03-09T09:11:00Z", actor: actor(screener) });
    await apply("G", { type: "RECORD_CONSENT", consent: "given", at: "2026-03-09T09:12:00Z", actor: actor(screener) });
    const result = await performContactAction(db(), {
      user: screener,
      contactId: ids.G!,
      action: { intent: "REQUEST_PARTNER_INFORMATION", agencies: ["police"], version: versions.G!, idempotencyKey: key("req") },
      ipAddress: null,
      now: new Date("2026-03-09T10:00:00Z"),
    });
    expect(result.kind).toBe("applied");
    const request = await db().selectFrom("information_requests").select("due_at").where("contact_id", "=", ids.G!).executeTakeFirstOrThrow();
    expect(new Date(request.due_at).toISOString()).toBe("2026-03-12T00:00:00.000Z");
  });

  it("an administrator adds and removes a bank holiday: audited, and the decision deadlines it moves are worked out again", async () => {
    const dueOfA = async () => new Date((await db().selectFrom("contacts").select("decision_due_at").where("id", "=", ids.A!).executeTakeFirstOrThrow()).decision_due_at!).toISOString();
    const k = key("bh");
    const added = await addBankHoliday(db(), { user: admin, ipAddress: null, idempotencyKey: k, date: "2026-03-03", title: "County day" });
    expect(added).toMatchObject({ kind: "applied", replayed: false });
    expect(added.recomputed).toBeGreaterThanOrEqual(1);
    expect(await dueOfA()).toBe("2026-03-05T00:00:00.000Z");
    expect((await loadClockSettings(db())).holidays.has("2026-03-03")).toBe(true);
    expect(await addBankHoliday(db(), { user: admin, ipAddress: null, idempotencyKey: k, date: "2026-03-03", title: "County day" })).toMatchObject({ kind: "applied", replayed: true });
    expect(await addBankHoliday(db(), { user: admin, ipAddress: null, idempotencyKey: key("bh"), date: "2026-03-03", title: "Again" })).toMatchObject({ kind: "invalid" });

    const removed = await removeBankHoliday(db(), { user: admin, ipAddress: null, idempotencyKey: key("bh"), date: "2026-03-03" });
    expect(removed).toMatchObject({ kind: "applied", title: "County day" });
    expect(await dueOfA()).toBe("2026-03-04T00:00:00.000Z");
    expect((await loadClockSettings(db())).holidays.has("2026-03-03")).toBe(false);
    expect(await removeBankHoliday(db(), { user: admin, ipAddress: null, idempotencyKey: key("bh"), date: "2026-03-03" })).toMatchObject({ kind: "not_found" });
    const audit = await listAuditForSubject(db(), "bank_holiday", "2026-03-03");
    expect(audit.map((a) => a.action).sort()).toEqual(["bank_holiday.added", "bank_holiday.removed"]);
  });
});

describeOnBothDatabases("the queue's repeat mark is the measures' stored one: merged records count (issue 13)", (t) => {
  const db = () => t.handle.db;
  const open = async (id: string, receivedAt: string, personId: string) =>
    createContact(
      db(),
      { id, reference: `QM-${id}`, received_at: receivedAt, source: "6", channel: "phone", person_id: personId, referrer: JSON.stringify({}) },
      { actor: actor(screener), recordedAt: receivedAt },
    );

  beforeAll(async () => {
    for (const u of [screener, manager]) {
      await insertUser(db(), { id: u.id, email: u.email, display_name: u.displayName, role: u.role, agency_code: u.agencyCode, hub_code: null, password_hash: "x" });
    }
    await db()
      .insertInto("people")
      .values([
        { id: "qm-kept", last_name: "Carter", first_name: "Ava", sex: "F" },
        { id: "qm-merged", last_name: "Carter", first_name: "Eva", sex: "F" },
      ])
      .execute();
    await open("qm-first", "2026-03-02T09:00:00Z", "qm-kept");
    await open("qm-second", "2026-03-04T09:00:00Z", "qm-merged");
  });

  it("two records of one child: no repeat until they are merged, then the later contact is one, in the filter, the mark and the count", async () => {
    const repeats = async () => (await listQueuePage(db(), { repeatOnly: true }, { pageSize: 50 })).rows.map((r) => r.id);
    expect(await repeats()).toEqual([]);
    const merged = await mergePeople(db(), { user: manager, survivorId: "qm-kept", mergedId: "qm-merged", reason: "Same child: same school and mother.", idempotencyKey: "qm-merge-0001", ipAddress: null });
    expect(merged).toMatchObject({ kind: "merged" });
    // qm-second (4 March) has an earlier contact of the same child (2 March) within 12 months: a repeat contact.
    expect(await repeats()).toEqual(["qm-second"]);
    const page = await listQueuePage(db(), {}, { pageSize: 50 });
    expect(page.rows.map((r) => [r.id, r.repeat])).toEqual([
      ["qm-first", false],
      ["qm-second", true],
    ]);
    expect(await countMatching(db(), { repeatOnly: true })).toEqual({ total: 1, overdue: 1 });
  });
});
