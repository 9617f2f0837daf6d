// Frozen once released: migrations never change and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * Each contact's look-back, stored (decision 014): whether it is a repeat contact, and for a referral
 * how many of the child's referrals came in the 12 months before it. Written by the application in
 * the same transaction as every change that can move them (db/queries/measures.ts `storeLookBacks`);
 * null `repeat_contact` means "not yet worked out" — every existing contact after this migration,
 * which `migrateToLatest` then works out. The measures' covering indexes (0012) now carry them, so a
 * period's measures are two index-only range scans.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table contacts add column repeat_contact boolean, add column earlier_referrals integer`.execute(db);
  await sql`alter table contacts add constraint contacts_earlier_referrals check (earlier_referrals >= 0)`.execute(db);
  await sql`drop index contacts_measures_referrals`.execute(db);
  await sql`drop index contacts_measures_received`.execute(db);
  await sql`create index contacts_measures_received on contacts (received_at)
    include (id, reference, person_id, source, outcome, decided_at, repeat_contact, earlier_referrals)`.execute(db);
  await sql`create index contacts_measures_referrals on contacts (decided_at)
    include (id, reference, person_id, source, outcome, received_at, repeat_contact, earlier_referrals)
    where outcome in ('referral', 'strategy_discussion')`.execute(db);
  await sql`create index contacts_look_back_not_worked_out on contacts (id) where repeat_contact is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index contacts_look_back_not_worked_out`.execute(db);
  await sql`drop index contacts_measures_referrals`.execute(db);
  await sql`drop index contacts_measures_received`.execute(db);
  await sql`create index contacts_measures_received on contacts (received_at) include (id, reference, person_id, source, outcome, decided_at)`.execute(db);
  await sql`create index contacts_measures_referrals on contacts (decided_at) include (id, reference, person_id, source, outcome, received_at)
    where outcome in ('referral', 'strategy_discussion')`.execute(db);
  await sql`alter table contacts drop constraint contacts_earlier_referrals, drop column earlier_referrals, drop column repeat_contact`.execute(db);
}
