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
  /** Whether the database answers a trivial query within `timeoutMs` (for `/ready` and the 503 page). */
  ping(timeoutMs?: number): Promise<boolean>;
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
  /**
   * Limits for a server that must stay responsive when PostgreSQL is slow, restarting or gone
   * (`pg` only; the embedded database cannot go away). Scripts and migrations leave them unset.
   */
  timeouts?: PostgresTimeouts;
  /** How long to keep trying to reach PostgreSQL at start-up, saying so, before giving up (default: try once). */
  connectWaitMs?: number;
  /** Giving up on opening one connection (default 10 s; `timeouts.connectMs` when serving). */
  connectTimeoutMs?: number;
  /** Where to say what the connection is doing (never a query or its parameters). */
  log?: (line: string) => void;
}

export interface PostgresTimeouts {
  /** Giving up on opening a connection (the server is down, or accepts and never answers). */
  connectMs: number;
  /** PostgreSQL cancels a statement running longer than this (`statement_timeout`). */
  statementMs: number;
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
  const log = options.log ?? (() => {});
  const timeouts = options.timeouts;
  const parsed = new URL(url);
  const where = `PostgreSQL at ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    options: options.schema ? `-c search_path="${options.schema}",public` : undefined,
    keepAlive: true,
    Client: ResilientClient,
    // Always bounded, so a server that accepts connections and never answers cannot hang a start-up or a script.
    connectionTimeoutMillis: timeouts?.connectMs ?? options.connectTimeoutMs ?? 10_000,
    ...(timeouts
      ? {
          statement_timeout: timeouts.statementMs,
          idle_in_transaction_session_timeout: timeouts.statementMs,
          // A server that stops answering mid-query: give up a little after PostgreSQL itself would have.
          query_timeout: timeouts.statementMs + timeouts.connectMs,
        }
      : {}),
  });
  // A connection dropped while idle (PostgreSQL restarted, a proxy cut it) is an event, not a crash:
  // the pool discards that client and opens a new one when next asked.
  pool.on("error", (error) => log(`The database connection was lost (${errorSummary(error)}); a new one is opened when needed.`));

  await waitForPostgres(pool, where, options.connectWaitMs ?? 0, log);
  if (options.schema) {
    // Inside the pool (its timeouts apply); search_path names it, so it must exist before use.
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: "postgres",
    description: `${where}${options.schema ? ` (schema ${options.schema})` : ""}`,
    ping: (timeoutMs = 2_000) => answersWithin(() => pool.query("select 1"), timeoutMs),
    close: () => db.destroy(),
  };
}

/** Opens one connection, retrying until `waitMs` has passed, so a server started before its database says what it waits for. */
async function waitForPostgres(pool: pg.Pool, where: string, waitMs: number, log: (line: string) => void) {
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    try {
      const client = await pool.connect();
      client.release();
      return;
    } catch (error) {
      const reason = errorSummary(error);
      if (Date.now() >= deadline) {
        await pool.end().catch(() => {});
        throw new Error(`Cannot reach ${where}: ${reason}.`);
      }
      log(`Waiting for ${where} (attempt ${attempt}: ${reason})…`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, Math.max(0, deadline - Date.now()))));
    }
  }
}

/**
 * A `pg` client that survives losing its connection and never waits on a lost one.
 * - The pool listens for `error` only while a client is idle: a connection dropped while a client is
 *   checked out (between two statements of a transaction) would otherwise be an unhandled `error`
 *   event and end the process. Here it is noted; the client is no longer queryable, so the pool
 *   discards it when it is released, and the statement that uses it fails (a 503, not a crash).
 * - When a query times out on the client side, the connection is closed: otherwise a server that
 *   accepted it but stopped answering keeps the client busy for good, and every later query given
 *   that client from the pool waits behind the lost one.
 */
class ResilientClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on("error", () => {});
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg.Pool#query has many overloads; this passes each on
  override query(...args: unknown[]): any {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result && typeof (result as Promise<unknown>).catch === "function") {
      (result as Promise<unknown>).catch((error: unknown) => {
        if (error instanceof Error && error.message === "Query read timeout") {
          (this as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
        }
      });
    }
    return result;
  }
}

/** Whether `probe` settles successfully before `timeoutMs`. */
async function answersWithin(probe: () => Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      probe().then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** What went wrong with a connection, in words safe to log: never a query, its parameters or a row. */
export function errorSummary(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? `${error.message.split("\n")[0]} [${code}]` : error.message.split("\n")[0]!;
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
    ping: (timeoutMs = 2_000) => answersWithin(() => client.query("select 1"), timeoutMs),
    // Destroying Kysely closes PGlite, which checkpoints so the next start does not replay its log.
    close: async () => {
      await db.destroy();
      if (!client.closed) await client.close();
    },
  };
}
