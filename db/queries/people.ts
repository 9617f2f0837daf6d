/**
 * People (the children contacts are about): finding them, creating them, merging duplicates and
 * their chronology. The search expressions here are the ones migration 0004 indexes
 * (lower(last_name) trigram, dmetaphone(last_name), upper(replace(postcode, ' ', '')), …):
 * change both together.
 */
import { type Insertable, type RawBuilder, sql } from "kysely";
import type { PeopleTable, PersonMergesTable, Sex } from "../schema";
import type { Executor } from "../executor";

// ---------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------

/** What to look for, already normalised (see app/people/search.server.ts). */
export interface PersonSearchQuery {
  /** Lower case, trimmed. */
  firstName: string | null;
  /** Lower case, trimmed. */
  lastName: string | null;
  /** `YYYY-MM-DD`. */
  dateOfBirth: string | null;
  /** Upper case, no spaces ("EX11AA"). */
  postcode: string | null;
  /** 10 digits. */
  nhsNumber: string | null;
  /** Lower-case first names that are forms of `firstName` directly: its short forms and spellings, or the full name it is a short form of. */
  firstNameVariants: string[];
  /** Lower-case first names that are other forms of the same full name ("Jack" for "Jon": both forms of John). */
  firstNameRelated?: string[];
}

/** How a surname matched: exactly, by sound (Double Metaphone, and close in spelling), or by spelling (trigrams). */
export type SurnameMatch = "exact" | "sound" | "similar";
/** How a first name matched: exactly, a known variant (Bill/William, or Jack/Jon as forms of John), by sound, or nearly the same spelling. */
export type FirstNameMatch = "exact" | "variant" | "sound" | "close";

/** One candidate with how each criterion matched; app/people/search.server.ts turns these into words. */
export interface PersonCandidateRow {
  id: string;
  child_id: string | null;
  first_name: string | null;
  last_name: string;
  date_of_birth: string | null;
  expected_date_of_birth: string | null;
  sex: Sex;
  postcode: string | null;
  nhs_number: string | null;
  nhs_match: boolean;
  nhs_conflict: boolean;
  dob_match: boolean;
  dob_conflict: boolean;
  postcode_match: boolean;
  /** The recorded surname against the surname searched. */
  last_match: SurnameMatch | null;
  /** The recorded first name against the first name searched. */
  first_match: FirstNameMatch | null;
  /** Names swapped: the recorded first name against the surname searched … */
  swapped_last_match: SurnameMatch | null;
  /** … and the recorded surname against the first name searched. */
  swapped_first_match: FirstNameMatch | null;
  names_swapped: boolean;
  score: number;
  /** How many people matched in all (of whom these are the best `limit`). */
  found: number;
  contact_count: number;
  last_contact_id: string | null;
  last_contact_reference: string | null;
  last_contact_received_at: Date | null;
  last_contact_outcome: string | null;
  last_contact_state: string | null;
}

/** Trigram similarity at or above this counts as "spelt alike" (pg_trgm's default for `%`, which the index serves). */
export const SIMILARITY_THRESHOLD = 0.3;

/** Edits allowed between two names that sound alike (or two first names spelt nearly alike): 1 for short names, more for long ones. */
export function editsAllowed(name: string): number {
  return Math.max(1, Math.floor(name.length / 3));
}

type Case = { when: RawBuilder<unknown>; kind: string; score: RawBuilder<unknown> | number };

/** A CASE giving the score, and one giving the kind, from the same conditions in the same order (first true wins). */
function match(cases: Case[]) {
  const score = sql`(case ${sql.join(cases.map((c) => sql`when ${c.when} then ${typeof c.score === "number" ? sql.lit(c.score) : c.score}`), sql` `)} else 0 end)::float8`;
  const kind = sql`(case ${sql.join(cases.map((c) => sql`when ${c.when} then ${sql.lit(c.kind)}`), sql` `)} end)`;
  return { score, kind };
}

/** `column` (a name column of people, e.g. p.last_name) against a searched surname, lower case. */
function surnameMatch(column: RawBuilder<unknown>, given: string) {
  const name = sql`lower(${column})`;
  return match([
    { when: sql`${name} = ${given}`, kind: "exact", score: 35 },
    {
      when: sql`levenshtein(left(${name}, 100), ${given}) <= ${sql.lit(editsAllowed(given) + 1)} and dmetaphone(${column}) = dmetaphone(${given})`,
      kind: "sound",
      score: 25,
    },
    { when: sql`similarity(${name}, ${given}) >= ${sql.lit(SIMILARITY_THRESHOLD)}`, kind: "similar", score: sql`10 + 15 * similarity(${name}, ${given})` },
  ]);
}

/** `column` against a searched first name, lower case, with its known variants. */
function firstNameMatch(column: RawBuilder<unknown>, given: string, variants: string[], related: string[]) {
  const name = sql`lower(${column})`;
  const cases: Case[] = [{ when: sql`${name} = ${given}`, kind: "exact", score: 20 }];
  if (variants.length) cases.push({ when: sql`${name} = any(${toTextArray(variants)})`, kind: "variant", score: 15 });
  cases.push({
    when: sql`levenshtein(left(${name}, 100), ${given}) <= ${sql.lit(editsAllowed(given) + 1)} and dmetaphone(${column}) = dmetaphone(${given})`,
    kind: "sound",
    score: 12,
  });
  if (related.length) cases.push({ when: sql`${name} = any(${toTextArray(related)})`, kind: "variant", score: 10 });
  cases.push({ when: sql`levenshtein(left(${name}, 100), ${given}) <= ${sql.lit(editsAllowed(given))}`, kind: "close", score: 8 });
  return match(cases);
}

/**
 * People who may be the child searched for, best first, at most `limit`. Merged-away records are
 * never returned. Surnames alike are found among the distinct surnames on record (table
 * `surnames`), then the people bearing them from a covering index, with those found by NHS
 * number, date of birth or postcode; each distinct surname and first name is scored once:
 * NHS number 100 · date of birth 30 · postcode 15 ·
 * surname 35 exact, 25 sounds alike (and close in spelling), 10–25 spelt alike (trigrams) ·
 * first name 20 exact, 15 a variant, 12 sounds alike, 10 another form of the same name, 8 nearly the same ·
 * or the two names matched the other way round (2 less) · a different NHS number −50 · a different date of birth −10.
 * A candidate is shown when its NHS number matches, its surname matches (either way round), or
 * two of first name, date of birth and postcode match.
 */
export async function findPersonCandidates(db: Executor, q: PersonSearchQuery, limit: number): Promise<PersonCandidateRow[]> {
  const query = personCandidatesQuery(q, limit);
  if (!query) return [];
  const result = await query.execute(db);
  return result.rows.map((row) => ({ ...row, score: Number(row.score), found: Number(row.found), contact_count: Number(row.contact_count) }));
}

/** The SQL of `findPersonCandidates` (for EXPLAIN in scripts/bench-person-search.ts); null when there is nothing to search on. */
export function personCandidatesQuery(q: PersonSearchQuery, limit: number): RawBuilder<PersonCandidateRow> | null {
  const last = q.lastName ? q.lastName.slice(0, 100) : null;
  const first = q.firstName ? q.firstName.slice(0, 100) : null;
  if (!last && !q.nhsNumber && !(q.dateOfBirth || q.postcode)) return null;
  const no = sql`false`;
  const zero = sql`0::float8`;
  const nothing = sql`null::text`;

  // 1. Surnames on record alike to the surname searched (straight) or to the first name searched
  //    (names swapped), each scored once, however many people bear it.
  const surnameWhere: RawBuilder<unknown>[] = [];
  if (last) surnameWhere.push(sql`n.name % ${last}`, sql`dmetaphone(n.name) = dmetaphone(${last})`);
  if (last && first) surnameWhere.push(sql`n.name % ${first}`, sql`dmetaphone(n.name) = dmetaphone(${first})`);
  const straight = last ? surnameMatch(sql.ref("n.name"), last) : { score: zero, kind: nothing };
  const swapped = last && first ? firstNameMatch(sql.ref("n.name"), first, [], []) : { score: zero, kind: nothing };
  const surnames = surnameWhere.length
    ? sql`
      select s.* from (
        select n.name, ${straight.score} as last_score, ${straight.kind} as last_match,
          ${swapped.score} as swapped_first_score, ${swapped.kind} as swapped_first_match
        from surnames n
        where ${sql.join(surnameWhere, sql` or `)}
      ) s
      where s.last_score > 0 or s.swapped_first_score > 0`
    : sql`select null::text as name, 0::float8 as last_score, null::text as last_match, 0::float8 as swapped_first_score, null::text as swapped_first_match where false`;

  // 2. The people who may be the child: by those surnames (read from the covering index
  //    people_last_name_search), and by NHS number, date of birth or postcode. Merged-away records never.
  //    Each person once: a way leaves out the people an earlier way found (a `union` sorted every
  //    candidate to remove the repeats: a quarter of the search for a common surname).
  const columns = sql`p.id, p.first_name, lower(p.last_name) as last_lower, p.date_of_birth, p.postcode, p.nhs_number`;
  const found: RawBuilder<unknown>[] = [];
  if (surnameWhere.length) found.push(sql`lower(p.last_name) in (select name from matched_surnames)`);
  if (q.nhsNumber) found.push(sql`p.nhs_number = ${q.nhsNumber}`);
  if (q.dateOfBirth) found.push(sql`p.date_of_birth = ${q.dateOfBirth}::date`);
  if (q.postcode) found.push(sql`upper(replace(p.postcode, ' ', '')) = ${q.postcode}`);
  const ways = found.map((way, i) => {
    const earlier = found.slice(0, i).map((w) => sql`and not coalesce(${w}, false)`);
    return sql`select ${columns} from people p where ${way} and p.merged_into_id is null ${sql.join(earlier, sql` `)}`;
  });

  // 3. First names among them, each scored once: against the first name searched, and (names swapped) against the surname searched.
  const firstVsFirst = first ? firstNameMatch(sql.ref("f.first_name"), first, q.firstNameVariants, q.firstNameRelated ?? []) : { score: zero, kind: nothing };
  const firstVsLast = last && first ? surnameMatch(sql.ref("f.first_name"), last) : { score: zero, kind: nothing };

  return sql<PersonCandidateRow>`
    with matched_surnames as materialized (
      ${surnames}
    ),
    candidates as materialized (
      ${sql.join(ways, sql` union all `)}
    ),
    first_names as materialized (
      select f.first_name,
        coalesce(${firstVsFirst.score}, 0) as first_score, ${firstVsFirst.kind} as first_match,
        coalesce(${firstVsLast.score}, 0) as swapped_last_score, ${firstVsLast.kind} as swapped_last_match
      from (select distinct first_name from candidates where first_name is not null) f
    ),
    scored as (
      select c.id, c.last_lower,
        ${q.nhsNumber ? sql`coalesce(c.nhs_number = ${q.nhsNumber}, false)` : no} as nhs_match,
        ${q.nhsNumber ? sql`coalesce(c.nhs_number <> ${q.nhsNumber}, false)` : no} as nhs_conflict,
        ${q.dateOfBirth ? sql`coalesce(c.date_of_birth = ${q.dateOfBirth}::date, false)` : no} as dob_match,
        ${q.dateOfBirth ? sql`coalesce(c.date_of_birth <> ${q.dateOfBirth}::date, false)` : no} as dob_conflict,
        ${q.postcode ? sql`coalesce(upper(replace(c.postcode, ' ', '')) = ${q.postcode}, false)` : no} as postcode_match,
        coalesce(s.last_score, 0) as last_score, s.last_match,
        coalesce(f.first_score, 0) as first_score, f.first_match,
        coalesce(f.swapped_last_score, 0) as swapped_last_score, f.swapped_last_match,
        coalesce(s.swapped_first_score, 0) as swapped_first_score, s.swapped_first_match
      from candidates c
      left join matched_surnames s on s.name = c.last_lower
      left join first_names f on f.first_name = c.first_name
    ),
    totals as (
      select t.*,
        case when t.swapped_last_score > 0 and t.swapped_first_score > 0 then t.swapped_last_score + t.swapped_first_score - 2 else 0 end as swapped_score
      from scored t
    ),
    ranked as (
      select t.*,
        (case when t.nhs_match then 100 else 0 end
          + case when t.dob_match then 30 else 0 end
          + case when t.postcode_match then 15 else 0 end
          + greatest(t.last_score + t.first_score, t.swapped_score)
          - case when t.nhs_conflict then 50 else 0 end
          - case when t.dob_conflict then 10 else 0 end)::float8 as score,
        count(*) over () as found
      from totals t
      where t.nhs_match
        or t.last_score > 0
        or t.swapped_score > 0
        or ((t.first_score > 0)::int + t.dob_match::int + t.postcode_match::int) >= 2
      order by score desc, t.last_lower, t.id
      limit ${limit}
    )
    select p.id, p.child_id, p.first_name, p.last_name, p.date_of_birth, p.expected_date_of_birth, p.sex, p.postcode, p.nhs_number,
      r.nhs_match, r.nhs_conflict, r.dob_match, r.dob_conflict, r.postcode_match,
      case when r.last_score > 0 then r.last_match end as last_match,
      case when r.first_score > 0 then r.first_match end as first_match,
      case when r.swapped_score > 0 then r.swapped_last_match end as swapped_last_match,
      case when r.swapped_score > 0 then r.swapped_first_match end as swapped_first_match,
      r.swapped_score > r.last_score + r.first_score as names_swapped,
      r.score,
      r.found::int as found,
      (select count(*)::int from contacts n where n.person_id = r.id) as contact_count,
      lc.id as last_contact_id, lc.reference as last_contact_reference, lc.received_at as last_contact_received_at,
      lc.outcome as last_contact_outcome, lc.state as last_contact_state
    from ranked r
    join people p on p.id = r.id
    left join lateral (
      select c.id, c.reference, c.received_at, c.outcome, c.state
      from contacts c
      where c.person_id = r.id
      order by c.received_at desc, c.id desc
      limit 1
    ) lc on true
    order by r.score desc, p.last_name, p.first_name, p.id
  `;
}

/** A text[] parameter that both `pg` and PGlite send the same way. */
function toTextArray(values: string[]) {
  return sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`}::text[]`;
}

/** Variant rows where any of `names` (lower case) is the name or the variant. */
export function listFirstNameVariants(db: Executor, names: string[]) {
  if (names.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("first_name_variants")
    .select(["name", "variant", "kind"])
    .where((eb) => eb.or([eb(sql`lower(name)`, "in", names), eb(sql`lower(variant)`, "in", names)]))
    .orderBy("name")
    .orderBy("variant")
    .execute();
}

/** Variant rows whose full name is one of `names` (lower case). */
export function listVariantsOfNames(db: Executor, names: string[]) {
  if (names.length === 0) return Promise.resolve([]);
  return db.selectFrom("first_name_variants").select(["name", "variant", "kind"]).where(sql`lower(name)`, "in", names).orderBy("name").orderBy("variant").execute();
}

// ---------------------------------------------------------------------------------------------
// One person
// ---------------------------------------------------------------------------------------------

const PERSON_COLUMNS = [
  "id",
  "child_id",
  "first_name",
  "last_name",
  "date_of_birth",
  "expected_date_of_birth",
  "sex",
  "ethnicity",
  "postcode",
  "nhs_number",
  "merged_into_id",
  "created_at",
] as const;

export function findPerson(db: Executor, personId: string) {
  return db.selectFrom("people").select(PERSON_COLUMNS).where("id", "=", personId).executeTakeFirst();
}

export type Person = NonNullable<Awaited<ReturnType<typeof findPerson>>>;

/** The person, locked against a merge until the end of the transaction (a merge waits; links do not). */
export function lockPersonForShare(db: Executor, personId: string) {
  return db.selectFrom("people").select(PERSON_COLUMNS).where("id", "=", personId).forShare().executeTakeFirst();
}

/** The people, locked for a merge, in id order (the same order every time, so two merges never deadlock). */
export function lockPeopleForUpdate(db: Executor, personIds: string[]) {
  return db.selectFrom("people").select(PERSON_COLUMNS).where("id", "in", personIds).orderBy("id").forUpdate().execute();
}

/** A live (not merged-away) person with this NHS number. */
export function findLivePersonByNhsNumber(db: Executor, nhsNumber: string) {
  return db
    .selectFrom("people")
    .select(PERSON_COLUMNS)
    .where("nhs_number", "=", nhsNumber)
    .where("merged_into_id", "is", null)
    .orderBy("id")
    .executeTakeFirst();
}

export async function insertPerson(db: Executor, person: Insertable<PeopleTable>) {
  await db.insertInto("people").values(person).execute();
}

/** The person's census details (sex, ethnicity, disabilities), locked for the change; undefined when there is no such person. */
export function lockPersonCensusDetails(db: Executor, personId: string) {
  return db
    .selectFrom("people")
    .select(["id", "first_name", "last_name", "sex", "ethnicity", "disabilities", "merged_into_id"])
    .where("id", "=", personId)
    .forUpdate()
    .executeTakeFirst();
}

export async function updatePersonCensusDetails(
  db: Executor,
  personId: string,
  details: { sex: PeopleTable["sex"]; ethnicity: string | null; disabilities: string[] },
) {
  await db.updateTable("people").set(details).where("id", "=", personId).execute();
}

// ---------------------------------------------------------------------------------------------
// Merges
// ---------------------------------------------------------------------------------------------

/** The contacts recorded against a person, oldest first. */
export function listContactIdsOfPerson(db: Executor, personId: string) {
  return db.selectFrom("contacts").select(["id", "version"]).where("person_id", "=", personId).orderBy("received_at").orderBy("id").execute();
}

export function findMergeByIdempotencyKey(db: Executor, idempotencyKey: string) {
  return db.selectFrom("person_merges").selectAll().where("idempotency_key", "=", idempotencyKey).executeTakeFirst();
}

export async function insertPersonMerge(db: Executor, merge: Insertable<PersonMergesTable>) {
  await db.insertInto("person_merges").values(merge).execute();
}

export async function markPersonMerged(db: Executor, mergedId: string, survivorId: string) {
  await db.updateTable("people").set({ merged_into_id: survivorId }).where("id", "=", mergedId).execute();
}

/** Details the kept record lacks (NHS number, date of birth, postcode, ethnicity, disabilities, first name) are taken from the merged one. */
export async function fillMissingDetailsFrom(db: Executor, survivorId: string, mergedId: string) {
  await sql`
    update people as kept set
      nhs_number = coalesce(kept.nhs_number, merged.nhs_number),
      date_of_birth = case when kept.date_of_birth is null and kept.expected_date_of_birth is null then merged.date_of_birth else kept.date_of_birth end,
      postcode = coalesce(kept.postcode, merged.postcode),
      ethnicity = coalesce(kept.ethnicity, merged.ethnicity),
      disabilities = case when cardinality(kept.disabilities) = 0 then merged.disabilities else kept.disabilities end,
      first_name = coalesce(kept.first_name, merged.first_name)
    from people as merged
    where kept.id = ${survivorId} and merged.id = ${mergedId}`.execute(db);
}

// ---------------------------------------------------------------------------------------------
// Chronology
// ---------------------------------------------------------------------------------------------

/** One contact in a child's chronology. */
export interface PersonChronologyContact {
  id: string;
  reference: string;
  received_at: Date;
  /** CIN census referral source code. */
  source: string;
  channel: string;
  /** Null while pending. */
  outcome: string | null;
  decided_at: Date | null;
  /** The contact's lifecycle state. */
  state: string;
  /** The person record it is recorded against now (the survivor, after a merge). */
  person_id: string;
}

/** One merge of a duplicate record into this child's record (or into one merged into it). */
export interface PersonChronologyMerge {
  id: string;
  survivor_id: string;
  merged_id: string;
  merged_at: Date;
  merged_by: string;
  merged_by_name: string | null;
  reason: string;
  contacts_moved: number;
  /** The merged-away record's details, as they were. */
  merged_first_name: string | null;
  merged_last_name: string;
  merged_date_of_birth: string | null;
}

export interface PersonChronology {
  /** The record the chronology is of: `personId`, or the survivor it was merged into. */
  personId: string;
  /** `personId` and every record merged into it (directly or through another merge). */
  personIds: string[];
  /** Every contact about the child, oldest first. */
  contacts: PersonChronologyContact[];
  /** Every merge into the child's record, oldest first. */
  merges: PersonChronologyMerge[];
}

/**
 * The child's chronology: every contact of the person and of the people merged into them, and the
 * merges. Given a merged-away record, it is the chronology of the record it was merged into.
 */
export async function listPersonChronology(db: Executor, personId: string): Promise<PersonChronology> {
  // The record kept (up the merges) and every record merged into it (down again): one statement.
  const family = await sql<{ root: string; id: string }>`
    with recursive up(id, merged_into_id, depth) as (
      select id, merged_into_id, 0 from people where id = ${personId}
      union all
      select p.id, p.merged_into_id, up.depth + 1 from people p join up on p.id = up.merged_into_id where up.depth < 100
    ),
    root(id) as (
      select coalesce((select id from up where merged_into_id is null limit 1), ${personId}::text)
    ),
    family(id, depth) as (
      select id, 0 from root
      union all
      select p.id, family.depth + 1 from people p join family on p.merged_into_id = family.id where family.depth < 100
    )
    select (select id from root) as root, id from family
  `.execute(db);
  const root = family.rows[0]?.root ?? personId;
  const personIds = [...new Set([root, ...family.rows.map((r) => r.id)])];

  const [contacts, merges] = await Promise.all([
    db
      .selectFrom("contacts")
      .select([
        "contacts.id",
        "contacts.reference",
        "contacts.received_at",
        "contacts.source",
        "contacts.channel",
        "contacts.outcome",
        "contacts.decided_at",
        "contacts.state",
        "contacts.person_id",
      ])
      .where("contacts.person_id", "in", personIds)
      .orderBy("contacts.received_at")
      .orderBy("contacts.id")
      .execute(),
    // A record with nothing merged into it has no merges to list.
    personIds.length === 1
      ? Promise.resolve([])
      : db
          .selectFrom("person_merges")
          .innerJoin("people as merged", "merged.id", "person_merges.merged_id")
          .leftJoin("users", "users.id", "person_merges.merged_by")
          .select([
            "person_merges.id",
            "person_merges.survivor_id",
            "person_merges.merged_id",
            "person_merges.merged_at",
            "person_merges.merged_by",
            "users.display_name as merged_by_name",
            "person_merges.reason",
            "person_merges.contacts_moved",
            "merged.first_name as merged_first_name",
            "merged.last_name as merged_last_name",
            "merged.date_of_birth as merged_date_of_birth",
          ])
          .where("person_merges.survivor_id", "in", personIds)
          .orderBy("person_merges.merged_at")
          .orderBy("person_merges.id")
          .execute(),
  ]);
  return {
    personId: root,
    personIds,
    contacts: contacts.map((c) => ({ ...c, person_id: c.person_id! })),
    merges: merges.map((m) => ({ ...m, contacts_moved: Number(m.contacts_moved) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Linking a contact to its child
// ---------------------------------------------------------------------------------------------

/** What the "find the child" page needs of a contact: its version, what the referrer said about the child, and the child linked now. */
export function findContactForLinking(db: Executor, contactId: string) {
  return db
    .selectFrom("contacts")
    .leftJoin("people", "people.id", "contacts.person_id")
    .select([
      "contacts.id",
      "contacts.reference",
      "contacts.version",
      "contacts.state",
      "contacts.outcome",
      "contacts.received_at",
      "contacts.described_child",
      "contacts.address",
      "people.id as person_id",
      "people.first_name",
      "people.last_name",
      "people.date_of_birth",
      "people.expected_date_of_birth",
      "people.sex",
      "people.ethnicity",
      "people.disabilities",
      "people.postcode",
      "people.nhs_number",
    ])
    .where("contacts.id", "=", contactId)
    .executeTakeFirst();
}
