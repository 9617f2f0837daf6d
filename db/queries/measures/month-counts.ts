/**
 * The contacts counted by local month — by the month each was received in, and by the month it was
 * decided in — by the stored columns the measures group by (`contact_month_counts`, migration 0028,
 * decision 035): kept by triggers on `contacts` in the same transaction as every change, read by
 * `countedGroupsCte` for a period's whole months. A contact's groups are migration 0028's
 * `contact_month_groups(contact)`, the one definition. A group's count is the sum of its rows (the
 * triggers only add rows of changes); `gatherMonthCounts` makes them one row again.
 */
import { sql } from "kysely";
import type { Executor } from "../../executor";

const GROUP = sql`counted_by, month, source, outcome, repeat_contact, within_one_working_day, earlier_referrals`;
/** Every contact's groups, counted afresh. */
const COUNTED_AFRESH = sql`select ${GROUP}, count(*)::int as contacts
  from (select g.* from contacts c cross join lateral contact_month_groups(c) g) g group by ${GROUP}`;
/** The stored groups, each its rows summed. */
const STORED = sql`select ${GROUP}, sum(contacts)::int as contacts from contact_month_counts group by ${GROUP} having sum(contacts) <> 0`;
const TRIGGERS = ["contacts_count_inserted_by_month", "contacts_count_updated_by_month", "contacts_count_deleted_by_month"];

/** How many groups' stored counts differ from the contacts counted afresh (0 when all is well). */
export async function countMonthCountDifferences(db: Executor): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (
    (select * from (${STORED}) s except all select ${GROUP}, contacts from (${COUNTED_AFRESH}) f)
    union all
    (select ${GROUP}, contacts from (${COUNTED_AFRESH}) f except all select * from (${STORED}) s)
  ) d`.execute(db);
  return Number(rows[0]!.n);
}

/**
 * Gathers the rows of each group of the months whose groups have more than one row (or sum to 0) into
 * one row (none when 0), in one statement: the rows it takes are those its snapshot sees, so rows
 * added meanwhile by other transactions stay as they are, and a second gathering at the same time
 * takes only rows the first has not. Returns the rows removed (a job, app/jobs/). Writes nothing when
 * every group is one row.
 */
export async function gatherMonthCounts(db: Executor): Promise<number> {
  const result = await sql<{ removed: number }>`with months as (
    select distinct counted_by, month from (
      select counted_by, month from contact_month_counts group by ${GROUP} having count(*) > 1 or sum(contacts) = 0
    ) g
  ),
  taken as (
    delete from contact_month_counts t using months m where t.counted_by = m.counted_by and t.month = m.month returning t.*
  ),
  gathered as (
    insert into contact_month_counts (${GROUP}, contacts)
    select ${GROUP}, sum(contacts) from taken group by ${GROUP} having sum(contacts) <> 0
    returning 1
  )
  select ((select count(*) from taken) - (select count(*) from gathered))::int as removed`.execute(db);
  return Number(result.rows[0]!.removed);
}

/**
 * Switches the month-count triggers off for the rest of a bulk load and returns the function that
 * counts every contact afresh and switches them back on: carrying a million new contacts through the
 * triggers took 9–15 s, counting every contact once they are in 5–6 s (the history import's bulk
 * load; the generator, whose look-backs then rewrite every contact). `alter table` holds the contacts'
 * lock to the end of the transaction, so no other writer of contacts passes while they are off; the
 * counts' own table is locked before they are counted afresh, so a gathering (`gatherMonthCounts`)
 * finishes first, and its rows are seen and replaced, or starts after.
 */
export async function switchOffMonthCountTriggers(db: Executor): Promise<() => Promise<void>> {
  for (const trigger of TRIGGERS) await sql`alter table contacts disable trigger ${sql.id(trigger)}`.execute(db);
  return async () => {
    await sql`lock table contact_month_counts in exclusive mode`.execute(db);
    await sql`delete from contact_month_counts`.execute(db);
    await sql`insert into contact_month_counts (${GROUP}, contacts) ${COUNTED_AFRESH}`.execute(db);
    for (const trigger of TRIGGERS) await sql`alter table contacts enable trigger ${sql.id(trigger)}`.execute(db);
  };
}
