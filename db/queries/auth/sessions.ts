import { sql } from "kysely";
import type { Executor } from "../../executor";

export interface SessionRow {
  id: string;
  user_id: string;
  /** The idle end: moved on while the session is used, never past `absolute_expires_at`. */
  expires_at: Date;
  absolute_expires_at: Date;
  created_at?: Date;
  ip_address: string | null;
  user_agent: string | null;
}

export async function insertSession(db: Executor, session: SessionRow) {
  await db.insertInto("user_sessions").values(session).execute();
}

export function findSessionWithUser(db: Executor, id: string) {
  return db
    .selectFrom("user_sessions")
    .innerJoin("users", "users.id", "user_sessions.user_id")
    .select([
      "user_sessions.id as session_id",
      "user_sessions.created_at",
      "user_sessions.expires_at",
      "user_sessions.absolute_expires_at",
      "user_sessions.ip_address",
      "user_sessions.user_agent",
      "users.id as user_id",
      "users.email",
      "users.display_name",
      "users.role",
      "users.agency_code",
      "users.hub_code",
      "users.active",
    ])
    .where("user_sessions.id", "=", id)
    .executeTakeFirst();
}

export function listUserSessions(db: Executor, userId: string) {
  return db.selectFrom("user_sessions").selectAll().where("user_id", "=", userId).execute();
}

/** Sets a session's idle end, never past its absolute end. */
export async function updateSessionExpiry(db: Executor, id: string, expiresAt: Date) {
  await db
    .updateTable("user_sessions")
    .set((eb) => ({ expires_at: eb.fn("least", [eb.val(expiresAt), eb.ref("absolute_expires_at")]) }))
    .where("id", "=", id)
    .execute();
}

/**
 * Moves a live session's idle end on to `expiresAt` (never past its absolute end, never back, never
 * for a session that has already ended at `now`). Returns whether it did.
 */
export async function extendSession(db: Executor, id: string, expiresAt: Date, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("user_sessions")
    .set({ expires_at: expiresAt })
    .where("id", "=", id)
    .where("expires_at", ">", now)
    .where("expires_at", "<", expiresAt)
    .where("absolute_expires_at", ">=", expiresAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteSession(db: Executor, id: string) {
  await db.deleteFrom("user_sessions").where("id", "=", id).execute();
}

/** Deletes one session; returns the id of the user it belonged to, or undefined if there was none. */
export async function endSession(db: Executor, id: string): Promise<string | undefined> {
  const row = await db.deleteFrom("user_sessions").where("id", "=", id).returning("user_id").executeTakeFirst();
  return row?.user_id;
}

/** Revokes every session of a user; returns how many there were. */
export async function deleteUserSessions(db: Executor, userId: string): Promise<number> {
  const result = await db.deleteFrom("user_sessions").where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface EndedSession {
  user_id: string;
  action: "session_ended_idle_timeout" | "session_ended_absolute_timeout";
}

/**
 * Removes sessions that have ended by `now` (all of them, or only `only.id`) and records each end in
 * the audit trail in the same statement, so an end is recorded exactly once however many requests
 * find it at the same time: `session_ended_absolute_timeout` when the absolute lifetime ran out,
 * otherwise `session_ended_idle_timeout`.
 */
export async function endExpiredSessions(db: Executor, now: Date, only?: { id: string; ipAddress: string | null }): Promise<EndedSession[]> {
  const { rows } = await sql<EndedSession>`
    with ended as (
      delete from user_sessions
      where expires_at <= ${now} ${only ? sql`and id = ${only.id}` : sql``}
      returning user_id, created_at, expires_at, absolute_expires_at
    )
    insert into audit_events (actor_user_id, action, subject_type, subject_id, ip_address, details)
    select
      null,
      case when absolute_expires_at <= ${now} then 'session_ended_absolute_timeout' else 'session_ended_idle_timeout' end,
      'user',
      user_id,
      ${only?.ipAddress ?? null}::text,
      jsonb_build_object('started_at', created_at, 'ended_at', least(expires_at, absolute_expires_at))
    from ended
    returning subject_id as user_id, action
  `.execute(db);
  return rows;
}

/** Removes sessions past their end (recording each end in the audit trail); called at start-up. */
export async function deleteExpiredSessions(db: Executor, now: Date): Promise<number> {
  return (await endExpiredSessions(db, now)).length;
}
