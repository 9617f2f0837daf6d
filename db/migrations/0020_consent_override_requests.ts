// Frozen once released: migrations never change and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * A consent override asked for by a screener waits in the manager's oversight list (issue 12,
 * item 2). `consent_override_asked_at` is projected from the contact machine's snapshot: when the
 * override still waiting for a manager was asked for, else null. Few contacts have one at a time, so
 * the index holds only them, oldest first, as the list reads them. No contact before this migration
 * can have one (the event is new), so nothing is backfilled.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table contacts add column consent_override_asked_at timestamptz`.execute(db);
  await sql`create index contacts_consent_override_waiting on contacts (consent_override_asked_at, id)
    where consent_override_asked_at is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index contacts_consent_override_waiting`.execute(db);
  await sql`alter table contacts drop column consent_override_asked_at`.execute(db);
}
