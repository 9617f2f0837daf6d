/**
 * Consent overrides asked for and authorised, consent sought again, chasing partners and going ahead
 * without their answers (issue 12, items 2 and 5), through the contact action service on both databases.
 */
import { beforeAll, expect, it } from "vitest";
import type { SessionUser } from "../../app/auth/session-user";
import { performContactAction, type ContactActionResult } from "../../app/contacts/actions.server";
import { contactActionSchema } from "../../app/contacts/contact-actions.schema";
import { createContact } from "../../app/contacts/create.server";
import { checkContactHistory } from "../../app/contacts/history.server";
import { applyEventToContact } from "../../app/contacts/lifecycle.server";
import { consentOverridesWaiting } from "../../app/contacts/consent-overrides.server";
import { listAuditForSubject } from "../../db/queries/audit";
import { listContactEvents } from "../../db/queries/contacts/contact-events";
import { insertUser } from "../../db/queries/users";
import { restoreContactSnapshot } from "../../machines/contact.machine";
import { describeOnBothDatabases } from "./databases";

function user(id: string, role: SessionUser["role"]): SessionUser {
  return { id, email: `${id}@example.org`, displayName: `Name of ${id}`, role, agencyCode: null, hubCode: null };
}
const screener = user("co-screener", "screener");
const managerA = user("co-manager-a", "manager");
const managerB = user("co-manager-b", "manager");

type Db = Parameters<typeof createContact>[0] & Parameters<typeof performContactAction>[0];

let n = 0;
/** A contact about a linked child, received with consent refused by the referrer, being screened at amber. */
async function screeningWithConsentRefused(db: Db) {
  n += 1;
  const id = `co-${n}-${Math.random().toString(36).slice(2, 8)}`;
  await db.insertInto("people").values({ id: `p-${id}`, first_name: "Mia", last_name: `Consent${n}`, date_of_birth: "2016-02-01", sex: "F" }).execute();
  await createContact(
    db,
    {
      id,
      reference: `CO-${id}`,
      person_id: `p-${id}`,
      received_at: "2026-03-02T09:00:00Z",
      source: "6",
      channel: "phone",
      referrer: JSON.stringify({ professional: true }),
      concern: "Bruising seen at school.",
      referral_consent: "refused",
    },
    { actor: null, recordedAt: "2026-03-02T09:00:00Z" },
  );
  // Linked as the "find the child" page links it.
  await applyEventToContact(db, {
    contactId: id,
    expectedVersion: 1,
    idempotencyKey: `link-${id}`,
    event: { type: "LINK_CHILD", personId: `p-${id}`, at: "2026-03-02T09:01:00Z", actor: { id: screener.id, role: "screener" } },
  });
  await act(db, screener, id, { intent: "START_SCREENING" });
  await act(db, screener, id, { intent: "SET_PRIORITY", priority: "amber", reason: "Bruising seen at school." });
  return id;
}

let key = 0;
/** Sends a form as the route would (parsed by the same schema) with the contact's current version. */
async function send(db: Db, who: SessionUser, contactId: string, form: Record<string, unknown>): Promise<ContactActionResult> {
  const row = await db.selectFrom("contacts").select("version").where("id", "=", contactId).executeTakeFirstOrThrow();
  key += 1;
  const action = contactActionSchema.parse({ ...form, version: String(row.version), idempotencyKey: `co-key-${key}-${contactId}` });
  return performContactAction(db, { user: who, contactId, action, ipAddress: "192.0.2.7", now: new Date("2026-03-02T10:00:00Z") });
}
async function act(db: Db, who: SessionUser, contactId: string, form: Record<string, unknown>) {
  const result = await send(db, who, contactId, form);
  if (result.kind !== "applied") throw new Error(`${String(form.intent)} was ${result.kind}: ${JSON.stringify(result)}`);
  return result;
}
async function contextOf(db: Db, id: string) {
  const row = await db.selectFrom("contacts").select(["snapshot", "state", "consent_override_asked_at"]).where("id", "=", id).executeTakeFirstOrThrow();
  return { ...restoreContactSnapshot(row.snapshot).context, state: row.state, askedAt: row.consent_override_asked_at };
}

describeOnBothDatabases("consent overrides, consent sought again, chasing and going ahead", (t) => {
  beforeAll(async () => {
    for (const u of [screener, managerA, managerB]) {
      await insertUser(t.handle.db, { id: u.id, email: u.email, display_name: u.displayName, role: u.role, password_hash: "x" });
    }
  });

  it("a screener asks, it waits in oversight, another manager authorises, and partners can then be asked", async () => {
    const db = t.handle.db;
    const id = await screeningWithConsentRefused(db);
    expect(await send(db, screener, id, { intent: "REQUEST_PARTNER_INFORMATION", agencies: ["police"] })).toMatchObject({
      kind: "refused",
      reason: "Partner information cannot be requested until consent is recorded as given or a manager authorises an override.",
    });
    await act(db, screener, id, { intent: "REQUEST_CONSENT_OVERRIDE", overrideReason: "prejudice_crime" });
    const waiting = (await consentOverridesWaiting(db)).find((o) => o.contactId === id);
    expect(waiting).toMatchObject({
      reference: `CO-${id}`,
      priority: "amber",
      askedBy: "Name of co-screener",
      reason: "Seeking consent would prejudice the prevention or detection of crime",
      explanation: null,
      askedAt: "2026-03-02T10:00:00.000Z",
    });
    await act(db, managerA, id, { intent: "AUTHORISE_CONSENT_OVERRIDE", comments: "Police inquiry under way." });
    expect((await consentOverridesWaiting(db)).some((o) => o.contactId === id)).toBe(false);
    const context = await contextOf(db, id);
    expect(context.askedAt).toBeNull();
    expect(context.consent.override).toMatchObject({ reason: "prejudice_crime", authorisedBy: "co-manager-a", requestedBy: "co-screener", comments: "Police inquiry under way." });
    await act(db, screener, id, { intent: "REQUEST_PARTNER_INFORMATION", agencies: ["police"] });
    const request = await db.selectFrom("information_requests").select(["lawful_basis", "status"]).where("contact_id", "=", id).executeTakeFirstOrThrow();
    expect(request).toEqual({ lawful_basis: "override:prejudice_crime", status: "requested" });
    // History: each step one event, the whole history replays to the stored snapshot.
    const events = (await listContactEvents(db, id)).map((e) => e.type);
    expect(events).toEqual(["CONTACT_RECEIVED", "LINK_CHILD", "START_SCREENING", "SET_PRIORITY", "REQUEST_CONSENT_OVERRIDE", "AUTHORISE_CONSENT_OVERRIDE", "REQUEST_PARTNER_INFORMATION"]);
    const row = await db.selectFrom("contacts").select(["id", "snapshot", "machine_version"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(await checkContactHistory(db, row)).toEqual({ ok: true });
    const audit = (await listAuditForSubject(db, "contact", id)).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(["contact.request_consent_override", "contact.authorise_consent_override"]));
  });

  it("the manager who asked cannot authorise or refuse their own override; another can", async () => {
    const db = t.handle.db;
    const id = await screeningWithConsentRefused(db);
    await act(db, managerA, id, { intent: "REQUEST_CONSENT_OVERRIDE", overrideReason: "other", explanation: "Father is the alleged perpetrator." });
    const own = "You asked for this consent override, so another manager must decide it.";
    expect(await send(db, managerA, id, { intent: "AUTHORISE_CONSENT_OVERRIDE" })).toMatchObject({ kind: "refused", reason: own });
    expect(await send(db, managerA, id, { intent: "REFUSE_CONSENT_OVERRIDE", comments: "No." })).toMatchObject({ kind: "refused", reason: own });
    expect(await send(db, screener, id, { intent: "AUTHORISE_CONSENT_OVERRIDE" })).toMatchObject({ kind: "refused", reason: "Only a MASH manager can authorise a consent override." });
    // Nothing was recorded by the refusals.
    expect((await contextOf(db, id)).consent.override).toBeNull();
    expect((await consentOverridesWaiting(db)).find((o) => o.contactId === id)?.explanation).toBe("Father is the alleged perpetrator.");
    await act(db, managerB, id, { intent: "AUTHORISE_CONSENT_OVERRIDE" });
    expect((await contextOf(db, id)).consent.override?.authorisedBy).toBe("co-manager-b");
  });

  it("a refused override keeps partners unasked, leaves oversight, and is kept in the history with the comment", async () => {
    const db = t.handle.db;
    const id = await screeningWithConsentRefused(db);
    await act(db, screener, id, { intent: "REQUEST_CONSENT_OVERRIDE", overrideReason: "significant_harm" });
    await act(db, managerA, id, { intent: "REFUSE_CONSENT_OVERRIDE", comments: "Seek the mother's consent again first." });
    const context = await contextOf(db, id);
    expect(context.consent.override).toBeNull();
    expect(context.askedAt).toBeNull();
    expect(context.consent.overrideRequests?.map((r) => [r.decision, r.decidedBy, r.comments])).toEqual([["refused", "co-manager-a", "Seek the mother's consent again first."]]);
    expect((await consentOverridesWaiting(db)).some((o) => o.contactId === id)).toBe(false);
    expect(await send(db, screener, id, { intent: "REQUEST_PARTNER_INFORMATION", agencies: ["police"] })).toMatchObject({ kind: "refused" });
    expect(await db.selectFrom("information_requests").select("id").where("contact_id", "=", id).execute()).toEqual([]);
  });

  it("consent sought again keeps every answer; a step-down needs the family's agreement", async () => {
    const db = t.handle.db;
    const id = await screeningWithConsentRefused(db);
    await act(db, screener, id, { intent: "RECORD_CONSENT", consent: "given" });
    await act(db, screener, id, { intent: "COMPLETE_SCREENING" });
    const stepDown = { intent: "PROPOSE_DECISION", outcome: "early_help", levelOfNeed: "2", rationale: "Parenting support.", hub: "north" };
    expect(await send(db, screener, id, stepDown)).toMatchObject({ kind: "refused", reason: expect.stringMatching(/^A step-down needs the family's agreement to early help/) });
    await act(db, screener, id, { intent: "RECORD_CONSENT", consent: "refused", purpose: "early_help" });
    expect(await send(db, screener, id, stepDown)).toMatchObject({ kind: "refused", reason: expect.stringMatching(/^The family's agreement to early help is recorded as refused/) });
    await act(db, screener, id, { intent: "RECORD_CONSENT", consent: "given", purpose: "early_help" });
    await act(db, screener, id, stepDown);
    const context = await contextOf(db, id);
    expect(context.state).toBe("awaiting_authorisation");
    expect(context.consent.answers?.map((a) => [a.status, a.purpose, a.by])).toEqual([
      ["refused", "partner_information", null],
      ["given", "partner_information", "co-screener"],
      ["refused", "early_help", "co-screener"],
      ["given", "early_help", "co-screener"],
    ]);
    const row = await db.selectFrom("contacts").select(["consent"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.consent).toBe("given");
  });

  it("chasing is recorded with its audit; going ahead while a partner has not answered always needs a reason, recorded", async () => {
    const db = t.handle.db;
    const id = await screeningWithConsentRefused(db);
    await act(db, screener, id, { intent: "RECORD_CONSENT", consent: "given" });
    expect(await send(db, screener, id, { intent: "CHASE_PARTNER", agency: "police" })).toMatchObject({
      kind: "refused",
      reason: "There is no unanswered request to this agency to chase.",
    });
    await act(db, screener, id, { intent: "REQUEST_PARTNER_INFORMATION", agencies: ["police", "health"] });
    await act(db, screener, id, { intent: "CHASE_PARTNER", agency: "police", note: "Phoned the police MASH desk." });
    const chased = (await listContactEvents(db, id)).filter((e) => e.type === "PARTNER_CHASED");
    expect(chased.map((e) => [e.actor_user_id, (e.payload as { agency: string }).agency, (e.payload as { note: string }).note])).toEqual([
      ["co-screener", "police", "Phoned the police MASH desk."],
    ]);
    expect((await listAuditForSubject(db, "contact", id)).map((a) => a.action)).toContain("contact.partner_chased");
    expect(await send(db, screener, id, { intent: "PROCEED_TO_DECISION" })).toMatchObject({
      kind: "refused",
      reason: expect.stringMatching(/^Still waiting for (police and health|health and police): give a reason to go ahead to a decision without their information\.$/),
    });
    await act(db, screener, id, { intent: "PROCEED_TO_DECISION", reason: "Police chased; the school needs an answer today." });
    const context = await contextOf(db, id);
    expect(context.state).toBe("ready_for_decision");
    expect(context.proceededWithoutInformation).toEqual({ at: "2026-03-02T10:00:00.000Z", by: "co-screener", reason: "Police chased; the school needs an answer today." });
    const row = await db.selectFrom("contacts").select(["id", "snapshot", "machine_version"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(await checkContactHistory(db, row)).toEqual({ ok: true });
  });
});
