import { sql } from "kysely";
import type { Executor } from "../executor";

export interface AuditRecord {
  actorUserId: string | null;
  action: string;
  subjectType?: string;
  subjectId?: string;
  ipAddress?: string | null;
  details?: Record<string, unknown>;
  at?: Date;
}

/** Appends to the audit trail. Call it inside the transaction of the change it records. */
export async function recordAudit(db: Executor, record: AuditRecord) {
  await db
    .insertInto("audit_events")
    .values({
      actor_user_id: record.actorUserId,
      action: record.action,
      subject_type: record.subjectType ?? null,
      subject_id: record.subjectId ?? null,
      ip_address: record.ipAddress ?? null,
      details: JSON.stringify(record.details ?? {}),
      ...(record.at ? { at: record.at } : {}),
    })
    .execute();
}

export function listAuditForSubject(db: Executor, subjectType: string, subjectId: string) {
  return db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_user_id")
    .select(["audit_events.id", "audit_events.at", "audit_events.action", "audit_events.details", "users.display_name as actor_name"])
    .where("subject_type", "=", subjectType)
    .where("subject_id", "=", subjectId)
    .orderBy("audit_events.at", "desc")
    .orderBy("audit_events.id", "desc")
    .execute();
}

/** The records that make up one child for "who has seen this child". */
export interface AccessTrailScope {
  /** The child's contacts. */
  contactIds: string[];
  /** The child's person record and any merged into it. */
  personIds: string[];
}

export interface AccessTrailFilter {
  /** From this instant (inclusive). */
  from?: Date;
  /** Before this instant (exclusive). */
  before?: Date;
  actorUserId?: string;
}

/** The information requests and step-downs of some contacts (their views are audited under their own ids). */
export async function listRecordsOfContacts(db: Executor, contactIds: string[]) {
  if (contactIds.length === 0) return { informationRequests: [], stepDowns: [] };
  const [informationRequests, stepDowns] = await Promise.all([
    db
      .selectFrom("information_requests")
      .innerJoin("agencies", "agencies.code", "information_requests.agency_code")
      .select(["information_requests.id", "information_requests.contact_id", "agencies.name as agency_name"])
      .where("information_requests.contact_id", "in", contactIds)
      .execute(),
    db
      .selectFrom("step_downs")
      .innerJoin("hubs", "hubs.code", "step_downs.hub_code")
      .select(["step_downs.id", "step_downs.contact_id", "hubs.name as hub_name"])
      .where("step_downs.contact_id", "in", contactIds)
      .execute(),
  ]);
  return { informationRequests, stepDowns };
}

/**
 * Every audit record about one child: views and changes of the child's contacts, person records,
 * information requests and step-downs, lists that showed one of the contacts (`details.contacts`)
 * and person searches that showed the child (`details.shown`).
 */
function accessTrail(db: Executor, scope: AccessTrailScope & { informationRequestIds: string[]; stepDownIds: string[] }, filter: AccessTrailFilter) {
  const array = (ids: string[]) => sql`${ids}::text[]`;
  let query = db.selectFrom("audit_events").where((eb) => {
    const about = (type: string, ids: string[]) => (ids.length ? [eb.and([eb("audit_events.subject_type", "=", type), eb("audit_events.subject_id", "in", ids)])] : []);
    return eb.or([
      ...about("contact", scope.contactIds),
      ...about("person", scope.personIds),
      ...about("information_request", scope.informationRequestIds),
      ...about("step_down", scope.stepDownIds),
      ...(scope.contactIds.length ? [sql<boolean>`(audit_events.details -> 'contacts') ?| ${array(scope.contactIds)}`] : []),
      ...(scope.personIds.length ? [sql<boolean>`(audit_events.details -> 'shown') ?| ${array(scope.personIds)}`] : []),
      sql<boolean>`false`,
    ]);
  });
  if (filter.from) query = query.where("audit_events.at", ">=", filter.from);
  if (filter.before) query = query.where("audit_events.at", "<", filter.before);
  if (filter.actorUserId) query = query.where("audit_events.actor_user_id", "=", filter.actorUserId);
  return query;
}

export type AccessTrailScopeWithRecords = AccessTrailScope & { informationRequestIds: string[]; stepDownIds: string[] };

/** One page of a child's audit trail, newest first, with who did each thing. */
export function listAccessTrail(db: Executor, scope: AccessTrailScopeWithRecords, filter: AccessTrailFilter, page: { limit: number; offset: number }) {
  return accessTrail(db, scope, filter)
    .leftJoin("users", "users.id", "audit_events.actor_user_id")
    .select([
      "audit_events.id",
      "audit_events.at",
      "audit_events.action",
      "audit_events.subject_type",
      "audit_events.subject_id",
      "audit_events.ip_address",
      "audit_events.details",
      "audit_events.actor_user_id",
      "users.display_name as actor_name",
      "users.role as actor_role",
    ])
    .orderBy("audit_events.at", "desc")
    .orderBy("audit_events.id", "desc")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countAccessTrail(db: Executor, scope: AccessTrailScopeWithRecords, filter: AccessTrailFilter): Promise<number> {
  const row = await accessTrail(db, scope, filter)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Everyone who appears in a child's audit trail (for the filter by user), by name. */
export function listAccessTrailActors(db: Executor, scope: AccessTrailScopeWithRecords) {
  return accessTrail(db, scope, {})
    .innerJoin("users", "users.id", "audit_events.actor_user_id")
    .select(["users.id", "users.display_name", "users.role"])
    .distinct()
    .orderBy("users.display_name")
    .orderBy("users.id")
    .execute();
}
