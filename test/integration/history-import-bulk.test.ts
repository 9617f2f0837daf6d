/**
 * The history import's bulk load (docs/decisions/023-bulk-load-first-import.md) on both databases:
 * into a database holding fewer contacts than the file holds rows, the events go straight into
 * `contact_events` and the keys and whole-table indexes are dropped for the load and built again; a
 * re-import is not a bulk load. Expected counts were worked out from the CSV with awk, not with the
 * importer (see test/integration/history-import.test.ts for the sample's figures):
 * - sample-contacts.csv: 646 rows, 419 children, 83,789 bytes (so at most 150 bytes a row: 558 rows
 *   estimated, more than 3 contacts held);
 * - its first 3 rows: 3 contacts of 3 children (CPK95EWZQP, C6LGX8MK06, CMAQWT1H4J), each a child of
 *   the whole file too;
 * - its first 300 rows: 244 children.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { checkAllContactHistories } from "../../app/contacts/history.server";
import { importContactHistoryFile } from "../../app/history-import/import.server";
import { countLookBacksNotAsStored } from "../../db/queries/measures/measures";
import { countMonthCountDifferences } from "../../db/queries/measures/month-counts";
import { countStageVisitDifferences } from "../../db/queries/measures/stage-visits";
import { describeOnBothDatabases, type TestDatabase } from "./databases";

const SAMPLE = join(import.meta.dirname, "..", "fixtures", "sample-contacts.csv");
const SAMPLE_LINES = readFileSync(SAMPLE, "utf8").split("\n");
const workDir = mkdtempSync(join(tmpdir(), "history-import-bulk-test-"));

function writeCsv(name: string, lines: string[]): string {
  const path = join(workDir, name);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

/** Every key, index and trigger of the test's schema, with its definition (and whether a constraint is validated). */
async function schemaObjects(t: TestDatabase): Promise<string[]> {
  const { rows } = await sql<{ x: string }>`
    select 'constraint ' || c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) || ' validated ' || c.convalidated as x
      from pg_constraint c where c.connamespace = current_schema()::regnamespace
    union all
    select 'index ' || indexdef from pg_indexes where schemaname = current_schema()
    union all
    select 'trigger ' || g.tgname || ' on ' || g.tgrelid::regclass::text || ' enabled ' || g.tgenabled::text from pg_trigger g
      join pg_class r on r.oid = g.tgrelid where not g.tgisinternal and r.relnamespace = current_schema()::regnamespace
    order by 1`.execute(t.handle.db);
  return rows.map((r) => r.x);
}

async function counts(t: TestDatabase) {
  const { rows } = await sql<{ contacts: number; people: number; events: number; orphan_events: number; unlinked: number }>`
    select (select count(*)::int from contacts) as contacts,
           (select count(*)::int from people) as people,
           (select count(*)::int from contact_events) as events,
           (select count(*)::int from contact_events e where not exists (select 1 from contacts c where c.id = e.contact_id)) as orphan_events,
           (select count(*)::int from contacts c where not exists (select 1 from people p where p.id = c.person_id)) as unlinked
  `.execute(t.handle.db);
  return rows[0]!;
}

/** Imports `path`, noting the steps after the rows (a bulk load moves only the contacts: their events are in already). */
async function importNotingSteps(t: TestDatabase, path: string, options: { batchSize?: number } = {}) {
  const steps: string[] = [];
  const result = await importContactHistoryFile(t.handle.db, path, { ...options, onStep: (step) => steps.push(step) });
  return { result, steps };
}

describeOnBothDatabases("history import as a bulk load into an empty database", (t) => {
  let migrated: string[] = [];

  it("writes the events straight in and builds every key and index again exactly as migrated", async () => {
    migrated = await schemaObjects(t);
    expect(migrated.filter((x) => x.includes("PRIMARY KEY") || x.includes("FOREIGN KEY")).length).toBeGreaterThan(10);
    const { result, steps } = await importNotingSteps(t, SAMPLE);
    expect(result).toMatchObject({ kind: "imported", summary: { rowsRead: 646, contactsAdded: 646, peopleAdded: 419, peopleMatched: 0 } });
    expect(steps).toContain("contacts");
    expect(steps).not.toContain("contacts and events");
    // The stage-visit triggers were off during the load (the schema shows them on again): the visits were projected once.
    expect(steps).toContain("stage visits");
    expect(await counts(t)).toEqual({ contacts: 646, people: 419, events: 1292, orphan_events: 0, unlinked: 0 });
    expect(await schemaObjects(t)).toEqual(migrated);
    expect(await countStageVisitDifferences(t.handle.db)).toBe(0);
    expect(await countMonthCountDifferences(t.handle.db)).toBe(0);
    expect(await countLookBacksNotAsStored(t.handle.db)).toBe(0);
    expect((await checkAllContactHistories(t.handle.db)).problems).toEqual([]);
  });

  it("imports the same file again as an ordinary load, changing nothing", async () => {
    const before = await counts(t);
    const { result, steps } = await importNotingSteps(t, SAMPLE);
    expect(result).toMatchObject({ kind: "imported", summary: { contactsAdded: 0, alreadyPresent: 646, peopleAdded: 0, peopleMatched: 419 } });
    expect(steps).toContain("contacts and events");
    expect(await counts(t)).toEqual(before);
    expect(await schemaObjects(t)).toEqual(migrated);
  });

  it("keeps the keys it built: a second contact with the same reference is refused", async () => {
    await expect(sql`insert into contacts (id, reference, received_at, source, channel, state, machine_version, snapshot)
      select 'dup-ref', reference, received_at, source, channel, state, machine_version, snapshot from contacts limit 1`.execute(t.handle.db)).rejects.toThrow();
    await expect(sql`insert into contact_events (contact_id, sequence, type, payload, at, state_after)
      values ('no-such-contact', 1, 'CONTACT_RECEIVED', '{}', now(), 'received')`.execute(t.handle.db)).rejects.toThrow();
  });
});

describeOnBothDatabases("history import as a bulk load beside contacts already held", (t) => {
  it("adds the file's new contacts to the three held, their children matched by child_id, keys and indexes as migrated", async () => {
    const migrated = await schemaObjects(t);
    const first = await importNotingSteps(t, writeCsv("first-3.csv", SAMPLE_LINES.slice(0, 4)));
    expect(first.result).toMatchObject({ kind: "imported", summary: { contactsAdded: 3, peopleAdded: 3 } });
    const before = await t.handle.db.selectFrom("contacts").select(["id", "external_id", "person_id"]).orderBy("external_id").execute();

    // 3 held, the sample estimated at 558 rows from its size: a bulk load.
    const { result, steps } = await importNotingSteps(t, SAMPLE);
    expect(result).toMatchObject({
      kind: "imported",
      summary: { rowsRead: 646, contactsAdded: 643, alreadyPresent: 3, peopleAdded: 416, peopleMatched: 3 },
    });
    expect(steps).not.toContain("contacts and events");
    expect(await counts(t)).toEqual({ contacts: 646, people: 419, events: 1292, orphan_events: 0, unlinked: 0 });
    // The contacts held before are the same records, with the same children.
    const after = await t.handle.db.selectFrom("contacts").select(["id", "external_id", "person_id"]).where("id", "in", before.map((c) => c.id)).orderBy("external_id").execute();
    expect(after).toEqual(before);
    expect(await schemaObjects(t)).toEqual(migrated);
    expect(await countStageVisitDifferences(t.handle.db)).toBe(0);
    expect(await countMonthCountDifferences(t.handle.db)).toBe(0);
    expect(await countLookBacksNotAsStored(t.handle.db)).toBe(0);
    expect((await checkAllContactHistories(t.handle.db)).problems).toEqual([]);
  });
});

describeOnBothDatabases("history import as a bulk load of a file with a bad last row", (t) => {
  it("imports nothing and leaves every key and index in place, though 300 rows' events were written before the bad row was read", async () => {
    const migrated = await schemaObjects(t);
    const bad = "BULK-BAD,CHILDBAD1,Ann,Example,2015-01-01,,X,WBRI,,2024-03-01T09:00:00Z,2A,2024-03-01T12:00:00Z,nfa,";
    const path = writeCsv("bad-last.csv", [...SAMPLE_LINES.slice(0, 301), bad]);
    const { result } = await importNotingSteps(t, path, { batchSize: 100 });
    expect(result).toMatchObject({ kind: "rejected", fatal: false, rowsRead: 301, badRows: 1 });
    expect(result.kind === "rejected" ? result.problems.map((p) => `${p.line} ${p.column}`) : []).toEqual(["302 sex"]);
    expect(await counts(t)).toEqual({ contacts: 0, people: 0, events: 0, orphan_events: 0, unlinked: 0 });
    expect(await schemaObjects(t)).toEqual(migrated);

    // The same rows without the bad one: 300 contacts of 244 children.
    const good = await importNotingSteps(t, writeCsv("good-300.csv", SAMPLE_LINES.slice(0, 301)), { batchSize: 100 });
    expect(good.result).toMatchObject({ kind: "imported", summary: { contactsAdded: 300, peopleAdded: 244 } });
    expect(await counts(t)).toEqual({ contacts: 300, people: 244, events: 600, orphan_events: 0, unlinked: 0 });
  });
});
