// Frozen once released: migrations never change and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * The measures' counts (db/queries/measures/measures.ts, `measureCountsQuery`) group a period's
 * contacts by the stored columns their same-row flags are worked out from — source, outcome, the
 * stored repeat mark and earlier referrals — a few hundred groups for a year's 200,000 contacts. Without
 * statistics on those columns together the planner multiplies each column's distinct values (22 × 7 ×
 * 2 × ~90) and expects a group per few rows, so it never hashes the groups in parallel workers under a
 * parallel scan. These statistics give it the real number of combinations (decision 033). ANALYZE
 * (autovacuum, `gatherStatistics` after an import) keeps them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create statistics contacts_measure_groups (ndistinct) on source, outcome, repeat_contact, earlier_referrals from contacts`.execute(db);
  await sql`analyze contacts`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop statistics contacts_measure_groups`.execute(db);
}
