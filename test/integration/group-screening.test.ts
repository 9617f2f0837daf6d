/**
 * Screening siblings together (issue 11, "Siblings together"; decision 029), on both databases:
 * priority, consent and partners' requests recorded for every chosen child in one step, each child
 * with its own events and audit, all or nothing.
 */
import { beforeEach, expect, it } from "vitest";
import type { SessionUser } from "../../app/auth/session-user";
import { performContactAction } from "../../app/contacts/actions.server";
import { contactActionSchema } from "../../app/contacts/contact-actions.schema";
import { createContact } from "../../app/contacts/create.server";
import { screenGroup, viewGroupForScreening } from "../../app/contacts/group-screening.server";
import { groupScreeningSchema } from "../../app/contacts/group-screening.schema";
import { applyEventToContact } from "../../app/contacts/lifecycle.server";
import { listAuditForSubject } from "../../db/queries/audit";
import { listContactEvents } from "../../db/queries/contacts/contact-events";
import { insertUser } from "../../db/queries/users";
import { restoreContactSnapshot } from "../../machines/contact.machine";
import { describeOnBothDatabases } from "./databases";

const screener: SessionUser = { id: "gs-screener", email: "gs@example.org", displayName: "Gus Screener", role: "screener", agencyCode: null, hubCode: null };
const NOW = new Date("2026-03-02T10:00:00Z"); // a Monday, in GMT

type Db = Parameters<typeof createContact>[0] & Parameters<typeof screenGroup>[0];

let n = 0;
/** Two children recorded together (one group), each linked to their own person record, both received. */
async function siblings(db: Db) {
  n += 1;
  const tag = `${n}${Math.random().toString(36).slice(2, 7)}`;
  const ids = [`gs-a-${tag}`, `gs-b-${tag}`];
  for (const [i, id] of ids.entries()) {
    await db.insertInto("people").values({ id: `p-${id}`, first_name: i === 0 ? "Ada" : "Ben", last_name: `Group${tag}`, date_of_birth: "2015-05-01", sex: "F" }).execute();
    await createContact(
      db,
      {
        id,
        reference: `GS-${tag.toUpperCase()}-${i + 1}`,
        group_id: ids[0],
        person_id: `p-${id}`,
        received_at: "2026-03-02T09:00:00Z",
        source: "6",
        channel: "phone",
        referrer: JSON.stringify({ professional: true }),
        concern: "Both children left alone overnight.",
        referral_consent: "not_sought",
      },
      { actor: null, recordedAt: "2026-03-02T09:00:00Z" },
    );
    await applyEventToContact(db, {
      contactId: id,
      expectedVersion: 1,
      idempotencyKey: `link-${id}`,
      event: { type: "LINK_CHILD", personId: `p-${id}`, at: "2026-03-02T09:01:00Z", actor: { id: screener.id, role: "screener" } },
    });
  }
  return ids as [string, string];
}

let key = 0;
async function act(db: Db, contactId: string, form: Record<string, unknown>) {
  const row = await db.selectFrom("contacts").select("version").where("id", "=", contactId).executeTakeFirstOrThrow();
  key += 1;
  const action = contactActionSchema.parse({ ...form, version: String(row.version), idempotencyKey: `gs-single-${key}-${contactId}` });
  const result = await performContactAction(db, { user: screener, contactId, action, ipAddress: null, now: NOW });
  if (result.kind !== "applied") throw new Error(`${String(form.intent)} was ${result.kind}`);
}

/** The form as the page sends it, with each child's version as shown now. */
async function form(db: Db, ids: string[], fields: Record<string, unknown>, formKey = `gs-form-${++key}`) {
  const rows = await db.selectFrom("contacts").select(["id", "version"]).where("id", "in", ids).execute();
  return groupScreeningSchema.parse({ idempotencyKey: formKey, children: ids, versions: rows.map((r) => `${r.id}:${r.version}`), ...fields });
}

async function contact(db: Db, id: string) {
  const row = await db.selectFrom("contacts").select(["state", "version", "priority", "snapshot"]).where("id", "=", id).executeTakeFirstOrThrow();
  const requests = await db.selectFrom("information_requests").select(["agency_code", "due_at", "status"]).where("contact_id", "=", id).orderBy("agency_code").execute();
  const context = restoreContactSnapshot(row.snapshot).context;
  return { state: row.state, version: row.version, priority: row.priority, consent: context.consent.status, requests: requests.map((r) => ({ agency: r.agency_code, dueAt: new Date(r.due_at).toISOString(), status: r.status })) };
}

/** The children named in a refusal; throws (failing the test) when the step was not refused. */
function refusedChildren(result: Awaited<ReturnType<typeof screenGroup>>) {
  if (result.kind !== "refused") throw new Error(`expected the step to be refused, it was ${result.kind}`);
  return result.children;
}

describeOnBothDatabases("screening siblings together", (t) => {
  beforeEach(async () => {
    const db = t.handle.db;
    const exists = await db.selectFrom("users").select("id").where("id", "=", screener.id).executeTakeFirst();
    if (!exists) await insertUser(db, { id: screener.id, email: screener.email, display_name: screener.displayName, role: "screener", password_hash: "x" });
  });

  it("records priority, consent and partners' requests for each child, each with its own events and audit, once", async () => {
    const db = t.handle.db;
    const [a, b] = await siblings(db);
    // One child already being screened, the other not yet started.
    await act(db, b, { intent: "START_SCREENING" });
    const submitted = await form(db, [a, b], { priority: "amber", reason: "Left alone overnight, both under ten.", consent: "given", agencies: ["police", "health"] });
    const result = await screenGroup(db, { user: screener, contactId: a, form: submitted, ipAddress: "192.0.2.9", now: NOW });
    expect(result).toEqual({ kind: "applied", contactIds: [a, b].sort(), replayed: false });

    // Amber: partners answer by the end of the next working day, Tuesday 3 March 2026 (GMT): midnight that night.
    const requests = [
      { agency: "health", dueAt: "2026-03-04T00:00:00.000Z", status: "requested" },
      { agency: "police", dueAt: "2026-03-04T00:00:00.000Z", status: "requested" },
    ];
    for (const id of [a, b]) {
      const now = await contact(db, id);
      expect(now).toMatchObject({ state: "awaiting_partner_information.outstanding", priority: "amber", consent: "given", requests });
    }
    // Each child's own history: the one not started is started first.
    const types = async (id: string) => (await listContactEvents(db, id)).map((e) => e.type);
    expect(await types(a)).toEqual(["CONTACT_RECEIVED", "LINK_CHILD", "START_SCREENING", "SET_PRIORITY", "RECORD_CONSENT", "REQUEST_PARTNER_INFORMATION"]);
    expect(await types(b)).toEqual(["CONTACT_RECEIVED", "LINK_CHILD", "START_SCREENING", "SET_PRIORITY", "RECORD_CONSENT", "REQUEST_PARTNER_INFORMATION"]);
    for (const id of [a, b]) {
      const audit = (await listAuditForSubject(db, "contact", id)).map((r) => r.action);
      expect(audit).toEqual(expect.arrayContaining(["contact.set_priority", "contact.record_consent", "contact.request_partner_information"]));
    }

    // The same form sent again (a double click, a retry) records nothing more.
    const again = await screenGroup(db, { user: screener, contactId: b, form: submitted, ipAddress: "192.0.2.9", now: NOW });
    expect(again).toEqual({ kind: "applied", contactIds: [a, b].sort(), replayed: true });
    expect(await types(a)).toHaveLength(6);
    expect((await contact(db, b)).version).toBe(6);

    // Each child is decided on its own later: one goes ahead, the other still waits.
    await act(db, a, { intent: "PROCEED_TO_DECISION", reason: "Enough to decide." });
    expect((await contact(db, a)).state).toBe("ready_for_decision");
    expect((await contact(db, b)).state).toBe("awaiting_partner_information.outstanding");
  });

  it("names the child whose state does not allow the step, and records nothing for any of them", async () => {
    const db = t.handle.db;
    const [a, b] = await siblings(db);
    await act(db, a, { intent: "START_SCREENING" });
    await act(db, a, { intent: "SET_PRIORITY", priority: "green", reason: "Seen by the school nurse." });
    await act(db, a, { intent: "RECORD_CONSENT", consent: "given" });
    // The other child has no priority yet: partners cannot be asked for it (their deadline comes from it).
    const before = await Promise.all([contact(db, a), contact(db, b)]);
    const eventsBefore = [(await listContactEvents(db, a)).length, (await listContactEvents(db, b)).length];
    const result = await screenGroup(db, { user: screener, contactId: a, form: await form(db, [a, b], { agencies: ["education"] }), ipAddress: null, now: NOW });
    expect(refusedChildren(result).map((c) => c.contactId)).toEqual([b]);
    expect(refusedChildren(result)[0]!.name).toMatch(/^Ben Group/);
    expect(refusedChildren(result)[0]!.reason).toContain("Set the priority (red, amber or green) before requesting partner information");
    // Nothing for either child: the first child's request was rolled back with the rest.
    expect(await Promise.all([contact(db, a), contact(db, b)])).toEqual(before);
    expect([(await listContactEvents(db, a)).length, (await listContactEvents(db, b)).length]).toEqual(eventsBefore);
    expect((await listAuditForSubject(db, "contact", a)).map((r) => r.action)).not.toContain("contact.request_partner_information");

    // A closed child is named too.
    await act(db, b, { intent: "START_SCREENING" });
    await act(db, b, { intent: "MARK_DUPLICATE", duplicateOfReference: (await db.selectFrom("contacts").select("reference").where("id", "=", a).executeTakeFirstOrThrow()).reference });
    const closed = await screenGroup(db, { user: screener, contactId: a, form: await form(db, [a, b], { priority: "red", reason: "Police called out again." }), ipAddress: null, now: NOW });
    expect(refusedChildren(closed).map((c) => c.contactId)).toEqual([b]);
    expect((await contact(db, a)).priority).toBe("green");
  });

  it("refuses a child changed since the page was shown, and a child from another group", async () => {
    const db = t.handle.db;
    const [a, b] = await siblings(db);
    const shown = await form(db, [a, b], { consent: "refused" });
    await act(db, b, { intent: "START_SCREENING" }); // someone else, meanwhile
    const stale = await screenGroup(db, { user: screener, contactId: a, form: shown, ipAddress: null, now: NOW });
    expect(refusedChildren(stale).map((c) => c.contactId)).toEqual([b]);
    expect(refusedChildren(stale)[0]!.reason).toMatch(/^Gus Screener changed it at .* \(screening started\), after this page was shown/i);
    expect((await contact(db, a)).state).toBe("received");

    const [other] = await siblings(db);
    const foreign = await screenGroup(db, { user: screener, contactId: a, form: await form(db, [a, other], { consent: "given" }), ipAddress: null, now: NOW });
    expect(foreign).toEqual({ kind: "invalid", errors: { children: "Choose the children from the list" } });
  });

  it("shows the group with each child's state, and audits each child's record shown", async () => {
    const db = t.handle.db;
    const [a, b] = await siblings(db);
    const view = await viewGroupForScreening(db, { user: screener, contactId: b, ipAddress: null });
    expect(view?.children.map((c) => [c.id, c.stateLabel, c.consent, c.screenable])).toEqual([
      [a, "Received", "Not sought", true],
      [b, "Received", "Not sought", true],
    ]);
    for (const id of [a, b]) expect((await listAuditForSubject(db, "contact", id)).map((r) => r.action)).toContain("contact.viewed");
    expect(await viewGroupForScreening(db, { user: screener, contactId: "no-such-contact", ipAddress: null })).toBeNull();
    // Waiting for partners, both can still be screened together (more partners, consent).
    await screenGroup(db, { user: screener, contactId: a, form: await form(db, [a, b], { priority: "green", reason: "Known to the school.", consent: "given", agencies: ["police"] }), ipAddress: null, now: NOW });
    const later = await viewGroupForScreening(db, { user: screener, contactId: a, ipAddress: null });
    expect(later?.children.map((c) => [c.id, c.stateLabel, c.screenable])).toEqual([
      [a, "Awaiting partner information", true],
      [b, "Awaiting partner information", true],
    ]);
  });

  it("the form needs something to record, and a reason with a priority", () => {
    const base = { idempotencyKey: "gs-key-0001", children: ["x1"], versions: ["x1:3"] };
    const nothing = groupScreeningSchema.safeParse(base);
    expect(nothing.success).toBe(false);
    expect(nothing.error?.issues.map((i) => i.message)).toEqual(["Choose what to record for the children: a priority, consent, or partners to ask"]);
    const noReason = groupScreeningSchema.safeParse({ ...base, priority: "red", reason: "  " });
    expect(noReason.error?.issues.map((i) => i.message)).toEqual(["Enter the reason for the priority"]);
    const noChild = groupScreeningSchema.safeParse({ ...base, children: undefined, consent: "given" });
    expect(noChild.error?.issues.map((i) => i.message)).toEqual(["Choose at least one child"]);
    expect(groupScreeningSchema.parse({ ...base, consent: "given" }).versions).toEqual({ x1: 3 });
  });
});
