/**
 * Integration tests run against both databases the app supports: an embedded PGlite (in memory)
 * and the PostgreSQL server at TEST_DATABASE_URL. Each test file gets its own PostgreSQL schema,
 * dropped afterwards, so runs never interfere with each other or with anything else in the database.
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { ensureReferenceData } from "../../db/seed/reference-data";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  handle: DatabaseHandle;
}

const targets = [
  { name: "PGlite", open: () => openDatabase({ pgliteDataDir: "memory://" }), schema: null as string | null },
  {
    name: "PostgreSQL",
    open: (schema: string) => openDatabase({ url: TEST_DATABASE_URL, schema, poolSize: 5 }),
    schema: "",
  },
];

/** Runs `body` once per database, with a migrated database holding the reference data. */
export function describeOnBothDatabases(title: string, body: (t: TestDatabase) => void) {
  for (const target of targets) {
    describe(`${title} [${target.name}]`, () => {
      const t = {} as TestDatabase;
      const schema = `test_${randomBytes(6).toString("hex")}`;
      beforeAll(async () => {
        t.handle = await target.open(schema);
        if (t.handle.kind === "postgres") {
          // Extensions belong to the database, not to a test's schema (which is dropped afterwards).
          await sql`create extension if not exists pg_trgm schema public`.execute(t.handle.db);
          await sql`create extension if not exists fuzzystrmatch schema public`.execute(t.handle.db);
        }
        await migrateToLatest(t.handle.db);
        await ensureReferenceData(t.handle.db);
      });
      afterAll(async () => {
        if (!t.handle) return;
        if (t.handle.kind === "postgres") await sql`drop schema ${sql.id(schema)} cascade`.execute(t.handle.db);
        await t.handle.close();
      });
      body(t);
    });
  }
}
