/** `npm run db:migrate`: bring the configured database (DATABASE_URL, or PGLITE_DATA_DIR) up to date. */
import { loadConfig } from "../app/config.server";
import { openDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { ensureReferenceData } from "../db/seed/reference-data";

const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, pgliteDataDir: config.pgliteDataDir });
try {
  const result = await migrateToLatest(database.db);
  await ensureReferenceData(database.db);
  const applied = result.results?.map((r) => r.migrationName) ?? [];
  console.log(applied.length ? `Applied to ${database.description}: ${applied.join(", ")}` : `${database.description} is up to date.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
