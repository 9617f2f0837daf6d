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

/** How many notifications a user has not read, as a query (`n`): alone, or inside the page header's one statement (`findHeaderFacts`). */
export function unreadNotificationsQuery(db: Executor, userId: string) {
  return db.selectFrom("notifications").select(sql<number>`count(*)::int`.as("n")).where("user_id", "=", userId).where("read_at", "is", null);
}

export async function countUnreadNotifications(db: Executor, userId: string): Promise<number> {
  const row = await unreadNotificationsQuery(db, userId).executeTakeFirstOrThrow();
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
 * Claims up to `limit` notifications waiting to be e-mailed and due (a failed one is due again at its
 * next attempt; decision 028): another runner's claim skips them. Marks them `sending`, with the
 * address of the user each is for and how many times sending was tried before.
 */
export async function claimNotificationsToEmail(db: Executor, limit: number, now: Date) {
  const { rows } = await sql<{ id: string; kind: NotificationKind; details: Record<string, unknown>; at: Date; email: string; display_name: string; email_attempts: number }>`
    with claimed as (
      update notifications set email_state = 'sending'
      where id in (
        select id from notifications
        where email_state = 'pending' and (email_next_attempt_at is null or email_next_attempt_at <= ${now})
        order by id limit ${limit} for update skip locked)
      returning id, user_id, kind, details, at, email_attempts
    )
    select claimed.id::text as id, claimed.kind, claimed.details, claimed.at, claimed.email_attempts, users.email, users.display_name
    from claimed join users on users.id = claimed.user_id
    order by claimed.id`.execute(db);
  return rows.map((r) => ({ ...r, email_attempts: Number(r.email_attempts), details: typeof r.details === "string" ? (JSON.parse(r.details) as Record<string, unknown>) : r.details }));
}

/**
 * What one attempt to e-mail a notification came to: sent; refused and tried again at `retryAt`
 * (back to `pending`); or refused for the last time (`failed`, for an administrator to see). Each
 * attempt is counted, and the last error kept.
 */
export async function setEmailResult(
  db: Executor,
  id: string,
  result: { state: "sent"; at: Date } | { state: "failed"; at: Date; error: string; retryAt: Date | null },
): Promise<void> {
  const retry = result.state === "failed" && result.retryAt !== null;
  await db
    .updateTable("notifications")
    .set((eb) => ({
      email_state: result.state === "sent" ? "sent" : retry ? "pending" : "failed",
      emailed_at: result.state === "sent" ? result.at : null,
      email_error: result.state === "failed" ? result.error : null,
      email_attempts: eb("email_attempts", "+", 1),
      email_next_attempt_at: result.state === "failed" ? result.retryAt : null,
    }))
    .where("id", "=", id)
    .execute();
}

/** The e-mails that could not be sent after every attempt, newest first, with whom each was for (an administrator's view). */
export function listFailedEmails(db: Executor, limit: number) {
  return db
    .selectFrom("notifications")
    .innerJoin("users", "users.id", "notifications.user_id")
    .select(["notifications.id", "notifications.kind", "notifications.details", "notifications.at", "notifications.email_attempts", "notifications.email_error", "users.display_name", "users.email"])
    .where("notifications.email_state", "=", "failed")
    .orderBy("notifications.at", "desc")
    .orderBy("notifications.id", "desc")
    .limit(limit)
    .execute();
}

/** How many notifications are in each e-mail state, and how many of those waiting are being tried again. */
export async function countEmailStates(db: Executor) {
  const { rows } = await sql<{ email_state: string; n: number; retrying: number }>`
    select email_state, count(*)::int as n, (count(*) filter (where email_attempts > 0))::int as retrying
    from notifications group by email_state`.execute(db);
  return rows.map((r) => ({ state: r.email_state, count: Number(r.n), retrying: Number(r.retrying) }));
}

/** With no mail server configured, what was waiting to be e-mailed is not sent. */
export async function markPendingEmailsNotSent(db: Executor): Promise<number> {
  const rows = await db.updateTable("notifications").set({ email_state: "not_sent" }).where("email_state", "=", "pending").returning("id").execute();
  return rows.length;
}
