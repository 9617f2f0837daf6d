import { sql } from "kysely";
import type { Executor } from "../../executor";

export interface PageRequest {
  page: number;
  pageSize: number;
}

/** Open contacts (no outcome yet), oldest first, one page, with the child's name. */
export async function listOpenContacts(db: Executor, { page, pageSize }: PageRequest, filter: { states?: string[] } = {}) {
  let query = db
    .selectFrom("contacts")
    .leftJoin("people", "people.id", "contacts.person_id")
    .leftJoin("users", "users.id", "contacts.allocated_to")
    .where("contacts.outcome", "is", null);
  if (filter.states?.length) query = query.where("contacts.state", "in", filter.states);
  const [rows, total] = await Promise.all([
    query
      .select([
        "contacts.id",
        "contacts.reference",
        "contacts.received_at",
        "contacts.source",
        "contacts.state",
        "contacts.priority",
        "contacts.immediate_risk",
        "people.first_name",
        "people.last_name",
        "users.display_name as allocated_to_name",
      ])
      .orderBy("contacts.received_at", "asc")
      .orderBy("contacts.id", "asc")
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Contacts received and decided since a time, with referrals among the decided (for oversight). */
export async function countContactsSince(db: Executor, since: Date) {
  const row = await db
    .selectFrom("contacts")
    .select([
      sql<number>`count(*) filter (where received_at >= ${since} and coalesce(outcome, '') <> 'duplicate')::int`.as("received"),
      sql<number>`count(*) filter (where decided_at >= ${since} and outcome <> 'duplicate')::int`.as("decided"),
      sql<number>`count(*) filter (where decided_at >= ${since} and outcome in ('referral', 'strategy_discussion'))::int`.as("referrals"),
    ])
    .where((eb) => eb.or([eb("received_at", ">=", since), eb("decided_at", ">=", since)]))
    .executeTakeFirstOrThrow();
  return { received: Number(row.received), decided: Number(row.decided), referrals: Number(row.referrals) };
}

/** One contact with its child, for the contact page. */
export function findContactWithPerson(db: Executor, contactId: string) {
  return db
    .selectFrom("contacts")
    .leftJoin("people", "people.id", "contacts.person_id")
    .leftJoin("users as allocated", "allocated.id", "contacts.allocated_to")
    .leftJoin("contacts as duplicated", "duplicated.id", "contacts.duplicate_of_contact_id")
    .select([
      "contacts.id",
      "contacts.reference",
      "contacts.group_id",
      "contacts.received_at",
      "contacts.source",
      "contacts.channel",
      "contacts.referrer",
      "contacts.concern",
      "contacts.immediate_risk",
      "contacts.consent",
      "contacts.priority",
      "contacts.state",
      "contacts.outcome",
      "contacts.decided_at",
      "contacts.level_of_need",
      "contacts.primary_need",
      "contacts.hub_code",
      "contacts.snapshot",
      "contacts.version",
      "contacts.described_child",
      "contacts.decision_due_at",
      "contacts.allocated_to",
      "contacts.household",
      "contacts.address",
      "contacts.factors",
      "contacts.referral_consent",
      "contacts.referral_consent_notes",
      "contacts.recorded_at",
      "contacts.late_recording_reason",
      "contacts.duplicate_of_contact_id",
      "duplicated.reference as duplicate_of_reference",
      "contacts.referral_nfa",
      "contacts.referral_team",
      "contacts.referral_worker",
      "people.id as person_id",
      "people.first_name",
      "people.last_name",
      "people.date_of_birth",
      "people.expected_date_of_birth",
      "people.sex",
      "people.ethnicity",
      "people.disabilities",
      "people.postcode",
      "people.nhs_number",
      "allocated.display_name as allocated_to_name",
    ])
    .where("contacts.id", "=", contactId)
    .executeTakeFirst();
}

export function findContactIdByReference(db: Executor, reference: string) {
  return db
    .selectFrom("contacts")
    .select(["id", "reference", "outcome", "duplicate_of_contact_id"])
    .where("reference", "=", reference.trim().toUpperCase())
    .executeTakeFirst();
}

/** A contact's reference, by its id. */
export function findContactReference(db: Executor, contactId: string) {
  return db.selectFrom("contacts").select(["id", "reference"]).where("id", "=", contactId).executeTakeFirst();
}

/** A contact's history, oldest first, with who did each thing. */
export function listContactHistory(db: Executor, contactId: string) {
  return db
    .selectFrom("contact_events")
    .leftJoin("users", "users.id", "contact_events.actor_user_id")
    .select([
      "contact_events.sequence",
      "contact_events.type",
      "contact_events.payload",
      "contact_events.at",
      "contact_events.state_after",
      "users.display_name as actor_name",
    ])
    .where("contact_events.contact_id", "=", contactId)
    .orderBy("contact_events.sequence")
    .execute();
}

export function listContactInformationRequests(db: Executor, contactId: string) {
  return db
    .selectFrom("information_requests")
    .innerJoin("agencies", "agencies.code", "information_requests.agency_code")
    .select([
      "information_requests.id",
      "information_requests.agency_code",
      "agencies.name as agency_name",
      "information_requests.requested_at",
      "information_requests.due_at",
      "information_requests.lawful_basis",
      "information_requests.status",
      "information_requests.rag",
      "information_requests.information",
      "information_requests.responded_at",
      // The consolidated view (issue 12, item 5): overdue as recorded, the rating's rationale, which request, corrections.
      "information_requests.overdue_at",
      "information_requests.rag_rationale",
      "information_requests.sequence",
      "information_requests.answer_versions",
    ])
    .where("information_requests.contact_id", "=", contactId)
    .orderBy("agencies.name")
    .execute();
}

/** A new contact reference, MASH-<year>-<number>, the number from the database's sequence. */
export async function nextContactReference(db: Executor, year: string): Promise<string> {
  const { rows } = await sql<{ n: number }>`select nextval('contact_reference_seq')::int as n`.execute(db);
  return `MASH-${year}-${String(rows[0]!.n).padStart(6, "0")}`;
}

/**
 * Sets the reference sequence to the highest number a contact holds (demo data and synthetic history
 * carry their own numbers), so the next contact recorded takes the number after it: one sequence, no
 * jump (issue 11, item 11). No number any contact holds is issued again.
 */
export async function advanceContactReferenceSequence(db: Executor): Promise<void> {
  await sql`select setval('contact_reference_seq', m.n)
    from (select max(substring(reference from '^MASH-[0-9]{4}-([0-9]+)$')::bigint) as n from contacts) m
    where m.n is not null`.execute(db);
}

/** The other contacts recorded with this one (siblings in one call). */
export function listGroupContacts(db: Executor, groupId: string) {
  return db
    .selectFrom("contacts")
    .leftJoin("people", "people.id", "contacts.person_id")
    .select(["contacts.id", "contacts.reference", "contacts.described_child", "people.first_name", "people.last_name", "contacts.state"])
    .where("contacts.group_id", "=", groupId)
    .orderBy("contacts.reference")
    .execute();
}

/** The contacts recorded together with one (its group, itself included), for screening them together. */
export async function listGroupForScreening(db: Executor, contactId: string) {
  const me = await db.selectFrom("contacts").select(["id", "group_id"]).where("id", "=", contactId).executeTakeFirst();
  if (!me) return null;
  let query = db
    .selectFrom("contacts")
    .leftJoin("people", "people.id", "contacts.person_id")
    .select([
      "contacts.id",
      "contacts.reference",
      "contacts.described_child",
      "contacts.person_id",
      "people.first_name",
      "people.last_name",
      "people.date_of_birth",
      "contacts.state",
      "contacts.version",
      "contacts.priority",
      "contacts.outcome",
      "contacts.referral_consent",
      "contacts.snapshot",
    ]);
  query = me.group_id ? query.where("contacts.group_id", "=", me.group_id) : query.where("contacts.id", "=", me.id);
  return query.orderBy("contacts.reference").execute();
}

/** Partners' returns and step-downs of a set of contacts, for a child's chronology. */
export async function listChronologyDetails(db: Executor, contactIds: string[]) {
  if (contactIds.length === 0) return { returns: [], stepDowns: [] };
  const [returns, stepDowns] = await Promise.all([
    db
      .selectFrom("information_requests")
      .innerJoin("agencies", "agencies.code", "information_requests.agency_code")
      .select([
        "information_requests.contact_id",
        "agencies.name as agency_name",
        "information_requests.status",
        "information_requests.rag",
        "information_requests.responded_at",
      ])
      .where("information_requests.contact_id", "in", contactIds)
      .orderBy("agencies.name")
      .execute(),
    db
      .selectFrom("step_downs")
      .innerJoin("hubs", "hubs.code", "step_downs.hub_code")
      .select(["step_downs.contact_id", "hubs.name as hub_name", "step_downs.status", "step_downs.offered_at", "step_downs.responded_at", "step_downs.lead_practitioner", "step_downs.decline_reason"])
      .where("step_downs.contact_id", "in", contactIds)
      .orderBy("step_downs.offered_at")
      .execute(),
  ]);
  return { returns, stepDowns };
}

export async function deletePublicReportAttemptsBefore(db: Executor, before: Date) {
  await db.deleteFrom("public_report_attempts").where("at", "<", before).execute();
}

/**
 * The submission of an intake or public report form under its idempotency key, unless one with that
 * key exists already. True when this one was recorded. A concurrent transaction inserting the same
 * key makes this wait for it; once it has committed, this returns false (the primary key decides,
 * not a read before the write).
 */
export async function insertContactSubmission(
  db: Executor,
  submission: { idempotencyKey: string; form: "intake" | "public_report"; fingerprint: string; submittedBy: string | null; contactIds: string[] },
): Promise<boolean> {
  const inserted = await db
    .insertInto("contact_submissions")
    .values({
      idempotency_key: submission.idempotencyKey,
      form: submission.form,
      fingerprint: submission.fingerprint,
      submitted_by: submission.submittedBy,
      contact_ids: JSON.stringify(submission.contactIds),
    })
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .returning("idempotency_key")
    .executeTakeFirst();
  return inserted !== undefined;
}

export function findContactSubmission(db: Executor, idempotencyKey: string) {
  return db.selectFrom("contact_submissions").selectAll().where("idempotency_key", "=", idempotencyKey).executeTakeFirst();
}

/** The contacts a submission created (id, reference, the child as described), in the given order. */
export async function listContactsByIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom("contacts").select(["id", "reference", "group_id", "described_child"]).where("id", "in", ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/**
 * Holds, until the transaction ends, the lock of one address's public reports: the count of its
 * reports and the insert of the next one are one step for each address (other addresses go on).
 * A transaction-scoped advisory lock in the front door's own key space (two-int keys: 7301, hash).
 */
export async function lockPublicReportAddress(db: Executor, addressHash: string) {
  await sql`select pg_advisory_xact_lock(7301, hashtext(${addressHash}))`.execute(db);
}

/** Reports accepted from one (hashed) address since a time. */
export async function countAcceptedPublicReportsSince(db: Executor, addressHash: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom("public_report_attempts")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("address_hash", "=", addressHash)
    .where("at", ">=", since)
    .where("accepted", "=", true)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertPublicReportAttempt(db: Executor, attempt: { addressHash: string; at: Date; accepted: boolean }) {
  await db.insertInto("public_report_attempts").values({ address_hash: attempt.addressHash, at: attempt.at, accepted: attempt.accepted }).execute();
}
