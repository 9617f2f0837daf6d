// Frozen once released: migrations never change and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * The contacts counted by local (Europe/London) month, so a period's measures read a few thousand
 * counts for its whole months instead of every contact (db/queries/measures/measures.ts,
 * `countedGroupsCte`; decision 035). Each contact is counted twice:
 * - by the month it was **received** in, with its source, outcome (null while pending), stored repeat
 *   mark (null until worked out) and whether it was decided within one working day (`decided_at <
 *   decision_due_at`, both stored; null while pending) — the groups of the contacts received in a
 *   period (C);
 * - once decided, by the month it was **decided** in, with its source, outcome and stored earlier
 *   referrals — the groups of the referrals decided in a period.
 * The stored columns themselves, never a measure's flags: the measures apply the same flag expressions
 * to these groups as to a contact. A year of 200,000 contacts is about 8,000 groups.
 *
 * `contact_month_groups(contact)` gives a contact's groups: the one definition, read by the triggers,
 * by the count of the contacts already here, and by the app's check and recount
 * (db/queries/measures/month-counts.ts).
 *
 * Kept exact by triggers, whoever writes contacts, in the same transaction: after each INSERT, UPDATE
 * or DELETE statement, the statement's rows (transition tables) are counted out of their old groups and
 * into their new ones, as rows of changes (+n, −n; none when no group changed). Only rows are added:
 * no row is updated, so two transactions recording contacts never wait for each other here, and never
 * deadlock. A group's count is the sum of its rows; a job gathers each group's rows into one now and
 * then (db/queries/measures/month-counts.ts). Duplicates are counted too (their own groups); the
 * measures leave them out as they do everywhere. Existing contacts are counted here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table contact_month_counts (
    counted_by text not null constraint contact_month_counts_counted_by check (counted_by in ('received', 'decided')),
    month date not null,
    source text not null,
    outcome text,
    repeat_contact boolean,
    within_one_working_day boolean,
    earlier_referrals integer,
    contacts integer not null
  )`.execute(db);
  await sql`create index contact_month_counts_month on contact_month_counts (counted_by, month)`.execute(db);

  await sql`create function contact_month_groups(c contacts)
  returns table (counted_by text, month date, source text, outcome text, repeat_contact boolean, within_one_working_day boolean, earlier_referrals integer)
  language sql stable as $$
    select k.counted_by,
      date_trunc('month', (case k.counted_by when 'received' then c.received_at else c.decided_at end) at time zone 'Europe/London')::date,
      c.source, c.outcome,
      case when k.counted_by = 'received' then c.repeat_contact end,
      case when k.counted_by = 'received' and c.decided_at is not null then c.decided_at < c.decision_due_at end,
      case when k.counted_by = 'decided' then c.earlier_referrals end
    from (values ('received'), ('decided')) k (counted_by)
    where k.counted_by = 'received' or c.decided_at is not null
  $$`.execute(db);

  const GROUP = "counted_by, month, source, outcome, repeat_contact, within_one_working_day, earlier_referrals";
  const count = (changes: string) =>
    sql.raw(`insert into contact_month_counts (${GROUP}, contacts)
      select ${GROUP}, sum(n)::int from (${changes}) d
      group by ${GROUP} having sum(n) <> 0;`);
  const added = "select g.*, 1 as n from added_contacts a cross join lateral contact_month_groups(a) g";
  const removed = "select g.*, -1 as n from removed_contacts r cross join lateral contact_month_groups(r) g";
  await sql`create function count_contacts_by_month() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then
      ${count(added)}
    elsif tg_op = 'UPDATE' then
      ${count(`${added} union all ${removed}`)}
    else
      ${count(removed)}
    end if;
    return null;
  end $$`.execute(db);
  await sql`create trigger contacts_count_inserted_by_month after insert on contacts
    referencing new table as added_contacts for each statement execute function count_contacts_by_month()`.execute(db);
  await sql`create trigger contacts_count_updated_by_month after update on contacts
    referencing old table as removed_contacts new table as added_contacts for each statement execute function count_contacts_by_month()`.execute(db);
  await sql`create trigger contacts_count_deleted_by_month after delete on contacts
    referencing old table as removed_contacts for each statement execute function count_contacts_by_month()`.execute(db);

  await sql`insert into contact_month_counts (${sql.raw(GROUP)}, contacts)
    select g.*, count(*) from contacts c cross join lateral contact_month_groups(c) g group by ${sql.raw(GROUP.split(", ").map((column) => `g.${column}`).join(", "))}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger contacts_count_deleted_by_month on contacts`.execute(db);
  await sql`drop trigger contacts_count_updated_by_month on contacts`.execute(db);
  await sql`drop trigger contacts_count_inserted_by_month on contacts`.execute(db);
  await sql`drop function count_contacts_by_month()`.execute(db);
  await sql`drop function contact_month_groups(contacts)`.execute(db);
  await sql`drop table contact_month_counts`.execute(db);
}
