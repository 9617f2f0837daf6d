/**
 * The MASH queue: open contacts (no outcome yet) by the nearest decision deadline, paged by keyset
 * on (decision_due_at, id). Every filter has a partial index on open contacts ending in that order
 * (migration 0005), so a page is read in order from an index however many contacts there are.
 */
import { type ExpressionBuilder, sql } from "kysely";
import type { Database } from "../schema";
import { rolesWith } from "../../app/auth/permissions";
import type { Executor } from "../executor";

export interface QueueFilter {
  state?: string;
  /** A priority, or "none" for not set yet. */
  priority?: "red" | "amber" | "green" | "none";
  /** A census referral source code. */
  source?: string;
  /** A user id, or "none" for not allocated. */
  allocatedTo?: string;
  /** Only repeat contacts: the child has another non-duplicate contact received in the 12 months before. */
  repeatOnly?: boolean;
}

/** A position in the queue's order. */
export interface QueueCursor {
  dueAt: string;
  id: string;
}

export interface QueuePageRequest {
  pageSize: number;
  /** The page after this position (next), or before it (previous); neither: the first page. */
  after?: QueueCursor;
  before?: QueueCursor;
  /** Without a cursor: skip this many (a page asked for by number; the cursor is faster far down). */
  offset?: number;
}

type ContactsEb = ExpressionBuilder<Database, "contacts">;

/**
 * Whether the contact (the row `alias`) is a repeat contact: its child has another non-duplicate
 * contact received earlier and on or after the local day twelve months before this one's local
 * received date (MEASURES.md `repeat_contacts`). One probe of `contacts_person_received`.
 */
export function repeatContactOf(alias: string) {
  const c = (column: string) => sql.ref(`${alias}.${column}`);
  return sql<boolean>`exists (
  select 1 from contacts earlier
  where earlier.person_id = ${c("person_id")}
    and earlier.id <> ${c("id")}
    and earlier.received_at < ${c("received_at")}
    and earlier.received_at >= ((((${c("received_at")} at time zone 'Europe/London')::date - interval '1 year')::date)::timestamp at time zone 'Europe/London')
    and earlier.outcome is distinct from 'duplicate'
)`;
}

export const isRepeatContact = repeatContactOf("contacts");

/** The open contacts matching a filter (the base every queue query starts from). */
function openContacts(db: Executor, filter: QueueFilter) {
  let query = db.selectFrom("contacts").where("contacts.outcome", "is", null);
  if (filter.state) query = query.where("contacts.state", "=", filter.state);
  if (filter.priority === "none") query = query.where("contacts.priority", "is", null);
  else if (filter.priority) query = query.where("contacts.priority", "=", filter.priority);
  if (filter.source) query = query.where("contacts.source", "=", filter.source);
  if (filter.allocatedTo === "none") query = query.where("contacts.allocated_to", "is", null);
  else if (filter.allocatedTo) query = query.where("contacts.allocated_to", "=", filter.allocatedTo);
  if (filter.repeatOnly) query = query.where(isRepeatContact);
  return query;
}

/**
 * The query of one page (one more row than a page, to tell whether there is another). The page of
 * contacts is chosen first, from the contacts table alone (an index in order, or at worst the open
 * matches sorted); only its rows are then joined to the child and the worker.
 */
export function queuePageQuery(db: Executor, filter: QueueFilter, page: QueuePageRequest) {
  let query = openContacts(db, filter).select([
    "contacts.id",
    "contacts.reference",
    "contacts.person_id",
    "contacts.received_at",
    "contacts.decision_due_at",
    "contacts.source",
    "contacts.state",
    "contacts.priority",
    "contacts.immediate_risk",
    "contacts.allocated_to",
    "contacts.version",
    "contacts.described_child",
  ]);
  const backwards = !page.after && Boolean(page.before);
  if (page.after) {
    query = query.where((eb: ContactsEb) =>
      eb(eb.refTuple("contacts.decision_due_at", "contacts.id"), ">", eb.tuple(new Date(page.after!.dueAt), page.after!.id)),
    );
  } else if (page.before) {
    query = query.where((eb: ContactsEb) =>
      eb(eb.refTuple("contacts.decision_due_at", "contacts.id"), "<", eb.tuple(new Date(page.before!.dueAt), page.before!.id)),
    );
  }
  const direction = backwards ? "desc" : "asc";
  const offset = !page.after && !page.before && page.offset ? page.offset : 0;
  // PostgreSQL does not take `x is null` as fixing x for the order of an index on (x, due, id), and
  // would sort every match: ordering by that constant column first lets it read the index in order.
  if (filter.allocatedTo === "none") query = query.orderBy("contacts.allocated_to", direction);
  else if (filter.priority === "none") query = query.orderBy("contacts.priority", direction);
  const chosen = query
    .orderBy("contacts.decision_due_at", direction)
    .orderBy("contacts.id", direction)
    .limit(page.pageSize + 1)
    .offset(offset)
    .as("c");
  return db
    .selectFrom(chosen)
    .leftJoin("people", "people.id", "c.person_id")
    .leftJoin("users", "users.id", "c.allocated_to")
    .select([
      "c.id",
      "c.reference",
      "c.received_at",
      "c.decision_due_at",
      "c.source",
      "c.state",
      "c.priority",
      "c.immediate_risk",
      "c.allocated_to",
      "c.version",
      "c.described_child",
      "people.first_name",
      "people.last_name",
      "users.display_name as allocated_to_name",
      repeatContactOf("c").as("repeat"),
    ])
    .orderBy("c.decision_due_at", direction)
    .orderBy("c.id", direction);
}

/** One page of the queue, in deadline order, with the child, the allocated worker and the repeat mark. */
export async function listQueuePage(db: Executor, filter: QueueFilter, page: QueuePageRequest) {
  const backwards = !page.after && Boolean(page.before);
  const offset = !page.after && !page.before && page.offset ? page.offset : 0;
  const rows = await queuePageQuery(db, filter, page).execute();
  // One more than a page tells whether there is another page in this direction.
  const more = rows.length > page.pageSize;
  const shown = rows.slice(0, page.pageSize);
  if (backwards) shown.reverse();
  return {
    rows: shown,
    hasNext: backwards ? true : more,
    hasPrevious: backwards ? more : Boolean(page.after) || offset > 0,
  };
}

/** How many open contacts match a filter, and how many of them are overdue at `now`. */
export async function countQueue(db: Executor, filter: QueueFilter, now: Date) {
  const row = await queueCountQuery(db, filter, now).executeTakeFirstOrThrow();
  return { total: Number(row.total), overdue: Number(row.overdue) };
}

export function queueCountQuery(db: Executor, filter: QueueFilter, now: Date) {
  return openContacts(db, filter).select([
    sql<number>`count(*)::int`.as("total"),
    sql<number>`count(*) filter (where contacts.decision_due_at <= ${now})::int`.as("overdue"),
  ]);
}

/** How many open contacts are in each state (the whole queue, no filter). */
export async function countOpenByState(db: Executor): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("contacts")
    .select(["state", sql<number>`count(*)::int`.as("n")])
    .where("outcome", "is", null)
    .groupBy("state")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** How many open contacts are allocated to one worker. */
export async function countAllocatedTo(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom("contacts")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("outcome", "is", null)
    .where("allocated_to", "=", userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The workers contacts can be allocated to: active MASH screeners and managers, by name. */
export function listAllocatableWorkers(db: Executor) {
  return db
    .selectFrom("users")
    .select(["id", "display_name", "role"])
    .where("role", "in", rolesWith("queue.view"))
    .where("active", "=", true)
    .orderBy("display_name")
    .orderBy("id")
    .execute();
}

export function findAllocatableWorker(db: Executor, userId: string) {
  return db
    .selectFrom("users")
    .select(["id", "display_name", "role"])
    .where("id", "=", userId)
    .where("role", "in", rolesWith("queue.view"))
    .where("active", "=", true)
    .executeTakeFirst();
}

export function findUserName(db: Executor, userId: string) {
  return db.selectFrom("users").select("display_name").where("id", "=", userId).executeTakeFirst();
}
