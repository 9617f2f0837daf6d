// Frozen once released: migrations never change and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * How many contacts were received in each local (Europe/London) month, by the stored columns the
 * counts of contacts received in a period group by (decision 035): source, outcome (null while
 * pending), the stored repeat mark (null until worked out) and whether the decision came within one
 * working day (`decided_at < decision_due_at`; null while pending). A year of 200,000 contacts is
 * about 6,400 rows, so a period's whole months are counted from these rows instead of from every
 * contact (db/queries/measures/measures.ts, `measureCountsQuery`).
 *
 * Kept exact by triggers, whoever writes contacts, in the same transaction: after each INSERT, UPDATE
 * or DELETE statement, the statement's rows (transition tables) are counted out of their old group and
 * into their new one — one upsert per changed group, in one order (so two statements lock the groups
 * they share in the same order) and none when no group changed. Duplicates are counted too (their own
 * groups); the measures leave them out as they do everywhere. A group's row stays at 0 when its last
 * contact leaves it. (No check that a count is not negative: PostgreSQL checks the row an upsert
 * proposes, a change's −1, before it finds the row it adds it to.) Existing contacts are counted here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table contact_month_counts (
    received_month date not null,
    source text not null,
    outcome text,
    repeat_contact boolean,
    within_one_working_day boolean,
    contacts integer not null,
    constraint contact_month_counts_group unique nulls not distinct (received_month, source, outcome, repeat_contact, within_one_working_day)
  )`.execute(db);

  // A contact's group: its local month of receipt and the stored columns.
  const group = (alias: string) => `date_trunc('month', ${alias}.received_at at time zone 'Europe/London')::date, ${alias}.source, ${alias}.outcome,
    ${alias}.repeat_contact, case when ${alias}.decided_at is not null then ${alias}.decided_at < ${alias}.decision_due_at end`;
  const upsert = (changes: string) =>
    sql.raw(`insert into contact_month_counts as t (received_month, source, outcome, repeat_contact, within_one_working_day, contacts)
      select received_month, source, outcome, repeat_contact, within_one_working_day, sum(n)::int
      from (${changes}) d (received_month, source, outcome, repeat_contact, within_one_working_day, n)
      group by 1, 2, 3, 4, 5 having sum(n) <> 0
      order by 1, 2, 3, 4, 5
      on conflict on constraint contact_month_counts_group do update set contacts = t.contacts + excluded.contacts;`);
  const added = `select ${group("a")}, 1 from added_contacts a`;
  const removed = `select ${group("r")}, -1 from removed_contacts r`;
  await sql`create function count_contacts_by_month() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then
      ${upsert(added)}
    elsif tg_op = 'UPDATE' then
      ${upsert(`${added} union all ${removed}`)}
    else
      ${upsert(removed)}
    end if;
    return null;
  end $$`.execute(db);
  await sql`create trigger contacts_count_inserted_by_month after insert on contacts
    referencing new table as added_contacts for each statement execute function count_contacts_by_month()`.execute(db);
  await sql`create trigger contacts_count_updated_by_month after update on contacts
    referencing old table as removed_contacts new table as added_contacts for each statement execute function count_contacts_by_month()`.execute(db);
  await sql`create trigger contacts_count_deleted_by_month after delete on contacts
    referencing old table as removed_contacts for each statement execute function count_contacts_by_month()`.execute(db);

  await sql`insert into contact_month_counts (received_month, source, outcome, repeat_contact, within_one_working_day, contacts)
    select ${sql.raw(group("c"))}, count(*) from contacts c group by 1, 2, 3, 4, 5`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger contacts_count_deleted_by_month on contacts`.execute(db);
  await sql`drop trigger contacts_count_updated_by_month on contacts`.execute(db);
  await sql`drop trigger contacts_count_inserted_by_month on contacts`.execute(db);
  await sql`drop function count_contacts_by_month()`.execute(db);
  await sql`drop table contact_month_counts`.execute(db);
}
