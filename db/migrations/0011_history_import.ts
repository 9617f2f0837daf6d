// Frozen once released: migrations never change and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * The history import (app/history-import, spec/contacts-import.md).
 * - `contacts.external_id` (the `contact_id` of the import file) and `people.child_id` were unique
 *   from 0002 (a unique constraint, which allows any number of NULLs, as a partial index would):
 *   a re-import finds the contacts and children already there through those indexes. Here the
 *   database also holds the file format's rule for the contact reference, so a hand-made row cannot
 *   break the next import's idempotency (a reference the file could never contain).
 * - The people of an import are found by child_id in batches (`child_id = any(…)`): the unique
 *   index serves that too, so nothing else is needed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table contacts add constraint contacts_external_id check (external_id ~ '^[A-Za-z0-9/_-]{1,40}$')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table contacts drop constraint contacts_external_id`.execute(db);
}
