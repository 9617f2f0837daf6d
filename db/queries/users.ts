import { type Insertable, sql } from "kysely";
import type { Executor } from "../executor";
import { unreadNotificationsQuery } from "./notifications";
import type { UsersTable } from "../schema";

/** Where it was first written; its home is db/executor.ts. */
export type { Executor };

export function findUserByEmail(db: Executor, email: string) {
  return db.selectFrom("users").selectAll().where("email", "=", email.trim().toLowerCase()).executeTakeFirst();
}

export async function insertUser(db: Executor, user: Insertable<UsersTable>) {
  await db.insertInto("users").values({ ...user, email: user.email.trim().toLowerCase() }).execute();
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every user with their agency or hub name and how many live sessions they hold. */
export function listUsersWithSessions(db: Executor, now: Date) {
  return db
    .selectFrom("users")
    .leftJoin("agencies", "agencies.code", "users.agency_code")
    .leftJoin("hubs", "hubs.code", "users.hub_code")
    .select((eb) => [
      "users.id",
      "users.email",
      "users.display_name",
      "users.role",
      "users.active",
      "agencies.name as agency_name",
      "hubs.name as hub_name",
      eb
        .selectFrom("user_sessions")
        .whereRef("user_sessions.user_id", "=", "users.id")
        .where("user_sessions.expires_at", ">", now)
        .select((s) => s.fn.countAll<number>().as("n"))
        .as("live_sessions"),
    ])
    .orderBy("users.role")
    .orderBy("users.display_name")
    .execute();
}

/**
 * What every page's header shows beyond the session, in one statement: the name of the agency or hub
 * the user belongs to ("Police", "North hub"; null for the MASH's own staff) and how many
 * notifications they have not read.
 */
export async function findHeaderFacts(
  db: Executor,
  user: { id: string; agencyCode: string | null; hubCode: string | null },
): Promise<{ team: string | null; unread: number }> {
  const { rows } = await sql<{ agency: string | null; hub: string | null; unread: number }>`select
    (select name from agencies where code = ${user.agencyCode}) as agency,
    (select name from hubs where code = ${user.hubCode}) as hub,
    (${unreadNotificationsQuery(db, user.id)}) as unread`.execute(db);
  const row = rows[0]!;
  return { team: row.agency ?? (row.hub === null ? null : `${row.hub} hub`), unread: Number(row.unread) };
}

/** Whether a partner agency with this code exists. */
export async function agencyExists(db: Executor, code: string): Promise<boolean> {
  return (await db.selectFrom("agencies").select("code").where("code", "=", code).executeTakeFirst()) !== undefined;
}

/** Whether an early help hub with this code exists. */
export async function hubExists(db: Executor, code: string): Promise<boolean> {
  return (await db.selectFrom("hubs").select("code").where("code", "=", code).executeTakeFirst()) !== undefined;
}
