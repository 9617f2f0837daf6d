/**
 * The contacts received in each local month, counted by the stored columns the measures group by
 * (`contact_month_counts`, migration 0028, decision 035): kept by triggers on `contacts` in the same
 * transaction as every change, read by `measureCountsQuery` for a period's whole months.
 */
import { sql } from "kysely";
import type { Executor } from "../../executor";

const GROUP = sql`received_month, source, outcome, repeat_contact, within_one_working_day`;
/** Every contact's group, counted afresh: the same expressions as migration 0028's trigger. */
const COUNTED_AFRESH = sql`select date_trunc('month', c.received_at at time zone 'Europe/London')::date as received_month, c.source, c.outcome, c.repeat_contact,
    case when c.decided_at is not null then c.decided_at < c.decision_due_at end as within_one_working_day, count(*)::int as contacts
  from contacts c group by 1, 2, 3, 4, 5`;
const TRIGGERS = ["contacts_count_inserted_by_month", "contacts_count_updated_by_month", "contacts_count_deleted_by_month"];

/** How many groups' stored counts differ from the contacts counted afresh (0 when all is well). */
export async function countMonthCountDifferences(db: Executor): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (
    (select ${GROUP}, contacts from contact_month_counts where contacts > 0 except all select ${GROUP}, contacts from (${COUNTED_AFRESH}) f)
    union all
    (select ${GROUP}, contacts from (${COUNTED_AFRESH}) f except all select ${GROUP}, contacts from contact_month_counts where contacts > 0)
  ) d`.execute(db);
  return Number(rows[0]!.n);
}

/**
 * Switches the month-count triggers off for the rest of a bulk load and returns the function that
 * counts every contact afresh and switches them back on: a load that rewrites every contact (the
 * generator's look-backs) then counts once instead of carrying a million rows' old and new versions
 * through the triggers. `alter table` holds the table's lock to the end of the transaction, so no other
 * writer passes while they are off.
 */
export async function switchOffMonthCountTriggers(db: Executor): Promise<() => Promise<void>> {
  for (const trigger of TRIGGERS) await sql`alter table contacts disable trigger ${sql.id(trigger)}`.execute(db);
  return async () => {
    await sql`delete from contact_month_counts`.execute(db);
    await sql`insert into contact_month_counts (${GROUP}, contacts) ${COUNTED_AFRESH}`.execute(db);
    for (const trigger of TRIGGERS) await sql`alter table contacts enable trigger ${sql.id(trigger)}`.execute(db);
  };
}
