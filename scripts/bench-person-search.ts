/**
 * `npm run bench:person-search`: how fast finding a child is with many people on file. Loads N
 * synthetic people (BENCH_PEOPLE, default 1,000,000) into a throw-away schema of the PostgreSQL at
 * TEST_DATABASE_URL (migrated, so with the search indexes of migration 0004), runs a set of
 * searches several times through the same service the app uses, and prints p50/p95 times, the
 * candidates found and the plan of one search. Drops the schema at the end. Prints figures; nothing
 * here fails on a time.
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { personSearchQuery, searchPeople } from "../app/people/search.server";
import { type DatabaseHandle, openDatabase } from "../db/client";
import { migrations } from "../db/migrations/index";
import { personCandidatesQuery } from "../db/queries/people";

const URL_ = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const N = Number(process.env.BENCH_PEOPLE ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BATCH = 10_000;
const schema = `bench_people_${randomBytes(4).toString("hex")}`;

// ---- synthetic people ---------------------------------------------------------------------

/** Mulberry32: the same people every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20260301);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

// Common surnames weighted 1/√rank, a quarter of people (Smith then ≈ 1.2%, as in England), then a long tail of rarer made-up ones.
const COMMON_SURNAMES = `Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker White Edwards Hughes Green Hall
Lewis Harris Clarke Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker
Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Marshall Anderson Simpson Ellis Adams
Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins
Murray Dixon Harvey Pengelly Trewin Coombes Luscombe Passmore Vosper Squire Snell Northcott Yeo Bowden Tucker Hooper Khan Ahmed Ali Hussain Patel Singh Shah
Rahman Nowak Kaczmarek Popescu Okafor Adeyemi Mensah Osei Chen Wang Li Zhang Campbell Francis Grant Henry Reid`.split(/\s+/);
const SYLLABLES = ["ash", "bur", "cal", "dor", "ell", "fen", "gar", "hol", "ing", "ker", "lan", "mor", "nor", "pen", "quin", "ros", "sel", "tre", "vin", "wyn", "by", "ton", "ley", "ham", "ford", "well", "worth", "combe", "den", "field"];
const RARE_SURNAMES = Array.from({ length: 40_000 }, (_, i) => {
  const a = SYLLABLES[i % SYLLABLES.length]!;
  const b = SYLLABLES[Math.floor(i / SYLLABLES.length) % SYLLABLES.length]!;
  const c = SYLLABLES[Math.floor(i / SYLLABLES.length ** 2) % SYLLABLES.length]!;
  const word = `${a}${b}${i >= SYLLABLES.length ** 2 ? c : ""}`;
  return word.charAt(0).toUpperCase() + word.slice(1);
});
const zipf = COMMON_SURNAMES.map((_, i) => 1 / Math.sqrt(i + 1));
const zipfTotal = zipf.reduce((a, b) => a + b, 0);
function surname(): string {
  if (random() < 0.25) {
    let r = random() * zipfTotal;
    for (let i = 0; i < zipf.length; i++) {
      r -= zipf[i]!;
      if (r <= 0) return COMMON_SURNAMES[i]!;
    }
  }
  return pick(RARE_SURNAMES);
}
const FIRST_NAMES = `Oliver George Harry Jack Jacob Noah Charlie Thomas Oscar William James Leo Alfie Henry Joshua Freddie Archie Ethan Isaac Alexander Joseph Edward
Samuel Max Logan Lucas Daniel Theo Arthur Harrison Benjamin Mason Finley Sebastian Adam Dylan Zachary Riley Teddy Elijah Jake Toby Louie Reuben Arlo Hugo Albert
Tommy Ollie Kai Ronnie Tyler Callum Kieran Liam Connor Ryan Lewis Bradley Jordan Nathan Aaron Luke Kyle Jayden Rory Elliot Stanley Bobby Reggie Alfred John Bill
Olivia Amelia Isla Ava Emily Isabella Mia Poppy Ella Lily Sophia Grace Freya Evie Charlotte Florence Ivy Willow Sophie Daisy Sienna Jessica Alice Phoebe Matilda
Ruby Rosie Elsie Evelyn Harper Millie Chloe Scarlett Erin Esme Emilia Maisie Eliza Lucy Holly Lola Eva Layla Hannah Megan Katie Lauren Amber Bethany Leah Abigail
Elizabeth Liz Beth Catherine Kate Muhammad Mohammed Ibrahim Yusuf Aisha Fatima Maryam Zara Jakub Zofia Amara Chidi Mei Marcus Aaliyah`.split(/\s+/);
const DISTRICTS = ["EX1", "EX2", "EX4", "EX8", "EX16", "EX32", "EX39", "PL1", "PL4", "PL21", "TQ1", "TQ2", "TQ4", "TQ12", "TQ14", "EX10", "EX14", "EX20", "EX31", "EX34"];
const INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";

function nhsNumber(): string {
  for (;;) {
    // 99… numbers: the test range, and room for 10 million of them.
    const digits = [9, 9, ...Array.from({ length: 7 }, () => Math.floor(random() * 10))];
    const sum = digits.reduce((s, d, i) => s + d * (10 - i), 0);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    return digits.join("") + String(check === 11 ? 0 : check);
  }
}

function isoDay(day: number): string {
  return new Date(Date.UTC(2008, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
}

interface PersonRow {
  id: string;
  first_name: string;
  last_name: string;
  date_of_birth: string;
  sex: string;
  postcode: string;
  nhs_number: string | null;
}

function person(i: number): PersonRow {
  const sex = random() < 0.5 ? "F" : "M";
  return {
    id: `bench-${i}`,
    first_name: pick(FIRST_NAMES),
    last_name: surname(),
    date_of_birth: isoDay(Math.floor(random() * 18 * 365)),
    sex,
    postcode: `${pick(DISTRICTS)} ${1 + Math.floor(random() * 9)}${pick([...INWARD_LETTERS])}${pick([...INWARD_LETTERS])}`,
    nhs_number: random() < 0.9 ? nhsNumber() : null,
  };
}

// ---- the run ------------------------------------------------------------------------------

const ms = (since: number) => performance.now() - since;
const fmt = (n: number) => n.toLocaleString("en-GB");

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

let handle: DatabaseHandle | undefined;
try {
  console.log(`PostgreSQL at ${new URL(URL_).host}, schema ${schema}; ${fmt(N)} people, ${ROUNDS} rounds of searches.`);
  handle = await openDatabase({ url: URL_, schema, poolSize: 2 });
  const { db } = handle;
  // The migrations' own `up`s, not Kysely's Migrator: its tables in this schema would be seen by
  // other processes' Migrators (it looks for them in every schema) while this runs.
  for (const name of Object.keys(migrations).sort()) await migrations[name]!.up(db);
  const version = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db);
  console.log(`server version ${version.rows[0]?.v}; migrated.`);

  let t = performance.now();
  const known: PersonRow[] = [];
  for (let start = 0; start < N; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, N - start) }, (_, k) => person(start + k));
    if (start === 0) known.push(...rows.slice(0, 50));
    const col = <K extends keyof PersonRow>(k: K) => rows.map((r) => r[k]);
    // One statement per batch of 10,000, arrays unnested server-side: close to COPY without a COPY client.
    await sql`
      insert into people (id, first_name, last_name, date_of_birth, sex, postcode, nhs_number)
      select * from unnest(${col("id")}::text[], ${col("first_name")}::text[], ${col("last_name")}::text[],
        ${col("date_of_birth")}::date[], ${col("sex")}::text[], ${col("postcode")}::text[], ${col("nhs_number")}::text[])
    `.execute(db);
    if ((start / BATCH) % 20 === 19) process.stdout.write(`  ${fmt(start + BATCH)} people…\n`);
  }
  const insertMs = ms(t);
  console.log(`inserted ${fmt(N)} people with the search indexes in place: ${(insertMs / 1000).toFixed(1)} s (${fmt(Math.round(N / (insertMs / 1000)))} a second)`);
  t = performance.now();
  // What autovacuum does after a bulk load: statistics, and the visibility map the index-only scans rely on.
  await sql`vacuum analyze people`.execute(db);
  await sql`vacuum analyze surnames`.execute(db);
  const distinct = await sql<{ n: number }>`select count(*)::int as n from surnames`.execute(db);
  console.log(`vacuum analyze: ${(ms(t) / 1000).toFixed(1)} s; ${fmt(distinct.rows[0]?.n ?? 0)} distinct surnames`);

  const sizes = await sql<{ name: string; size: string }>`
    select c.relname as name, pg_size_pretty(pg_relation_size(c.oid)) as size
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and (c.relname in ('people', 'surnames') or c.relname like 'people\\_%' or c.relname like 'surnames\\_%')
    order by pg_relation_size(c.oid) desc
  `.execute(db);
  console.log(`sizes: ${sizes.rows.map((r) => `${r.name} ${r.size}`).join(", ")}`);

  // Searches as a screener types them: misspellings, nicknames, swapped names, exact identifiers.
  const a = known[0]!;
  const b = known[1]!;
  const c = known[2]!;
  const misspell = (s: string) => s.replace(/[aeiou](?=[^aeiou]*$)/, (v) => ({ a: "e", e: "a", i: "y", o: "a", u: "o" })[v] ?? v);
  const searches: { label: string; criteria: Parameters<typeof searchPeople>[1] }[] = [
    { label: "Jon Smyth", criteria: { firstName: "Jon", lastName: "Smyth" } },
    { label: "Smyth (surname only)", criteria: { lastName: "Smyth" } },
    { label: "Bill Brown", criteria: { firstName: "Bill", lastName: "Brown" } },
    { label: "Liz Jones", criteria: { firstName: "Liz", lastName: "Jones" } },
    { label: "Mohamed Khan", criteria: { firstName: "Mohamed", lastName: "Khan" } },
    { label: "Taylor Ava (swapped)", criteria: { firstName: "Taylor", lastName: "Ava" } },
    { label: "Katie Wiliams", criteria: { firstName: "Katie", lastName: "Wiliams" } },
    { label: "Thompson + DOB", criteria: { lastName: "Thomson", dateOfBirth: "2015-03-27" } },
    { label: "known A, misspelt", criteria: { firstName: a.first_name, lastName: misspell(a.last_name) } },
    { label: "known A, names swapped", criteria: { firstName: a.last_name, lastName: a.first_name } },
    { label: "known B, all details", criteria: { firstName: b.first_name, lastName: b.last_name, dateOfBirth: b.date_of_birth, postcode: b.postcode } },
    { label: "known B, DOB + postcode", criteria: { dateOfBirth: b.date_of_birth, postcode: b.postcode.replace(" ", "").toLowerCase() } },
    { label: "known C, NHS number", criteria: { nhsNumber: c.nhs_number ?? "9434765919" } },
    { label: "known C, surname + NHS", criteria: { lastName: c.last_name, nhsNumber: c.nhs_number ?? "9434765919" } },
    { label: "rare surname", criteria: { lastName: known.find((p) => !COMMON_SURNAMES.includes(p.last_name))?.last_name ?? "Ashbur" } },
    { label: "rare surname misspelt", criteria: { lastName: misspell(known.find((p) => !COMMON_SURNAMES.includes(p.last_name))?.last_name ?? "Ashbur") } },
    { label: "Pengelley", criteria: { lastName: "Pengelley" } },
    { label: "Ollie Harris + postcode", criteria: { firstName: "Ollie", lastName: "Harris", postcode: "EX1 1AA" } },
    { label: "Li (short surname)", criteria: { lastName: "Li" } },
    { label: "unknown surname", criteria: { firstName: "Wilhelmina", lastName: "Quarrington" } },
  ];

  // Warm the cache once, then time every search ROUNDS times.
  for (const s of searches) await searchPeople(db, s.criteria);
  const times: number[] = [];
  const perSearch = new Map<string, { times: number[]; found: number; top: string }>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of searches) {
      const start = performance.now();
      const found = await searchPeople(db, s.criteria);
      const elapsed = ms(start);
      times.push(elapsed);
      const entry = perSearch.get(s.label) ?? { times: [], found: found.length, top: found[0] ? `${found[0].firstName} ${found[0].lastName}: ${found[0].reasons.join("; ")}` : "(none)" };
      entry.times.push(elapsed);
      perSearch.set(s.label, entry);
    }
  }
  console.log(`\n${searches.length} searches × ${ROUNDS} rounds (each through searchPeople: name variants, candidates, scores, last contact):`);
  for (const [label, e] of perSearch) {
    console.log(`  ${label.padEnd(26)} p50 ${percentile(e.times, 50).toFixed(1).padStart(6)} ms   ${String(e.found).padStart(2)} shown   top: ${e.top}`);
  }
  console.log(`\nall searches: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`);

  const explained = searches.find((s) => s.label === (process.env.BENCH_EXPLAIN ?? "Jon Smyth")) ?? searches[0]!;
  const prepared = await personSearchQuery(db, explained.criteria);
  const query = personCandidatesQuery(prepared!.query, 20)!;
  const plan = await sql<{ "QUERY PLAN": string }>`explain (analyze, buffers, costs off) ${query}`.execute(db);
  console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the candidates query for "${explained.label}" (set BENCH_EXPLAIN to another label):`);
  for (const row of plan.rows) console.log(`  ${row["QUERY PLAN"]}`);
} finally {
  if (handle) {
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(handle.db).catch((e) => console.error(`could not drop schema ${schema}: ${e}`));
    await handle.close();
    console.log(`\ndropped schema ${schema}.`);
  }
}
