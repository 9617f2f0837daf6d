/**
 * `npm run contacts:check-history` and contacts recorded before asking an agency again made a new
 * request (decision 021): then the second request to an agency replaced the first in the stored
 * snapshot (no `earlierRequests`, no `sequence`) and its one row `<contact>:<agency>` was brought in
 * line with it. Replaying the same events today keeps the first request beside the second; the
 * check understands the older representation, so such a contact passes — and still reports any real
 * difference (decision 028). Both databases.
 */
import { isDeepStrictEqual } from "node:util";
import { beforeAll, expect, it } from "vitest";
import { createContact } from "../../app/contacts/create.server";
import { checkAllContactHistories, checkContactHistory } from "../../app/contacts/history.server";
import { applyEventToContact } from "../../app/contacts/lifecycle.server";
import { insertUser } from "../../db/queries/users";
import { listContactEvents } from "../../db/queries/contacts/contact-events";
import { type Actor, type ContactEvent, persistContactSnapshot, replayContactEvents, restoreContactSnapshot } from "../../machines/contact.machine";
import { describeOnBothDatabases } from "./databases";

const screener: Actor = { id: "h-screener", role: "screener" };
const police: Actor = { id: "h-police", role: "partner", agency: "police" };

type Db = Parameters<typeof createContact>[0] & Parameters<typeof applyEventToContact>[0];

/** A contact that asked police, had their answer, and asked police again — recorded by today's service. */
async function askedPoliceTwice(db: Db, id: string) {
  await db.insertInto("people").values({ id: `p-${id}`, first_name: "Noah", last_name: "Tamar", date_of_birth: "2015-02-03", sex: "M" }).execute();
  await createContact(
    db,
    { id, reference: id.toUpperCase(), person_id: `p-${id}`, received_at: "2025-11-03T09:00:00Z", source: "4", channel: "phone", referrer: JSON.stringify({}) },
    { actor: screener, recordedAt: "2025-11-03T09:05:00Z" },
  );
  const events: ContactEvent[] = [
    { type: "START_SCREENING", at: "2025-11-03T09:10:00Z", actor: screener },
    { type: "LINK_CHILD", personId: `p-${id}`, at: "2025-11-03T09:11:00Z", actor: screener },
    { type: "SET_PRIORITY", priority: "amber", reason: "Bruising seen at school.", at: "2025-11-03T09:12:00Z", actor: screener },
    { type: "RECORD_CONSENT", consent: "given", at: "2025-11-03T09:13:00Z", actor: screener },
    { type: "REQUEST_PARTNER_INFORMATION", requests: [{ agency: "police", dueAt: "2025-11-04T17:00:00Z" }], at: "2025-11-03T09:20:00Z", actor: screener },
    { type: "PARTNER_NOTHING_KNOWN", agency: "police", at: "2025-11-03T11:00:00Z", actor: police },
    { type: "REQUEST_PARTNER_INFORMATION", requests: [{ agency: "police", dueAt: "2025-11-05T17:00:00Z" }], at: "2025-11-04T09:00:00Z", actor: screener },
  ];
  for (const [i, event] of events.entries()) {
    const result = await applyEventToContact(db, { contactId: id, expectedVersion: i + 1, idempotencyKey: `${id}-${i}`, event });
    if (result.kind !== "applied") throw new Error(`${event.type} was ${result.kind}`);
  }
}

/**
 * What the contact machine stored for that history before decision 021: the second request in place
 * of the first (no `sequence`, no `earlierRequests`), and the one row of police's request in line with it.
 */
async function writeOlderRepresentation(db: Db, id: string, change: (snapshot: Record<string, unknown>) => void = () => {}) {
  const { snapshot } = await db.selectFrom("contacts").select("snapshot").where("id", "=", id).executeTakeFirstOrThrow();
  const older = JSON.parse(JSON.stringify(typeof snapshot === "string" ? JSON.parse(snapshot) : snapshot)) as {
    context: { requests: Record<string, Record<string, unknown>>; earlierRequests?: unknown };
  };
  delete older.context.earlierRequests;
  delete older.context.requests.police!.sequence;
  change(older as unknown as Record<string, unknown>);
  await db.updateTable("contacts").set({ snapshot: JSON.stringify(older) }).where("id", "=", id).execute();
  await db.deleteFrom("information_requests").where("id", "=", `${id}:police:2`).execute();
  await db
    .updateTable("information_requests")
    .set({ status: "requested", responded_at: null, responded_by: null, information: null, requested_at: "2025-11-04T09:00:00Z", due_at: "2025-11-05T17:00:00Z", waiting: true })
    .where("id", "=", `${id}:police`)
    .execute();
}

async function stored(db: Db, id: string) {
  return db.selectFrom("contacts").select(["id", "snapshot", "machine_version"]).where("id", "=", id).executeTakeFirstOrThrow();
}

describeOnBothDatabases("check-history and a contact recorded before asking again made a new request", (t) => {
  beforeAll(async () => {
    for (const [id, role, agency] of [["h-screener", "screener", null], ["h-police", "partner", "police"]] as const) {
      await insertUser(t.handle.db, { id, email: `${id}@example.org`, display_name: id, role, agency_code: agency, hub_code: null, password_hash: "x" });
    }
  });

  it("passes: its events replay to the older snapshot, one agency asked twice", async () => {
    const { db } = t.handle;
    await askedPoliceTwice(db, "older-1");
    await writeOlderRepresentation(db, "older-1");
    const contact = await stored(db, "older-1");
    const older = restoreContactSnapshot(contact.snapshot).context;
    // It is the older representation: the second request alone, not numbered, nothing kept beside it.
    expect(older.earlierRequests).toBeUndefined();
    expect(older.requests.police).toMatchObject({ status: "requested", requestedAt: "2025-11-04T09:00:00Z" });
    expect(older.requests.police?.sequence).toBeUndefined();
    expect(await db.selectFrom("information_requests").select("id").where("contact_id", "=", "older-1").execute()).toEqual([{ id: "older-1:police" }]);
    // Today's replay keeps the first request: the snapshots differ as they are …
    const events = await listContactEvents(db, "older-1");
    const replayed = replayContactEvents(
      (events[0]!.payload as { input: Parameters<typeof replayContactEvents>[0] }).input,
      events.slice(1).map((e) => e.payload as unknown as ContactEvent),
    );
    expect(replayed.context.earlierRequests).toHaveLength(1);
    expect(isDeepStrictEqual(persistContactSnapshot(replayed), contact.snapshot)).toBe(false);
    // … and the check understands the older one.
    expect(await checkContactHistory(db, contact)).toEqual({ ok: true });
    expect((await checkAllContactHistories(db)).problems.filter((p) => p.contactId === "older-1")).toEqual([]);
  });

  it("still reports a real difference in such a contact", async () => {
    const { db } = t.handle;
    await askedPoliceTwice(db, "older-2");
    await writeOlderRepresentation(db, "older-2", (snapshot) => {
      ((snapshot as { context: { requests: Record<string, Record<string, unknown>> } }).context.requests.police!).dueAt = "2025-11-06T17:00:00.000Z";
    });
    expect(await checkContactHistory(db, await stored(db, "older-2"))).toEqual({ ok: false, problem: "replaying its events gives a different snapshot from the stored one" });
    // A contact of today's representation that asked again passes as before.
    await askedPoliceTwice(db, "newer-1");
    expect(await checkContactHistory(db, await stored(db, "newer-1"))).toEqual({ ok: true });
  });
});
