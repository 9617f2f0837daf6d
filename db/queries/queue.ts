/**
 * The MASH queue: open contacts (no outcome yet), those at immediate risk first, then by the nearest
 * decision deadline, the contacts recorded together (siblings in one call) side by side; paged by
 * keyset on (risk rank, decision_due_at, group key, id). The two parts (at immediate risk, and the
 * rest) are each read in order from a partial index on open contacts ending in (decision_due_at, id)
 * (migrations 0005, 0021, and 0024 for repeat contacts; contacts of one group share their deadline, so only the few with one
 * deadline are sorted by group), so a page is read in order however many contacts there are.
 */
import { type RawBuilder, sql } from "kysely";
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
  /** Only repeat contacts: the child has another non-duplicate contact received in the 12 months before (the stored mark). */
  repeatOnly?: boolean;
  /** Only contacts at immediate risk (reported by the referrer, or flagged in the MASH). */
  immediateRiskOnly?: boolean;
  /** Only bounce-backs: contacts an early help hub declined and sent back to the MASH. */
  bounceBackOnly?: boolean;
  /** Only contacts whose decision deadline has passed at this instant. */
  overdueAt?: Date;
}

/** A position in the queue's order: (risk rank, deadline, group key, id). */
export interface QueueCursor {
  /** 0 for a contact at immediate risk (they come first), 1 for the rest. */
  rank: 0 | 1;
  dueAt: string;
  /** The contact's group (siblings recorded together), or its own id when it was recorded alone. */
  groupKey: string;
  id: string;
}

/** The queue position of a row as the page query returns it. */
export function queueCursorOf(row: { risk_rank: number; decision_due_at: Date | string | null; group_key: string; id: string }): QueueCursor {
  return {
    rank: row.risk_rank === 0 ? 0 : 1,
    dueAt: row.decision_due_at ? new Date(row.decision_due_at).toISOString() : "",
    groupKey: row.group_key,
    id: row.id,
  };
}

export interface QueuePageRequest {
  pageSize: number;
  /** The page after this position (next), or before it (previous); neither: the first page. */
  after?: QueueCursor;
  before?: QueueCursor;
  /** Without a cursor: skip this many (a page asked for by number; the cursor is faster far down). */
  offset?: number;
}

/**
 * A repeat contact: its child has another non-duplicate contact received in the 12 months before
 * (MEASURES.md `repeat_contacts`), as stored on the contact by the measures' one rule in the same
 * transaction as every change that can move it (decision 014; merges followed). Read from the row,
 * never worked out per view: "repeat contacts only" reads `contacts_queue_repeat` (migration 0024)
 * in the queue's order. Not yet worked out (null) counts as not a repeat.
 */
export const isRepeatContact = sql<boolean>`contacts.repeat_contact`;

/** At immediate risk: reported by the referrer at intake, or flagged in the MASH and waiting for a manager. */
export const isImmediateRisk = sql<boolean>`(contacts.immediate_risk or contacts.state = 'immediate_risk')`;

/**
 * An early help hub declined a step-down of the contact and sent it back to the MASH (a bounce-back).
 * One probe of `step_downs_declined` (migration 0025) per contact: the `limit 1` keeps PostgreSQL from
 * hashing every step-down ever declined instead (20,698 at a million contacts, and growing with the
 * history, against a queue of a thousand or two open contacts: 8–13 ms a statement instead of 3–4).
 */
export function bounceBackOf(alias: string) {
  return sql<boolean>`coalesce((select true from step_downs sd where sd.contact_id = ${sql.ref(`${alias}.id`)} and sd.status = 'declined' limit 1), false)`;
}
const isBounceBack = bounceBackOf("contacts");

const groupKey = sql<string>`coalesce(contacts.group_id, contacts.id)`;

/** A bounce-back, for counting: worked out once per open contact by `openForCounting` (its `bounce_back`), however many figures test it. */
const isBounceBackCounted = sql<boolean>`contacts.bounce_back`;

/**
 * The open contacts with the columns the queue's figures test, each with its bounce-back probed once
 * (`offset 0` keeps the subquery from being merged into the count, which would probe once per figure).
 * All the columns are in `contacts_open_counts` (migration 0025): an index-only scan.
 */
function openForCounting(db: Executor) {
  return db
    .selectFrom("contacts")
    .where("contacts.outcome", "is", null)
    .select([
      "contacts.id",
      "contacts.state",
      "contacts.priority",
      "contacts.source",
      "contacts.allocated_to",
      "contacts.repeat_contact",
      "contacts.immediate_risk",
      "contacts.decision_due_at",
      isBounceBack.as("bounce_back"),
    ])
    .offset(0)
    .as("contacts");
}

/** What a filter asks of an open contact, one condition each (no condition: every open contact). */
function filterConditions(filter: QueueFilter, bounceBack = isBounceBack) {
  const conditions: RawBuilder<boolean>[] = [];
  if (filter.state) conditions.push(sql<boolean>`contacts.state = ${filter.state}`);
  if (filter.priority === "none") conditions.push(sql<boolean>`contacts.priority is null`);
  else if (filter.priority) conditions.push(sql<boolean>`contacts.priority = ${filter.priority}`);
  if (filter.source) conditions.push(sql<boolean>`contacts.source = ${filter.source}`);
  if (filter.allocatedTo === "none") conditions.push(sql<boolean>`contacts.allocated_to is null`);
  else if (filter.allocatedTo) conditions.push(sql<boolean>`contacts.allocated_to = ${filter.allocatedTo}`);
  if (filter.repeatOnly) conditions.push(isRepeatContact);
  if (filter.immediateRiskOnly) conditions.push(isImmediateRisk);
  if (filter.bounceBackOnly) conditions.push(bounceBack);
  if (filter.overdueAt) conditions.push(sql<boolean>`contacts.decision_due_at <= ${filter.overdueAt}`);
  return conditions;
}

/** All of a filter's conditions as one (true for no filter). */
function filterCondition(filter: QueueFilter, bounceBack?: RawBuilder<boolean>): RawBuilder<boolean> {
  const conditions = filterConditions(filter, bounceBack);
  return conditions.length === 0 ? sql<boolean>`true` : sql<boolean>`(${sql.join(conditions, sql` and `)})`;
}

/** The open contacts matching a filter (the base every queue query starts from). */
function openContacts(db: Executor, filter: QueueFilter) {
  let query = db.selectFrom("contacts").where("contacts.outcome", "is", null);
  for (const condition of filterConditions(filter)) query = query.where(condition);
  return query;
}

/**
 * One part of a page: the open contacts at immediate risk (rank 0) or the rest (rank 1), in the
 * queue's order from a position (or from the start), at most `limit` of them.
 */
function queuePart(db: Executor, filter: QueueFilter, rank: 0 | 1, from: { op: ">" | "<"; cursor: QueueCursor } | null, direction: "asc" | "desc", limit: number) {
  let query = openContacts(db, filter)
    .where(rank === 0 ? isImmediateRisk : sql<boolean>`not ${isImmediateRisk}`)
    .select([
      "contacts.id",
      "contacts.reference",
      "contacts.person_id",
      "contacts.group_id",
      "contacts.received_at",
      "contacts.decision_due_at",
      "contacts.source",
      "contacts.state",
      "contacts.priority",
      "contacts.immediate_risk",
      "contacts.allocated_to",
      "contacts.version",
      "contacts.described_child",
      "contacts.repeat_contact",
      sql<number>`${sql.lit(rank)}::int`.as("risk_rank"),
      groupKey.as("group_key"),
    ]);
  if (from) {
    const { dueAt, groupKey: key, id } = from.cursor;
    const due = new Date(dueAt);
    // The deadline alone bounds the index scan; the whole position orders within one deadline.
    query = query
      .where("contacts.decision_due_at", from.op === ">" ? ">=" : "<=", due)
      .where(from.op === ">" ? sql<boolean>`(contacts.decision_due_at, ${groupKey}, contacts.id) > (${due}, ${key}, ${id})` : sql<boolean>`(contacts.decision_due_at, ${groupKey}, contacts.id) < (${due}, ${key}, ${id})`);
  }
  // PostgreSQL does not take `x is null` as fixing x for the order of an index on (x, due, id), and
  // would sort every match: ordering by that constant column first lets it read the index in order.
  if (filter.allocatedTo === "none") query = query.orderBy("contacts.allocated_to", direction);
  else if (filter.priority === "none") query = query.orderBy("contacts.priority", direction);
  return query.orderBy("contacts.decision_due_at", direction).orderBy(groupKey, direction).orderBy("contacts.id", direction).limit(limit);
}

/**
 * The query of one page (one more row than a page, to tell whether there is another). The page of
 * contacts is chosen first, from the contacts table alone (each part in order from an index); only its
 * rows are then joined to the child, the worker, the group and the step-downs; the repeat mark is the stored one.
 */
export function queuePageQuery(db: Executor, filter: QueueFilter, page: QueuePageRequest) {
  const backwards = !page.after && Boolean(page.before);
  const direction = backwards ? "desc" : "asc";
  const offset = !page.after && !page.before && page.offset ? page.offset : 0;
  const limit = offset + page.pageSize + 1;
  // Which part each side of the position reads: after a rank-0 position, the rest of rank 0 then all of
  // rank 1; after a rank-1 position, the rest of rank 1 only (and the mirror image going backwards).
  const cursor = page.after ?? page.before;
  const op = page.after ? ">" : "<";
  const partFrom = (rank: 0 | 1) => {
    if (!cursor) return { read: true, from: null };
    if (cursor.rank === rank) return { read: true, from: { op, cursor } as const };
    // Before the position's rank (going back) or after it (going on): the whole part.
    return { read: page.after ? rank > cursor.rank : rank < cursor.rank, from: null };
  };
  const parts = ([0, 1] as const).map((rank) => ({ rank, ...partFrom(rank) })).filter((p) => p.read);
  const derived = parts.map((p, i) => db.selectFrom(queuePart(db, filter, p.rank, p.from, direction, limit).as(`p${i}`)).selectAll());
  const union = derived.length === 2 ? derived[0]!.unionAll(derived[1]!) : derived[0]!;
  return db
    .selectFrom(union.as("c"))
    // One probe of each key per row of the page (the `limit` keeps the planner from hashing the whole
    // people table for a page of 51 rows, which it chose on a small database: 60 ms on PGlite, issue 13).
    .leftJoinLateral((eb) => eb.selectFrom("people").select(["people.first_name", "people.last_name"]).whereRef("people.id", "=", "c.person_id").limit(1).as("people"), (join) => join.onTrue())
    .leftJoinLateral((eb) => eb.selectFrom("users").select(["users.display_name"]).whereRef("users.id", "=", "c.allocated_to").limit(1).as("users"), (join) => join.onTrue())
    .select([
      "c.id",
      "c.reference",
      "c.group_id",
      "c.group_key",
      "c.risk_rank",
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
      sql<boolean>`coalesce(c.repeat_contact, false)`.as("repeat"),
      bounceBackOf("c").as("bounce_back"),
      sql<number>`(select count(*) from contacts g where g.group_id = c.group_id)::int`.as("group_size"),
    ])
    .orderBy("c.risk_rank", direction)
    .orderBy("c.decision_due_at", direction)
    .orderBy("c.group_key", direction)
    .orderBy("c.id", direction)
    .limit(page.pageSize + 1)
    .offset(offset);
}

/** One page of the queue, in its order, with the child, the allocated worker, the group and the repeat and bounce-back marks. */
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

/** Everything the queue page counts, from one pass over the open contacts (`queueFiguresQuery`). */
export interface QueueFigures {
  /** The open contacts matching the page's filter, and how many of them are overdue. */
  total: number;
  overdue: number;
  /** The summary band: of the whole queue, or of the worker's own. */
  marks: QueueMarks;
  /** The open contacts in each state (the whole queue). */
  byState: Record<string, number>;
  /** The open contacts allocated to the signed-in worker. */
  mine: number;
}

export interface QueueMarks {
  overdue: number;
  immediateRisk: number;
  bounceBacks: number;
  repeats: number;
}

/**
 * The queue page's counts in one statement: per state, how many open contacts; how many match the
 * filter and of those how many are overdue; the summary band's four marks over the band's contacts
 * (the whole queue, or `bandAllocatedTo`'s); and how many are allocated to `me`. One index-only pass
 * over the open contacts (`contacts_open_counts`, migration 0025), exact at every read: nothing is
 * cached, so a worker's own change shows in the next count.
 */
export function queueFiguresQuery(db: Executor, input: { filter: QueueFilter; bandAllocatedTo?: string; me: string; now: Date }) {
  const matches = filterCondition(input.filter, isBounceBackCounted);
  const inBand = input.bandAllocatedTo ? sql<boolean>`contacts.allocated_to = ${input.bandAllocatedTo}` : sql<boolean>`true`;
  const overdue = sql<boolean>`contacts.decision_due_at <= ${input.now}`;
  return db
    .selectFrom(openForCounting(db))
    .groupBy("contacts.state")
    .select([
      "contacts.state",
      sql<number>`count(*)::int`.as("open"),
      sql<number>`count(*) filter (where ${matches})::int`.as("total"),
      sql<number>`count(*) filter (where ${matches} and ${overdue})::int`.as("overdue"),
      sql<number>`count(*) filter (where ${inBand} and ${overdue})::int`.as("band_overdue"),
      sql<number>`count(*) filter (where ${inBand} and ${isImmediateRisk})::int`.as("band_immediate_risk"),
      sql<number>`count(*) filter (where ${inBand} and ${isBounceBackCounted})::int`.as("band_bounce_backs"),
      sql<number>`count(*) filter (where ${inBand} and ${isRepeatContact})::int`.as("band_repeats"),
      sql<number>`count(*) filter (where contacts.allocated_to = ${input.me})::int`.as("mine"),
    ]);
}

/** The queue page's counts (`queueFiguresQuery`), summed over the states. */
export async function countQueueFigures(db: Executor, input: { filter: QueueFilter; bandAllocatedTo?: string; me: string; now: Date }): Promise<QueueFigures> {
  const rows = await queueFiguresQuery(db, input).execute();
  const sum = (key: Exclude<keyof (typeof rows)[number], "state">) => rows.reduce((n, r) => n + Number(r[key]), 0);
  return {
    total: sum("total"),
    overdue: sum("overdue"),
    marks: { overdue: sum("band_overdue"), immediateRisk: sum("band_immediate_risk"), bounceBacks: sum("band_bounce_backs"), repeats: sum("band_repeats") },
    byState: Object.fromEntries(rows.map((r) => [r.state, Number(r.open)])),
    mine: sum("mine"),
  };
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

/**
 * Management oversight's list: the open contacts waiting for a manager — a decision to authorise, or
 * an immediate-risk flag to confirm — those at immediate risk first, then by decision deadline. Each
 * with what is being asked: the latest proposal (or flag) event, who made it and when.
 */
export function listAwaitingAuthorisation(db: Executor, pageSize: number) {
  const waiting = db
    .selectFrom("contacts")
    .where("contacts.outcome", "is", null)
    .where("contacts.state", "in", ["awaiting_authorisation", "immediate_risk"]);
  const rows = waiting
    .leftJoin("people", "people.id", "contacts.person_id")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("contact_events as e")
          .select(["e.type", "e.payload", "e.actor_user_id", "e.at"])
          .whereRef("e.contact_id", "=", "contacts.id")
          .where("e.type", "in", ["PROPOSE_DECISION", "FLAG_IMMEDIATE_RISK"])
          .orderBy("e.sequence", "desc")
          .limit(1)
          .as("asked"),
      (join) => join.onTrue(),
    )
    .leftJoin("users as proposer", "proposer.id", "asked.actor_user_id")
    .select([
      "contacts.id",
      "contacts.reference",
      "contacts.state",
      "contacts.priority",
      "contacts.immediate_risk",
      "contacts.received_at",
      "contacts.decision_due_at",
      "contacts.described_child",
      "people.first_name",
      "people.last_name",
      "asked.type as asked_type",
      sql<string | null>`asked.payload->>'outcome'`.as("proposed_outcome"),
      sql<string | null>`asked.payload->>'levelOfNeed'`.as("level_of_need"),
      "asked.at as asked_at",
      "proposer.display_name as asked_by",
      sql<number>`case when ${isImmediateRisk} then 0 else 1 end`.as("risk_rank"),
    ])
    .orderBy(sql`case when ${isImmediateRisk} then 0 else 1 end`)
    .orderBy("contacts.decision_due_at")
    .orderBy("contacts.id")
    .limit(pageSize);
  return Promise.all([rows.execute(), waiting.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow()]).then(([r, c]) => ({ rows: r, total: Number(c.n) }));
}
