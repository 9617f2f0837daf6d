/**
 * `npm run bench:queue`: how fast the MASH queue is with a million contacts. Fills a throw-away
 * PostgreSQL schema at TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) with
 * BENCH_CONTACTS contacts (default 1,000,000; about 1–2% open), runs the queue's queries with each
 * filter on pages 1 and 50, prints p50/p95 milliseconds and the plans of the main queries, then
 * drops the schema. Prints figures; nothing here fails on a time.
 */
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { Migrator, sql } from "kysely";
import type { SessionUser } from "../app/auth/lucia.server";
import { readQueue } from "../app/queue/queue.server";
import type { QueueQuery } from "../app/queue/queue.schema";
import { openDatabase } from "../db/client";
import { migrations } from "../db/migrations/index";
import { countQueueFigures, listQueuePage, type QueueCursor, queueCursorOf, type QueueFilter, queueFiguresQuery, queuePageQuery } from "../db/queries/queue";
import { storeMissingLookBacks } from "../db/queries/measures/measures";
import { ensureReferenceData } from "../db/seed/reference-data";

const url = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WORKERS = 40;
const PAGE = 50;
/** BENCH_KEEP=1 keeps the filled schema (its name is printed) and BENCH_SCHEMA=<name> reuses it, to study plans. */
const reuse = process.env.BENCH_SCHEMA;
const keep = Boolean(process.env.BENCH_KEEP || reuse);
const schema = reuse ?? `bench_queue_${randomBytes(4).toString("hex")}`;

const database = await openDatabase({ url, schema, poolSize: 5 });
const { db } = database;
const ms = (since: number) => performance.now() - since;
const fmt = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
/** The machine is shared: every figure is printed beside its load average. */
const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`;

async function timed<T>(run: () => Promise<T>): Promise<{ p50: number; p95: number; last: T }> {
  let last: T = await run(); // warm-up
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    last = await run();
    times.push(ms(t));
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: at(0.5), p95: at(0.95), last };
}

try {
  console.log(`Schema ${schema} at ${database.description}; ${CONTACTS.toLocaleString("en-GB")} contacts, ${RUNS} runs per figure.`);
  if (!reuse) await fill();
  console.log(`Before the measures: ${load()}.`);
  await benchmark();
  console.log(`After the measures: ${load()}.`);
} finally {
  if (!keep) await sql`drop schema ${sql.id(schema)} cascade`.execute(db);
  await database.close();
  console.log(keep ? `\nKept schema ${schema}: drop it with  drop schema ${schema} cascade` : `\nDropped schema ${schema}.`);
}

async function fill() {
  const t = performance.now();
  // Kysely's migrator looks for its own tables in every schema: name this one, or another run's
  // schema (tests, other benchmarks) makes it skip creating them here.
  const migrated = await new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema: schema }).migrateToLatest();
  if (migrated.error) throw migrated.error;
  await ensureReferenceData(db);

  // Workers: 30 screeners and 10 managers.
  await sql`insert into users (id, email, display_name, role, password_hash)
    select 'bu' || g, 'worker' || g || '@bench.example', 'Worker ' || g, case when g <= 30 then 'screener' else 'manager' end, 'x'
    from generate_series(1, ${WORKERS}) g`.execute(db);

  // Children: about one for every 1.8 contacts.
  const people = Math.max(1, Math.floor(CONTACTS / 1.8));
  await sql`insert into people (id, last_name, first_name, sex)
    select 'bp' || g, 'Family' || (g % 5000), 'Child' || g, case when g % 2 = 0 then 'F' else 'M' end
    from generate_series(1, ${people}) g`.execute(db);

  // Contacts over ten years, newest last. The last three days are open; about 1.2% of older ones are
  // still open too (awaiting partners, authorisation …). 40% of children come back within ~3 months.
  const BATCH = 200_000;
  for (let from = 1; from <= CONTACTS; from += BATCH) {
    const to = Math.min(CONTACTS, from + BATCH - 1);
    await sql`
      with g as (
        select g,
               now() - interval '3650 days' * ((${CONTACTS} - g)::float8 / ${CONTACTS}) - interval '1 minute' * floor(random() * 240) as received_at,
               (now() - interval '3650 days' * ((${CONTACTS} - g)::float8 / ${CONTACTS})) > now() - interval '3 days' or random() < 0.012 as open,
               random() as r1, random() as r2, random() as r3, random() as r4
        from generate_series(${from}::int, ${to}::int) g
      )
      insert into contacts (id, reference, person_id, received_at, source, channel, state, outcome, decided_at, priority,
                            allocated_to, machine_version, snapshot, decision_due_at)
      select 'bc' || lpad(g::text, 8, '0'),
             'B-' || g,
             case when open and r4 < 0.15 then null
                  else 'bp' || greatest(1, least(${people}, floor((g - case when r1 < 0.4 then floor(r2 * 30000) else 0 end) / 1.8)::int)) end,
             received_at,
             (array['6','6','6','6','6','6','2A','2A','2A','2A','3A','3B','3E','1A','1A','4','5A','5D','8','9','10'])[1 + floor(r3 * 21)::int],
             'phone',
             case when open then (array['received','received','screening','screening','screening','awaiting_partner_information.outstanding',
                                        'awaiting_partner_information.outstanding','awaiting_partner_information.overdue','ready_for_decision',
                                        'awaiting_authorisation','step_down_offered','immediate_risk'])[1 + floor(r1 * 12)::int]
                  else 'closed' end,
             case when open then null
                  else (array['duplicate','referral','referral','referral','referral','strategy_discussion','early_help','early_help','early_help',
                              'nfa','nfa','nfa','nfa','nfa','nfa','nfa','advice_signpost','advice_signpost','advice_signpost','advice_signpost',
                              'existing_case'])[1 + floor(r2 * 21)::int] end,
             case when open then null else received_at + interval '1 hour' * (r3 * 30) end,
             case when open and r1 < 2.0 / 12 then null else (array['red','amber','amber','green','green','green'])[1 + floor(r4 * 6)::int] end,
             case when not open or r2 < 0.55 then 'bu' || (1 + floor(r3 * ${WORKERS})::int) else null end,
             1,
             '{}'::jsonb,
             case when open then null else date_trunc('day', received_at) + interval '2 days' end
      from g`.execute(db);
    process.stdout.write(`\r  inserted ${to.toLocaleString("en-GB")} contacts`);
  }
  console.log(`\nFilled in ${(ms(t) / 1000).toFixed(1)} s.`);
  // Each contact's stored look-back (repeat contact), as the app stores it when a contact is recorded or linked.
  await storeMissingLookBacks(db);
  // As autovacuum leaves a table in steady use.
  await sql`vacuum analyze contacts`.execute(db);
  await sql`analyze`.execute(db);
}

async function benchmark() {

  const stats = await sql<{ total: number; open: number; overdue: number; repeat_open: number }>`
    select count(*)::int as total, count(*) filter (where outcome is null)::int as open,
           count(*) filter (where outcome is null and decision_due_at <= now())::int as overdue
    from contacts`.execute(db);
  const s = stats.rows[0]!;
  console.log(`Contacts ${s.total.toLocaleString("en-GB")}, open ${s.open.toLocaleString("en-GB")} (${((100 * s.open) / s.total).toFixed(2)}%), overdue ${s.overdue.toLocaleString("en-GB")}.`);

  const me: SessionUser = { id: "bu1", email: "worker1@bench.example", displayName: "Worker 1", role: "screener", agencyCode: null, hubCode: null };
  const now = new Date();
  const filters: { name: string; filter: QueueFilter; query: QueueQuery }[] = [
    { name: "no filter", filter: {}, query: {} },
    { name: "state = screening", filter: { state: "screening" }, query: { state: "screening" } },
    { name: "priority = red", filter: { priority: "red" }, query: { priority: "red" } },
    { name: "source = 6 (police)", filter: { source: "6" }, query: { source: "6" } },
    { name: "allocated to one worker", filter: { allocatedTo: "bu1" }, query: { view: "mine" } },
    { name: "not allocated", filter: { allocatedTo: "none" }, query: { allocated: "none" } },
    { name: "repeat contacts only", filter: { repeatOnly: true }, query: { repeat: "yes" } },
    { name: "police + repeat + not allocated", filter: { source: "6", repeatOnly: true, allocatedTo: "none" }, query: { source: "6", repeat: "yes", allocated: "none" } },
  ];

  console.log(`\nMilliseconds, p50 / p95 of ${RUNS} runs (page size ${PAGE}). "loader" is all the queue page's database work (page, counts, states, my work, workers).`);
  const header = ["filter", "matches", "page 1", "page 50 (cursor)", "page 50 (offset)", "counts (one pass)", "loader page 1", "loader page 50"];
  const table: string[][] = [];
  for (const f of filters) {
    const page1 = await timed(() => listQueuePage(db, f.filter, { pageSize: PAGE }));
    const count = await timed(() => countQueueFigures(db, { filter: f.filter, me: me.id, now }));
    // The position of the last row of page 49, as the "next page" link of page 49 carries it.
    const before50 = await queuePageQuery(db, f.filter, { pageSize: 1, offset: 49 * PAGE - 1 }).execute();
    const cursor: QueueCursor | null = before50[0] ? queueCursorOf(before50[0]) : null;
    const page50 = cursor ? await timed(() => listQueuePage(db, f.filter, { pageSize: PAGE, after: cursor })) : null;
    const offset50 = await timed(() => listQueuePage(db, f.filter, { pageSize: PAGE, offset: 49 * PAGE }));
    const loader1 = await timed(() => readQueue(db, me, f.query, { now }));
    const loader50 = cursor ? await timed(() => readQueue(db, me, { ...f.query, after: cursor, page: 50 }, { now })) : null;
    const pair = (r: { p50: number; p95: number } | null) => (r ? `${fmt(r.p50)} / ${fmt(r.p95)}` : "(fewer than 50 pages)");
    table.push([f.name, count.last.total.toLocaleString("en-GB"), pair(page1), pair(page50), cursor ? pair(offset50) : pair(null), pair(count), pair(loader1), pair(loader50)]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of table) console.log(line(row));

  const explain = async (title: string, rows: Promise<Record<string, unknown>[]>) => {
    console.log(`\nEXPLAIN (ANALYZE, BUFFERS): ${title}`);
    for (const r of await rows) console.log(`  ${String(Object.values(r)[0])}`);
  };
  await explain("the queue, page 1, no filter", queuePageQuery(db, {}, { pageSize: PAGE }).explain("text", sql`analyze, buffers`));
  const first = await listQueuePage(db, {}, { pageSize: PAGE });
  const last = first.rows.at(-1);
  if (last) {
    const after = queueCursorOf(last);
    await explain("the queue, next page by cursor, not allocated", queuePageQuery(db, { allocatedTo: "none" }, { pageSize: PAGE, after }).explain("text", sql`analyze, buffers`));
  }
  await explain("the queue, page 1, repeat contacts only", queuePageQuery(db, { repeatOnly: true }, { pageSize: PAGE }).explain("text", sql`analyze, buffers`));
  await explain("the counts in one pass, repeat contacts only", queueFiguresQuery(db, { filter: { repeatOnly: true }, me: me.id, now }).explain("text", sql`analyze, buffers`));
}
