// Frozen once released: migrations never change and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * Two things the measures read from each contact instead of working them out per view:
 *
 * - `authorised_by`: the manager who authorised the decision (or confirmed the strategy discussion),
 *   a projection of the machine's snapshot like `outcome` and `decided_at`, so management oversight
 *   (authorised / decided) counts a period's decisions without probing each contact's event history.
 *   Null while undecided, for a duplicate, and for imported history (no authorisation was recorded).
 * - `decision_due_at` for every contact, closed ones too (0005 kept it for the queue's open contacts):
 *   the end of the first working day after the contact's local received date — MEASURES.md's
 *   "decided within one working day" — so that measure is `decided_at < decision_due_at`, read from
 *   the covering indexes, with no calendar joined per view. The application writes it with every
 *   contact it records (app/domain/clocks.ts) and moves it when a bank holiday changes; a contact
 *   inserted without one gets it from the database (`contact_decision_deadline`, below), so none is
 *   ever missing.
 * - `organisation_name` and `organisation_key`: the referring organisation as given (white space
 *   tidied) and its key (the first 16 hex digits of the MD5 of the lower-cased name; `none` without
 *   one) — decision 013's rule, kept by the database as generated columns, so "who refers" counts a
 *   period from the covering index instead of reading every contact's referrer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table contacts add column authorised_by text references users (id)`.execute(db);
  await sql`update contacts set authorised_by = snapshot #>> '{context,authorisedBy}'
    where outcome is not null and snapshot #>> '{context,authorisedBy}' is not null`.execute(db);
  // Oversight counts a period's authorised contacts from this small index alone.
  await sql`create index contacts_authorised on contacts (received_at) where authorised_by is not null`.execute(db);

  // The end (local midnight) of the first working day — Monday to Friday, not a bank holiday —
  // after the local date of `received` (no run of non-working days is three weeks long).
  await sql`create function contact_decision_deadline(received timestamptz) returns timestamptz
    language sql stable as $$
      select ((g.d::date + 1)::timestamp at time zone 'Europe/London')
      from generate_series(((received at time zone 'Europe/London')::date + 1)::timestamp,
                           ((received at time zone 'Europe/London')::date + 21)::timestamp, interval '1 day') g(d)
      where extract(isodow from g.d) < 6 and not exists (select 1 from bank_holidays b where b."date" = g.d::date)
      order by g.d limit 1
    $$`.execute(db);
  await sql`create function contacts_fill_decision_deadline() returns trigger language plpgsql as $$
    begin
      new.decision_due_at := contact_decision_deadline(new.received_at);
      return new;
    end
    $$`.execute(db);
  await sql`create trigger contacts_decision_deadline before insert on contacts
    for each row when (new.decision_due_at is null) execute function contacts_fill_decision_deadline()`.execute(db);
  // Every existing contact without one, in one pass: a calendar of the days received, each with the
  // first working day after it (the same rule as the function; a row at a time is minutes at a million).
  await sql`with days as (
      select d::date as day, extract(isodow from d) < 6 and not exists (select 1 from bank_holidays b where b."date" = d::date) as working
      from generate_series(
        (select min(received_at at time zone 'Europe/London')::date from contacts where decision_due_at is null)::timestamp,
        (select max(received_at at time zone 'Europe/London')::date + 21 from contacts where decision_due_at is null)::timestamp,
        interval '1 day') d
    ),
    calendar as (
      select day, min(case when working then day end) over (order by day desc rows between unbounded preceding and 1 preceding) as next_working_day
      from days
    )
    update contacts c set decision_due_at = ((cal.next_working_day + 1)::timestamp at time zone 'Europe/London')
    from calendar cal
    where c.decision_due_at is null and cal.day = (c.received_at at time zone 'Europe/London')::date`.execute(db);
  await sql`alter table contacts alter column decision_due_at set not null`.execute(db);

  const name = sql.raw(`nullif(btrim(regexp_replace(coalesce(referrer->>'organisation', ''), '[[:space:]]+', ' ', 'g')), '')`);
  await sql`alter table contacts
    add column organisation_name text generated always as (${name}) stored,
    add column organisation_key text generated always as (coalesce(left(md5(lower(${name})), 16), 'none')) stored`.execute(db);

  // The measures' covering indexes (0014) now carry the deadline and the organisation too.
  await sql`drop index contacts_measures_referrals`.execute(db);
  await sql`drop index contacts_measures_received`.execute(db);
  await sql`create index contacts_measures_received on contacts (received_at)
    include (id, reference, person_id, source, outcome, decided_at, repeat_contact, earlier_referrals, decision_due_at, organisation_key, organisation_name)`.execute(db);
  await sql`create index contacts_measures_referrals on contacts (decided_at)
    include (id, reference, person_id, source, outcome, received_at, repeat_contact, earlier_referrals, decision_due_at, organisation_key, organisation_name)
    where outcome in ('referral', 'strategy_discussion')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index contacts_measures_referrals`.execute(db);
  await sql`drop index contacts_measures_received`.execute(db);
  await sql`create index contacts_measures_received on contacts (received_at)
    include (id, reference, person_id, source, outcome, decided_at, repeat_contact, earlier_referrals)`.execute(db);
  await sql`create index contacts_measures_referrals on contacts (decided_at)
    include (id, reference, person_id, source, outcome, received_at, repeat_contact, earlier_referrals)
    where outcome in ('referral', 'strategy_discussion')`.execute(db);
  await sql`alter table contacts drop column organisation_key, drop column organisation_name`.execute(db);
  await sql`alter table contacts alter column decision_due_at drop not null`.execute(db);
  await sql`drop trigger contacts_decision_deadline on contacts`.execute(db);
  await sql`drop function contacts_fill_decision_deadline()`.execute(db);
  await sql`drop function contact_decision_deadline(timestamptz)`.execute(db);
  await sql`drop index contacts_authorised`.execute(db);
  await sql`alter table contacts drop column authorised_by`.execute(db);
}
