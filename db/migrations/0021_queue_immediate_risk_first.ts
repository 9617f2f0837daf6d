// Frozen once released: migrations never change and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * The queue puts the open contacts at immediate risk first (issue 11, item 2): reported by the
 * referrer (`immediate_risk`) or flagged in the MASH (state `immediate_risk`). They are few; this
 * index holds only them, in the queue's order within the part (deadline, group of siblings, id), so
 * the first part of a page is read from it without scanning every open contact.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index contacts_queue_immediate_risk on contacts (decision_due_at, (coalesce(group_id, id)), id)
    where outcome is null and (immediate_risk or state = 'immediate_risk')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index contacts_queue_immediate_risk`.execute(db);
}
