/**
 * The database's CHECK constraints and the vocabulary (app/vocabulary) agree, on both databases:
 * every constraint that lists codes is read back from pg_constraint and its list compared, as a set,
 * with the vocabulary's codes. A vocabulary change without a migration (or the other way round) fails here.
 */
import { sql } from "kysely";
import { expect, it } from "vitest";
import {
  CHANNELS,
  codesOf,
  CONSENT_STATUSES,
  DISABILITIES,
  ETHNICITIES,
  FACTORS,
  LEVELS_OF_NEED,
  OUTCOMES,
  PRIMARY_NEEDS,
  RAG_RATINGS,
  REFERRAL_SOURCES,
  REQUEST_STATUSES,
  SEXES,
  STEP_DOWN_STATUSES,
} from "../../app/vocabulary";
import { describeOnBothDatabases } from "./databases";

/** Which constraint holds which list. */
const AGREEMENTS: [table: string, constraint: string, codes: readonly (string | number)[]][] = [
  ["contacts", "contacts_source", codesOf(REFERRAL_SOURCES)],
  ["contacts", "contacts_channel", codesOf(CHANNELS)],
  ["contacts", "contacts_outcome", codesOf(OUTCOMES)],
  ["contacts", "contacts_primary_need", codesOf(PRIMARY_NEEDS)],
  ["contacts", "contacts_level_of_need", codesOf(LEVELS_OF_NEED)],
  ["contacts", "contacts_priority", codesOf(RAG_RATINGS)],
  ["contacts", "contacts_consent", codesOf(CONSENT_STATUSES)],
  ["contacts", "contacts_referral_consent", codesOf(CONSENT_STATUSES)],
  ["contacts", "contacts_factors", codesOf(FACTORS)],
  ["people", "people_sex", codesOf(SEXES)],
  ["people", "people_ethnicity", codesOf(ETHNICITIES)],
  ["people", "people_disabilities", codesOf(DISABILITIES)],
  ["information_requests", "information_requests_status", codesOf(REQUEST_STATUSES)],
  ["information_requests", "information_requests_rag", codesOf(RAG_RATINGS)],
  ["step_downs", "step_downs_status", codesOf(STEP_DOWN_STATUSES)],
];

/**
 * The codes a constraint lists, from PostgreSQL's own text of it: `x = ANY (ARRAY['a'::text, …])`,
 * `x IN (1, 2)`, a jsonb array `'["1A", …]'::jsonb` or a text array `ARRAY['NONE'::text, …]` — the
 * first list in the definition (a later `'["21"]'` or `ARRAY['NONE']` is the "on its own" rule).
 */
function listedCodes(definition: string): string[] {
  const jsonb = /'(\[[^']*\])'::jsonb/.exec(definition);
  if (jsonb) return JSON.parse(jsonb[1]!) as string[];
  const array = /ARRAY\[([^\]]*)\]/.exec(definition) ?? /IN \(([^)]*)\)/.exec(definition);
  if (array) {
    const quoted = [...array[1]!.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!);
    return quoted.length > 0 ? quoted : array[1]!.split(",").map((n) => n.trim());
  }
  throw new Error(`No list of codes in ${definition}`);
}

describeOnBothDatabases("the database's CHECK constraints agree with the vocabulary", (t) => {
  it.each(AGREEMENTS)("%s.%s lists exactly the vocabulary's codes", async (table, constraint, codes) => {
    const { rows } = await sql<{ definition: string }>`
      select pg_get_constraintdef(c.oid) as definition
      from pg_constraint c
      join pg_class r on r.oid = c.conrelid
      where c.contype = 'c' and c.conname = ${constraint} and r.relname = ${table}
        and pg_catalog.pg_table_is_visible(r.oid)`.execute(t.handle.db);
    expect(rows).toHaveLength(1);
    const listed = listedCodes(rows[0]!.definition);
    expect(new Set(listed)).toEqual(new Set(codes.map(String)));
    expect(listed).toHaveLength(codes.length);
  });

  it("the new columns have the types the exports read", async () => {
    const { rows } = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select table_name, column_name, data_type from information_schema.columns
      where table_schema = current_schema()
        and (table_name, column_name) in (('people', 'disabilities'), ('contacts', 'duplicate_of_contact_id'),
          ('contacts', 'referral_team'), ('contacts', 'referral_worker'), ('contacts', 'referral_nfa'))
      order by table_name, column_name`.execute(t.handle.db);
    expect(rows.map((r) => [r.table_name, r.column_name, r.data_type])).toEqual([
      ["contacts", "duplicate_of_contact_id", "text"],
      ["contacts", "referral_nfa", "boolean"],
      ["contacts", "referral_team", "text"],
      ["contacts", "referral_worker", "text"],
      ["people", "disabilities", "ARRAY"],
    ]);
  });

  it("refuses codes outside the lists, and NONE beside another disability", async () => {
    const db = t.handle.db;
    const person = (id: string, extra: Record<string, unknown>) =>
      sql`insert into people (id, last_name, sex, ethnicity, disabilities) values (${id}, 'Test', 'F', ${extra.ethnicity ?? null}, ${extra.disabilities ?? []}::text[])`.execute(db);
    await person("vocab-1", { ethnicity: "WBRI", disabilities: ["MOB", "LD"] });
    await person("vocab-2", { disabilities: ["NONE"] });
    await expect(person("vocab-3", { ethnicity: "WHITE" })).rejects.toThrow(/people_ethnicity/);
    await expect(person("vocab-4", { disabilities: ["NONE", "LD"] })).rejects.toThrow(/people_disabilities/);
    await expect(person("vocab-5", { disabilities: ["BLIND"] })).rejects.toThrow(/people_disabilities/);
  });
});
