import { type Kysely, type MigrationResultSet, Migrator, sql } from "kysely";
import { migrations } from "./migrations/index";
import { storeMissingLookBacks } from "./queries/measures/measures";

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  // Kysely looks for its migration tables in any schema unless told which: name ours, so a database
  // holding other schemas with their own migrations (tests, benchmarks) is never confused with this one.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: rows[0]?.schema ?? "public",
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error");
    const error = result.error instanceof Error ? result.error : new Error(String(result.error));
    error.message = `Migration ${failed?.migrationName ?? "(unknown)"} failed: ${error.message}`;
    throw error;
  }
  // Contacts whose stored look-back is not yet worked out (all of them, once, after migration 0014).
  await storeMissingLookBacks(db);
  return result;
}
