import type { Executor } from "./users";

export interface SessionRow {
  id: string;
  user_id: string;
  expires_at: Date;
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
      "user_sessions.expires_at",
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

export async function updateSessionExpiry(db: Executor, id: string, expiresAt: Date) {
  await db.updateTable("user_sessions").set({ expires_at: expiresAt }).where("id", "=", id).execute();
}

export async function deleteSession(db: Executor, id: string) {
  await db.deleteFrom("user_sessions").where("id", "=", id).execute();
}

/** Revokes every session of a user; returns how many there were. */
export async function deleteUserSessions(db: Executor, userId: string): Promise<number> {
  const result = await db.deleteFrom("user_sessions").where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(db: Executor, now: Date) {
  await db.deleteFrom("user_sessions").where("expires_at", "<=", now).execute();
}
