import { beforeAll, describe, expect, it } from "vitest";
import { listAuditForSubject } from "../../db/queries/audit";
import { listContactEvents } from "../../db/queries/contacts/contact-events";
import { insertUser } from "../../db/queries/users";
import type { SessionUser } from "../../app/auth/lucia.server";
import { createContact } from "../../app/contacts/create.server";
import { checkContactHistory } from "../../app/contacts/history.server";
import { applyEventToContact } from "../../app/contacts/lifecycle.server";
import { respondToStepDown, viewStepDown } from "../../app/step-downs/step-downs.server";
import { respondToInformationRequest, viewInformationRequest } from "../../app/information-requests/information-requests.server";
import { informationResponseSchema } from "../../app/information-requests/information-requests";
import { stepDownResponseSchema } from "../../app/step-downs/step-downs";
import { parseSubmission, resultErrors } from "../../app/ui/forms";
import { type Actor, type ContactEvent, restoreContactSnapshot } from "../../machines/contact.machine";
import { describeOnBothDatabases } from "./databases";

const screener: Actor = { id: "u-screener", role: "screener" };
const manager: Actor = { id: "u-manager", role: "manager" };

function sessionUser(id: string, role: SessionUser["role"], team: { agencyCode?: string; hubCode?: string } = {}): SessionUser {
  return { id, email: `${id}@example.org`, displayName: `Name of ${id}`, role, agencyCode: team.agencyCode ?? null, hubCode: team.hubCode ?? null };
}

const police = sessionUser("u-police", "partner", { agencyCode: "police" });
const health = sessionUser("u-health", "partner", { agencyCode: "health" });
const north = sessionUser("u-north", "early_help", { hubCode: "north" });
const exeter = sessionUser("u-exeter", "early_help", { hubCode: "exeter" });
const screenerUser = sessionUser("u-screener", "screener");

const NOW = new Date("2026-03-02T12:00:00Z");
const ip = "192.0.2.1";

type Db = Parameters<typeof createContact>[0] & Parameters<typeof applyEventToContact>[0];

let n = 0;
async function newContact(db: Db) {
  n += 1;
  const id = `r-${n}-${Math.random().toString(36).slice(2, 8)}`;
  const personId = `p-${id}`;
  await db
    .insertInto("people")
    .values({ id: personId, first_name: "Ava", last_name: `Test${n}`, date_of_birth: "2015-06-01", sex: "F", postcode: "EX1 1AA" })
    .execute();
  await createContact(
    db,
    {
      id,
      reference: `TEST-${id}`,
      person_id: personId,
      received_at: "2026-03-02T09:00:00Z",
      source: "6",
      channel: "police_notification",
      referrer: JSON.stringify({ professional: true }),
      concern: "Police attended a domestic incident at the home.",
    },
    { actor: screener, recordedAt: "2026-03-02T09:05:00Z" },
  );
  return id;
}

async function applyAll(db: Db, id: string, steps: ContactEvent[]): Promise<number> {
  let version = 1;
  for (const [i, event] of steps.entries()) {
    const result = await applyEventToContact(db, { contactId: id, expectedVersion: version, idempotencyKey: `${id}-setup-${i}`, event });
    if (result.kind !== "applied") throw new Error(`Setting up ${id}: ${event.type} was ${result.kind}: ${JSON.stringify(result)}`);
    version = result.version;
  }
  return version;
}

/** A contact waiting for police and health, with consent given or a manager's override. */
async function awaitingPartners(db: Db, consent: "given" | "override" = "given") {
  const id = await newContact(db);
  const version = await applyAll(db, id, [
    { type: "START_SCREENING", at: "2026-03-02T09:10:00Z", actor: screener },
    { type: "SET_PRIORITY", priority: "amber", reason: "Concerns reported by the school.", at: "2026-03-02T09:11:00Z", actor: screener },
    ...(consent === "given"
      ? [{ type: "RECORD_CONSENT", consent: "given", at: "2026-03-02T09:12:00Z", actor: screener } as const]
      : [
          { type: "RECORD_CONSENT", consent: "refused", at: "2026-03-02T09:12:00Z", actor: screener } as const,
          // The screener asks, a manager authorises (issue 12, item 2).
          { type: "REQUEST_CONSENT_OVERRIDE", reason: "significant_harm", at: "2026-03-02T09:12:15Z", actor: screener } as const,
          { type: "AUTHORISE_CONSENT_OVERRIDE", at: "2026-03-02T09:12:30Z", actor: manager } as const,
        ]),
    {
      type: "REQUEST_PARTNER_INFORMATION",
      requests: [
        { agency: "police", dueAt: "2026-03-03T18:00:00Z" },
        { agency: "health", dueAt: "2026-03-03T18:00:00Z" },
      ],
      at: "2026-03-02T09:13:00Z",
      actor: screener,
    },
  ]);
  return { contactId: id, version, policeRequest: `${id}:police`, healthRequest: `${id}:health` };
}

/** A contact whose step-down to the North hub a manager has just authorised. */
async function stepDownOffered(db: Db) {
  const id = await newContact(db);
  const offeredAt = "2026-03-02T11:00:00Z";
  const version = await applyAll(db, id, [
    { type: "START_SCREENING", at: "2026-03-02T09:10:00Z", actor: screener },
    { type: "LINK_CHILD", personId: "the-child", at: "2026-03-02T09:10:30Z", actor: screener },
    { type: "SET_PRIORITY", priority: "green", reason: "Concerns reported by the school.", at: "2026-03-02T09:11:00Z", actor: screener },
    { type: "RECORD_CONSENT", consent: "given", at: "2026-03-02T09:12:00Z", actor: screener },
    { type: "COMPLETE_SCREENING", at: "2026-03-02T09:30:00Z", actor: screener },
    // Early help needs the family's agreement, sought again before the step-down (issue 12, item 2).
    { type: "RECORD_CONSENT", consent: "given", purpose: "early_help", at: "2026-03-02T09:45:00Z", actor: screener },
    { type: "PROPOSE_DECISION", outcome: "early_help", levelOfNeed: 2, rationale: "Parenting support through the hub.", hub: "north", at: "2026-03-02T10:00:00Z", actor: screener },
    { type: "AUTHORISE_DECISION", at: offeredAt, actor: manager },
  ]);
  return { contactId: id, version, stepDownId: `${id}:${offeredAt}` };
}

const key = () => `key-${Math.random().toString(36).slice(2)}-${Date.now()}`;

describe("the shared answer forms", () => {
  it("say what is missing in the user's terms", () => {
    const sent = (fields: Record<string, string>) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      return form;
    };
    const returned = parseSubmission(sent({ intent: "PARTNER_INFORMATION_RETURNED", version: "3", idempotencyKey: "abcdefgh:x", information: " " }), informationResponseSchema);
    expect(returned.status).toBe("error");
    expect(resultErrors(returned.reply().error)).toEqual({
      rag: expect.stringContaining("Choose your RAG rating"),
      ragRationale: "Enter why you gave this RAG rating",
      information: "Enter the information you are returning",
    });
    const nothing = informationResponseSchema.safeParse({ intent: "PARTNER_NOTHING_KNOWN", version: "3", idempotencyKey: "abcdefgh:x", information: "" });
    expect(nothing).toMatchObject({ success: true, data: { version: 3, information: undefined } });
    const declined = informationResponseSchema.safeParse({ intent: "PARTNER_DECLINED", version: "3", idempotencyKey: "abcdefgh:x" });
    expect(declined.success).toBe(false);
    const accept = parseSubmission(sent({ intent: "ACCEPT_STEP_DOWN", version: "3", idempotencyKey: "abcdefgh:x", leadPractitioner: "" }), stepDownResponseSchema);
    expect(accept.status).toBe("error");
    expect(resultErrors(accept.reply().error)).toEqual({ leadPractitioner: "Enter the name of the lead practitioner" });
  });
});

describeOnBothDatabases("partners' answers and hubs' step-down decisions", (t) => {
  // Set up in a hook, before any test: each test below reads it and stands on its own.
  beforeAll(async () => {
    const users: Array<[string, SessionUser["role"], string | null, string | null]> = [
      ["u-screener", "screener", null, null],
      ["u-manager", "manager", null, null],
      ["u-police", "partner", "police", null],
      ["u-health", "partner", "health", null],
      ["u-north", "early_help", null, "north"],
      ["u-exeter", "early_help", null, "exeter"],
    ];
    for (const [id, role, agency, hub] of users) {
      await insertUser(t.handle.db, { id, email: `${id}@example.org`, display_name: `Name of ${id}`, role, agency_code: agency, hub_code: hub, password_hash: "x" });
    }
  });

  it("shows the partner what they need, with the lawful basis, and audits every view", async () => {
    const { db } = t.handle;
    const { policeRequest, version } = await awaitingPartners(db, "override");
    const view = await viewInformationRequest(db, police, policeRequest, ip);
    expect(view).toMatchObject({
      kind: "found",
      request: { id: policeRequest, agencyCode: "police", agencyName: "Police", status: "requested" },
      contact: { priority: "amber", version },
      child: { first_name: "Ava", date_of_birth: "2015-06-01", postcode: "EX1 1AA" },
      lawfulBasis: { kind: "override", reason: "significant_harm", authorisedAt: "2026-03-02T09:12:30Z" },
      canAnswer: true,
    });
    // Nothing beyond what the partner needs: no snapshot, no other agencies' requests, no history, and
    // not the concern as recorded (need to know, issue 12 item 3: the partner reads the summary the MASH shares).
    expect(JSON.stringify(view)).not.toContain("health");
    expect(JSON.stringify(view)).not.toContain("Police attended a domestic incident at the home.");
    expect(view).not.toHaveProperty("snapshot");
    await viewInformationRequest(db, police, policeRequest, ip);
    const audit = await listAuditForSubject(db, "information_request", policeRequest);
    expect(audit.map((a) => a.action)).toEqual(["information_request.viewed", "information_request.viewed"]);
    expect(audit[0]).toMatchObject({ actor_name: "Name of u-police" });
  });

  it("a partner of the right agency returns information with their own RAG rating", async () => {
    const { db } = t.handle;
    const { contactId, policeRequest, version } = await awaitingPartners(db);
    const result = await respondToInformationRequest(db, {
      user: police,
      requestId: policeRequest,
      response: { intent: "PARTNER_INFORMATION_RETURNED", version, idempotencyKey: key(), rag: "amber", ragRationale: "Calls for verbal arguments only.", information: "One call-out in 2025; no arrests." },
      ipAddress: ip,
      now: NOW,
    });
    expect(result).toMatchObject({ kind: "applied", version: version + 1, replayed: false });
    const row = await db.selectFrom("information_requests").selectAll().where("id", "=", policeRequest).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "returned", rag: "amber", information: "One call-out in 2025; no arrests.", responded_by: "u-police" });
    const events = await listContactEvents(db, contactId);
    expect(events.at(-1)).toMatchObject({ type: "PARTNER_INFORMATION_RETURNED", actor_user_id: "u-police" });
    expect(events.at(-1)!.payload).toMatchObject({ agency: "police", rag: "amber", actor: { id: "u-police", role: "partner", agency: "police" } });
    const audit = await listAuditForSubject(db, "contact", contactId);
    expect(audit[0]).toMatchObject({ action: "contact.partner_information_returned" });
    // Answered: the page no longer offers the forms.
    const view = await viewInformationRequest(db, police, policeRequest, ip);
    expect(view).toMatchObject({ kind: "found", canAnswer: false, request: { status: "returned", rag: "amber" } });
    const contact = await db.selectFrom("contacts").selectAll().where("id", "=", contactId).executeTakeFirstOrThrow();
    expect(await checkContactHistory(db, contact)).toEqual({ ok: true });
  });

  it("refuses a partner of another agency, and anyone not a partner, in the service itself", async () => {
    const { db } = t.handle;
    const { contactId, policeRequest, version } = await awaitingPartners(db);
    const response = { intent: "PARTNER_INFORMATION_RETURNED" as const, version, idempotencyKey: key(), rag: "red" as const, ragRationale: "Not ours to rate.", information: "Not ours to give." };
    expect(await respondToInformationRequest(db, { user: health, requestId: policeRequest, response, ipAddress: ip, now: NOW })).toEqual({ kind: "not_found" });
    expect(await respondToInformationRequest(db, { user: north, requestId: policeRequest, response, ipAddress: ip, now: NOW })).toEqual({ kind: "forbidden" });
    expect(await respondToInformationRequest(db, { user: screenerUser, requestId: policeRequest, response, ipAddress: ip, now: NOW })).toEqual({ kind: "forbidden" });
    expect(await viewInformationRequest(db, health, policeRequest, ip)).toEqual({ kind: "not_found" });
    expect(await viewInformationRequest(db, police, `${contactId}:nobody`, ip)).toEqual({ kind: "not_found" });
    expect(await respondToInformationRequest(db, { user: police, requestId: "no-such-request", response, ipAddress: ip, now: NOW })).toEqual({ kind: "not_found" });
    const row = await db.selectFrom("information_requests").selectAll().where("id", "=", policeRequest).executeTakeFirstOrThrow();
    expect(row.status).toBe("requested");
    expect(await listContactEvents(db, contactId)).toHaveLength(version);
    // A refused look is not a view of the child's record.
    expect(await listAuditForSubject(db, "information_request", policeRequest)).toEqual([]);
  });

  it("a partner answers nothing known, with an optional note", async () => {
    const { db } = t.handle;
    const { healthRequest, version } = await awaitingPartners(db);
    const result = await respondToInformationRequest(db, {
      user: health,
      requestId: healthRequest,
      response: { intent: "PARTNER_NOTHING_KNOWN", version, idempotencyKey: key(), information: "Checked GP and health visiting records." },
      ipAddress: ip,
      now: NOW,
    });
    expect(result).toMatchObject({ kind: "applied" });
    const row = await db.selectFrom("information_requests").selectAll().where("id", "=", healthRequest).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "nothing_known", rag: null, information: "Checked GP and health visiting records." });
  });

  it("a partner declines to share, with a reason", async () => {
    const { db } = t.handle;
    const { contactId, healthRequest, version } = await awaitingPartners(db);
    const result = await respondToInformationRequest(db, {
      user: health,
      requestId: healthRequest,
      response: { intent: "PARTNER_DECLINED", version, idempotencyKey: key(), reason: "Needs the Caldicott guardian's agreement first." },
      ipAddress: ip,
      now: NOW,
    });
    expect(result).toMatchObject({ kind: "applied" });
    const row = await db.selectFrom("information_requests").selectAll().where("id", "=", healthRequest).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "declined", information: "Needs the Caldicott guardian's agreement first." });
    // A second answer to the same request is refused by the machine, in words.
    const again = await respondToInformationRequest(db, {
      user: health,
      requestId: healthRequest,
      response: { intent: "PARTNER_NOTHING_KNOWN", version: version + 1, idempotencyKey: key(), information: undefined },
      ipAddress: ip,
      now: NOW,
    });
    expect(again).toMatchObject({ kind: "refused", reason: expect.stringMatching(/already been answered/) });
    expect(await listContactEvents(db, contactId)).toHaveLength(version + 1);
  });

  it("another agency's answer in between does not make a partner's answer stale", async () => {
    const { db } = t.handle;
    const { contactId, policeRequest, healthRequest, version } = await awaitingPartners(db);
    // Health answers first, from a page rendered at the same version as police's.
    await respondToInformationRequest(db, { user: health, requestId: healthRequest, response: { intent: "PARTNER_NOTHING_KNOWN", version, idempotencyKey: key(), information: undefined }, ipAddress: ip, now: NOW });
    const stale = await respondToInformationRequest(db, {
      user: police,
      requestId: policeRequest,
      response: { intent: "PARTNER_INFORMATION_RETURNED", version, idempotencyKey: key(), rag: "green", ragRationale: "Known, with nothing of concern.", information: "Nothing of concern." },
      ipAddress: ip,
      now: NOW,
    });
    expect(stale).toMatchObject({ kind: "applied", version: version + 2 });
    const row = await db.selectFrom("information_requests").select("status").where("id", "=", policeRequest).executeTakeFirstOrThrow();
    expect(row.status).toBe("returned");
    expect(await listContactEvents(db, contactId)).toHaveLength(version + 2);
  });

  it("applies a repeated submission once", async () => {
    const { db } = t.handle;
    const { contactId, policeRequest, version } = await awaitingPartners(db);
    const input = {
      user: police,
      requestId: policeRequest,
      response: { intent: "PARTNER_INFORMATION_RETURNED" as const, version, idempotencyKey: key(), rag: "red" as const, ragRationale: "Violence at the address.", information: "Known to police." },
      ipAddress: ip,
      now: NOW,
    };
    const first = await respondToInformationRequest(db, input);
    const again = await respondToInformationRequest(db, input);
    const concurrent = await Promise.all([respondToInformationRequest(db, input), respondToInformationRequest(db, input)]);
    expect(first).toMatchObject({ kind: "applied", version: version + 1, replayed: false });
    for (const r of [again, ...concurrent]) expect(r).toMatchObject({ kind: "applied", version: version + 1, replayed: true });
    const events = await listContactEvents(db, contactId);
    expect(events.filter((e) => e.type === "PARTNER_INFORMATION_RETURNED")).toHaveLength(1);
  });

  it("shows the hub what it needs and audits every view; another hub is refused", async () => {
    const { db } = t.handle;
    const { stepDownId, version } = await stepDownOffered(db);
    const view = await viewStepDown(db, north, stepDownId, ip);
    expect(view).toMatchObject({
      kind: "found",
      stepDown: { id: stepDownId, hubCode: "north", hubName: "North", status: "offered" },
      contact: { version },
      child: { first_name: "Ava", date_of_birth: "2015-06-01", postcode: "EX1 1AA" },
      decision: { levelOfNeed: 2, rationale: "Parenting support through the hub." },
      canAnswer: true,
    });
    expect(view).not.toHaveProperty("contact.concern");
    await viewStepDown(db, north, stepDownId, ip);
    expect((await listAuditForSubject(db, "step_down", stepDownId)).map((a) => a.action)).toEqual(["step_down.viewed", "step_down.viewed"]);

    expect(await viewStepDown(db, exeter, stepDownId, ip)).toEqual({ kind: "not_found" });
    expect(await viewStepDown(db, police, stepDownId, ip)).toEqual({ kind: "forbidden" });
    expect(await viewStepDown(db, north, "no-such-step-down", ip)).toEqual({ kind: "not_found" });
    const refused = await respondToStepDown(db, {
      user: exeter,
      stepDownId,
      response: { intent: "ACCEPT_STEP_DOWN", version, idempotencyKey: key(), leadPractitioner: "Someone in Exeter" },
      ipAddress: ip,
      now: NOW,
    });
    expect(refused).toEqual({ kind: "not_found" });
    expect(await listAuditForSubject(db, "step_down", stepDownId)).toHaveLength(2);
  });

  it("the hub accepts: the contact closes as early help with the episode", async () => {
    const { db } = t.handle;
    const { contactId, stepDownId, version } = await stepDownOffered(db);
    const input = {
      user: north,
      stepDownId,
      response: { intent: "ACCEPT_STEP_DOWN" as const, version, idempotencyKey: key(), leadPractitioner: "Jo Bennett" },
      ipAddress: ip,
      now: NOW,
    };
    const result = await respondToStepDown(db, input);
    expect(result).toMatchObject({ kind: "applied", state: "closed", replayed: false });
    // The same submission again is answered as the first was, although the offer is no longer open.
    expect(await respondToStepDown(db, input)).toMatchObject({ kind: "applied", state: "closed", replayed: true });

    const contact = await db.selectFrom("contacts").selectAll().where("id", "=", contactId).executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ state: "closed", outcome: "early_help", hub_code: "north", version: version + 1 });
    const context = restoreContactSnapshot(contact.snapshot).context;
    expect(context.earlyHelpEpisode).toEqual({ hub: "north", leadPractitioner: "Jo Bennett", acceptedBy: "u-north", startedAt: NOW.toISOString() });
    const row = await db.selectFrom("step_downs").selectAll().where("id", "=", stepDownId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "accepted", lead_practitioner: "Jo Bennett", responded_by: "u-north" });
    expect((await listContactEvents(db, contactId)).filter((e) => e.type === "ACCEPT_STEP_DOWN")).toHaveLength(1);
    expect(await viewStepDown(db, north, stepDownId, ip)).toMatchObject({ kind: "found", canAnswer: false, stepDown: { status: "accepted" } });
    expect(await checkContactHistory(db, contact)).toEqual({ ok: true });
  });

  it("the hub declines: the contact goes back to the MASH and the bounce-back is counted", async () => {
    const { db } = t.handle;
    const { contactId, stepDownId, version } = await stepDownOffered(db);
    const result = await respondToStepDown(db, {
      user: north,
      stepDownId,
      response: { intent: "DECLINE_STEP_DOWN", version, idempotencyKey: key(), reason: "Needs are above early help." },
      ipAddress: ip,
      now: NOW,
    });
    expect(result).toMatchObject({ kind: "applied", state: "ready_for_decision" });
    const contact = await db.selectFrom("contacts").selectAll().where("id", "=", contactId).executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ state: "ready_for_decision", outcome: null });
    expect(restoreContactSnapshot(contact.snapshot).context.bounceBacks).toBe(1);
    const row = await db.selectFrom("step_downs").selectAll().where("id", "=", stepDownId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "declined", decline_reason: "Needs are above early help.", responded_by: "u-north" });

    // The declined offer still shows its decision, and cannot be answered again.
    expect(await viewStepDown(db, north, stepDownId, ip)).toMatchObject({
      kind: "found",
      canAnswer: false,
      stepDown: { status: "declined", declineReason: "Needs are above early help." },
      decision: { levelOfNeed: 2, rationale: "Parenting support through the hub." },
    });
    const again = await respondToStepDown(db, {
      user: north,
      stepDownId,
      response: { intent: "ACCEPT_STEP_DOWN", version: version + 1, idempotencyKey: key(), leadPractitioner: "Jo Bennett" },
      ipAddress: ip,
      now: NOW,
    });
    expect(again).toMatchObject({ kind: "refused", reason: expect.stringMatching(/already been answered/) });
    expect(await checkContactHistory(db, contact)).toEqual({ ok: true });
  });

  it("a hub's answer to the offer it saw applies even if the contact changed in between", async () => {
    const { db } = t.handle;
    const { contactId, stepDownId, version } = await stepDownOffered(db);
    const stale = await respondToStepDown(db, {
      user: north,
      stepDownId,
      response: { intent: "ACCEPT_STEP_DOWN", version: version - 1, idempotencyKey: key(), leadPractitioner: "Jo Bennett" },
      ipAddress: ip,
      now: NOW,
    });
    expect(stale).toMatchObject({ kind: "applied", version: version + 1 });
    const contact = await db.selectFrom("contacts").select(["state", "version"]).where("id", "=", contactId).executeTakeFirstOrThrow();
    expect(contact).toEqual({ state: "closed", version: version + 1 });
  });
});
