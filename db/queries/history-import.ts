/**
 * The history import's SQL (app/history-import/import.server.ts): whole batches in one statement
 * each, as arrays unnested by the database (one parameter per column whatever the batch size, so no
 * parameter limit and no per-row round trip). On PostgreSQL the staged rows and the new people go by
 * `COPY … FROM STDIN` instead (`canCopyFromStdin`), in COPY's text format (`copyText`). A bulk load
 * (decision 023) drops the tables' keys and whole-table indexes and builds them again afterwards
 * (`dropKeysAndIndexes`).
 */
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { CompiledQuery, sql } from "kysely";
import { from as copyFrom } from "pg-copy-streams";
import { lookBackCte } from "./measures/measures";
import type { Executor } from "../executor";

/**
 * The import's contacts are written first to a temporary table shaped like `contacts` (no indexes,
 * dropped at commit); `moveStagedImport` then works out each contact's look-back over the staged rows
 * and the children's existing contacts, and inserts the contacts with it (so a million rows are written
 * to the indexed table once, never rewritten). Their events need no look-back: in a bulk load they go
 * straight into `contact_events` (`eventsTable`), otherwise through a second temporary table.
 */
export async function createImportStaging(db: Executor): Promise<void> {
  await sql`create temp table import_contacts (like contacts including defaults) on commit drop`.execute(db);
  await sql`create temp table import_events (like contact_events including defaults) on commit drop`.execute(db);
}

/** Where a load's events are written: straight into `contact_events` in a bulk load, else staged. */
export function eventsTable(bulk: boolean): "contact_events" | "import_events" {
  return bulk ? "contact_events" : "import_events";
}

/**
 * Settings for the import's transaction only: memory for its sorts — the look-backs' sort by child and
 * time and each key and index built (PostgreSQL's defaults, 4 MB and 64 MB, send a million rows to
 * disk) — and no JIT compilation, which spent more than a second compiling each of the import's large
 * statements at a million rows and saved less.
 */
export async function useBulkLoadSettings(db: Executor): Promise<void> {
  await sql`select set_config('work_mem', '64MB', true), set_config('maintenance_work_mem', '256MB', true), set_config('jit', 'off', true)`.execute(db);
}

/** How many contacts and people the database holds. */
export async function countHeld(db: Executor): Promise<{ contacts: number; people: number }> {
  const { rows } = await sql<{ contacts: number; people: number }>`
    select (select count(*)::int from contacts) as contacts, (select count(*)::int from people) as people`.execute(db);
  return rows[0]!;
}

/**
 * A bulk load (decision 023) — a load larger than what the tables hold, such as a council's first
 * import — writes its rows into tables without their keys (primary key, unique and foreign-key
 * constraints, those of other tables referring to them included) and their whole-table indexes, and
 * builds them again afterwards, once each, in the same transaction, from the database's own
 * definitions: sorting a million keys once is far cheaper than a million random insertions into each
 * index, and a foreign key checked once over the whole table is one join instead of a look-up per row.
 * Partial indexes stay: they take only the rows meeting their condition (open contacts, authorised
 * ones, duplicates …), which costs less than reading the whole table again to build each of them.
 * The tables are locked for the rest of the transaction (the drops take their exclusive locks).
 * Returns the statements that build everything again, in order (keys, indexes, then foreign keys).
 */
export async function dropKeysAndIndexes(db: Executor, tables: readonly string[]): Promise<string[]> {
  const oids = sql`array(select to_regclass(t)::oid from unnest(${[...tables]}::text[]) t)`;
  const { rows: keys } = await sql<{ owner: string; name: string; kind: string; definition: string }>`
    select c.conrelid::regclass::text as owner, c.conname as name, c.contype as kind, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c
    where (c.contype in ('p', 'u') and c.conrelid = any(${oids})) or (c.contype = 'f' and (c.conrelid = any(${oids}) or c.confrelid = any(${oids})))
    order by c.contype desc, c.conname`.execute(db);
  const { rows: indexes } = await sql<{ name: string; definition: string }>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i
    where i.indrelid = any(${oids}) and i.indpred is null
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.contype in ('p', 'u', 'x'))
    order by 1`.execute(db);
  const foreign = keys.filter((k) => k.kind === "f");
  const unique = keys.filter((k) => k.kind !== "f");
  // Foreign keys first (a referenced key cannot go before what refers to it), one statement per table.
  for (const group of [foreign, unique]) {
    const byOwner = new Map<string, string[]>();
    for (const k of group) byOwner.set(k.owner, [...(byOwner.get(k.owner) ?? []), `drop constraint ${quoteIdent(k.name)}`]);
    for (const [owner, drops] of byOwner) await sql.raw(`alter table ${owner} ${drops.join(", ")}`).execute(db);
  }
  if (indexes.length > 0) await sql.raw(`drop index ${indexes.map((i) => i.name).join(", ")}`).execute(db);
  const add = (k: (typeof keys)[number]) => `alter table ${k.owner} add constraint ${quoteIdent(k.name)} ${k.definition}`;
  return [...unique.map(add), ...indexes.map((i) => i.definition), ...foreign.map(add)];
}

/** Runs the statements `dropKeysAndIndexes` returned, telling `onEach` before each one. */
export async function restoreKeysAndIndexes(db: Executor, statements: readonly string[], onEach?: (statement: string) => void): Promise<void> {
  for (const statement of statements) {
    onEach?.(statement);
    await sql.raw(statement).execute(db);
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Each staged contact's look-back, worked out once over the staged rows and their children's existing
 * contacts (one sort by child and time) into `import_look_back`; existing contacts whose look-back the
 * staged ones change are updated.
 */
export async function workOutStagedLookBacks(db: Executor): Promise<void> {
  await sql`create temp table import_look_back on commit drop as
${lookBackCte({ kind: "staged" })}
select id, repeat, earlier_referrals from look_back`.execute(db);
  // Temporary tables get no statistics of their own: without them the move below sorts both tables to
  // merge them (1.2 GB on disk at a million contacts) instead of hashing this narrow one (14 s → 8 s).
  await sql`analyze import_look_back`.execute(db);
  await sql`update contacts c set repeat_contact = f.repeat, earlier_referrals = f.earlier_referrals
from import_look_back f
where c.id = f.id and (c.repeat_contact is distinct from f.repeat or c.earlier_referrals is distinct from f.earlier_referrals)`.execute(db);
}

/**
 * The staged contacts moved into `contacts` with their look-backs (`workOutStagedLookBacks` first),
 * and their staged events (unless they went straight into `contact_events`) after them.
 */
export async function moveStagedImport(db: Executor, options: { eventsStaged: boolean }): Promise<void> {
  await sql`insert into contacts (${STAGED_CONTACT_COLUMNS}, repeat_contact, earlier_referrals)
select ${sql.join(STAGED_CONTACT_COLUMN_NAMES.map((c) => sql.ref(`s.${c}`)))}, f.repeat, f.earlier_referrals
from import_contacts s join import_look_back f on f.id = s.id`.execute(db);
  if (options.eventsStaged) await sql`insert into contact_events (${STAGED_EVENT_COLUMNS}) select ${STAGED_EVENT_COLUMNS} from import_events`.execute(db);
}

const STAGED_CONTACT_COLUMN_NAMES = [
  "id", "reference", "external_id", "person_id", "received_at", "source", "channel", "state", "outcome", "decided_at",
  "primary_need", "decision_due_at", "machine_version", "snapshot", "version", "recorded_at", "updated_at",
] as const;
const STAGED_CONTACT_COLUMNS = sql.join(STAGED_CONTACT_COLUMN_NAMES.map((c) => sql.id(c)));
const STAGED_EVENT_COLUMNS = sql.raw("contact_id, sequence, type, payload, at, state_before, state_after");

/** For each child_id already on a person record: the record to link to (the one it was merged into, if merged). */
export async function findPeopleByChildIds(db: Executor, childIds: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (childIds.length === 0) return found;
  const { rows } = await sql<{ child_id: string; id: string }>`
    with recursive chain (child_id, id, merged_into_id, depth) as (
      select child_id, id, merged_into_id, 0 from people where child_id = any(${[...childIds]}::text[])
      union all
      select chain.child_id, people.id, people.merged_into_id, chain.depth + 1
      from chain join people on people.id = chain.merged_into_id
      where chain.depth < 100
    )
    select child_id, id from chain where merged_into_id is null
  `.execute(db);
  for (const row of rows) found.set(row.child_id, row.id);
  return found;
}

export interface ImportedPersonRow {
  id: string;
  child_id: string;
  first_name: string | null;
  last_name: string;
  date_of_birth: string | null;
  expected_date_of_birth: string | null;
  sex: string;
  ethnicity: string | null;
  postcode: string | null;
}

export async function insertPeople(db: Executor, rows: readonly ImportedPersonRow[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof ImportedPersonRow>(key: K) => rows.map((r) => r[key]);
  await sql`
    insert into people (id, child_id, first_name, last_name, date_of_birth, expected_date_of_birth, sex, ethnicity, postcode)
    select * from unnest(
      ${column("id")}::text[], ${column("child_id")}::text[], ${column("first_name")}::text[], ${column("last_name")}::text[],
      ${column("date_of_birth")}::date[], ${column("expected_date_of_birth")}::date[], ${column("sex")}::text[],
      ${column("ethnicity")}::text[], ${column("postcode")}::text[]
    )
  `.execute(db);
}

/** Which of these previous-system references are already on a contact. */
export async function findImportedContactIds(db: Executor, externalIds: readonly string[]): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set();
  const { rows } = await sql<{ external_id: string }>`
    select external_id from contacts where external_id = any(${[...externalIds]}::text[])
  `.execute(db);
  return new Set(rows.map((r) => r.external_id));
}

export interface ImportedContactRow {
  id: string;
  /** The year of the contact's reference (MASH-<year>-<number>), its local received year. */
  reference_year: string;
  external_id: string;
  person_id: string;
  received_at: string;
  source: string;
  state: string;
  outcome: string | null;
  decided_at: string | null;
  primary_need: string | null;
  decision_due_at: string | null;
  machine_version: number;
  /** The machine's snapshot, as JSON text. */
  snapshot: string;
  version: number;
  recorded_at: string;
}

/** Stages the contacts (channel `import`), each numbered from the contact reference sequence in the order given. */
export async function stageImportedContacts(db: Executor, rows: readonly ImportedContactRow[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof ImportedContactRow>(key: K) => rows.map((r) => r[key]);
  await sql`
    insert into import_contacts (
      id, reference, external_id, person_id, received_at, source, channel, state, outcome, decided_at,
      primary_need, decision_due_at, machine_version, snapshot, version, recorded_at, updated_at
    )
    select r.id, 'MASH-' || r.reference_year || '-' || lpad(r.number, greatest(6, length(r.number)), '0'),
      r.external_id, r.person_id, r.received_at, r.source, 'import', r.state, r.outcome, r.decided_at,
      r.primary_need, r.decision_due_at, r.machine_version, r.snapshot::jsonb, r.version, r.recorded_at, r.recorded_at
    -- lpad alone would cut a number of seven digits or more down to six (a repeated reference).
    from (
      select u.*, nextval('contact_reference_seq')::text as number
      from unnest(
        ${column("id")}::text[], ${column("reference_year")}::text[], ${column("external_id")}::text[], ${column("person_id")}::text[],
        ${column("received_at")}::timestamptz[], ${column("source")}::text[], ${column("state")}::text[], ${column("outcome")}::text[],
        ${column("decided_at")}::timestamptz[], ${column("primary_need")}::text[], ${column("decision_due_at")}::timestamptz[],
        ${column("machine_version")}::int[], ${column("snapshot")}::text[], ${column("version")}::int[], ${column("recorded_at")}::timestamptz[]
      ) with ordinality as u (
        id, reference_year, external_id, person_id, received_at, source, state, outcome, decided_at,
        primary_need, decision_due_at, machine_version, snapshot, version, recorded_at, n
      )
      order by u.n
    ) r
  `.execute(db);
}

export interface ImportedEventRow {
  contact_id: string;
  sequence: number;
  type: string;
  /** JSON text. */
  payload: string;
  at: string;
  state_before: string | null;
  state_after: string;
}

/** Events by batched insert (PGlite), into `table` (`eventsTable`). */
export async function stageImportedEvents(db: Executor, rows: readonly ImportedEventRow[], table: "contact_events" | "import_events"): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof ImportedEventRow>(key: K) => rows.map((r) => r[key]);
  await sql`
    insert into ${sql.table(table)} (contact_id, sequence, type, payload, at, state_before, state_after)
    select r.contact_id, r.sequence, r.type, r.payload::jsonb, r.at, r.state_before, r.state_after
    from unnest(
      ${column("contact_id")}::text[], ${column("sequence")}::int[], ${column("type")}::text[], ${column("payload")}::text[],
      ${column("at")}::timestamptz[], ${column("state_before")}::text[], ${column("state_after")}::text[]
    ) as r (contact_id, sequence, type, payload, at, state_before, state_after)
  `.execute(db);
}

// ---------------------------------------------------------------------------------------------
// COPY … FROM STDIN (PostgreSQL through `pg`; PGlite, in this process, has no such stream)
// ---------------------------------------------------------------------------------------------

/** Whether the database takes `COPY … FROM STDIN` through `pg` (PostgreSQL), or is the embedded PGlite (batched inserts). */
export async function canCopyFromStdin(db: Executor): Promise<boolean> {
  const { rows } = await sql<{ version: string }>`select version() as version`.execute(db);
  return !rows[0]!.version.includes("wasm32");
}

const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** One value in COPY's text format: null as `\N`, and backslash, tab, line feed and carriage return escaped. */
export function copyValue(value: string | number | null): string {
  if (value === null) return "\\N";
  const text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : text;
}

/** Rows in COPY's text format: values separated by tabs, one line each. */
export function copyText(rows: readonly (readonly (string | number | null)[])[]): string {
  let text = "";
  for (const row of rows) text += `${row.map(copyValue).join("\t")}\n`;
  return text;
}

/**
 * Sends `text` (COPY text format) with `COPY table (columns) FROM STDIN`, on the connection of `db`
 * (a transaction's own connection: the staging tables are temporary, seen by that session only).
 * Kysely hands the statement to `pg`'s `client.query`, which takes pg-copy-streams' query object
 * like any other and queues it in order with the transaction's statements.
 */
export async function copyIn(db: Executor, table: string, columns: readonly string[], text: string): Promise<number> {
  const statement = `copy ${table} (${columns.map((c) => `"${c}"`).join(", ")}) from stdin`;
  const stream = copyFrom(statement);
  const query = { ...CompiledQuery.raw(statement), sql: stream as unknown as string };
  const result = (await db.executeQuery(query)) as unknown;
  if (!(result && typeof result === "object")) throw new Error("COPY … FROM STDIN needs PostgreSQL through pg");
  const writable: Writable = stream;
  writable.end(text);
  await finished(writable);
  return stream.rowCount;
}

export const STAGED_CONTACT_COPY_COLUMNS = STAGED_CONTACT_COLUMN_NAMES;
export const STAGED_EVENT_COPY_COLUMNS = ["contact_id", "sequence", "type", "payload", "at", "state_before", "state_after"] as const;
export const PEOPLE_COPY_COLUMNS = ["id", "child_id", "first_name", "last_name", "date_of_birth", "expected_date_of_birth", "sex", "ethnicity", "postcode"] as const;

/** `count` numbers from the contact reference sequence, in order (a contact's reference is MASH-<year>-<number>). */
export async function takeReferenceNumbers(db: Executor, count: number): Promise<number[]> {
  if (count === 0) return [];
  const { rows } = await sql<{ n: number }>`select nextval('contact_reference_seq')::int as n from generate_series(1, ${count}::int)`.execute(db);
  return rows.map((r) => r.n).sort((a, b) => a - b);
}

/** A contact's reference from its year and number: MASH-2024-000123 (six digits at least, as the recorded ones). */
export function contactReference(year: string, number: number): string {
  return `MASH-${year}-${String(number).padStart(6, "0")}`;
}

/** Stages contacts by COPY (PostgreSQL), each with the reference number given beside it. */
export async function copyStagedContacts(db: Executor, rows: readonly ImportedContactRow[], numbers: readonly number[]): Promise<void> {
  if (rows.length === 0) return;
  const text = copyText(
    rows.map((r, i) => [
      r.id, contactReference(r.reference_year, numbers[i]!), r.external_id, r.person_id, r.received_at, r.source, "import", r.state, r.outcome,
      r.decided_at, r.primary_need, r.decision_due_at, r.machine_version, r.snapshot, r.version, r.recorded_at, r.recorded_at,
    ]),
  );
  await copyIn(db, "import_contacts", STAGED_CONTACT_COPY_COLUMNS, text);
}

/** Events by COPY (PostgreSQL), into `table` (`eventsTable`). */
export async function copyStagedEvents(db: Executor, rows: readonly ImportedEventRow[], table: "contact_events" | "import_events"): Promise<void> {
  if (rows.length === 0) return;
  const text = copyText(rows.map((r) => [r.contact_id, r.sequence, r.type, r.payload, r.at, r.state_before, r.state_after]));
  await copyIn(db, table, STAGED_EVENT_COPY_COLUMNS, text);
}

/** New people by COPY (PostgreSQL). */
export async function copyPeople(db: Executor, rows: readonly ImportedPersonRow[]): Promise<void> {
  if (rows.length === 0) return;
  const text = copyText(rows.map((r) => PEOPLE_COPY_COLUMNS.map((c) => r[c])));
  await copyIn(db, "people", PEOPLE_COPY_COLUMNS, text);
}
