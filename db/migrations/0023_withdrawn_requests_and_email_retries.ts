// Frozen once released: migrations never change and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * Decision 028.
 *
 * - An information request the MASH withdrew before it was answered has the status `withdrawn`, with
 *   who withdrew it, when and why (`withdrawn_at`, `withdrawn_by`, `withdrawal_reason`, and the
 *   explanation of "other"), projected from the contact's snapshot like the rest of the row. It has no
 *   answer: `responded_at` stays empty, as for a request still waiting.
 * - A notification's e-mail that the mail server refused is tried again with back-off
 *   (`email_attempts`, `email_next_attempt_at`), a bounded number of times, then left `failed` for an
 *   administrator to see; the index of e-mails to send holds those due again too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table information_requests drop constraint information_requests_status`.execute(db);
  await sql`alter table information_requests add constraint information_requests_status
    check (status in ('requested', 'returned', 'nothing_known', 'declined', 'withdrawn'))`.execute(db);
  await sql`alter table information_requests drop constraint information_requests_responded`.execute(db);
  await sql`alter table information_requests add constraint information_requests_responded
    check ((status in ('requested', 'withdrawn')) = (responded_at is null))`.execute(db);
  await sql`alter table information_requests
    add column withdrawn_at timestamptz,
    add column withdrawn_by text,
    add column withdrawal_reason text check (withdrawal_reason in ('sent_in_error', 'no_longer_needed', 'wrong_service', 'other')),
    add column withdrawal_explanation text`.execute(db);
  await sql`alter table information_requests add constraint information_requests_withdrawn
    check ((status = 'withdrawn') = (withdrawn_at is not null and withdrawal_reason is not null))`.execute(db);

  await sql`alter table notifications
    add column email_attempts integer not null default 0 check (email_attempts >= 0),
    add column email_next_attempt_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table notifications drop column email_next_attempt_at, drop column email_attempts`.execute(db);
  await sql`alter table information_requests drop constraint information_requests_withdrawn`.execute(db);
  await sql`alter table information_requests drop column withdrawal_explanation, drop column withdrawal_reason,
    drop column withdrawn_by, drop column withdrawn_at`.execute(db);
  await sql`alter table information_requests drop constraint information_requests_responded`.execute(db);
  await sql`alter table information_requests add constraint information_requests_responded check ((status = 'requested') = (responded_at is null))`.execute(db);
  await sql`alter table information_requests drop constraint information_requests_status`.execute(db);
  await sql`alter table information_requests add constraint information_requests_status
    check (status in ('requested', 'returned', 'nothing_known', 'declined'))`.execute(db);
}
