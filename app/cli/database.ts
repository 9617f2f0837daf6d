/** The command line's database: the app's selection (DATABASE_URL, else PGLITE_DATA_DIR), migrated. */
import { loadConfig } from "../config.server";
import { type DatabaseHandle, openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { ensureReferenceData } from "../../db/seed/reference-data";
import { CliError, type CliIo } from "./types";

/** The first line of an unexpected error's message, and the SQLSTATE code of a database error. */
export function safeMessage(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  const code = (error as { code?: unknown }).code;
  const first = error.message.split("\n")[0] ?? "";
  // A database error's message may quote a value (e.g. "Key (external_id)=(…) already exists"): keep only its kind.
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
    const constraint = (error as { constraint?: unknown }).constraint;
    return `database error ${code}${typeof constraint === "string" ? ` (${constraint})` : ""}`;
  }
  return first.replace(/\(.*?\)=\(.*?\)/g, "(…)");
}

/** The app's database (DATABASE_URL, else PGLITE_DATA_DIR), migrated, with the reference data. */
export async function openConfiguredDatabase(env: Record<string, string | undefined>): Promise<DatabaseHandle> {
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  let database: DatabaseHandle;
  try {
    database = await openDatabase({ url: config.databaseUrl, pgliteDataDir: config.pgliteDataDir, poolSize: config.databasePoolSize });
  } catch (error) {
    throw new CliError(`Cannot open the database: ${safeMessage(error)}`);
  }
  try {
    await migrateToLatest(database.db);
    await ensureReferenceData(database.db);
  } catch (error) {
    await database.close().catch(() => {});
    throw new CliError(`Cannot bring ${database.description} up to date: ${safeMessage(error)}`);
  }
  return database;
}

/** Opens the configured database, runs `body`, and always closes it. */
export async function withDatabase<T>(io: CliIo, body: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = await io.openDatabase();
  try {
    return await body(database);
  } finally {
    await database.close();
  }
}

