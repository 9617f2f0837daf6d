// Frozen once released: migrations never change and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * The MASH queue's counts in one pass (issue 13, item 3): the summary band (overdue, immediate risk,
 * bounce-backs, repeats), the open contacts by state, "my work" and the chosen filter's total and
 * overdue are one aggregate over the open contacts. This index holds every open contact with every
 * column those counts read, so the pass is an index-only scan of the open contacts (about 13,000 of
 * a million) rather than of their heap rows; the bounce-backs are one hashed set of the declined
 * step-downs, read from the second index, instead of a probe per open contact.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index contacts_open_counts on contacts (state)
    include (allocated_to, decision_due_at, immediate_risk, repeat_contact, priority, source, id)
    where outcome is null`.execute(db);
  await sql`create index step_downs_declined on step_downs (contact_id) where status = 'declined'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index step_downs_declined`.execute(db);
  await sql`drop index contacts_open_counts`.execute(db);
}
