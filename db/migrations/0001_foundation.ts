// Frozen: migrations never change once released and never import application code.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("agencies")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("hubs")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("agency_code", "text", (c) => c.references("agencies.code"))
    .addColumn("hub_code", "text", (c) => c.references("hubs.code"))
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("users_role", sql`role in ('screener', 'manager', 'partner', 'early_help', 'admin')`)
    .addCheckConstraint("users_email_lower", sql`email = lower(email)`)
    // A partner belongs to exactly one agency, an early help worker to exactly one hub; nobody else to either.
    .addCheckConstraint("users_partner_agency", sql`(role = 'partner') = (agency_code is not null)`)
    .addCheckConstraint("users_early_help_hub", sql`(role = 'early_help') = (hub_code is not null)`)
    .execute();

  // Server-side sessions. The primary key is the SHA-256 of the session token: a copy of the
  // database does not hold usable session tokens.
  await db.schema
    .createTable("user_sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("ip_address", "text")
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("user_sessions_user").on("user_sessions").column("user_id").execute();
  await db.schema.createIndex("user_sessions_expires").on("user_sessions").column("expires_at").execute();

  // Append-only audit trail: every sign-in, every view of a child's record, every change.
  await db.schema
    .createTable("audit_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("actor_user_id", "text", (c) => c.references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject_type", "text")
    .addColumn("subject_id", "text")
    .addColumn("ip_address", "text")
    .addColumn("details", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex("audit_events_subject").on("audit_events").columns(["subject_type", "subject_id", "at"]).execute();
  await db.schema.createIndex("audit_events_actor").on("audit_events").columns(["actor_user_id", "at"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["audit_events", "user_sessions", "users", "hubs", "agencies"]) {
    await db.schema.dropTable(table).execute();
  }
}
