// Frozen: migrations never change once released and never import application code.
import { type Kysely, sql } from "kysely";

// Failed sign-ins by address (password spraying across many accounts from one machine).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index audit_events_failed_sign_in_address on audit_events (ip_address, at) where action = 'sign_in_failed'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index audit_events_failed_sign_in_address`.execute(db);
}
