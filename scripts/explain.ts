/**
 * `npm run explain`: EXPLAIN (ANALYZE, BUFFERS) of every hot query, written to docs/plans/<page>.txt
 * (committed, so a changed plan shows in review; issue 13, item 4). Each page's service — the queue
 * with each filter, the contact page, the partner inbox, the hub list, oversight, the twelve-month
 * measures and dashboard, person search — is run once against a generated database with every
 * statement it sends recorded (Kysely's query log); each reading statement is then explained with the
 * same parameters (statements that write, such as the audit of a view, are listed without a plan).
 *
 * The database: EXPLAIN_SCHEMA=<name> (a schema kept by `BENCH_KEEP=1 npm run bench`) at
 * BENCH_DATABASE_URL / TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), else a
 * throw-away schema filled by the generator with EXPLAIN_CONTACTS contacts (default 1,000,000).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { Kysely, Migrator, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { SessionUser } from "../app/auth/session-user";
import { viewContact } from "../app/contacts/view.server";
import { generateHistory } from "../app/generate/generate.server";
import { listAgencyInformationRequests } from "../app/information-requests/information-requests.server";
import { readDashboard } from "../app/measures/dashboard.server";
import { searchPeople } from "../app/people/search.server";
import { readOversight } from "../app/queue/oversight.server";
import { readQueue } from "../app/queue/queue.server";
import type { QueueQuery } from "../app/queue/queue.schema";
import { listHubStepDowns } from "../app/step-downs/step-downs.server";
import { migrations } from "../db/migrations/index";
import { listAllocatableWorkers } from "../db/queries/queue";
import { ensureReferenceData } from "../db/seed/reference-data";
import type { Database } from "../db/schema";

const url =
  process.env.BENCH_DATABASE_URL ||
  process.env.TEST_DATABASE_URL ||
  "postgres://postgres@127.0.0.1:5432/test";
const reuse = process.env.EXPLAIN_SCHEMA;
const CONTACTS = Number(process.env.EXPLAIN_CONTACTS ?? 1_000_000);
const schema = reuse ?? `explain_${randomBytes(4).toString("hex")}`;
const OUT = join(import.meta.dirname, "..", "docs", "plans");

interface Statement {
  sql: string;
  parameters: readonly unknown[];
}
let recording: Statement[] | null = null;
const pool = new pg.Pool({
  connectionString: url,
  max: 4,
  options: `-c search_path="${schema}",public`,
});
const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool }),
  log: (event) => {
    if (event.level === "query")
      recording?.push({
        sql: event.query.sql,
        parameters: event.query.parameters,
      });
  },
});

try {
  if (!reuse) {
    await pool.query(`create schema if not exists "${schema}"`);
    await sql`create extension if not exists pg_trgm schema public`.execute(db);
    await sql`create extension if not exists fuzzystrmatch schema public`.execute(
      db
    );
    const migrated = await new Migrator({
      db,
      provider: { getMigrations: async () => migrations },
      migrationTableSchema: schema,
    }).migrateToLatest();
    if (migrated.error) throw migrated.error;
    await ensureReferenceData(db);
    const t = Date.now();
    await generateHistory(db, {
      contacts: CONTACTS,
      years: 10,
      seed: 1,
      now: new Date(),
    });
    await sql`vacuum analyze people, contacts, contact_events, contact_stage_visits, information_requests, step_downs, users`.execute(
      db
    );
    console.log(
      `Generated ${CONTACTS.toLocaleString("en-GB")} contacts in ${(
        (Date.now() - t) /
        1000
      ).toFixed(0)} s.`
    );
  }
  await explainAll();
} finally {
  if (!reuse) await sql`drop schema ${sql.id(schema)} cascade`.execute(db);
  await db.destroy();
}

async function explainAll() {
  const { rows: counts } = await sql<{
    contacts: number;
    open: number;
    people: number;
  }>`
    select (select count(*)::int from contacts) as contacts, (select count(*)::int from contacts where outcome is null) as open, (select count(*)::int from people) as people`.execute(
    db
  );
  const about = `${counts[0]!.contacts.toLocaleString(
    "en-GB"
  )} generated contacts (${counts[0]!.open.toLocaleString(
    "en-GB"
  )} open), ${counts[0]!.people.toLocaleString("en-GB")} children`;
  const userOf = async (
    role: string,
    extra: { agencyCode?: string; hubCode?: string } = {}
  ): Promise<SessionUser> => {
    let query = db
      .selectFrom("users")
      .select([
        "id",
        "email",
        "display_name",
        "role",
        "agency_code",
        "hub_code",
      ])
      .where("role", "=", role as never);
    if (extra.agencyCode)
      query = query.where("agency_code", "=", extra.agencyCode);
    if (extra.hubCode) query = query.where("hub_code", "=", extra.hubCode);
    const u = await query.orderBy("email").executeTakeFirstOrThrow();
    return {
      id: u.id,
      email: u.email,
      displayName: u.display_name,
      role: u.role,
      agencyCode: u.agency_code,
      hubCode: u.hub_code,
    };
  };
  const screener = await userOf("screener");
  const manager = await userOf("manager");
  const police = (await userOf("partner", {
    agencyCode: "police",
  })) as SessionUser & { agencyCode: string };
  const north = (await userOf("early_help", {
    hubCode: "north",
  })) as SessionUser & { hubCode: string };
  const now = new Date();
  const londonDate = (d: Date) =>
    new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(d);
  const period = {
    from: londonDate(new Date(now.getTime() - 364 * 86_400_000)),
    to: londonDate(now),
  };
  const { rows: picked } = await sql<{ open: string; closed: string }>`
    select (select id from contacts where outcome is null order by reference limit 1) as open,
           (select id from contacts where outcome is not null order by reference desc limit 1) as closed`.execute(
    db
  );
  const person = (
    await sql<{
      first_name: string;
      last_name: string;
      date_of_birth: string | null;
    }>`
    select first_name, last_name, date_of_birth::text from people where first_name is not null and date_of_birth is not null order by id limit 1`.execute(
      db
    )
  ).rows[0]!;

  const queue = (file: string, name: string, query: QueueQuery) =>
    [
      `queue-${file}`,
      `the queue, ${name}`,
      () => readQueue(db, screener, query, { now, ipAddress: null }),
    ] as const;
  const pages: (readonly [string, string, () => Promise<unknown>])[] = [
    queue("no-filter", "no filter", {}),
    queue("state-screening", "state = screening", { state: "screening" }),
    queue("priority-red", "priority = red", { priority: "red" }),
    queue("source-police", "source = police (6)", { source: "6" }),
    queue("my-work", "my work", { view: "mine" }),
    queue("not-allocated", "not allocated", { allocated: "none" }),
    queue("repeat-contacts", "repeat contacts only", { repeat: "yes" }),
    queue("immediate-risk", "at immediate risk", { risk: "yes" }),
    queue("bounce-backs", "bounce-backs", { bounce: "yes" }),
    queue("overdue", "overdue", { overdue: "yes" }),
    [
      "contact-open",
      "the contact page, an open contact",
      async () => {
        await viewContact(db, screener, picked[0]!.open, null);
        await listAllocatableWorkers(db);
      },
    ],
    [
      "contact-closed",
      "the contact page, a closed contact",
      () => viewContact(db, screener, picked[0]!.closed, null),
    ],
    [
      "partner-inbox",
      "the partner inbox (police), page 1",
      () =>
        listAgencyInformationRequests(db, {
          user: police,
          page: 1,
          pageSize: 50,
          ipAddress: null,
          now,
        }),
    ],
    [
      "hub-list",
      "the hub list (North), page 1",
      () =>
        listHubStepDowns(db, {
          user: north,
          page: 1,
          pageSize: 50,
          ipAddress: null,
        }),
    ],
    [
      "oversight",
      "oversight (a manager's page)",
      () => readOversight(db, manager, { now, ipAddress: null }),
    ],
    [
      "measures",
      `the dashboard: twelve-month measures (${period.from} – ${period.to})`,
      () => readDashboard(db, period),
    ],
    [
      "person-search",
      "person search by name and date of birth",
      () =>
        searchPeople(db, {
          firstName: person.first_name,
          lastName: person.last_name,
          dateOfBirth: person.date_of_birth,
        }),
    ],
  ];

  mkdirSync(OUT, { recursive: true });
  for (const [file, title, run] of pages) {
    await run(); // warm the cache, as a page in steady use
    recording = [];
    await run();
    const statements = recording;
    recording = null;
    let text = `${title}\nEXPLAIN (ANALYZE, BUFFERS) of each statement the page's service sends, in order (\`npm run explain\`).\n`;
    text += `Database: ${about}; PostgreSQL ${
      (
        await sql<{
          v: string;
        }>`select current_setting('server_version') as v`.execute(db)
      ).rows[0]!.v
    }; ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}.\n`;
    // One connection, following the service's transactions (begin, its settings, commit), so each
    // statement is explained under the settings it ran with (e.g. the measures' work_mem).
    const client = await pool.connect();
    try {
      for (const [i, statement] of statements.entries()) {
        text += `\n-- ${i + 1}. ${statement.sql.replace(/\s+/g, " ").trim()}\n`;
        if (statement.parameters.length > 0)
          text += `-- parameters: ${JSON.stringify(
            statement.parameters.map(describeParameter)
          )}\n`;
        if (
          /^\s*(begin|commit|rollback|set|savepoint|release)\b/i.test(
            statement.sql
          ) ||
          /^\s*select set_config\(/i.test(statement.sql)
        ) {
          await client.query({
            text: statement.sql,
            values: statement.parameters as unknown[],
          });
          text += "(transaction control or a setting: run, not explained)\n";
          continue;
        }
        if (
          !/^\s*(select|with)\b/i.test(statement.sql) ||
          /\b(insert\s+into|update\s+\S+\s+set|delete\s+from)\b/i.test(
            statement.sql
          )
        ) {
          text += "(writes: not explained)\n";
          continue;
        }
        const { rows } = await client.query<{ "QUERY PLAN": string }>({
          text: `explain (analyze, buffers) ${statement.sql}`,
          values: statement.parameters as unknown[],
        });
        text += `${rows.map((r) => r["QUERY PLAN"]).join("\n")}\n`;
      }
    } finally {
      await client.query("rollback").catch(() => {});
      client.release();
    }
    writeFileSync(join(OUT, `${file}.txt`), text);
    console.log(`docs/plans/${file}.txt: ${statements.length} statements`);
  }
}

/** Long parameters (ids, JSON) shortened; dates as ISO text. */
function describeParameter(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string" && value.length > 60)
    return `${value.slice(0, 57)}…`;
  return value;
}
