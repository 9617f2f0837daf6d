// Frozen once released: migrations never change and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * Issue 9, the leaders' dashboard:
 * - a sixth role, `performance` (the performance lead: read-only measures, their lists and exports);
 * - two settings an administrator keeps (table `settings`, from 0005): the targets of the headline
 *   measures (percentages, one decimal place; null = no target set) and the child population the
 *   referral rate per 10,000 children is computed on (null = not set).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users drop constraint users_role`.execute(db);
  await sql`alter table users add constraint users_role check (role in ('screener', 'manager', 'partner', 'early_help', 'admin', 'performance'))`.execute(db);
  // biome-ignore lint: the migration works on an untyped database
  await (db as Kysely<any>)
    .insertInto("settings")
    .values([
      {
        key: "measure_targets",
        value: JSON.stringify({ contacts_not_referral: null, repeat_contacts: null, re_referrals: null, decided_within_one_working_day: null }),
      },
      { key: "child_population", value: JSON.stringify({ children: null }) },
    ])
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // biome-ignore lint: the migration works on an untyped database
  await (db as Kysely<any>).deleteFrom("settings").where("key", "in", ["measure_targets", "child_population"]).execute();
  await sql`delete from users where role = 'performance'`.execute(db);
  await sql`alter table users drop constraint users_role`.execute(db);
  await sql`alter table users add constraint users_role check (role in ('screener', 'manager', 'partner', 'early_help', 'admin'))`.execute(db);
}
