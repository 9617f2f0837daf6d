// Frozen once released: migrations never change and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * The measures (db/queries/measures.ts) read, for a twelve-month period, every contact received in
 * the two years its look-backs reach, and the referrals decided then. Contacts rows are wide (the
 * referrer, the concern, the machine's snapshot), so reading them from the table costs most of the
 * time: these two covering indexes hold exactly the columns the measures read, so both parts of
 * the statement are index-only scans (EXPLAIN in `npm run bench:measures`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index contacts_measures_received on contacts (received_at) include (id, reference, person_id, source, outcome, decided_at)`.execute(db);
  await sql`create index contacts_measures_referrals on contacts (decided_at) include (id, reference, person_id, source, outcome, received_at)
    where outcome in ('referral', 'strategy_discussion')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index contacts_measures_referrals`.execute(db);
  await sql`drop index contacts_measures_received`.execute(db);
}
