// Frozen: migrations never change once released and never import application code.
//
// The code lists below are a snapshot of app/vocabulary as this migration was written (decision 007):
// a migration must give the same database whenever it runs, so it cannot follow a list that later
// changes. test/integration/vocabulary.test.ts reads every CHECK constraint back from the database
// and compares it with the vocabulary, so a vocabulary change without a new migration fails the tests.
import { type Kysely, sql } from "kysely";

const PRIMARY_NEEDS = ["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9", "N0"];
const LEVELS_OF_NEED = [1, 2, 3, 4];
const ETHNICITIES = [
  "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
  "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
];
const DISABILITIES = ["NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"];
const FACTORS = [
  "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C", "6A", "6B", "6C",
  "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A",
  "18B", "18C", "19B", "19C", "20", "21", "22A", "23A", "24A",
];

const inList = (values: readonly (string | number)[]) => sql.join(values.map((v) => sql.lit(v)));
const textArray = (values: readonly string[]) => sql`array[${inList(values)}]::text[]`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // Census lists as explicit lists (not a pattern or a range), so the database says exactly which codes it takes.
  await sql`alter table contacts drop constraint contacts_primary_need`.execute(db);
  await sql`alter table contacts add constraint contacts_primary_need check (primary_need in (${inList(PRIMARY_NEEDS)}))`.execute(db);
  await sql`alter table contacts drop constraint contacts_level_of_need`.execute(db);
  await sql`alter table contacts add constraint contacts_level_of_need check (level_of_need in (${inList(LEVELS_OF_NEED)}))`.execute(db);
  await sql`alter table people add constraint people_ethnicity check (ethnicity in (${inList(ETHNICITIES)}))`.execute(db);
  // Presenting factors: census codes only; 21 ("no factors identified") only on its own.
  await sql`alter table contacts add constraint contacts_factors check (
    jsonb_typeof(factors) = 'array'
    and factors <@ ${sql.lit(JSON.stringify(FACTORS))}::jsonb
    and (not factors @> '["21"]'::jsonb or jsonb_array_length(factors) = 1)
  )`.execute(db);

  // The child's disabilities (census codes): NONE alone, or any of the others; empty until recorded.
  await sql`alter table people add column disabilities text[] not null default '{}'`.execute(db);
  await sql`alter table people add constraint people_disabilities check (
    disabilities <@ ${textArray(DISABILITIES)}
    and (not disabilities @> array['NONE']::text[] or cardinality(disabilities) = 1)
  )`.execute(db);

  // A duplicate names the contact it duplicates; a referral records what the census and Annex A List 3 need.
  await sql`alter table contacts
    add column duplicate_of_contact_id text references contacts (id),
    add column referral_team text,
    add column referral_worker text,
    add column referral_nfa boolean`.execute(db);
  // Imported history (a later migration) may hold duplicates without the contact they duplicate and
  // referrals without ReferralNFA: the import file has neither. Decisions made in the app always
  // record both (the contact machine refuses them otherwise).
  await sql`alter table contacts add constraint contacts_duplicate_of check (
    duplicate_of_contact_id is null or (outcome = 'duplicate' and duplicate_of_contact_id <> id)
  )`.execute(db);
  await sql`alter table contacts add constraint contacts_referral_details check (
    outcome is null or outcome in ('referral', 'strategy_discussion')
    or (referral_nfa is null and referral_team is null and referral_worker is null)
  )`.execute(db);
  // Census: PrimaryNeedCode is required when ReferralNFA is false.
  await sql`alter table contacts add constraint contacts_referral_nfa_primary_need check (
    referral_nfa is distinct from false or primary_need is not null
  )`.execute(db);
  await sql`create index contacts_duplicate_of on contacts (duplicate_of_contact_id) where duplicate_of_contact_id is not null`.execute(db);

  // Contacts closed before this migration: a referral always needed a primary need and could not end
  // NFA, so it was ReferralNFA false; a duplicate's snapshot names the contact it duplicates.
  await sql`update contacts set referral_nfa = false
    where outcome in ('referral', 'strategy_discussion') and primary_need is not null`.execute(db);
  await sql`update contacts c set duplicate_of_contact_id = o.id
    from contacts o
    where c.outcome = 'duplicate' and o.id = c.snapshot -> 'context' ->> 'duplicateOf' and o.id <> c.id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index contacts_duplicate_of`.execute(db);
  for (const constraint of ["contacts_referral_nfa_primary_need", "contacts_referral_details", "contacts_duplicate_of", "contacts_factors"]) {
    await sql`alter table contacts drop constraint ${sql.id(constraint)}`.execute(db);
  }
  await sql`alter table contacts drop column duplicate_of_contact_id, drop column referral_team, drop column referral_worker, drop column referral_nfa`.execute(db);
  await sql`alter table people drop constraint people_disabilities, drop constraint people_ethnicity`.execute(db);
  await sql`alter table people drop column disabilities`.execute(db);
  await sql`alter table contacts drop constraint contacts_level_of_need`.execute(db);
  await sql`alter table contacts add constraint contacts_level_of_need check (level_of_need between 1 and 4)`.execute(db);
  await sql`alter table contacts drop constraint contacts_primary_need`.execute(db);
  await sql`alter table contacts add constraint contacts_primary_need check (primary_need ~ '^N[0-9]$')`.execute(db);
}
