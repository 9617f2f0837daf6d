// Frozen once released: migrations never change and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * Agencies and hubs as data, need-to-know requests and versioned returns (issue 12, items 1, 3, 4;
 * docs/decisions/021-agencies-hubs-and-returns.md):
 *
 * - `agencies` and `hubs` are managed by an administrator (/admin/agencies, /admin/hubs): renamed
 *   and retired, never deleted (users, requests and contacts reference them by foreign key).
 *   `parent_code` makes an agency a service of another (health: health visiting, school nursing …).
 *   The rows a new installation starts with are inserted here, once; nothing in the code lists them.
 * - `information_requests` gains what the MASH asks and shares (`question`, `shared_summary`), the
 *   partner's rationale for their rating (`rag_rationale`), `sequence` (the nth request to the same
 *   agency about the contact: asking again is a new row, `<contact>:<agency>:<n>`; the first keeps
 *   its old id `<contact>:<agency>`, so every existing row stays as it is) and `answer_versions`
 *   (earlier answers a correction replaced, oldest first; the current answer is the row itself).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table agencies add column parent_code text references agencies (code)`.execute(db);
  await sql`alter table agencies add column retired_at timestamptz`.execute(db);
  await sql`alter table agencies add column created_at timestamptz not null default now()`.execute(db);
  await sql`alter table agencies add constraint agencies_name_present check (length(trim(name)) > 0)`.execute(db);
  await sql`alter table agencies add constraint agencies_not_own_parent check (parent_code is null or parent_code <> code)`.execute(db);
  await sql`alter table hubs add column retired_at timestamptz`.execute(db);
  await sql`alter table hubs add column created_at timestamptz not null default now()`.execute(db);
  await sql`alter table hubs add constraint hubs_name_present check (length(trim(name)) > 0)`.execute(db);

  await sql`insert into agencies (code, name, parent_code) values
    ('police', 'Police', null),
    ('health', 'Health', null),
    ('education', 'Education', null),
    ('probation', 'Probation', null),
    ('housing', 'Housing', null),
    ('adult_social_care', 'Adult social care', null),
    ('youth_justice', 'Youth justice', null)
    on conflict (code) do nothing`.execute(db);
  await sql`insert into agencies (code, name, parent_code) values
    ('health_visiting', 'Health visiting', 'health'),
    ('school_nursing', 'School nursing', 'health'),
    ('gp', 'GP', 'health'),
    ('acute', 'Acute hospital', 'health'),
    ('mental_health', 'Mental health', 'health'),
    ('sexual_health', 'Sexual health', 'health')
    on conflict (code) do nothing`.execute(db);
  await sql`insert into hubs (code, name) values
    ('north', 'North'), ('exeter', 'Exeter'), ('mid_east', 'Mid & East'), ('south_west', 'South & West')
    on conflict (code) do nothing`.execute(db);

  await sql`alter table information_requests add column sequence integer not null default 1 check (sequence >= 1)`.execute(db);
  await sql`alter table information_requests add column question text`.execute(db);
  await sql`alter table information_requests add column shared_summary text`.execute(db);
  await sql`alter table information_requests add column rag_rationale text`.execute(db);
  await sql`alter table information_requests add column answer_versions jsonb not null default '[]'::jsonb`.execute(db);
  await sql`alter table information_requests add constraint information_requests_one_per_sequence unique (contact_id, agency_code, sequence)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table information_requests drop constraint information_requests_one_per_sequence`.execute(db);
  for (const column of ["answer_versions", "rag_rationale", "shared_summary", "question", "sequence"]) {
    await sql`alter table information_requests drop column ${sql.ref(column)}`.execute(db);
  }
  await sql`alter table hubs drop constraint hubs_name_present`.execute(db);
  await sql`alter table hubs drop column created_at`.execute(db);
  await sql`alter table hubs drop column retired_at`.execute(db);
  await sql`alter table agencies drop constraint agencies_not_own_parent`.execute(db);
  await sql`alter table agencies drop constraint agencies_name_present`.execute(db);
  await sql`alter table agencies drop column created_at`.execute(db);
  await sql`alter table agencies drop column retired_at`.execute(db);
  await sql`alter table agencies drop column parent_code`.execute(db);
}
