// Frozen: migrations never change once released and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * Sessions get an absolute lifetime beside the idle one: `absolute_expires_at` is fixed when the
 * session starts, and `expires_at` (the idle expiry) is never extended past it. Sessions that exist
 * already end 12 hours after they started.
 *
 * Sign-in throttles replace the hard lock: one row per thing being throttled (an account, an
 * account from one network address, a network address), with the failures counted in its current
 * window and the earliest time the next attempt is allowed. The app no longer counts failed sign-ins
 * in the audit trail; the 0006 index stays for anyone reading them there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("user_sessions").addColumn("absolute_expires_at", "timestamptz").execute();
  await sql`update user_sessions set absolute_expires_at = created_at + interval '12 hours'`.execute(db);
  await sql`update user_sessions set expires_at = absolute_expires_at where expires_at > absolute_expires_at`.execute(db);
  await sql`alter table user_sessions alter column absolute_expires_at set not null`.execute(db);
  await db.schema
    .alterTable("user_sessions")
    .addCheckConstraint("user_sessions_idle_within_absolute", sql`expires_at <= absolute_expires_at`)
    .execute();

  await db.schema
    .createTable("sign_in_throttles")
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("window_started_at", "timestamptz", (c) => c.notNull())
    .addColumn("next_allowed_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("sign_in_throttles_pkey", ["scope", "key"])
    .addCheckConstraint("sign_in_throttles_scope", sql`scope in ('account', 'account_address', 'address')`)
    .addCheckConstraint("sign_in_throttles_failures", sql`failures >= 0`)
    .execute();
  await db.schema.createIndex("sign_in_throttles_window").on("sign_in_throttles").column("window_started_at").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("sign_in_throttles").execute();
  await db.schema.alterTable("user_sessions").dropConstraint("user_sessions_idle_within_absolute").execute();
  await db.schema.alterTable("user_sessions").dropColumn("absolute_expires_at").execute();
}
