/**
 * The SQL of the answer slice (app/answers): the information requests sent to a partner agency and
 * the step-downs offered to an early help hub, each listed for its agency or hub only and read one
 * at a time with its contact and child. Which user may see which row is the service's to decide.
 */
import { type SelectQueryBuilder, sql } from "kysely";
import type { Database } from "../schema";
import type { PageRequest } from "./contacts";
import type { Executor } from "./users";

/** What the lists show of the child. */
const CHILD_IN_LIST = ["people.first_name", "people.last_name", "people.date_of_birth"] as const;
/** What an answer page shows of the child. */
const CHILD_ON_PAGE = [...CHILD_IN_LIST, "people.postcode"] as const;

async function countOf<TB extends keyof Database, O>(query: SelectQueryBuilder<Database, TB, O>): Promise<number> {
  const row = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

function offsetOf({ page, pageSize }: PageRequest): number {
  return (page - 1) * pageSize;
}

/** The information requests sent to one agency: open ones first, by deadline. Only that agency's. */
export async function listInformationRequestsForAgency(db: Executor, agencyCode: string, paging: PageRequest) {
  const base = db
    .selectFrom("information_requests")
    .innerJoin("contacts", "contacts.id", "information_requests.contact_id")
    .leftJoin("people", "people.id", "contacts.person_id")
    .where("information_requests.agency_code", "=", agencyCode);
  const [rows, total, open] = await Promise.all([
    base
      .select([
        "information_requests.id",
        "information_requests.contact_id",
        "information_requests.requested_at",
        "information_requests.due_at",
        "information_requests.status",
        "information_requests.rag",
        "information_requests.responded_at",
        "contacts.reference",
        "contacts.priority",
        ...CHILD_IN_LIST,
      ])
      // Waiting for an answer (on a contact still open) first, the nearest deadline first; then the answered, newest first.
      .orderBy(sql`(information_requests.status = 'requested' and contacts.outcome is null)`, "desc")
      .orderBy(sql`case when information_requests.status = 'requested' then information_requests.due_at end`)
      .orderBy("information_requests.responded_at", "desc")
      .limit(paging.pageSize)
      .offset(offsetOf(paging))
      .execute(),
    countOf(base),
    countOf(base.where("information_requests.status", "=", "requested").where("contacts.outcome", "is", null)),
  ]);
  return { rows, total, open };
}

/** The step-downs offered to one hub: waiting ones first, newest first. Only that hub's. */
export async function listStepDownsForHub(db: Executor, hubCode: string, paging: PageRequest) {
  const base = db
    .selectFrom("step_downs")
    .innerJoin("contacts", "contacts.id", "step_downs.contact_id")
    .leftJoin("people", "people.id", "contacts.person_id")
    .where("step_downs.hub_code", "=", hubCode);
  const [rows, total, waiting] = await Promise.all([
    base
      .select([
        "step_downs.id",
        "step_downs.contact_id",
        "step_downs.offered_at",
        "step_downs.status",
        "step_downs.responded_at",
        "step_downs.lead_practitioner",
        "contacts.reference",
        "contacts.level_of_need",
        ...CHILD_ON_PAGE,
      ])
      .orderBy(sql`(step_downs.status = 'offered')`, "desc")
      .orderBy("step_downs.offered_at", "desc")
      .limit(paging.pageSize)
      .offset(offsetOf(paging))
      .execute(),
    countOf(base),
    countOf(base.where("step_downs.status", "=", "offered")),
  ]);
  return { rows, total, waiting };
}

/** One information request with its contact and child, for the partner's page (the service checks the agency). */
export function findInformationRequestWithContact(db: Executor, requestId: string) {
  return db
    .selectFrom("information_requests")
    .innerJoin("contacts", "contacts.id", "information_requests.contact_id")
    .innerJoin("agencies", "agencies.code", "information_requests.agency_code")
    .leftJoin("people", "people.id", "contacts.person_id")
    .select([
      "information_requests.id",
      "information_requests.contact_id",
      "information_requests.agency_code",
      "agencies.name as agency_name",
      "information_requests.requested_at",
      "information_requests.due_at",
      "information_requests.status",
      "information_requests.rag",
      "information_requests.information",
      "information_requests.responded_at",
      "contacts.reference",
      "contacts.priority",
      "contacts.concern",
      "contacts.version",
      "contacts.snapshot",
      ...CHILD_ON_PAGE,
    ])
    .where("information_requests.id", "=", requestId)
    .executeTakeFirst();
}

/** One step-down with its contact and child, for the hub's page (the service checks the hub). */
export function findStepDownWithContact(db: Executor, stepDownId: string) {
  return db
    .selectFrom("step_downs")
    .innerJoin("contacts", "contacts.id", "step_downs.contact_id")
    .innerJoin("hubs", "hubs.code", "step_downs.hub_code")
    .leftJoin("people", "people.id", "contacts.person_id")
    .select([
      "step_downs.id",
      "step_downs.contact_id",
      "step_downs.hub_code",
      "hubs.name as hub_name",
      "step_downs.offered_at",
      "step_downs.status",
      "step_downs.responded_at",
      "step_downs.lead_practitioner",
      "step_downs.decline_reason",
      "contacts.reference",
      "contacts.version",
      "contacts.snapshot",
      ...CHILD_ON_PAGE,
    ])
    .where("step_downs.id", "=", stepDownId)
    .executeTakeFirst();
}

/** The decision proposed for a step-down offered at `offeredAt`: the latest proposal recorded up to that time. */
export function findProposalBefore(db: Executor, contactId: string, offeredAt: Date | string) {
  return db
    .selectFrom("contact_events")
    .select(["payload", "at"])
    .where("contact_id", "=", contactId)
    .where("type", "=", "PROPOSE_DECISION")
    .where("at", "<=", new Date(offeredAt))
    .orderBy("sequence", "desc")
    .limit(1)
    .executeTakeFirst();
}
