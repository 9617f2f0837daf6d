/**
 * The dashboard's monthly series, on the measures' own groups (db/queries/measures/measures.ts): one
 * evaluation over the whole range, its groups counted by local month exactly as a month's measures
 * count them — received date for contacts (C, D), referral date for referrals. The flags (repeat,
 * earlier referrals, within one working day) and the figures are the measures', never restated here;
 * test/integration/dashboard.test.ts checks each month against `computeMeasures` of that month, and
 * test/integration/measures-month-counts.test.ts a year's months against figures worked by hand.
 */
import { sql } from "kysely";
import { type CountedFigure, countedGroupsCte, figurePredicate, groupedCount, type MeasurePeriod, measureContactsCte } from "./measures";
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
 * contacts are absent. The measures' own groups (`countedGroupsCte`, decision 035) with the month each
 * group's contacts were received in (C) or decided in (referrals), each column a figure's count over them.
 */
export async function monthlyMeasureCounts(db: Executor, period: MeasurePeriod): Promise<MonthlyCounts[]> {
  const count = (figure: CountedFigure) => groupedCount(figure, period);
  const result = await sql<MonthlyCounts>`${countedGroupsCte(period, { byMonth: true })}
select to_char(m.month, 'YYYY-MM-DD') as month,
  ${count("contacts.total")} as contacts,
  ${count("contacts.decided")} as decided,
  ${count("contacts_not_referral.numerator")} as not_referral,
  ${count("repeat_contacts.numerator")} as repeat,
  ${count("decided_within_one_working_day.numerator")} as within_one_working_day,
  ${count("referrals.total")} as referrals,
  ${count("re_referrals.numerator")} as re_referrals
from grouped m group by m.month having sum(m.n) <> 0 order by m.month`.execute(db);
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
