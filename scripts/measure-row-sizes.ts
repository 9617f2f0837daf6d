/**
 * `npx tsx scripts/measure-row-sizes.ts [--json]`: the bytes each row of the big tables takes on PostgreSQL, for the
 * national arithmetic of docs/scaling.md.
 *
 * In a throw-away schema of TEST_DATABASE_URL: migrations, reference data, the demo's synthetic
 * history (SIZES_CONTACTS_PER_YEAR a year for two years, default 10,000 — every contact driven
 * through the machine, so its events, snapshot, requests and step-downs are as the app writes them),
 * and audit records in the shapes the app writes them: one per change (`contact.<event>`, as the
 * lifecycle service records it), one view of each contact (`contact.viewed`), and 2,000 queue pages
 * listed (`queue.listed`, 25 contacts a page). Then VACUUM ANALYZE, and for each table: rows, the
 * average row (`pg_column_size` of the whole row), heap, indexes and TOAST (`pg_relation_size`,
 * `pg_indexes_size`, `pg_total_relation_size`), and the whole table's bytes per row. Prints a
 * table and, with `--json`, the figures as JSON. `SIZES_KEEP=1` keeps the schema.
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { loadDemoData } from "../app/demo/demo-data.server";
import { openDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { ensureReferenceData } from "../db/seed/reference-data";

const url = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const perYear = Number(process.env.SIZES_CONTACTS_PER_YEAR ?? 10_000);
const keep = process.env.SIZES_KEEP === "1";
const json = process.argv.includes("--json");
const schema = `sizes_${randomBytes(4).toString("hex")}`;

const TABLES = ["contacts", "contact_events", "contact_stage_visits", "information_requests", "step_downs", "people", "audit_events"];

const handle = await openDatabase({ url, schema, poolSize: 3 });
const db = handle.db;
try {
  await sql`create extension if not exists pg_trgm schema public`.execute(db);
  await sql`create extension if not exists fuzzystrmatch schema public`.execute(db);
  await migrateToLatest(db);
  await ensureReferenceData(db);
  const started = Date.now();
  const demo = await loadDemoData(db, { now: new Date("2026-03-31T17:00:00Z"), seed: 11, contactsPerYear: perYear });
  console.error(`demo history: ${demo.contacts.toLocaleString("en-GB")} contacts, ${demo.people.toLocaleString("en-GB")} people in ${((Date.now() - started) / 1000).toFixed(0)} s (schema ${schema})`);

  // The audit trail as the services write it (db/queries/audit.ts recordAudit; details as in
  // app/contacts/lifecycle.server.ts, app/contacts/view.server.ts and app/queue/queue.server.ts).
  await sql`insert into audit_events (actor_user_id, action, subject_type, subject_id, ip_address, details, at)
    select actor_user_id, 'contact.' || lower(type), 'contact', contact_id, '203.0.113.27',
      jsonb_build_object('from', state_before, 'to', split_part(state_after, '.', 1), 'version', sequence), at
    from contact_events`.execute(db);
  await sql`insert into audit_events (actor_user_id, action, subject_type, subject_id, ip_address, details, at)
    select (select id from users where role = 'screener' limit 1), 'contact.viewed', 'contact', id, '203.0.113.27', '{}'::jsonb, received_at
    from contacts`.execute(db);
  await sql`insert into audit_events (actor_user_id, action, ip_address, details, at)
    select (select id from users where role = 'screener' limit 1), 'queue.listed', '203.0.113.27',
      jsonb_build_object('contacts', (select jsonb_agg(id) from (select id from contacts order by md5(id || p::text) limit 25) c), 'page', 1, 'filter', '{}'::jsonb),
      now()
    from generate_series(1, 2000) p`.execute(db);
  for (const table of TABLES) await sql`vacuum analyze ${sql.table(table)}`.execute(db);

  const figures: Record<string, { rows: number; avgRow: number; heap: number; indexes: number; total: number; perRow: number }> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ rows: number; avg_row: number; heap: number; indexes: number; total: number }>`
      select (select count(*) from ${sql.table(table)})::int as rows,
        (select avg(pg_column_size(t.*)) from ${sql.table(table)} t)::float8 as avg_row,
        pg_relation_size(${table})::float8 as heap,
        pg_indexes_size(${table})::float8 as indexes,
        pg_total_relation_size(${table})::float8 as total`.execute(db);
    const r = rows[0]!;
    figures[table] = { rows: r.rows, avgRow: Math.round(r.avg_row), heap: r.heap, indexes: r.indexes, total: r.total, perRow: Math.round(r.total / Math.max(1, r.rows)) };
  }
  const { rows: kinds } = await sql<{ action: string; rows: number; avg_row: number }>`
    select case when action like 'contact.%' and action <> 'contact.viewed' then 'contact.<change>' else action end as action,
      count(*)::int as rows, avg(pg_column_size(a.*))::float8 as avg_row
    from audit_events a group by 1 order by 1`.execute(db);
  const { rows: ratios } = await sql<{ events: number; requests: number; step_downs: number; visits: number; contacts_per_person: number }>`
    select (select count(*) from contact_events)::float8 / c.n as events,
      (select count(*) from information_requests)::float8 / c.n as requests,
      (select count(*) from step_downs)::float8 / c.n as step_downs,
      (select count(*) from contact_stage_visits)::float8 / c.n as visits,
      c.n::float8 / (select count(*) from people) as contacts_per_person
    from (select count(*) as n from contacts) c`.execute(db);

  if (json) {
    console.log(JSON.stringify({ schema, contactsPerYear: perYear, tables: figures, audit: kinds, perContact: ratios[0] }, null, 2));
  } else {
    const kib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
    console.log("table                  rows        avg row   heap        indexes     total       bytes/row (all)");
    for (const [table, f] of Object.entries(figures)) {
      console.log(`${table.padEnd(22)} ${String(f.rows).padStart(9)}   ${String(f.avgRow).padStart(5)} B   ${kib(f.heap).padStart(10)}  ${kib(f.indexes).padStart(10)}  ${kib(f.total).padStart(10)}  ${String(f.perRow).padStart(6)}`);
    }
    console.log("\naudit records by kind (average row):");
    for (const k of kinds) console.log(`  ${k.action.padEnd(20)} ${String(k.rows).padStart(9)}  ${Math.round(k.avg_row)} B`);
    const p = ratios[0]!;
    console.log(`\nper contact: ${p.events.toFixed(2)} events, ${p.visits.toFixed(2)} stage visits, ${p.requests.toFixed(2)} information requests, ${p.step_downs.toFixed(3)} step-downs; ${p.contacts_per_person.toFixed(2)} contacts a person`);
  }
} finally {
  if (keep) console.error(`kept schema ${schema}`);
  else await sql`drop schema ${sql.id(schema)} cascade`.execute(db);
  await handle.close();
}
