/**
 * Need-to-know requests, partners' returns and agencies as data (issue 12, items 1, 3 and 4), on both
 * databases: what a partner sees of a contact (identifying details, the question and summary for
 * their agency, priority, deadline, lawful basis — never the concern); closed and withdrawn requests
 * refused as not found with nothing read out or audited; a correction kept beside the answer it
 * replaces; asking an agency again keeping the earlier request and its answer; an agency an
 * administrator adds, asked and answering.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { listAuditForSubject } from "../../db/queries/audit";
import { listContactEvents } from "../../db/queries/contacts/contact-events";
import { insertUser } from "../../db/queries/users";
import type { SessionUser } from "../../app/auth/session-user";
import { can } from "../../app/auth/permissions";
import { changeAgency, changeHub, agencyChoices, hubChoices } from "../../app/agencies/agencies.server";
import { agencyFormSchema, hubFormSchema } from "../../app/agencies/agencies.schema";
import { createContact } from "../../app/contacts/create.server";
import { checkContactHistory } from "../../app/contacts/history.server";
import { applyEventToContact } from "../../app/contacts/lifecycle.server";
import { performContactAction } from "../../app/contacts/actions.server";
import { contactActionSchema } from "../../app/contacts/contact-actions.schema";
import { parseSubmission } from "../../app/ui/forms";
import { requestHidden, respondToInformationRequest, viewInformationRequest } from "../../app/information-requests/information-requests.server";
import { informationResponseSchema } from "../../app/information-requests/information-requests";
import { type Actor, type ContactEvent, initialContactSnapshot, restoreContactSnapshot } from "../../machines/contact.machine";
import { describeOnBothDatabases } from "./databases";

const screener: Actor = { id: "n-screener", role: "screener" };
const manager: Actor = { id: "n-manager", role: "manager" };

function sessionUser(id: string, role: SessionUser["role"], agencyCode: string | null = null): SessionUser {
  return { id, email: `${id}@example.org`, displayName: `Name of ${id}`, role, agencyCode, hubCode: null };
}

const police = sessionUser("n-police", "partner", "police");
const health = sessionUser("n-health", "partner", "health");
const screenerUser = sessionUser("n-screener", "screener");
const admin = sessionUser("n-admin", "admin");
const ip = "192.0.2.9";
const CONCERN = "Neighbour heard shouting and a child crying late at night, third time this month.";

type Db = Parameters<typeof createContact>[0] & Parameters<typeof applyEventToContact>[0];

let n = 0;
/** A contact about a linked child with a household and an address, screened to Amber with consent given. */
async function screenedContact(db: Db) {
  n += 1;
  const id = `ntk-${n}-${Math.random().toString(36).slice(2, 8)}`;
  const personId = `p-${id}`;
  await db
    .insertInto("people")
    .values({ id: personId, first_name: "Mia", last_name: `Northcott${n}`, date_of_birth: "2016-04-09", sex: "F", postcode: "EX4 2BB", nhs_number: null })
    .execute();
  await createContact(
    db,
    {
      id,
      reference: `NTK-${id}`.toUpperCase(),
      person_id: personId,
      received_at: "2026-03-02T09:00:00Z",
      source: "4",
      channel: "phone",
      referrer: JSON.stringify({ professional: false }),
      concern: CONCERN,
      household: JSON.stringify([
        { name: "Dana Northcott", relationship: "Mother", dateOfBirth: "1990-01-02" },
        { name: "Lee Parr", relationship: "Mother's partner", dateOfBirth: null },
      ]),
      address: JSON.stringify({ line1: "4 Quarry Lane", line2: null, town: "Exeter", postcode: "EX4 2BB" }),
    },
    { actor: screener, recordedAt: "2026-03-02T09:05:00Z" },
  );
  let version = 1;
  const steps: ContactEvent[] = [
    { type: "START_SCREENING", at: "2026-03-02T09:10:00Z", actor: screener },
    { type: "LINK_CHILD", personId, at: "2026-03-02T09:10:30Z", actor: screener },
    { type: "SET_PRIORITY", priority: "amber", reason: "Repeated reports from a neighbour.", at: "2026-03-02T09:11:00Z", actor: screener },
    { type: "RECORD_CONSENT", consent: "given", at: "2026-03-02T09:12:00Z", actor: screener },
  ];
  for (const [i, event] of steps.entries()) {
    const result = await applyEventToContact(db, { contactId: id, expectedVersion: version, idempotencyKey: `${id}-setup-${i}`, event });
    if (result.kind !== "applied") throw new Error(`Setting up ${id}: ${event.type} was ${result.kind}: ${JSON.stringify(result)}`);
    version = result.version;
  }
  return { contactId: id, version };
}

async function currentVersion(db: Db, contactId: string): Promise<number> {
  const row = await db.selectFrom("contacts").select("version").where("id", "=", contactId).executeTakeFirstOrThrow();
  return row.version;
}

/** The screener asks agencies through the contact page's form (question and summary per agency), read as the page's action reads it. */
async function ask(db: Db, contactId: string, fields: Record<string, string | string[]>, now = new Date("2026-03-02T09:20:00Z")) {
  const form = new FormData();
  const entries = { intent: "REQUEST_PARTNER_INFORMATION", version: String(await currentVersion(db, contactId)), idempotencyKey: `ask-${Math.random().toString(36).slice(2)}`, ...fields };
  for (const [name, value] of Object.entries(entries)) for (const one of [value].flat()) form.append(name, one);
  const submission = parseSubmission(form, contactActionSchema);
  if (submission.status !== "success") throw new Error(`The form was refused: ${JSON.stringify(submission.error)}`);
  return performContactAction(db, { user: screenerUser, contactId, action: submission.value, ipAddress: ip, now });
}

async function answer(db: Db, user: SessionUser, requestId: string, contactId: string, fields: Record<string, unknown>) {
  const response = informationResponseSchema.parse({ version: String(await currentVersion(db, contactId)), idempotencyKey: `answer-${Math.random().toString(36).slice(2)}`, ...fields });
  return respondToInformationRequest(db, { user, requestId, response, ipAddress: ip, now: new Date("2026-03-02T10:00:00Z") });
}

describe("need to know: which requests a partner may no longer open", () => {
  it("hides a request on a closed contact, and an unanswered request replaced by a newer one to the same agency", () => {
    const snapshot = initialContactSnapshot({ receivedAt: "2026-03-02T09:00:00Z" });
    const asked = { agency: "police", status: "requested" as const, requestedAt: "x", requestedBy: "s", dueAt: "y", lawfulBasis: { kind: "consent" as const }, overdueAt: null, respondedAt: null, respondedBy: null, rag: null, information: null, declineReason: null };
    const withSecond = { ...snapshot, context: { ...snapshot.context, requests: { police: { ...asked, sequence: 2 } } } } as typeof snapshot;
    // The first request to police, still unanswered, after police were asked again: withdrawn.
    expect(requestHidden({ agency_code: "police", sequence: 1, status: "requested", outcome: null }, withSecond)).toBe(true);
    // Answered before police were asked again: the partner still reads it.
    expect(requestHidden({ agency_code: "police", sequence: 1, status: "returned", outcome: null }, withSecond)).toBe(false);
    expect(requestHidden({ agency_code: "police", sequence: 2, status: "requested", outcome: null }, withSecond)).toBe(false);
    // Any request on a closed contact.
    expect(requestHidden({ agency_code: "police", sequence: 2, status: "returned", outcome: "nfa" }, withSecond)).toBe(true);
  });

  it("never lets a partner open a contact's own page", () => {
    expect(can(police, "contact.view")).toBe(false);
    expect(can(police, "information-request.answer", { agencyCode: "police" })).toBe(true);
    expect(can(police, "information-request.answer", { agencyCode: "health" })).toBe(false);
  });
});

describeOnBothDatabases("need-to-know requests and partners' returns", (t) => {
  beforeAll(async () => {
    for (const u of [screenerUser, police, health, admin, sessionUser("n-manager", "manager")]) {
      await insertUser(t.handle.db, { id: u.id, email: u.email, display_name: u.displayName, role: u.role, agency_code: u.agencyCode, hub_code: null, password_hash: "x" });
    }
  });

  it("shows the partner the identifying details, their question and summary, the priority, deadline and lawful basis — and not the concern", async () => {
    const { db } = t.handle;
    const { contactId } = await screenedContact(db);
    const asked = await ask(db, contactId, {
      agencies: ["police", "health"],
      "question.police": "Any call-outs to 4 Quarry Lane in the last year?",
      "summary.police": "Neighbour reports shouting and a child crying at night.",
      "question.health": "Is Mia up to date with health visiting and GP appointments?",
    });
    expect(asked).toMatchObject({ kind: "applied" });
    const view = await viewInformationRequest(db, police, `${contactId}:police`, ip);
    expect(view).toMatchObject({
      kind: "found",
      request: {
        id: `${contactId}:police`,
        agencyName: "Police",
        sequence: 1,
        status: "requested",
        statusLabel: "Awaiting your information",
        question: "Any call-outs to 4 Quarry Lane in the last year?",
        summary: "Neighbour reports shouting and a child crying at night.",
      },
      contact: { priority: "amber" },
      identifying: {
        child: { name: `Mia Northcott${n}`, dateOfBirth: "2016-04-09", sex: "Female" },
        household: [
          { name: "Dana Northcott", relationship: "Mother", dateOfBirth: "1990-01-02" },
          { name: "Lee Parr", relationship: "Mother's partner", dateOfBirth: null },
        ],
        address: ["4 Quarry Lane", "Exeter", "EX4 2BB"],
      },
      lawfulBasis: { kind: "consent", words: "Consent: the family agreed to information being shared with the MASH." },
      answer: null,
      earlierAnswers: [],
      canAnswer: true,
      canCorrect: false,
    });
    // The deadline is the Amber clock from the time of asking (after it; its exact time is the clocks' tests' to check).
    expect(new Date((view as { request: { dueAt: string } }).request.dueAt).getTime()).toBeGreaterThan(new Date("2026-03-02T09:20:00Z").getTime());
    const text = JSON.stringify(view);
    expect(text).not.toContain("Neighbour heard shouting");
    expect(text).not.toContain("health visiting");
    expect(view).not.toHaveProperty("snapshot");
    // Health reads its own question, and not police's.
    const healthView = JSON.stringify(await viewInformationRequest(db, health, `${contactId}:health`, ip));
    expect(healthView).toContain("Is Mia up to date with health visiting and GP appointments?");
    expect(healthView).not.toContain("Quarry Lane in the last year");
    expect(healthView).not.toContain(CONCERN);
  });

  it("refuses another agency's request as not found, and a request on a closed contact as not found, for views and answers alike, with nothing audited", async () => {
    const { db } = t.handle;
    const { contactId } = await screenedContact(db);
    expect(await ask(db, contactId, { agencies: ["police"] })).toMatchObject({ kind: "applied" });
    const requestId = `${contactId}:police`;
    expect(await viewInformationRequest(db, health, requestId, ip)).toEqual({ kind: "not_found" });
    expect(await answer(db, health, requestId, contactId, { intent: "PARTNER_NOTHING_KNOWN" })).toEqual({ kind: "not_found" });

    // The MASH goes ahead without police's answer and the contact is decided and closed: the request is closed.
    let version = await currentVersion(db, contactId);
    const closing: ContactEvent[] = [
      { type: "PROCEED_TO_DECISION", reason: "The neighbour's account is enough: no further information needed.", at: "2026-03-02T09:40:00Z", actor: screener },
      { type: "PROPOSE_DECISION", outcome: "nfa", levelOfNeed: 1, rationale: "No safeguarding concern found.", reason: "Family already supported.", at: "2026-03-02T09:45:00Z", actor: screener },
      { type: "AUTHORISE_DECISION", at: "2026-03-02T09:50:00Z", actor: manager },
    ];
    for (const [i, event] of closing.entries()) {
      const result = await applyEventToContact(db, { contactId, expectedVersion: version, idempotencyKey: `${contactId}-close-${i}`, event });
      if (result.kind !== "applied") throw new Error(`Closing: ${event.type} was ${JSON.stringify(result)}`);
      version = result.version;
    }
    expect((await db.selectFrom("contacts").select("state").where("id", "=", contactId).executeTakeFirstOrThrow()).state).toBe("closed");
    // Still not found, but police's own request says why (the contact is closed), not a bare 404.
    const gone = { title: "The MASH has closed this contact", body: "The MASH no longer needs an answer to this request.", at: null };
    expect(await viewInformationRequest(db, police, requestId, ip)).toEqual({ kind: "not_found", gone });
    expect(await answer(db, police, requestId, contactId, { intent: "PARTNER_INFORMATION_RETURNED", rag: "red", ragRationale: "Repeated call-outs.", information: "Two call-outs." })).toEqual({ kind: "not_found", gone });
    const row = await db.selectFrom("information_requests").select(["status", "information"]).where("id", "=", requestId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "requested", information: null });
    expect(await listAuditForSubject(db, "information_request", requestId)).toEqual([]);
  });

  it("keeps a correction beside the answer it replaces, both visible, the first read-only", async () => {
    const { db } = t.handle;
    const { contactId } = await screenedContact(db);
    await ask(db, contactId, { agencies: ["police", "health"] });
    const requestId = `${contactId}:police`;
    expect(await answer(db, police, requestId, contactId, { intent: "PARTNER_INFORMATION_RETURNED", rag: "amber", ragRationale: "One incident, no injuries.", information: "One call-out in January 2026." })).toMatchObject({ kind: "applied" });
    // A second answer that is not a correction is refused: an answer is read-only once sent.
    expect(await answer(db, police, requestId, contactId, { intent: "PARTNER_INFORMATION_RETURNED", rag: "red", ragRationale: "On reflection.", information: "Changed my mind." })).toMatchObject({
      kind: "refused",
      reason: "The request to police has already been answered (returned).",
    });
    const afterFirst = await viewInformationRequest(db, police, requestId, ip);
    expect(afterFirst).toMatchObject({ canAnswer: false, canCorrect: true, answer: { rag: "amber", ragLabel: "Amber", ragRationale: "One incident, no injuries." } });

    expect(
      await answer(db, police, requestId, contactId, { intent: "PARTNER_INFORMATION_RETURNED", correction: "yes", rag: "red", ragRationale: "A second record found: an assault on the mother.", information: "Two call-outs: January 2026, and an assault in February 2026." }),
    ).toMatchObject({ kind: "applied" });
    const row = await db.selectFrom("information_requests").selectAll().where("id", "=", requestId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "returned", rag: "red", rag_rationale: "A second record found: an assault on the mother.", information: "Two call-outs: January 2026, and an assault in February 2026." });
    expect(row.answer_versions).toEqual([
      { status: "returned", rag: "amber", ragRationale: "One incident, no injuries.", information: "One call-out in January 2026.", respondedAt: "2026-03-02T10:00:00.000Z", respondedBy: "n-police" },
    ]);
    const view = await viewInformationRequest(db, police, requestId, ip);
    expect(view).toMatchObject({
      answer: { status: "returned", rag: "red", ragLabel: "Red", ragMeaning: expect.stringContaining("significant harm"), information: "Two call-outs: January 2026, and an assault in February 2026." },
      earlierAnswers: [{ status: "returned", rag: "amber", ragLabel: "Amber", ragMeaning: expect.stringContaining("Some concern"), information: "One call-out in January 2026." }],
    });
    // Both answers are events of the contact; its stored snapshot is what replaying them gives.
    const events = await listContactEvents(db, contactId);
    expect(events.filter((e) => e.type === "PARTNER_INFORMATION_RETURNED").map((e) => (e.payload as { rag: string }).rag)).toEqual(["amber", "red"]);
    const contact = await db.selectFrom("contacts").select(["id", "snapshot", "machine_version"]).where("id", "=", contactId).executeTakeFirstOrThrow();
    expect(await checkContactHistory(db, contact)).toEqual({ ok: true });
    // A correction to a request not yet answered is refused.
    expect(await answer(db, health, `${contactId}:health`, contactId, { intent: "PARTNER_NOTHING_KNOWN", correction: "yes" })).toMatchObject({
      kind: "refused",
      reason: "The request to health has not been answered yet, so there is nothing to correct.",
    });
  });

  it("asking an agency again creates a new request; the earlier one and its answer stay", async () => {
    const { db } = t.handle;
    const { contactId } = await screenedContact(db);
    await ask(db, contactId, { agencies: ["police"], "question.police": "Any call-outs?" });
    const first = `${contactId}:police`;
    await answer(db, police, first, contactId, { intent: "PARTNER_NOTHING_KNOWN", information: "Searched by name and address." });
    expect(await ask(db, contactId, { agencies: ["police"], "question.police": "Any record of Lee Parr?", "summary.police": "A new partner has moved in." }, new Date("2026-03-02T11:00:00Z"))).toMatchObject({ kind: "applied" });
    const second = `${contactId}:police:2`;
    const rows = await db.selectFrom("information_requests").select(["id", "sequence", "status", "question", "shared_summary", "information"]).where("contact_id", "=", contactId).orderBy("sequence").execute();
    expect(rows).toEqual([
      { id: first, sequence: 1, status: "nothing_known", question: "Any call-outs?", shared_summary: null, information: "Searched by name and address." },
      { id: second, sequence: 2, status: "requested", question: "Any record of Lee Parr?", shared_summary: "A new partner has moved in.", information: null },
    ]);
    // The earlier request stays readable, read-only; the new one waits for an answer.
    expect(await viewInformationRequest(db, police, first, ip)).toMatchObject({ request: { sequence: 1, statusLabel: "Nothing known" }, canAnswer: false, canCorrect: false, answer: { status: "nothing_known", information: "Searched by name and address." } });
    const secondView = await viewInformationRequest(db, police, second, ip);
    expect(secondView).toMatchObject({
      request: { sequence: 2, question: "Any record of Lee Parr?" },
      canAnswer: true,
      requests: [
        { id: first, sequence: 1, statusLabel: "Nothing known", thisOne: false },
        { id: second, sequence: 2, statusLabel: "Awaiting your information", thisOne: true },
      ],
    });
    expect(await answer(db, police, second, contactId, { intent: "PARTNER_INFORMATION_RETURNED", rag: "amber", ragRationale: "A caution, no violence since.", information: "Lee Parr: a caution for affray in 2024." })).toMatchObject({ kind: "applied" });
    const after = await db.selectFrom("information_requests").select(["id", "status", "rag", "information"]).where("contact_id", "=", contactId).orderBy("sequence").execute();
    expect(after).toEqual([
      { id: first, status: "nothing_known", rag: null, information: "Searched by name and address." },
      { id: second, status: "returned", rag: "amber", information: "Lee Parr: a caution for affray in 2024." },
    ]);
    const contact = await db.selectFrom("contacts").select(["id", "snapshot", "machine_version"]).where("id", "=", contactId).executeTakeFirstOrThrow();
    expect(await checkContactHistory(db, contact)).toEqual({ ok: true });
    expect(restoreContactSnapshot(contact.snapshot).context.earlierRequests).toHaveLength(1);
  });

  it("an agency an administrator adds is asked and answers; retired, it is no longer offered or asked; nothing is deleted", async () => {
    const { db } = t.handle;
    const added = await changeAgency(db, { admin, form: agencyFormSchema.parse({ intent: "add", name: "Early years", parent: "" }), ipAddress: ip });
    expect(added).toEqual({ kind: "done", code: "early_years", name: "Early years", intent: "add" });
    expect(await changeAgency(db, { admin, form: agencyFormSchema.parse({ intent: "add", name: "Early Years" }), ipAddress: ip })).toMatchObject({ kind: "refused", field: "name" });
    const service = await changeAgency(db, { admin, form: agencyFormSchema.parse({ intent: "add", name: "Perinatal mental health", parent: "health" }), ipAddress: ip });
    expect(service).toMatchObject({ kind: "done", code: "perinatal_mental_health" });
    const choices = await agencyChoices(db);
    expect(choices).toContainEqual({ value: "early_years", text: "Early years" });
    expect(choices).toContainEqual({ value: "perinatal_mental_health", text: "Health: Perinatal mental health" });
    expect(choices).toContainEqual({ value: "youth_justice", text: "Youth justice" });
    expect(choices).toContainEqual({ value: "school_nursing", text: "Health: School nursing" });

    const earlyYears = sessionUser("n-early-years", "partner", "early_years");
    await insertUser(db, { id: earlyYears.id, email: earlyYears.email, display_name: earlyYears.displayName, role: "partner", agency_code: "early_years", hub_code: null, password_hash: "x" });
    const { contactId } = await screenedContact(db);
    expect(await ask(db, contactId, { agencies: ["early_years"], "question.early_years": "Does Mia attend a nursery?" })).toMatchObject({ kind: "applied" });
    expect(await viewInformationRequest(db, earlyYears, `${contactId}:early_years`, ip)).toMatchObject({ request: { agencyName: "Early years", question: "Does Mia attend a nursery?" }, canAnswer: true });
    expect(await answer(db, earlyYears, `${contactId}:early_years`, contactId, { intent: "PARTNER_INFORMATION_RETURNED", rag: "green", ragRationale: "Attends well; no concerns.", information: "Attends Little Acorns three days a week; no concerns." })).toMatchObject({ kind: "applied" });
    expect(await viewInformationRequest(db, police, `${contactId}:early_years`, ip)).toEqual({ kind: "not_found" });

    // Renamed, the history names it by its new name; retired, it is no longer offered or asked.
    expect(await changeAgency(db, { admin, form: agencyFormSchema.parse({ intent: "rename", code: "early_years", name: "Early years settings" }), ipAddress: ip })).toMatchObject({ kind: "done" });
    expect(await changeAgency(db, { admin, form: agencyFormSchema.parse({ intent: "retire", code: "early_years" }), ipAddress: ip })).toMatchObject({ kind: "done" });
    expect((await agencyChoices(db)).map((c) => c.value)).not.toContain("early_years");
    const again = await screenedContact(db);
    expect(await ask(db, again.contactId, { agencies: ["early_years"] })).toEqual({ kind: "invalid", errors: { agencies: "Choose agencies from the list: one of them is no longer in use" } });
    expect(await ask(db, again.contactId, { agencies: ["no_such_agency"] })).toEqual({ kind: "invalid", errors: { agencies: "Choose agencies from the list: one of them is no longer in use" } });
    expect(await viewInformationRequest(db, earlyYears, `${contactId}:early_years`, ip)).toMatchObject({ request: { agencyName: "Early years settings" }, answer: { rag: "green" } });
    const agency = await db.selectFrom("agencies").select(["name", "retired_at"]).where("code", "=", "early_years").executeTakeFirstOrThrow();
    expect(agency.name).toBe("Early years settings");
    expect(agency.retired_at).not.toBeNull();
    const audit = await listAuditForSubject(db, "agency", "early_years");
    expect(audit.map((a) => a.action).sort()).toEqual(["agency_added", "agency_renamed", "agency_retired"]);

    // Hubs likewise.
    expect(await changeHub(db, { admin, form: hubFormSchema.parse({ intent: "add", name: "Torridge" }), ipAddress: ip })).toMatchObject({ kind: "done", code: "torridge" });
    expect(await hubChoices(db)).toContainEqual({ value: "torridge", text: "Torridge" });
    expect(await changeHub(db, { admin, form: hubFormSchema.parse({ intent: "retire", code: "torridge" }), ipAddress: ip })).toMatchObject({ kind: "done" });
    expect((await hubChoices(db)).map((h) => h.value)).not.toContain("torridge");
  });

  it("starts with the agencies and hubs of a new installation, from the migration", async () => {
    const { db } = t.handle;
    const agencies = await db.selectFrom("agencies").select(["code", "parent_code"]).orderBy("code").execute();
    const codes = agencies.map((a) => a.code);
    expect(codes).toEqual(expect.arrayContaining(["police", "health", "education", "probation", "housing", "adult_social_care", "youth_justice"]));
    const services = agencies.filter((a) => a.parent_code === "health").map((a) => a.code);
    expect(services).toEqual(expect.arrayContaining(["health_visiting", "school_nursing", "gp", "acute", "mental_health", "sexual_health"]));
    const hubs = (await db.selectFrom("hubs").select("code").execute()).map((h) => h.code);
    for (const code of ["north", "exeter", "mid_east", "south_west"]) expect(hubs).toContain(code);
  });
});
