// Frozen once released: migrations never change and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * Time-driven work, reminders and a partner inbox that stays fast (issue 12, items 6 and 7;
 * docs/decisions/017-job-runner.md):
 *
 * - `jobs`: one row per recurring job (partner deadlines, reminders, e-mail, expired sessions). A
 *   runner claims a due row with `for update skip locked` and leases it (`locked_until`), so with
 *   two app servers each run happens on one of them only; the same SQL works on PGlite.
 * - `notifications`: what a user is told (a reminder before a partner's deadline, a return that
 *   arrived, a deadline that passed): one row per user, `event_key` naming the happening so it is
 *   told once per user; read in the app, and e-mailed when SMTP is configured (`email_state`).
 * - `information_requests`, projected from the contact's snapshot like the rest of the row:
 *   `overdue_at` (the deadline recorded as passed), `waiting` (still waiting for the agency's answer
 *   on a contact that is still open) and `inbox_rank`, the inbox's order in one number — waiting
 *   requests first by deadline (epoch milliseconds of `due_at`), then the rest, newest answer first
 *   (2·10^14 minus epoch milliseconds of the answer or, unanswered, the request) — so one index
 *   `(agency_code, inbox_rank, id)` serves the inbox's pages by keyset, and its counts read only the
 *   small partial index of waiting requests, never the agency's history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table jobs (
    name text primary key,
    every_seconds integer not null check (every_seconds between 1 and 86400),
    run_at timestamptz not null default now(),
    locked_until timestamptz,
    locked_by text,
    last_started_at timestamptz,
    last_finished_at timestamptz,
    last_error text,
    runs integer not null default 0
  )`.execute(db);

  await sql`create table notifications (
    id bigserial primary key,
    user_id text not null references users (id),
    kind text not null check (kind in ('partner_deadline_near', 'partner_deadline_passed', 'partner_answer_arrived')),
    event_key text not null,
    contact_id text references contacts (id),
    request_id text references information_requests (id),
    details jsonb not null default '{}'::jsonb,
    at timestamptz not null default now(),
    read_at timestamptz,
    email_state text not null default 'pending' check (email_state in ('pending', 'sending', 'sent', 'failed', 'not_sent')),
    emailed_at timestamptz,
    email_error text,
    constraint notifications_once unique (event_key, user_id)
  )`.execute(db);
  await sql`create index notifications_user on notifications (user_id, at desc, id desc)`.execute(db);
  await sql`create index notifications_unread on notifications (user_id) where read_at is null`.execute(db);
  await sql`create index notifications_to_email on notifications (id) where email_state = 'pending'`.execute(db);

  await sql`alter table information_requests
    add column overdue_at timestamptz,
    add column waiting boolean not null default false,
    add column inbox_rank bigint not null default 0`.execute(db);
  await sql`update information_requests r set
      overdue_at = (c.snapshot #>> array['context', 'requests', r.agency_code, 'overdueAt'])::timestamptz,
      waiting = (r.status = 'requested' and c.outcome is null)
    from contacts c where c.id = r.contact_id`.execute(db);
  await sql`update information_requests set inbox_rank = case when waiting
      then (extract(epoch from due_at) * 1000)::bigint
      else 200000000000000 - (extract(epoch from coalesce(responded_at, requested_at)) * 1000)::bigint end`.execute(db);
  await sql`create index information_requests_inbox on information_requests (agency_code, inbox_rank, id)`.execute(db);
  // The inbox's counts (waiting, overdue) and the deadline job read only the requests still waiting.
  await sql`create index information_requests_waiting on information_requests (agency_code, due_at) include (overdue_at) where waiting`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index information_requests_waiting`.execute(db);
  await sql`drop index information_requests_inbox`.execute(db);
  await sql`alter table information_requests drop column inbox_rank, drop column waiting, drop column overdue_at`.execute(db);
  await sql`drop table notifications`.execute(db);
  await sql`drop table jobs`.execute(db);
}
