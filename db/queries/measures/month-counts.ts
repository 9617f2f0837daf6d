/**
 * The contacts counted by local month — by the month each was received in, and by the month it was
 * decided in — by the stored columns the measures group by (`contact_month_counts`, migration 0028,
 * decision 035): kept by triggers on `contacts` in the same transaction as every change, read by
 * `countedGroupsCte` for a period's whole months. A contact's groups are migration 0028's
 * `contact_month_groups(contact)`, the one definition.
 */
import { sql } from "kysely";
import type { Executor } from "../../executor";

const GROUP = sql`counted_by, month, source, outcome, repeat_contact, within_one_working_day, earlier_referrals`;
/** Every contact's groups, counted afresh. */
const COUNTED_AFRESH = sql`select g.*, count(*)::int as contacts from contacts c cross join lateral contact_month_groups(c) g
  group by g.counted_by, g.month, g.source, g.outcome, g.repeat_contact, g.within_one_working_day, g.earlier_referrals`;
const TRIGGERS = ["contacts_count_inserted_by_month", "contacts_count_updated_by_month", "contacts_count_deleted_by_month"];

/** How many groups' stored counts differ from the contacts counted afresh (0 when all is well). */
export async function countMonthCountDifferences(db: Executor): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (
    (select ${GROUP}, contacts from contact_month_counts where contacts <> 0 except all select ${GROUP}, contacts from (${COUNTED_AFRESH}) f)
    union all
    (select ${GROUP}, contacts from (${COUNTED_AFRESH}) f except all select ${GROUP}, contacts from contact_month_counts where contacts <> 0)
  ) d`.execute(db);
  return Number(rows[0]!.n);
}

/**
 * Switches the month-count triggers off for the rest of a bulk load and returns the function that
 * counts every contact afresh and switches them back on: carrying a million new contacts through the
 * triggers took 10–15 s, counting every contact once they are in 1–2 s (the history import's bulk
 * load; the generator, whose look-backs then rewrite every contact). `alter table` holds the table's
 * lock to the end of the transaction, so no other writer passes while they are off.
 */
export async function switchOffMonthCountTriggers(db: Executor): Promise<() => Promise<void>> {
  for (const trigger of TRIGGERS) await sql`alter table contacts disable trigger ${sql.id(trigger)}`.execute(db);
  return async () => {
    await sql`delete from contact_month_counts`.execute(db);
    await sql`insert into contact_month_counts (${GROUP}, contacts) ${COUNTED_AFRESH}`.execute(db);
    for (const trigger of TRIGGERS) await sql`alter table contacts enable trigger ${sql.id(trigger)}`.execute(db);
  };
}
