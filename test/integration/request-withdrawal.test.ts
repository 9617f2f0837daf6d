/**
 * Withdrawing an information request (decision 028), through the services on both databases: the
 * MASH withdraws an unanswered request with a reason, in one transaction with its audit record; the
 * partner can no longer open or answer it (404) and the inbox lists it without a link, as withdrawn;
 * the contact page's partner card says "Withdrawn" with the reason, who and when; the agency is asked
 * again afterwards as a new request; the history replays.
 */
import { beforeAll, expect, it } from "vitest";
import type { SessionUser } from "../../app/auth/session-user";
import { performContactAction } from "../../app/contacts/actions.server";
import { contactActionSchema } from "../../app/contacts/contact-actions.schema";
import { createContact } from "../../app/contacts/create.server";
import { checkContactHistory } from "../../app/contacts/history.server";
import { applyEventToContact } from "../../app/contacts/lifecycle.server";
import { viewContact } from "../../app/contacts/view.server";
import { informationResponseSchema } from "../../app/information-requests/information-requests";
import { listAgencyInformationRequests, respondToInformationRequest, viewInformationRequest } from "../../app/information-requests/information-requests.server";
import { parseSubmission } from "../../app/ui/forms";
import { listAuditForSubject } from "../../db/queries/audit";
import { listContactEvents } from "../../db/queries/contacts/contact-events";
import { partnerInformationOnTime } from "../../db/queries/measures/dashboard";
import { insertUser } from "../../db/queries/users";
import type { Actor, ContactEvent } from "../../machines/contact.machine";
import { describeOnBothDatabases } from "./databases";

const screener: Actor = { id: "w-screener", role: "screener" };
const user = (id: string, role: SessionUser["role"], agencyCode: string | null = null): SessionUser => ({ id, email: `${id}@example.org`, displayName: `Name of ${id}`, role, agencyCode, hubCode: null });
const screenerUser = { ...user("w-screener", "screener"), displayName: "Sam Okafor" };
const police = user("w-police", "partner", "police");
const ip = "192.0.2.44";

type Db = Parameters<typeof createContact>[0] & Parameters<typeof applyEventToContact>[0];

let n = 0;
/** A contact screened to Amber with consent given, police asked at 09:20 (due the next working day). */
async function contactAskingPolice(db: Db) {
  n += 1;
  const id = `wd-${n}-${Math.random().toString(36).slice(2, 8)}`;
  await db.insertInto("people").values({ id: `p-${id}`, first_name: "Ava", last_name: `Quarry${n}`, date_of_birth: "2017-05-01", sex: "F" }).execute();
  await createContact(
    db,
    { id, reference: `WD-${id}`.toUpperCase(), person_id: `p-${id}`, received_at: "2026-03-02T09:00:00Z", source: "4", channel: "phone", referrer: JSON.stringify({}) },
    { actor: screener, recordedAt: "2026-03-02T09:05:00Z" },
  );
  const steps: ContactEvent[] = [
    { type: "START_SCREENING", at: "2026-03-02T09:10:00Z", actor: screener },
    { type: "LINK_CHILD", personId: `p-${id}`, at: "2026-03-02T09:10:30Z", actor: screener },
    { type: "SET_PRIORITY", priority: "amber", reason: "Bruising seen at school.", at: "2026-03-02T09:11:00Z", actor: screener },
    { type: "RECORD_CONSENT", consent: "given", at: "2026-03-02T09:12:00Z", actor: screener },
  ];
  for (const [i, event] of steps.entries()) {
    const result = await applyEventToContact(db, { contactId: id, expectedVersion: i + 1, idempotencyKey: `${id}-setup-${i}`, event });
    if (result.kind !== "applied") throw new Error(`Setting up ${id}: ${event.type} was ${result.kind}`);
  }
  expect(await act(db, id, { intent: "REQUEST_PARTNER_INFORMATION", agencies: "police", "question.police": "Any call-outs?" }, "2026-03-02T09:20:00Z")).toMatchObject({ kind: "applied" });
  return id;
}

async function act(db: Db, contactId: string, fields: Record<string, string>, at: string) {
  const { version } = await db.selectFrom("contacts").select("version").where("id", "=", contactId).executeTakeFirstOrThrow();
  const form = new FormData();
  for (const [name, value] of Object.entries({ version: String(version), idempotencyKey: `k-${Math.random().toString(36).slice(2)}`, ...fields })) form.append(name, value);
  const submission = parseSubmission(form, contactActionSchema);
  if (submission.status !== "success") return { kind: "form-refused" as const, error: submission.error };
  return performContactAction(db, { user: screenerUser, contactId, action: submission.value, ipAddress: ip, now: new Date(at) });
}

describeOnBothDatabases("withdrawing an information request", (t) => {
  beforeAll(async () => {
    for (const u of [screenerUser, police]) {
      await insertUser(t.handle.db, { id: u.id, email: u.email, display_name: u.displayName, role: u.role, agency_code: u.agencyCode, hub_code: null, password_hash: "x" });
    }
  });

  it("is recorded with its reason and audit record; the partner can no longer open or answer it; the card says who, when and why", async () => {
    const { db } = t.handle;
    const contactId = await contactAskingPolice(db);
    const requestId = `${contactId}:police`;
    expect(await viewInformationRequest(db, police, requestId, ip)).toMatchObject({ kind: "found", canAnswer: true });
    // The form's own rules: a reason, and an explanation for "other".
    expect(await act(db, contactId, { intent: "WITHDRAW_PARTNER_REQUEST", agency: "police" }, "2026-03-02T09:30:00Z")).toMatchObject({
      kind: "form-refused",
      error: { reason: ["Choose why the request is withdrawn"] },
    });
    expect(await act(db, contactId, { intent: "WITHDRAW_PARTNER_REQUEST", agency: "police", reason: "other", explanation: " " }, "2026-03-02T09:30:00Z")).toMatchObject({
      kind: "form-refused",
      error: { explanation: ["Explain why the request is withdrawn"] },
    });
    expect(await act(db, contactId, { intent: "WITHDRAW_PARTNER_REQUEST", agency: "police", reason: "wrong_service" }, "2026-03-02T09:30:00Z")).toMatchObject({
      kind: "applied",
      state: "ready_for_decision",
    });

    const row = await db
      .selectFrom("information_requests")
      .select(["status", "waiting", "responded_at", "withdrawn_at", "withdrawn_by", "withdrawal_reason", "withdrawal_explanation"])
      .where("id", "=", requestId)
      .executeTakeFirstOrThrow();
    expect({ ...row, withdrawn_at: row.withdrawn_at && new Date(row.withdrawn_at).toISOString() }).toEqual({
      status: "withdrawn",
      waiting: false,
      responded_at: null,
      withdrawn_at: "2026-03-02T09:30:00.000Z",
      withdrawn_by: "w-screener",
      withdrawal_reason: "wrong_service",
      withdrawal_explanation: null,
    });
    const events = await listContactEvents(db, contactId);
    expect(events.at(-1)).toMatchObject({ type: "WITHDRAW_PARTNER_REQUEST", payload: { agency: "police", reason: "wrong_service" } });
    const audit = await listAuditForSubject(db, "contact", contactId);
    expect(audit.filter((a) => a.action === "contact.withdraw_partner_request")).toHaveLength(1);

    // Need to know: not found to the partner, and an answer to it refused as not found, changing nothing;
    // their own agency is told why (the MASH withdrew it, when, the reason's label; not who).
    const gone = { title: "The MASH withdrew this request", body: "Reason: Asked of the wrong agency or service. The MASH no longer needs an answer to it.", at: "2026-03-02T09:30:00.000Z" };
    expect(await viewInformationRequest(db, police, requestId, ip)).toEqual({ kind: "not_found", gone });
    const response = informationResponseSchema.parse({ intent: "PARTNER_NOTHING_KNOWN", version: "9", idempotencyKey: "late-answer-1" });
    expect(await respondToInformationRequest(db, { user: police, requestId, response, ipAddress: ip, now: new Date("2026-03-02T10:00:00Z") })).toEqual({ kind: "not_found", gone });
    // Another agency is not even told the request exists.
    const health = user("w-health", "partner", "health");
    expect(await viewInformationRequest(db, health, requestId, ip)).toEqual({ kind: "not_found" });
    expect(await respondToInformationRequest(db, { user: health, requestId, response, ipAddress: ip, now: new Date("2026-03-02T10:00:00Z") })).toEqual({ kind: "not_found" });
    expect(await listContactEvents(db, contactId)).toHaveLength(events.length);
    // The inbox lists it as withdrawn, without a link, and no longer counts it as waiting.
    const inbox = await listAgencyInformationRequests(db, { user: { ...police, agencyCode: "police" }, page: 1, pageSize: 50, ipAddress: ip, search: `WD-${contactId}`.toUpperCase() });
    expect(inbox.rows.map((r) => ({ id: r.id, status: r.status, closed: r.closed, waiting: r.waiting }))).toEqual([{ id: requestId, status: "withdrawn", closed: true, waiting: false }]);

    // The partner card on the contact page.
    const view = await viewContact(db, screenerUser, contactId, ip);
    const card = view?.workspace.partners.rows.find((r) => r.agency === "police");
    expect(card).toMatchObject({
      state: "withdrawn",
      stateLabel: "Withdrawn",
      outstanding: false,
      withdrawal: { at: "2026-03-02T09:30:00.000Z", by: "Sam Okafor", reason: "Asked of the wrong agency or service", explanation: null },
    });
    expect(view?.workspace.partners.counts).toMatchObject({ requested: 1, returned: 0, overdue: 0 });

    const contact = await db.selectFrom("contacts").select(["id", "snapshot", "machine_version"]).where("id", "=", contactId).executeTakeFirstOrThrow();
    expect(await checkContactHistory(db, contact)).toEqual({ ok: true });
  });

  it("lets the agency be asked again afterwards (refused before): a new request the partner answers, the withdrawn one kept", async () => {
    const { db } = t.handle;
    const contactId = await contactAskingPolice(db);
    expect(await act(db, contactId, { intent: "REQUEST_PARTNER_INFORMATION", agencies: "police" }, "2026-03-02T09:25:00Z")).toMatchObject({
      kind: "refused",
      reason: "There is already a request to police waiting for an answer.",
    });
    expect(await act(db, contactId, { intent: "WITHDRAW_PARTNER_REQUEST", agency: "police", reason: "other", explanation: "Asked before the address was checked." }, "2026-03-02T09:30:00Z")).toMatchObject({ kind: "applied" });
    expect(await act(db, contactId, { intent: "REQUEST_PARTNER_INFORMATION", agencies: "police", "question.police": "Any call-outs to 4 Quarry Lane?" }, "2026-03-02T09:40:00Z")).toMatchObject({
      kind: "applied",
      state: "awaiting_partner_information.outstanding",
    });
    const rows = await db.selectFrom("information_requests").select(["id", "sequence", "status", "waiting", "withdrawal_explanation", "question"]).where("contact_id", "=", contactId).orderBy("sequence").execute();
    expect(rows).toEqual([
      { id: `${contactId}:police`, sequence: 1, status: "withdrawn", waiting: false, withdrawal_explanation: "Asked before the address was checked.", question: "Any call-outs?" },
      { id: `${contactId}:police:2`, sequence: 2, status: "requested", waiting: true, withdrawal_explanation: null, question: "Any call-outs to 4 Quarry Lane?" },
    ]);
    expect(await viewInformationRequest(db, police, `${contactId}:police`, ip)).toMatchObject({ kind: "not_found", gone: { title: "The MASH withdrew this request", body: "Reason: Other. The MASH no longer needs an answer to it." } });
    expect(await viewInformationRequest(db, police, `${contactId}:police:2`, ip)).toMatchObject({ kind: "found", canAnswer: true });
    const { version } = await db.selectFrom("contacts").select("version").where("id", "=", contactId).executeTakeFirstOrThrow();
    const response = informationResponseSchema.parse({ intent: "PARTNER_NOTHING_KNOWN", version: String(version), idempotencyKey: "answer-again-1" });
    expect(await respondToInformationRequest(db, { user: police, requestId: `${contactId}:police:2`, response, ipAddress: ip, now: new Date("2026-03-02T11:00:00Z") })).toMatchObject({ kind: "applied", state: "ready_for_decision" });
    // The card shows the latest request, answered.
    const view = await viewContact(db, screenerUser, contactId, ip);
    expect(view?.workspace.partners.rows.find((r) => r.agency === "police")).toMatchObject({ state: "nothing_known", withdrawal: null });
    const contact = await db.selectFrom("contacts").select(["id", "snapshot", "machine_version"]).where("id", "=", contactId).executeTakeFirstOrThrow();
    expect(await checkContactHistory(db, contact)).toEqual({ ok: true });
  });

  it("is refused once the partner has answered, and a withdrawn request is no longer counted as due", async () => {
    const { db } = t.handle;
    const contactId = await contactAskingPolice(db);
    const { version } = await db.selectFrom("contacts").select("version").where("id", "=", contactId).executeTakeFirstOrThrow();
    const response = informationResponseSchema.parse({ intent: "PARTNER_NOTHING_KNOWN", version: String(version), idempotencyKey: `answer-${contactId}` });
    expect(await respondToInformationRequest(db, { user: police, requestId: `${contactId}:police`, response, ipAddress: ip, now: new Date("2026-03-02T09:50:00Z") })).toMatchObject({ kind: "applied" });
    expect(await act(db, contactId, { intent: "WITHDRAW_PARTNER_REQUEST", agency: "police", reason: "sent_in_error" }, "2026-03-02T10:00:00Z")).toEqual(
      expect.objectContaining({ kind: "refused", reason: "The request to police has already been answered (nothing known), so it cannot be withdrawn: its answer stays in the contact's record." }),
    );
    // Timeliness: one more request withdrawn on another contact changes nothing of police's figures.
    const period = { from: "2026-03-01", to: "2026-03-31" };
    const before = (await partnerInformationOnTime(db, period)).find((a) => a.agency_code === "police");
    const other = await contactAskingPolice(db);
    expect(await act(db, other, { intent: "WITHDRAW_PARTNER_REQUEST", agency: "police", reason: "no_longer_needed" }, "2026-03-02T10:00:00Z")).toMatchObject({ kind: "applied" });
    expect((await partnerInformationOnTime(db, period)).find((a) => a.agency_code === "police")).toEqual(before);
  });
});
