/**
 * The database client factory: Kysely over an embedded PGlite (the default, zero set-up)
 * or over a real PostgreSQL server through `pg` when a connection URL is given.
 * Everything above this file sees only `Kysely<Database>`.
 */
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { fuzzystrmatch } from "@electric-sql/pglite/contrib/fuzzystrmatch";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { Kysely, PostgresDialect } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import type { Database } from "./schema";

const DATE_OID = 1082;
const INT8_OID = 20;

// `count(*)` and `bigint` come back from `pg` as strings: make int8 a JS number (ids and counts stay far below 2^53).
pg.types.setTypeParser(INT8_OID, (value: string) => Number(value));
// Keep `date` columns as the plain `YYYY-MM-DD` text they are, as PGlite does, instead of a local-midnight Date.
pg.types.setTypeParser(DATE_OID, (value: string) => value);

export type DatabaseKind = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Where the data lives, for messages (never includes a password). */
  description: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A `postgres://` URL: use a PostgreSQL server through `pg`. */
  url?: string;
  /** PGlite data directory, or `memory://` for a throw-away in-memory database. */
  pgliteDataDir?: string;
  /** PostgreSQL schema to work in (tests use one per run); created when missing. */
  schema?: string;
  /** Largest number of pooled `pg` connections. */
  poolSize?: number;
}

export const DEFAULT_PGLITE_DATA_DIR = ".data/pglite";

export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseOptions {
  return {
    url: env.DATABASE_URL || undefined,
    pgliteDataDir: env.PGLITE_DATA_DIR || DEFAULT_PGLITE_DATA_DIR,
    poolSize: env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : undefined,
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) {
    throw new Error(`Invalid schema name: ${options.schema}`);
  }
  return options.url ? openPostgres(options.url, options) : openPGlite(options.pgliteDataDir ?? DEFAULT_PGLITE_DATA_DIR, options);
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    options: options.schema ? `-c search_path="${options.schema}",public` : undefined,
  });
  // Fail at start-up with a clear message rather than at the first request.
  const probe = await pool.connect();
  probe.release();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const parsed = new URL(url);
  return {
    db,
    kind: "postgres",
    description: `PostgreSQL at ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}${options.schema ? ` (schema ${options.schema})` : ""}`,
    close: () => db.destroy(),
  };
}

async function openPGlite(dataDir: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith("memory://");
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(inMemory ? "memory://" : dataDir, {
    extensions: { pg_trgm, fuzzystrmatch },
    // Same shapes as through `pg` (above): dates as `YYYY-MM-DD`, int8 as a number.
    parsers: { [DATE_OID]: (value: string) => value, [INT8_OID]: (value: string) => Number(value) },
  });
  if (options.schema) {
    await client.exec(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"; SET search_path = "${options.schema}", public;`);
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return {
    db,
    kind: "pglite",
    description: inMemory ? "embedded PGlite (in memory)" : `embedded PGlite in ${dataDir}`,
    // Destroying Kysely closes PGlite, which checkpoints so the next start does not replay its log.
    close: async () => {
      await db.destroy();
      if (!client.closed) await client.close();
    },
  };
}
