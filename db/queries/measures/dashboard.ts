/**
 * The dashboard's monthly series, on the measures' own CTE (db/queries/measures/measures.ts): one evaluation
 * of `measure_contacts` over the whole range, its rows then bucketed by local month exactly as a
 * month's measures bucket them — received date for contacts (C, D), referral date for referrals.
 * The flags (repeat, earlier referrals, within one working day) are the CTE's, never recomputed here;
 * test/integration/dashboard.test.ts checks each month against `computeMeasures` of that month.
 */
import { sql } from "kysely";
import { figurePredicate, type MeasurePeriod, measureContactsCte } from "./measures";
import type { Executor } from "../../executor";

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

/**
 * Counts per local month of a period (which should start on a month's first day); months without
 * contacts are absent. Each row is placed in its month by the month's first instant (local midnight,
 * worked out once per month, so no row's local date is worked out), and the rows are grouped by month
 * and by what the counts test before anything is counted.
 */
export async function monthlyMeasureCounts(db: Executor, period: MeasurePeriod): Promise<MonthlyCounts[]> {
  const result = await sql<MonthlyCounts>`${measureContactsCte(period, "counts")},
-- The first instant of each month of the period, and the instant after its last day.
bounds as (
  select array_agg((d::timestamp at time zone 'Europe/London') order by d) as starts
  from (
    select generate_series(${period.from}::date, ${period.to}::date, interval '1 month')::date as d
    union all select ${period.to}::date + 1
  ) months
),
grouped as (
  select width_bucket(m.received_at, b.starts) as received_month,
    case when m.referral_in_period then width_bucket(m.decided_at, b.starts) end as referral_month,
    m.outcome is not null as decided, m.is_referral, m.repeat, m.within_one_working_day, m.earlier_referrals > 0 as re_referral,
    count(*)::int as n
  from measure_contacts m cross join bounds b
  group by 1, 2, 3, 4, 5, 6, 7
),
by_received as (
  select received_month as i,
    sum(n)::int as contacts,
    coalesce(sum(n) filter (where decided), 0)::int as decided,
    coalesce(sum(n) filter (where decided and not is_referral), 0)::int as not_referral,
    coalesce(sum(n) filter (where repeat), 0)::int as repeat,
    coalesce(sum(n) filter (where decided and within_one_working_day), 0)::int as within_one_working_day
  from grouped g, bounds b where g.received_month between 1 and cardinality(b.starts) - 1 group by 1
),
by_referral as (
  select referral_month as i,
    sum(n)::int as referrals,
    coalesce(sum(n) filter (where re_referral), 0)::int as re_referrals
  from grouped where referral_month is not null group by 1
)
select to_char(${period.from}::date + (coalesce(r.i, f.i) - 1) * interval '1 month', 'YYYY-MM-DD') as month,
  coalesce(r.contacts, 0) as contacts, coalesce(r.decided, 0) as decided, coalesce(r.not_referral, 0) as not_referral,
  coalesce(r.repeat, 0) as repeat, coalesce(r.within_one_working_day, 0) as within_one_working_day,
  coalesce(f.referrals, 0) as referrals, coalesce(f.re_referrals, 0) as re_referrals
from by_received r full join by_referral f on f.i = r.i
order by coalesce(r.i, f.i)`.execute(db);
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

/** Local midnight starting a `YYYY-MM-DD` date, and the day after the period's end. */
const periodBounds = (period: MeasurePeriod) => ({
  start: sql`(${period.from}::date::timestamp at time zone 'Europe/London')`,
  end: sql`((${period.to}::date + 1)::timestamp at time zone 'Europe/London')`,
});

export interface AgencyTimeliness {
  agency_code: string;
  agency_name: string;
  /** Requests whose deadline fell in the period. */
  due: number;
  /** … answered (information, nothing known or declined) by the deadline. */
  on_time: number;
  /** … answered after it. */
  late: number;
  /** … not answered yet. */
  unanswered: number;
}

/** Partner information on time (MEASURES.md second list): per agency, requests due in the period and those answered by their RAG deadline. */
export async function partnerInformationOnTime(db: Executor, period: MeasurePeriod): Promise<AgencyTimeliness[]> {
  const { start, end } = periodBounds(period);
  const result = await sql<AgencyTimeliness>`select a.code as agency_code, a.name as agency_name,
    count(r.id)::int as due,
    count(r.id) filter (where r.responded_at is not null and r.responded_at <= r.due_at)::int as on_time,
    count(r.id) filter (where r.responded_at is not null and r.responded_at > r.due_at)::int as late,
    count(r.id) filter (where r.responded_at is null)::int as unanswered
  from agencies a
  join information_requests r on r.agency_code = a.code and r.due_at >= ${start} and r.due_at < ${end}
    -- A request the MASH withdrew was no longer due (decision 028).
    and r.status <> 'withdrawn'
  group by a.code, a.name order by a.name`.execute(db);
  return result.rows.map((r) => ({ ...r, due: Number(r.due), on_time: Number(r.on_time), late: Number(r.late), unanswered: Number(r.unanswered) }));
}

export interface HubStepDowns {
  hub_code: string;
  hub_name: string;
  /** Step-downs the hub accepted or declined in the period. */
  decided: number;
  accepted: number;
  /** Declined and returned to the MASH ("bounce-backs"). */
  declined: number;
  /** Offered in the period and not answered yet. */
  waiting: number;
}

/** Step-downs accepted and bounce-backs per hub: decided by the hub in the period (local dates of the answer). */
export async function stepDownsByHub(db: Executor, period: MeasurePeriod): Promise<HubStepDowns[]> {
  const { start, end } = periodBounds(period);
  const result = await sql<HubStepDowns>`select h.code as hub_code, h.name as hub_name,
    count(s.id) filter (where s.status in ('accepted', 'declined') and s.responded_at >= ${start} and s.responded_at < ${end})::int as decided,
    count(s.id) filter (where s.status = 'accepted' and s.responded_at >= ${start} and s.responded_at < ${end})::int as accepted,
    count(s.id) filter (where s.status = 'declined' and s.responded_at >= ${start} and s.responded_at < ${end})::int as declined,
    count(s.id) filter (where s.status = 'offered' and s.offered_at >= ${start} and s.offered_at < ${end})::int as waiting
  from hubs h left join step_downs s on s.hub_code = h.code
  group by h.code, h.name order by h.name`.execute(db);
  return result.rows.map((r) => ({ ...r, decided: Number(r.decided), accepted: Number(r.accepted), declined: Number(r.declined), waiting: Number(r.waiting) }));
}

export interface DecisionCounts {
  /** Members of `repeat_contacts.numerator`, and those of them whose outcome was no further action or advice. */
  repeats: number;
  repeatsWithoutService: number;
  /** Members of `contacts.decided`, and those of them whose decision a manager authorised (or whose strategy discussion a manager confirmed). */
  decided: number;
  authorised: number;
  /** Median hours from receipt to decision over the decided contacts (exact: the mean of the middle two when even); null when none. */
  medianHoursToDecision: number | null;
}

/** The breakdowns' counts over the figures' own membership, in one statement (nothing is listed). */
export async function decisionCounts(db: Executor, period: MeasurePeriod): Promise<DecisionCounts> {
  const { start, end } = periodBounds(period);
  const repeat = figurePredicate("repeat_contacts.numerator", period);
  const decided = figurePredicate("contacts.decided", period);
  const result = await sql<Record<keyof DecisionCounts, number | string | null>>`${measureContactsCte(period, "counts")}
select
  count(*) filter (where ${repeat})::int as repeats,
  count(*) filter (where ${repeat} and m.outcome in ('nfa', 'advice_signpost'))::int as "repeatsWithoutService",
  count(*) filter (where ${decided})::int as decided,
  -- A manager's authorisation implies a decision that is not a duplicate: the members of contacts.decided
  -- it counts are the period's contacts with one, counted from their own partial index (migration 0015).
  (select count(*) from contacts a where a.authorised_by is not null and a.received_at >= ${start} and a.received_at < ${end})::int as authorised,
  percentile_cont(0.5) within group (order by extract(epoch from m.decided_at - m.received_at) / 3600) filter (where ${decided}) as "medianHoursToDecision"
from measure_contacts m`.execute(db);
  const row = result.rows[0]!;
  return {
    repeats: Number(row.repeats),
    repeatsWithoutService: Number(row.repeatsWithoutService),
    decided: Number(row.decided),
    authorised: Number(row.authorised),
    medianHoursToDecision: row.medianHoursToDecision === null ? null : Number(row.medianHoursToDecision),
  };
}
