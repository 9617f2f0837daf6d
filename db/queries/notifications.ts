/**
 * The SQL of notifications (app/notifications/): what each user is told, once per happening
 * (`event_key`), read in the app and e-mailed when SMTP is configured.
 */
import { sql } from "kysely";
import type { NotificationKind } from "../schema";
import type { Executor } from "../executor";
import { rolesWith } from "../../app/auth/permissions";

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  eventKey: string;
  contactId: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  at: Date;
}

/** Adds the notifications; one a user was already given for the same happening is not added again. Returns how many were added. */
export async function insertNotifications(db: Executor, rows: NewNotification[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insertInto("notifications")
    .values(
      rows.map((r) => ({
        user_id: r.userId,
        kind: r.kind,
        event_key: r.eventKey,
        contact_id: r.contactId,
        request_id: r.requestId,
        details: JSON.stringify(r.details),
        at: r.at,
      })),
    )
    .onConflict((oc) => oc.columns(["event_key", "user_id"]).doNothing())
    .returning("id")
    .execute();
  return inserted.length;
}

/** The active users of a partner agency who may answer its requests (the people its requests are for). */
export function listAgencyUsers(db: Executor, agencyCode: string) {
  return db.selectFrom("users").select(["id"]).where("role", "in", rolesWith("information-request.answer")).where("agency_code", "=", agencyCode).where("active", "=", true).execute();
}

/** Which of these users are active. */
export async function activeUserIds(db: Executor, ids: (string | null)[]): Promise<string[]> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return [];
  const rows = await db.selectFrom("users").select("id").where("id", "in", wanted).where("active", "=", true).execute();
  return rows.map((r) => r.id);
}

/** What a notification about an information request says: the contact's reference, the agency and the deadline (never the child). */
export function findRequestForNotice(db: Executor, requestId: string) {
  return db
    .selectFrom("information_requests")
    .innerJoin("contacts", "contacts.id", "information_requests.contact_id")
    .innerJoin("agencies", "agencies.code", "information_requests.agency_code")
    .select([
      "information_requests.id",
      "information_requests.contact_id",
      "information_requests.agency_code",
      "agencies.name as agency_name",
      "information_requests.due_at",
      "information_requests.status",
      "information_requests.requested_by",
      "contacts.reference",
      "contacts.allocated_to",
    ])
    .where("information_requests.id", "=", requestId)
    .executeTakeFirst();
}

export async function countUnreadNotifications(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The user's latest notifications, newest first. */
export function listNotificationsForUser(db: Executor, userId: string, limit: number) {
  return db
    .selectFrom("notifications")
    .select(["id", "kind", "contact_id", "request_id", "details", "at", "read_at"])
    .where("user_id", "=", userId)
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** Marks the user's unread notifications up to `upToId` as read. Returns how many. */
export async function markNotificationsRead(db: Executor, userId: string, upToId: string, now: Date): Promise<number> {
  const rows = await db
    .updateTable("notifications")
    .set({ read_at: now })
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .where(sql<boolean>`id <= ${upToId}::bigint`)
    .returning("id")
    .execute();
  return rows.length;
}

/**
 * Claims up to `limit` notifications waiting to be e-mailed (another runner's claim skips them),
 * marking them `sending`, with the address of the user each is for.
 */
export async function claimNotificationsToEmail(db: Executor, limit: number) {
  const { rows } = await sql<{ id: string; kind: NotificationKind; details: Record<string, unknown>; at: Date; email: string; display_name: string }>`
    with claimed as (
      update notifications set email_state = 'sending'
      where id in (select id from notifications where email_state = 'pending' order by id limit ${limit} for update skip locked)
      returning id, user_id, kind, details, at
    )
    select claimed.id::text as id, claimed.kind, claimed.details, claimed.at, users.email, users.display_name
    from claimed join users on users.id = claimed.user_id
    order by claimed.id`.execute(db);
  return rows.map((r) => ({ ...r, details: typeof r.details === "string" ? (JSON.parse(r.details) as Record<string, unknown>) : r.details }));
}

export async function setEmailResult(db: Executor, id: string, result: { state: "sent" | "failed" | "not_sent"; at: Date; error?: string }): Promise<void> {
  await db
    .updateTable("notifications")
    .set({ email_state: result.state, emailed_at: result.state === "sent" ? result.at : null, email_error: result.error ?? null })
    .where("id", "=", id)
    .execute();
}

/** With no mail server configured, what was waiting to be e-mailed is not sent. */
export async function markPendingEmailsNotSent(db: Executor): Promise<number> {
  const rows = await db.updateTable("notifications").set({ email_state: "not_sent" }).where("email_state", "=", "pending").returning("id").execute();
  return rows.length;
}
