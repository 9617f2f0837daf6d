import { sql } from "kysely";
import type { Executor } from "./users";

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

/** How many open contacts are in each state. */
export async function countOpenContactsByState(db: Executor): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("contacts")
    .select(["state", (eb) => eb.fn.countAll<number>().as("n")])
    .where("outcome", "is", null)
    .groupBy("state")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
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

/** The information requests sent to one agency: open ones first, by deadline. Only that agency's. */
export async function listInformationRequestsForAgency(db: Executor, agencyCode: string, { page, pageSize }: PageRequest) {
  const base = db
    .selectFrom("information_requests")
    .innerJoin("contacts", "contacts.id", "information_requests.contact_id")
    .leftJoin("people", "people.id", "contacts.person_id")
    .where("information_requests.agency_code", "=", agencyCode);
  const [rows, total, open] = await Promise.all([
    base
      .select([
        "information_requests.id",
        "information_requests.requested_at",
        "information_requests.due_at",
        "information_requests.status",
        "information_requests.rag",
        "information_requests.responded_at",
        "contacts.reference",
        "contacts.priority",
        "people.first_name",
        "people.last_name",
        "people.date_of_birth",
      ])
      .orderBy(sql`(information_requests.status = 'requested')`, "desc")
      .orderBy("information_requests.due_at", "desc")
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    base.where("information_requests.status", "=", "requested").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n), open: Number(open.n) };
}

/** The step-downs offered to one hub: waiting ones first, newest first. Only that hub's. */
export async function listStepDownsForHub(db: Executor, hubCode: string, { page, pageSize }: PageRequest) {
  const base = db
    .selectFrom("step_downs")
    .innerJoin("contacts", "contacts.id", "step_downs.contact_id")
    .leftJoin("people", "people.id", "contacts.person_id")
    .where("step_downs.hub_code", "=", hubCode);
  const [rows, total, waiting] = await Promise.all([
    base
      .select([
        "step_downs.id",
        "step_downs.offered_at",
        "step_downs.status",
        "step_downs.responded_at",
        "step_downs.lead_practitioner",
        "contacts.reference",
        "contacts.level_of_need",
        "people.first_name",
        "people.last_name",
        "people.date_of_birth",
        "people.postcode",
      ])
      .orderBy(sql`(step_downs.status = 'offered')`, "desc")
      .orderBy("step_downs.offered_at", "desc")
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    base.where("step_downs.status", "=", "offered").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n), waiting: Number(waiting.n) };
}
