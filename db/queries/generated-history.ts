/**
 * The generator's SQL (`npm run cli -- generate`, app/generate/generate.server.ts): rows of generated
 * history written table by table, parents before children. On PostgreSQL by `COPY … FROM STDIN` (the
 * history import's `copyIn`, decision 023, into tables whose keys and whole-table indexes the caller
 * has dropped with `dropKeysAndIndexes`); on the embedded PGlite by multi-row inserts as large as the
 * parameter limit allows.
 */
import type { Insertable } from "kysely";
import type { ContactEventsTable, ContactsTable, InformationRequestsTable, PeopleTable, StepDownsTable } from "../schema";
import type { Executor } from "../executor";
import { copyIn, copyText } from "./history-import";

/** One batch of generated rows, table by table (the shape of `demoRows` in app/demo/demo-history.server.ts). */
export interface GeneratedRows {
  people: Insertable<PeopleTable>[];
  contacts: Insertable<ContactsTable>[];
  events: Insertable<ContactEventsTable>[];
  requests: Insertable<InformationRequestsTable>[];
  stepDowns: Insertable<StepDownsTable>[];
}

type Table = "people" | "contacts" | "contact_events" | "information_requests" | "step_downs";

/** PostgreSQL's limit on a statement's parameters, less a margin. */
const MAX_PARAMETERS = 60_000;
/** Rows a statement: larger statements are slower on PGlite (measured: 2,000 contacts in 56 s with 60,000 parameters a statement). */
const ROWS_PER_INSERT = 500;

/** Writes `rows` in order (people, contacts, events, partners' requests, step-downs). */
export async function writeGeneratedRows(db: Executor, rows: GeneratedRows, options: { copy: boolean }): Promise<void> {
  const tables: [Table, readonly object[]][] = [
    ["people", rows.people],
    ["contacts", rows.contacts],
    ["contact_events", rows.events],
    ["information_requests", rows.requests],
    ["step_downs", rows.stepDowns],
  ];
  for (const [table, list] of tables) {
    if (list.length === 0) continue;
    // Rows of one table can differ in which columns they set: each set of columns is written apart.
    for (const group of groupByColumns(list)) {
      if (options.copy) await copyRows(db, table, group.columns, group.rows);
      else await insertRows(db, table, group.columns.length, group.rows);
    }
  }
}

function groupByColumns(rows: readonly object[]): { columns: string[]; rows: Record<string, unknown>[] }[] {
  const groups = new Map<string, { columns: string[]; rows: Record<string, unknown>[] }>();
  for (const row of rows) {
    const columns = Object.keys(row);
    const key = columns.join(",");
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { columns, rows: [] }));
    group.rows.push(row as Record<string, unknown>);
  }
  return [...groups.values()];
}

async function insertRows(db: Executor, table: Table, width: number, rows: readonly Record<string, unknown>[]): Promise<void> {
  const batch = Math.max(1, Math.min(ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / Math.max(width, 1))));
  for (let i = 0; i < rows.length; i += batch) {
    // Kysely cannot relate a table's name to its row type here: the rows were built for this table.
    await db.insertInto(table).values(rows.slice(i, i + batch) as never).execute();
  }
}

async function copyRows(db: Executor, table: Table, columns: readonly string[], rows: readonly Record<string, unknown>[]): Promise<void> {
  const text = copyText(rows.map((row) => columns.map((column) => copyCell(row[column]))));
  await copyIn(db, table, columns, text);
}

/** A value as COPY's text format takes it: booleans as t/f, arrays (text[]) as array literals. */
function copyCell(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return value ? "t" : "f";
  if (typeof value === "number" || typeof value === "string") return value;
  if (Array.isArray(value)) return `{${value.map((v) => `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}
