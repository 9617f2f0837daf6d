import { beforeAll, expect, it } from "vitest";
import { listAuditForSubject } from "../../db/queries/audit";
import { listContactEvents } from "../../db/queries/contacts/contact-events";
import { insertUser } from "../../db/queries/users";
import { applyEventToContact } from "../../app/contacts/lifecycle.server";
import { createContact } from "../../app/contacts/create.server";
import { checkAllContactHistories, checkContactHistory } from "../../app/contacts/history.server";
import type { Actor, ContactEvent } from "../../machines/contact.machine";
import { describeOnBothDatabases } from "./databases";

const screener: Actor = { id: "u-screener", role: "screener" };
const manager: Actor = { id: "u-manager", role: "manager" };
const police: Actor = { id: "u-police", role: "partner", agency: "police" };

let n = 0;
async function newContact(db: Parameters<typeof createContact>[0]) {
  n += 1;
  const id = `c-${n}-${Math.random().toString(36).slice(2, 8)}`;
  await createContact(
    db,
    { id, reference: `TEST-${id}`, received_at: "2026-03-02T09:00:00Z", source: "6", channel: "police_notification", referrer: JSON.stringify({ professional: true }) },
    { actor: screener, recordedAt: "2026-03-02T09:05:00Z" },
  );
  return id;
}

describeOnBothDatabases("the contact lifecycle, persisted", (t) => {
  beforeAll(async () => {
    for (const [id, role, agency] of [["u-screener", "screener", null], ["u-manager", "manager", null], ["u-police", "partner", "police"]] as const) {
      await insertUser(t.handle.db, { id, email: `${id}@example.org`, display_name: id, role, agency_code: agency, hub_code: null, password_hash: "x" });
    }
  });

  it("applies a whole journey, writing state, events, projections and audit", async () => {
    const { db } = t.handle;
    const id = await newContact(db);
    const steps: ContactEvent[] = [
      { type: "START_SCREENING", at: "2026-03-02T09:10:00Z", actor: screener },
      // Every contact counts: the child is linked before a decision (LINK_CHILD).
      { type: "LINK_CHILD", personId: "p-the-child", at: "2026-03-02T09:10:30Z", actor: screener },
      { type: "SET_PRIORITY", priority: "amber", reason: "Concerns reported by the school.", at: "2026-03-02T09:11:00Z", actor: screener },
      { type: "RECORD_CONSENT", consent: "given", at: "2026-03-02T09:12:00Z", actor: screener },
      { type: "REQUEST_PARTNER_INFORMATION", requests: [{ agency: "police", dueAt: "2026-03-03T17:00:00Z" }], at: "2026-03-02T09:13:00Z", actor: screener },
      { type: "PARTNER_INFORMATION_RETURNED", agency: "police", rag: "red", information: "Two call-outs for domestic abuse.", at: "2026-03-02T12:00:00Z", actor: police },
      { type: "PROPOSE_DECISION", outcome: "referral", levelOfNeed: 4, rationale: "Repeated domestic abuse.", primaryNeed: "N1", referralNfa: false, referralTeam: "Assessment Team Exeter", referralWorker: "Amira Hassan", at: "2026-03-02T13:00:00Z", actor: screener },
      { type: "AUTHORISE_DECISION", at: "2026-03-02T14:00:00Z", actor: manager },
    ];
    let version = 1;
    for (const [i, event] of steps.entries()) {
      const result = await applyEventToContact(db, { contactId: id, expectedVersion: version, idempotencyKey: `${id}-${i}`, event });
      expect(result).toMatchObject({ kind: "applied", replayed: false });
      if (result.kind === "applied") version = result.version;
    }
    const contact = await db.selectFrom("contacts").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(contact).toMatchObject({
      state: "closed",
      outcome: "referral",
      primary_need: "N1",
      level_of_need: 4,
      priority: "amber",
      consent: "given",
      // The referral's census details, in the columns the exports read.
      referral_nfa: false,
      referral_team: "Assessment Team Exeter",
      referral_worker: "Amira Hassan",
      // Management oversight reads who authorised from the contact (migration 0015).
      authorised_by: "u-manager",
      version: 9,
    });
    expect(new Date(contact.decided_at!).toISOString()).toBe("2026-03-02T14:00:00.000Z");
    const request = await db.selectFrom("information_requests").selectAll().where("contact_id", "=", id).executeTakeFirstOrThrow();
    expect(request).toMatchObject({ agency_code: "police", status: "returned", rag: "red", lawful_basis: "consent" });
    const events = await listContactEvents(db, id);
    expect(events.map((e) => e.type)).toEqual(["CONTACT_RECEIVED", ...steps.map((s) => s.type)]);
    expect(events.at(-1)).toMatchObject({ state_before: "awaiting_authorisation", state_after: "closed" });
    const audit = await listAuditForSubject(db, "contact", id);
    expect(audit).toHaveLength(steps.length);
    expect(await checkContactHistory(db, contact)).toEqual({ ok: true });
  });

  it("refuses an event the machine does not allow, changing nothing, and says why", async () => {
    const { db } = t.handle;
    const id = await newContact(db);
    await applyEventToContact(db, { contactId: id, expectedVersion: 1, idempotencyKey: `${id}-a`, event: { type: "START_SCREENING", at: "2026-03-02T09:10:00Z", actor: screener } });
    await applyEventToContact(db, { contactId: id, expectedVersion: 2, idempotencyKey: `${id}-p`, event: { type: "SET_PRIORITY", priority: "red", reason: "Concerns reported by the school.", at: "2026-03-02T09:11:00Z", actor: screener } });
    const result = await applyEventToContact(db, {
      contactId: id,
      expectedVersion: 3,
      idempotencyKey: `${id}-b`,
      event: { type: "REQUEST_PARTNER_INFORMATION", requests: [{ agency: "police", dueAt: "2026-03-03T17:00:00Z" }], at: "2026-03-02T09:13:00Z", actor: screener },
    });
    expect(result.kind).toBe("refused");
    if (result.kind === "refused") expect(result.reason).toMatch(/consent/i);
    const contact = await db.selectFrom("contacts").select(["state", "version"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(contact).toEqual({ state: "screening", version: 3 });
    expect(await listContactEvents(db, id)).toHaveLength(3);
  });

  it("of two concurrent events on one contact, exactly one applies; the other is told who changed it", async () => {
    const { db } = t.handle;
    const id = await newContact(db);
    const [a, b] = await Promise.all([
      applyEventToContact(db, { contactId: id, expectedVersion: 1, idempotencyKey: `${id}-x`, event: { type: "START_SCREENING", at: "2026-03-02T09:10:00Z", actor: screener } }),
      applyEventToContact(db, { contactId: id, expectedVersion: 1, idempotencyKey: `${id}-y`, event: { type: "MARK_DUPLICATE", duplicateOf: "c-other", at: "2026-03-02T09:10:00Z", actor: manager } }),
    ]);
    const kinds = [a.kind, b.kind].sort();
    expect(kinds).toEqual(["applied", "stale"]);
    const stale = [a, b].find((r) => r.kind === "stale");
    expect(stale).toMatchObject({ kind: "stale", currentVersion: 2 });
    if (stale?.kind === "stale") expect(["u-screener", "u-manager"]).toContain(stale.changedBy);
    expect(await listContactEvents(db, id)).toHaveLength(2);
  });

  it("a repeated submission is applied once and answered as the first was", async () => {
    const { db } = t.handle;
    const id = await newContact(db);
    const input = { contactId: id, expectedVersion: 1, idempotencyKey: `${id}-same`, event: { type: "START_SCREENING", at: "2026-03-02T09:10:00Z", actor: screener } as ContactEvent };
    const first = await applyEventToContact(db, input);
    const again = await applyEventToContact(db, input);
    const concurrent = await Promise.all([applyEventToContact(db, input), applyEventToContact(db, input)]);
    expect(first).toMatchObject({ kind: "applied", version: 2, state: "screening", replayed: false });
    for (const r of [again, ...concurrent]) expect(r).toMatchObject({ kind: "applied", version: 2, state: "screening", replayed: true });
    expect(await listContactEvents(db, id)).toHaveLength(2);
  });

  it("every contact's history replays to its stored snapshot, and a tampered snapshot is found", async () => {
    const { db } = t.handle;
    // This test's own four contacts, each a little way along its lifecycle (and whatever other tests left).
    for (let i = 0; i < 4; i++) {
      const id = await newContact(db);
      if (i % 2) await applyEventToContact(db, { contactId: id, expectedVersion: 1, idempotencyKey: `${id}-s`, event: { type: "START_SCREENING", at: "2026-03-02T09:10:00Z", actor: screener } });
    }
    const clean = await checkAllContactHistories(db);
    expect(clean.checked).toBeGreaterThanOrEqual(4);
    expect(clean.problems).toEqual([]);

    const id = await newContact(db);
    await db.updateTable("contacts").set({ snapshot: JSON.stringify({ value: "closed", context: {} }) }).where("id", "=", id).execute();
    const tampered = await checkAllContactHistories(db);
    expect(tampered.problems.map((p) => p.contactId)).toEqual([id]);
  });
});
