/**
 * Upkeep the embedded database needs and PostgreSQL does by itself. PGlite runs no autovacuum: the
 * rows the demo data, an import or a day's work writes keep no hint bits or visibility map until a
 * VACUUM, so every read checks them again, and the planner has no statistics until an ANALYZE (it
 * hashed the whole `people` table for a queue page of 18 rows). Measured on the demo data (issue 13,
 * item 5): 18 probes of `people` by key took 3.5 times as long before `vacuum analyze` as after, and
 * the queue's page query 60 ms against under 1 ms. The server runs it at start on PGlite.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "./schema";

/** `vacuum analyze` of the whole database (outside any transaction: VACUUM cannot run inside one). */
export async function vacuumAnalyze(db: Kysely<Database>): Promise<void> {
  await sql`vacuum analyze`.execute(db);
}
