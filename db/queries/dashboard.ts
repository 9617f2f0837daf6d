/**
 * The dashboard's monthly series, on the measures' own CTE (db/queries/measures.ts): one evaluation
 * of `measure_contacts` over the whole range, its rows then bucketed by local month exactly as a
 * month's measures bucket them — received date for contacts (C, D), referral date for referrals.
 * The flags (repeat, earlier referrals, within one working day) are the CTE's, never recomputed here;
 * test/integration/dashboard.test.ts checks each month against `computeMeasures` of that month.
 */
import { sql } from "kysely";
import { type MeasurePeriod, measureContactsCte } from "./measures";
import type { Executor } from "./users";

export interface MonthlyCounts {
  /** First day of the month, `YYYY-MM-DD`. */
  month: string;
  contacts: number;
  decided: number;
  not_referral: number;
  repeat: number;
  within_one_working_day: number;
  referrals: number;
  re_referrals: number;
}

/** Counts per local month of a period (which should start on a month's first day); months without contacts are absent. */
export async function monthlyMeasureCounts(db: Executor, period: MeasurePeriod): Promise<MonthlyCounts[]> {
  const inPeriod = (column: string) => sql`${sql.ref(`m.${column}`)} between ${period.from}::date and ${period.to}::date`;
  const result = await sql<MonthlyCounts>`${measureContactsCte({ kind: "period", period })}
, by_received as (
  select date_trunc('month', m.received_date)::date as month,
    count(*)::int as contacts,
    count(*) filter (where m.outcome is not null)::int as decided,
    count(*) filter (where m.outcome is not null and not m.is_referral)::int as not_referral,
    count(*) filter (where m.repeat)::int as repeat,
    count(*) filter (where m.outcome is not null and m.within_one_working_day)::int as within_one_working_day
  from measure_contacts m where ${inPeriod("received_date")} group by 1
), by_referral as (
  select date_trunc('month', m.referral_date)::date as month,
    count(*)::int as referrals,
    count(*) filter (where m.earlier_referrals > 0)::int as re_referrals
  from measure_contacts m where m.is_referral and ${inPeriod("referral_date")} group by 1
)
select to_char(coalesce(r.month, f.month), 'YYYY-MM-DD') as month,
  coalesce(r.contacts, 0) as contacts, coalesce(r.decided, 0) as decided, coalesce(r.not_referral, 0) as not_referral,
  coalesce(r.repeat, 0) as repeat, coalesce(r.within_one_working_day, 0) as within_one_working_day,
  coalesce(f.referrals, 0) as referrals, coalesce(f.re_referrals, 0) as re_referrals
from by_received r full join by_referral f on f.month = r.month
order by 1`.execute(db);
  return result.rows.map((r) => ({
    month: r.month,
    contacts: Number(r.contacts),
    decided: Number(r.decided),
    not_referral: Number(r.not_referral),
    repeat: Number(r.repeat),
    within_one_working_day: Number(r.within_one_working_day),
    referrals: Number(r.referrals),
    re_referrals: Number(r.re_referrals),
  }));
}
