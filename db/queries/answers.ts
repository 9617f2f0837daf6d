/**
 * The SQL of the answer slice (app/answers): the information requests sent to a partner agency and
 * the step-downs offered to an early help hub, each listed for its agency or hub only and read one
 * at a time with its contact and child. Which user may see which row is the service's to decide.
 */
import { type Insertable, sql } from "kysely";
import type { InformationRequestsTable, StepDownsTable } from "../schema";
import type { PageRequest } from "./contacts/contacts";
import type { Executor } from "./users";

/** What the lists show of the child. */
const CHILD_IN_LIST = ["people.first_name", "people.last_name", "people.date_of_birth"] as const;
/** What an answer page shows of the child. */
const CHILD_ON_PAGE = [...CHILD_IN_LIST, "people.postcode"] as const;

function offsetOf({ page, pageSize }: PageRequest): number {
  return (page - 1) * pageSize;
}

/** What the partner inbox shows: which requests, a search, and where the page starts (keyset). */
export interface InboxQuery {
  /** `waiting`: still waiting for the agency's answer; `overdue`: of those, past the deadline; `answered`: the rest. */
  show: "all" | "waiting" | "overdue" | "answered";
  /** A contact's reference or a child's surname (whole, any case). */
  search: string | null;
  /** The last row of the page before (its `inbox_rank` and id). */
  after: { rank: string; id: string } | null;
  pageSize: number;
  now: Date;
}

/** The waiting requests sit below this rank, the rest at or above it (migration 0017). */
const ANSWERED_FROM = 1e14;

/**
 * One page of the information requests sent to one agency, in the inbox's order — waiting first,
 * nearest deadline first, then the rest, newest answer first — by keyset on `(inbox_rank, id)`
 * from the index `information_requests_inbox`: the page's rows are found in the index and only
 * they are joined to their contacts and children. Only that agency's.
 */
export function informationRequestInboxQuery(db: Executor, agencyCode: string, query: InboxQuery, matching: string[] | null = null) {
  let page = db
    .selectFrom("information_requests")
    .select(["id", "contact_id", "requested_at", "due_at", "status", "rag", "responded_at", "overdue_at", "waiting", "inbox_rank"])
    .where("agency_code", "=", agencyCode);
  if (query.show === "waiting") page = page.where("inbox_rank", "<", ANSWERED_FROM);
  if (query.show === "answered") page = page.where("inbox_rank", ">=", ANSWERED_FROM);
  if (query.show === "overdue") {
    page = page
      .where("inbox_rank", "<", ANSWERED_FROM)
      .where((eb) => eb.or([eb("overdue_at", "is not", null), eb("due_at", "<=", query.now)]));
  }
  // A search: the contacts it found (`contactsMatching`), each request found by its contact.
  if (matching) page = matching.length ? page.where("contact_id", "in", matching) : page.where(sql<boolean>`false`);
  if (query.after) {
    const { rank, id } = query.after;
    page = page.where(sql<boolean>`(inbox_rank, id) > (${rank}::bigint, ${id})`);
  }
  return db
    .with("page", () => page.orderBy("inbox_rank").orderBy("id").limit(query.pageSize + 1))
    .selectFrom("page")
    .innerJoin("contacts", "contacts.id", "page.contact_id")
    .leftJoin("people", "people.id", "contacts.person_id")
    .select([
      "page.id",
      "page.contact_id",
      "page.requested_at",
      "page.due_at",
      "page.status",
      "page.rag",
      "page.responded_at",
      "page.overdue_at",
      "page.waiting",
      sql<string>`page.inbox_rank::text`.as("inbox_rank"),
      "contacts.reference",
      // Need to know: a request on a closed contact is no longer opened by the partner.
      sql<boolean>`contacts.outcome is not null`.as("closed"),
      "contacts.priority",
      ...CHILD_IN_LIST,
    ])
    .orderBy("page.inbox_rank")
    .orderBy("page.id");
}

/**
 * The contacts a search finds: the one with that reference (stored in capitals), and those of the
 * children with that surname (any case), from their indexes — at most `limit`.
 */
export async function contactsMatching(db: Executor, term: string, limit = 2000): Promise<string[]> {
  const [byReference, bySurname] = await Promise.all([
    db.selectFrom("contacts").select("id").where("reference", "=", term.trim().toUpperCase()).execute(),
    db
      .selectFrom("people")
      .innerJoin("contacts", "contacts.person_id", "people.id")
      .select("contacts.id")
      .where(sql<boolean>`lower(people.last_name) = lower(${term.trim()})`)
      .limit(limit)
      .execute(),
  ]);
  return [...new Set([...byReference, ...bySurname].map((r) => r.id))];
}

/**
 * The inbox's counts: requests waiting for the agency's answer, and of those past their deadline —
 * from the partial index of waiting requests alone, never the agency's history.
 */
export function informationRequestCountsQuery(db: Executor, agencyCode: string, now: Date) {
  return db
    .selectFrom("information_requests")
    .select([
      sql<number>`count(*)::int`.as("waiting"),
      sql<number>`(count(*) filter (where overdue_at is not null or due_at <= ${now}))::int`.as("overdue"),
    ])
    .where("agency_code", "=", agencyCode)
    .where("waiting", "=", true);
}

/** The information requests sent to one agency: one page (keyset) and the counts. Only that agency's. */
export async function listInformationRequestsForAgency(db: Executor, agencyCode: string, query: InboxQuery) {
  const matching = query.search ? await contactsMatching(db, query.search) : null;
  const [found, counts] = await Promise.all([
    informationRequestInboxQuery(db, agencyCode, query, matching).execute(),
    informationRequestCountsQuery(db, agencyCode, query.now).executeTakeFirstOrThrow(),
  ]);
  const rows = found.slice(0, query.pageSize).map((r) => ({
    ...r,
    /** Waiting and past its deadline (recorded as passed by the deadline job, or about to be). */
    overdue: r.waiting && (r.overdue_at !== null || new Date(r.due_at).getTime() <= query.now.getTime()),
  }));
  const last = rows.at(-1);
  return {
    rows,
    waiting: Number(counts.waiting),
    overdue: Number(counts.overdue),
    next: found.length > query.pageSize && last ? { rank: last.inbox_rank, id: last.id } : null,
  };
}

/**
 * The step-downs offered to one hub: waiting ones first, newest first. Only that hub's. The page's
 * rows are read in order from the index `step_downs_hub_list` (migration 0027) and only they are
 * joined to their contacts and children; the counts read the hub's step-downs alone (every step-down
 * has its contact) — so a page costs the same whatever the hub's history.
 */
export async function listStepDownsForHub(db: Executor, hubCode: string, paging: PageRequest) {
  const waitingFirst = sql<boolean>`(status = 'offered')`;
  const page = db
    .selectFrom("step_downs")
    .select(["id", "contact_id", "offered_at", "status", "responded_at", "lead_practitioner", waitingFirst.as("waiting")])
    .where("hub_code", "=", hubCode)
    .orderBy(waitingFirst, "desc")
    .orderBy("offered_at", "desc")
    .orderBy("id", "desc")
    .limit(paging.pageSize)
    .offset(offsetOf(paging));
  const [rows, counts] = await Promise.all([
    db
      .with("page", () => page)
      .selectFrom("page")
      .innerJoin("contacts", "contacts.id", "page.contact_id")
      .leftJoin("people", "people.id", "contacts.person_id")
      .select([
        "page.id",
        "page.contact_id",
        "page.offered_at",
        "page.status",
        "page.responded_at",
        "page.lead_practitioner",
        "contacts.reference",
        "contacts.level_of_need",
        ...CHILD_ON_PAGE,
      ])
      .orderBy("page.waiting", "desc")
      .orderBy("page.offered_at", "desc")
      .orderBy("page.id", "desc")
      .execute(),
    db
      .selectFrom("step_downs")
      .select([sql<number>`count(*)::int`.as("total"), sql<number>`(count(*) filter (where status = 'offered'))::int`.as("waiting")])
      .where("hub_code", "=", hubCode)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(counts.total), waiting: Number(counts.waiting) };
}

/**
 * One information request with its contact and child, for the partner's page (the service checks the
 * agency and what the partner needs to know). Of the contact only what a partner may see: the child's
 * and household's identifying details and address, the priority — never the concern as recorded.
 */
export function findInformationRequestWithContact(db: Executor, requestId: string) {
  return db
    .selectFrom("information_requests")
    .innerJoin("contacts", "contacts.id", "information_requests.contact_id")
    .innerJoin("agencies", "agencies.code", "information_requests.agency_code")
    .leftJoin("agencies as parent", "parent.code", "agencies.parent_code")
    .leftJoin("people", "people.id", "contacts.person_id")
    .select([
      "information_requests.id",
      "information_requests.contact_id",
      "information_requests.agency_code",
      "agencies.name as agency_name",
      "parent.name as agency_parent_name",
      "information_requests.sequence",
      "information_requests.requested_at",
      "information_requests.due_at",
      "information_requests.status",
      "information_requests.rag",
      "information_requests.rag_rationale",
      "information_requests.information",
      "information_requests.responded_at",
      "information_requests.question",
      "information_requests.shared_summary",
      "information_requests.answer_versions",
      "information_requests.overdue_at",
      "information_requests.withdrawn_at",
      "information_requests.withdrawal_reason",
      "contacts.reference",
      "contacts.priority",
      "contacts.outcome",
      "contacts.version",
      "contacts.snapshot",
      "contacts.household",
      "contacts.address",
      "contacts.described_child",
      "people.sex",
      "people.nhs_number",
      ...CHILD_ON_PAGE,
    ])
    .where("information_requests.id", "=", requestId)
    .executeTakeFirst();
}

/** Every request to one agency about one contact, oldest first (asking again is a new request). */
export function listRequestsToAgencyAboutContact(db: Executor, contactId: string, agencyCode: string) {
  return db
    .selectFrom("information_requests")
    .select(["id", "sequence", "requested_at", "due_at", "status", "responded_at"])
    .where("contact_id", "=", contactId)
    .where("agency_code", "=", agencyCode)
    .orderBy("sequence")
    .execute();
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

/**
 * The contact's information requests and step-downs as its snapshot projects them
 * (app/contacts/projection.server.ts): each row inserted, or brought in line when it is there.
 */
export async function upsertProjectedAnswers(
  db: Executor,
  rows: { requests: readonly Insertable<InformationRequestsTable>[]; stepDowns: readonly Insertable<StepDownsTable>[] },
): Promise<void> {
  for (const row of rows.requests) {
    await db
      .insertInto("information_requests")
      .values(row)
      .onConflict((oc) => oc.column("id").doUpdateSet(row))
      .execute();
  }
  for (const row of rows.stepDowns) {
    await db
      .insertInto("step_downs")
      .values(row)
      .onConflict((oc) => oc.column("id").doUpdateSet(row))
      .execute();
  }
}
