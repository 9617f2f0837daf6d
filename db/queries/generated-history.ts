/**
 * The generator's SQL (`npm run cli -- generate`, app/generate/generate.server.ts): rows of generated
 * history written table by table, parents before children. On PostgreSQL by `COPY … FROM STDIN` (the
 * history import's `copyIn`, decision 023, into tables whose keys and whole-table indexes the caller
 * has dropped with `dropKeysAndIndexes`); on the embedded PGlite by the demo history's multi-row inserts
 * (`insertDemoRows`: the rows have the demo's shape, `DemoRows`).
 */
import type { Executor } from "../executor";
import { type DemoRows, insertDemoRows } from "./demo";
import { copyIn, copyText } from "./history-import";

type Table = "people" | "contacts" | "contact_events" | "information_requests" | "step_downs";

/** Writes `rows` in order (people, contacts, events, partners' requests, step-downs). */
export async function writeGeneratedRows(db: Executor, rows: DemoRows, options: { copy: boolean }): Promise<void> {
  // The embedded database: the demo history's batched inserts.
  if (!options.copy) return insertDemoRows(db, rows);
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
    for (const group of groupByColumns(list)) await copyRows(db, table, group.columns, group.rows);
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
