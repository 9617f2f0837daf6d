// Frozen once released: migrations never change and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * The early help hub's list of step-downs (issue 13, item 5): a hub's step-downs in the list's own
 * order — waiting ones first, newest offer first (id breaking ties) — so a page of the list is read
 * in order from the index and only its rows are joined to their contacts and children, instead of
 * joining and sorting every step-down the hub ever had.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index step_downs_hub_list on step_downs (hub_code, (status = 'offered') desc, offered_at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index step_downs_hub_list`.execute(db);
}
