-- contact_events, partitioned by the month of `at` (docs/scaling.md, "Partitioning by month"; decision 030).
--
-- Not a migration: a step an operator takes once a database is large (a national or regional
-- service), after `npm run db:migrate`, on PostgreSQL 13 or later (tested on 15). The app's code
-- and queries do not change: the table keeps its name, columns, keys as far as a partitioned table
-- allows, triggers and the sequence of its ids. Run it in the schema of the app's tables:
--
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f db/scaling/partition-contact-events-by-month.sql
--
-- It is one transaction and holds an exclusive lock on contact_events while the rows move (about
-- a minute per few million events on two cores): run it with the app stopped or in a quiet hour.
-- test/integration/partitioned-events.test.ts runs it on a migrated database and drives the app
-- through the real services afterwards.
--
-- What changes because a partitioned table's unique keys must include its partition key:
--   * the primary key is (id, at) and the per-contact key (contact_id, sequence, at);
--   * so that an idempotency key and a contact's sequence number stay unique across all months (the
--     guarantees the lifecycle service relies on beside its row lock), the small table
--     contact_event_keys holds both, filled by a statement trigger in the same transaction as the
--     insert: a repeated key fails as it did before (unique_violation, 23505).
-- Partitions: one a month from the month of the oldest event to twelve months after the newest
-- (or after today), and a default partition for anything outside them. The function
-- add_contact_events_months(n) adds the next n months; run it monthly (cron, or a job) so that new
-- events never land in the default partition.

begin;
set local time zone 'UTC';

lock table contact_events in access exclusive mode;

alter table contact_events rename to contact_events_unpartitioned;
alter table contact_events_unpartitioned rename constraint contact_events_pkey to contact_events_unpartitioned_pkey;
alter table contact_events_unpartitioned rename constraint contact_events_sequence to contact_events_unpartitioned_sequence;
alter table contact_events_unpartitioned rename constraint contact_events_idempotency_key_key to contact_events_unpartitioned_idempotency_key_key;
alter sequence contact_events_id_seq owned by none;

create table contact_events (
  id bigint not null default nextval('contact_events_id_seq'),
  contact_id text not null references contacts (id),
  sequence integer not null,
  type text not null,
  payload jsonb not null,
  actor_user_id text references users (id),
  at timestamptz not null,
  state_before text,
  state_after text not null,
  idempotency_key text,
  recorded_at timestamptz not null default now(),
  constraint contact_events_pkey primary key (id, at),
  constraint contact_events_sequence unique (contact_id, sequence, at)
) partition by range (at);

alter sequence contact_events_id_seq owned by contact_events.id;

create table contact_events_default partition of contact_events default;
create trigger contact_events_no_truncate before truncate on contact_events_default
  for each statement execute function refuse_change_to_append_only_table();

-- One partition for the month (UTC) holding `month`, named contact_events_yYYYYmMM, unless it is
-- there; like every partition it refuses TRUNCATE itself (the parent's statement trigger does not
-- reach a partition truncated on its own; row triggers are cloned to every partition).
create function add_contact_events_month(month timestamptz) returns void language plpgsql set timezone to 'UTC' as $$
declare
  month_start timestamptz := date_trunc('month', month);
  name text := 'contact_events_' || to_char(month_start, '"y"YYYY"m"MM');
begin
  if to_regclass(name) is null then
    execute format('create table %I partition of contact_events for values from (%L) to (%L)',
      name, month_start, month_start + interval '1 month');
    execute format('create trigger contact_events_no_truncate before truncate on %I
      for each statement execute function refuse_change_to_append_only_table()', name);
  end if;
end
$$;

-- The next `months` months from now (run monthly).
create function add_contact_events_months(months integer) returns void language sql set timezone to 'UTC' as $$
  select add_contact_events_month(m)
  from generate_series(date_trunc('month', now()), date_trunc('month', now()) + make_interval(months => months), interval '1 month') m;
$$;

select add_contact_events_month(m)
from generate_series(
  date_trunc('month', coalesce((select min(at) from contact_events_unpartitioned), now())),
  greatest(coalesce((select max(at) from contact_events_unpartitioned), now()), now()) + interval '12 months',
  interval '1 month'
) m;

-- Idempotency keys and sequence numbers unique across every month.
create table contact_event_keys (
  contact_id text not null,
  sequence integer not null,
  idempotency_key text unique,
  primary key (contact_id, sequence)
);

insert into contact_events (id, contact_id, sequence, type, payload, actor_user_id, at, state_before, state_after, idempotency_key, recorded_at)
select id, contact_id, sequence, type, payload, actor_user_id, at, state_before, state_after, idempotency_key, recorded_at
from contact_events_unpartitioned;

insert into contact_event_keys (contact_id, sequence, idempotency_key)
select contact_id, sequence, idempotency_key from contact_events;

drop table contact_events_unpartitioned;

create function record_contact_event_keys() returns trigger language plpgsql as $$
begin
  insert into contact_event_keys (contact_id, sequence, idempotency_key)
  select contact_id, sequence, idempotency_key from new_events;
  return null;
end
$$;

-- The triggers the table had (migrations 0008 and 0018), on the partitioned table; the new one for
-- the keys. Statement triggers with a transition table see the rows of every partition.
create trigger contact_events_record_keys after insert on contact_events
  referencing new table as new_events for each statement execute function record_contact_event_keys();
create trigger contact_events_project_stage_visits after insert on contact_events
  referencing new table as new_events for each statement execute function project_contact_stage_visits();
create trigger contact_events_append_only before update or delete on contact_events
  for each row execute function refuse_change_to_append_only_table();
create trigger contact_events_no_truncate before truncate on contact_events
  for each statement execute function refuse_change_to_append_only_table();

-- The look-up by idempotency key the app makes without the month (one probe a partition); a
-- contact's events are found through the key (contact_id, sequence, at).
create index contact_events_idempotency_key on contact_events (idempotency_key);

analyze contact_events;
analyze contact_event_keys;

commit;
