// Frozen once released: migrations never change and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * "Repeat contacts only" on the MASH queue (issue 13, item 3): the queue reads each contact's stored
 * repeat mark (`repeat_contact`, migration 0014) instead of probing the child's earlier contacts row
 * by row, and this index holds only the open repeat contacts, in the queue's order within its part
 * (deadline, then id; siblings share their deadline), so the filter's page is read in order like the
 * plain queue's from `contacts_queue_due` — however many contacts there are.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index contacts_queue_repeat on contacts (decision_due_at, id) where outcome is null and repeat_contact`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index contacts_queue_repeat`.execute(db);
}
