/**
 * The front-door measures of MEASURES.md (binding), in SQL over the operational tables — the one
 * implementation: the `measures` command, the contact page's marks, the dashboard and the Annex A /
 * census exports all read these queries. See docs/decisions/009-measures-in-sql.md.
 *
 * One CTE (`measure_contacts`) gives every non-duplicate contact in scope one row of flags:
 * - the child, resolved through merges (`people.merged_into_id`, followed to the record kept);
 * - `repeat`: the child has another non-duplicate contact received earlier (instants) and on or
 *   after local midnight of the day 12 months before this one's local received date;
 * - `earlier_referrals`: for a referral, the child's other referrals earlier than it (by referral
 *   date, then decision time: together simply the decision instant) whose referral date is on or
 *   after the day 12 months before its referral date (the census re-referral when > 0; Annex A's
 *   "Number of Referrals in Last 12 Months");
 * - `within_one_working_day`: decided before the end (local midnight) of the first working day
 *   after the local received date (working days: Monday–Friday not in `bank_holidays`).
 * "12 months before" is PostgreSQL's `date - interval '1 year'`, which takes 29 February to
 * 28 February. Local dates are `at time zone 'Europe/London'`. Duplicates are never rows.
 *
 * Every figure is then a predicate over those rows (`FIGURES`): its count is `count(*) filter (where
 * predicate)` and its membership `where predicate`, so a figure and its list of records cannot differ.
 */
import { type RawBuilder, sql } from "kysely";
import { type DemandFlowFigure, demandFlowMembers } from "./demand-flow";
import type { Executor } from "./users";

/** A period of local (Europe/London) dates, both inclusive, `YYYY-MM-DD`. */
export interface MeasurePeriod {
  from: string;
  to: string;
}

/** The outcomes a decided contact can have in the measures (`duplicate` is never counted). */
export const MEASURE_OUTCOMES = ["referral", "strategy_discussion", "early_help", "nfa", "advice_signpost", "existing_case"] as const;
export type MeasureOutcome = (typeof MEASURE_OUTCOMES)[number];

const REFERRAL = sql`('referral', 'strategy_discussion')`;
const LONDON = sql.lit("Europe/London");

/** The instant local midnight begins a date expression. */
const startOfLocalDay = (date: RawBuilder<unknown>) => sql`((${date})::timestamp at time zone ${LONDON})`;
/** The day 12 months before a date expression (29 February → 28 February). */
const twelveMonthsBefore = (date: RawBuilder<unknown>) => sql`((${date}) - interval '1 year')::date`;

/**
 * THE repeat-contact rule, between a contact (alias `c`) and another contact of the same child (alias
 * `e`, both rows of `in_scope`, so neither a duplicate): `e` was received earlier (instants: the same
 * instant is not earlier) and on or after local midnight of the day 12 months before `c`'s local received date.
 */
function earlierContactWithinYear(c: string, e: string): RawBuilder<unknown> {
  const col = (alias: string, name: string) => sql.ref(`${alias}.${name}`);
  return sql`(${col(e, "child")} = ${col(c, "child")} and ${col(e, "received_at")} < ${col(c, "received_at")}
    and ${col(e, "received_at")} >= ${startOfLocalDay(twelveMonthsBefore(sql`${col(c, "received_date")}`))})`;
}

/** A referral for the re-referral rule: its child, decision instant and referral (decision) date as SQL expressions. */
interface ReferralExpr {
  child: RawBuilder<unknown>;
  decidedAt: RawBuilder<unknown>;
  decidedDate: RawBuilder<unknown>;
}
const REFERRAL_OF = (alias: string): ReferralExpr => ({
  child: sql`${sql.ref(`${alias}.child`)}`,
  decidedAt: sql`${sql.ref(`${alias}.decided_at`)}`,
  decidedDate: sql`${sql.ref(`${alias}.decided_date`)}`,
});

/**
 * THE re-referral rule, between a referral `r` and another referral of the same child (alias `e`, a
 * row of `referrals`): `e` is earlier — by referral date, then decision time, which together is the
 * decision instant — and its referral date is on or after the day 12 months before `r`'s.
 */
function earlierReferralWithinYear(r: ReferralExpr, e: string): RawBuilder<unknown> {
  const col = (name: string) => sql.ref(`${e}.${name}`);
  return sql`(${col("child")} = ${r.child} and ${col("decided_at")} < ${r.decidedAt} and ${col("decided_date")} >= ${twelveMonthsBefore(r.decidedDate)})`;
}

/** The columns of `contacts` the measures read (all in migration 0012's covering indexes). */
const CONTACT_COLUMNS = sql`c.id, c.reference, c.person_id, c.source, c.outcome, c.received_at, c.decided_at`;

/** Which contacts get flags: those a period's measures need, or every contact of some person records (a child's story). */
export type MeasureScope = { kind: "period"; period: MeasurePeriod } | { kind: "people"; personIds: readonly string[] };

/**
 * `with recursive …, measure_contacts as (…)`: the flag rows of the scope. `select … from measure_contacts` follows.
 * Columns: id, reference, person_id, child (the person record kept after merges; null when not linked),
 * source, outcome, received_at, decided_at, received_date, referral_date (null unless a referral),
 * is_referral, repeat, earlier_referrals (null unless a referral), within_one_working_day (null while pending).
 */
export function measureContactsCte(scope: MeasureScope): RawBuilder<unknown> {
  let restriction: RawBuilder<unknown>;
  let calendarFrom: RawBuilder<unknown>;
  let calendarTo: RawBuilder<unknown>;
  // The rows counted (the rest of `in_scope` is only what their look-backs reach): received in the
  // period (C), or referrals whose referral date is in it. `alias` is an `in_scope` row.
  let counted = (alias: string, what: "contact" | "referral"): RawBuilder<unknown> => (void alias, void what, sql`true`);
  if (scope.kind === "period") {
    const from = sql`${scope.period.from}::date`;
    const to = sql`${scope.period.to}::date`;
    // Everything a look-back from inside the period can reach: received (or, for referrals,
    // decided) from local midnight of the day 12 months before `from` to the end of `to`.
    const start = startOfLocalDay(twelveMonthsBefore(from));
    const end = startOfLocalDay(sql`${to} + 1`);
    // Two disjoint parts, each an index-only scan of one of migration 0012's covering indexes.
    restriction = sql`select ${CONTACT_COLUMNS} from contacts c
      where c.received_at >= ${start} and c.received_at < ${end} and c.outcome is distinct from 'duplicate'
    union all
    select ${CONTACT_COLUMNS} from contacts c
      where c.outcome in ${REFERRAL} and c.decided_at >= ${start} and c.decided_at < ${end} and c.received_at < ${start}`;
    calendarFrom = from;
    calendarTo = to;
    counted = (alias, what) => {
      const date = sql.ref(`${alias}.${what === "contact" ? "received_date" : "decided_date"}`);
      return what === "contact" ? sql`(${date} between ${from} and ${to})` : sql`(${sql.ref(`${alias}.is_referral`)} and ${date} between ${from} and ${to})`;
    };
  } else {
    const ids = scope.personIds.length ? sql.join(scope.personIds.map((id) => sql`${id}`)) : sql`null`;
    restriction = sql`select ${CONTACT_COLUMNS} from contacts c where c.person_id in (${ids}) and c.outcome is distinct from 'duplicate'`;
    calendarFrom = sql`(select min(received_date) from in_scope)`;
    calendarTo = sql`(select max(received_date) from in_scope)`;
  }
  return sql`with recursive
  -- Each merged-away person record and the record finally kept (merges may chain).
  merge_chain(id, kept, depth) as (
    select id, merged_into_id, 1 from people where merged_into_id is not null
    union all
    select merge_chain.id, p.merged_into_id, merge_chain.depth + 1
    from merge_chain join people p on p.id = merge_chain.kept
    where p.merged_into_id is not null and merge_chain.depth < 100
  ),
  kept_person(id, kept) as (
    select distinct on (id) id, kept from merge_chain order by id, depth desc
  ),
  -- The non-duplicate contacts in scope, each with its child and local dates.
  in_scope as (
    select c.id, c.reference, c.person_id, coalesce(kp.kept, c.person_id) as child, c.source, c.outcome,
      c.received_at, c.decided_at,
      (c.received_at at time zone ${LONDON})::date as received_date,
      (c.decided_at at time zone ${LONDON})::date as decided_date,
      coalesce(c.outcome in ${REFERRAL}, false) as is_referral
    from (${restriction}) c
    left join kept_person kp on kp.id = c.person_id
  ),
  -- Days from the first received date to three weeks after the last, each with the first working
  -- day after it (Monday–Friday, not a bank holiday; no run of non-working days is that long).
  calendar_days as (
    select d::date as day,
      extract(isodow from d) < 6 and not exists (select 1 from bank_holidays b where b."date" = d::date) as working
    from generate_series((${calendarFrom})::timestamp, (${calendarTo} + 21)::timestamp, interval '1 day') d
  ),
  calendar as (
    select day,
      min(case when working then day end) over (order by day desc rows between unbounded preceding and 1 preceding) as next_working_day
    from calendar_days
  ),
  referrals as (
    select id, child, decided_at, decided_date, is_referral from in_scope where is_referral and child is not null
  ),
  -- Counted contacts with an earlier contact of the same child within the 12 months (a semi-join).
  repeats as (
    select c.id from in_scope c
    where c.child is not null and ${counted("c", "contact")}
      and exists (select 1 from in_scope e where ${earlierContactWithinYear("c", "e")})
  ),
  earlier_referrals as (
    select r.id, count(e.id)::int as earlier_referrals
    from referrals r
    left join referrals e on ${earlierReferralWithinYear(REFERRAL_OF("r"), "e")}
    where ${counted("r", "referral")}
    group by r.id
  ),
  measure_contacts as (
    select c.id, c.reference, c.person_id, c.child, c.source, c.outcome, c.received_at, c.decided_at, c.received_date,
      case when c.is_referral then c.decided_date end as referral_date,
      c.is_referral,
      rep.id is not null as repeat,
      case when c.is_referral then coalesce(er.earlier_referrals, 0) end as earlier_referrals,
      case when c.decided_at is not null then c.decided_at < ${startOfLocalDay(sql`cal.next_working_day + 1`)} end as within_one_working_day
    from in_scope c
    left join repeats rep on rep.id = c.id
    left join earlier_referrals er on er.id = c.id
    left join calendar cal on cal.day = c.received_date
    where ${counted("c", "contact")} or ${counted("c", "referral")}
  )`;
}

// ---------------------------------------------------------------------------------------------
// Figures: each a predicate over `measure_contacts` (alias m) for a period
// ---------------------------------------------------------------------------------------------

type Predicate = (p: MeasurePeriod) => RawBuilder<unknown>;

const inC: Predicate = (p) => sql`(m.received_date between ${p.from}::date and ${p.to}::date)`;
const inD: Predicate = (p) => sql`(${inC(p)} and m.outcome is not null)`;
const referralInPeriod: Predicate = (p) => sql`(m.is_referral and m.referral_date between ${p.from}::date and ${p.to}::date)`;

/** The figures with one count each (ratios are a numerator figure over a denominator figure). */
export type CountedFigure =
  | "contacts.total"
  | "contacts.decided"
  | "contacts.pending"
  | "contacts_not_referral.numerator"
  | "repeat_contacts.numerator"
  | "referrals.total"
  | "referrals.strategy_discussion"
  | "re_referrals.numerator"
  | "decided_within_one_working_day.numerator"
  | `outcomes.${MeasureOutcome}`;

const COUNTED: Record<CountedFigure, Predicate> = {
  "contacts.total": inC,
  "contacts.decided": inD,
  "contacts.pending": (p) => sql`(${inC(p)} and m.outcome is null)`,
  "contacts_not_referral.numerator": (p) => sql`(${inD(p)} and not m.is_referral)`,
  "repeat_contacts.numerator": (p) => sql`(${inC(p)} and m.repeat)`,
  "referrals.total": referralInPeriod,
  "referrals.strategy_discussion": (p) => sql`(${referralInPeriod(p)} and m.outcome = 'strategy_discussion')`,
  "re_referrals.numerator": (p) => sql`(${referralInPeriod(p)} and m.earlier_referrals > 0)`,
  "decided_within_one_working_day.numerator": (p) => sql`(${inD(p)} and m.within_one_working_day)`,
  ...(Object.fromEntries(MEASURE_OUTCOMES.map((o) => [`outcomes.${o}`, ((p) => sql`(${inD(p)} and m.outcome = ${o})`) as Predicate])) as Record<
    `outcomes.${MeasureOutcome}`,
    Predicate
  >),
};

/** Ratios: numerator and denominator figures. */
export const RATIOS = {
  contacts_not_referral: { numerator: "contacts_not_referral.numerator", denominator: "contacts.decided" },
  repeat_contacts: { numerator: "repeat_contacts.numerator", denominator: "contacts.total" },
  re_referrals: { numerator: "re_referrals.numerator", denominator: "referrals.total" },
  decided_within_one_working_day: { numerator: "decided_within_one_working_day.numerator", denominator: "contacts.decided" },
} as const satisfies Record<string, { numerator: CountedFigure; denominator: CountedFigure }>;

export type RatioKey = keyof typeof RATIOS;

/** `by_source.<code>.contacts|decided|referrals` (referrals by received date: decided contacts in C with a referral outcome). */
export type SourceFigure = "contacts" | "decided" | "referrals";
const BY_SOURCE: Record<SourceFigure, Predicate> = {
  contacts: inC,
  decided: inD,
  referrals: (p) => sql`(${inD(p)} and m.is_referral)`,
};

/**
 * A figure whose records can be listed: a counted figure (`contacts.total`, `repeat_contacts.numerator`,
 * `outcomes.nfa`, …), a ratio's part (`repeat_contacts.denominator`), or `by_source.<code>.<figure>`.
 */
export type MeasureFigure =
  | CountedFigure
  | `${RatioKey}.numerator`
  | `${RatioKey}.denominator`
  | `by_source.${string}.${SourceFigure}`
  // The demand flow and process map's boxes and arrows (./demand-flow.ts): contacts of C.
  | DemandFlowFigure;

function predicateOf(figure: string, period: MeasurePeriod): RawBuilder<unknown> | null {
  if (figure in COUNTED) return COUNTED[figure as CountedFigure](period);
  const ratio = /^([a-z_]+)\.(numerator|denominator)$/.exec(figure);
  if (ratio && ratio[1]! in RATIOS) return COUNTED[RATIOS[ratio[1] as RatioKey][ratio[2] as "numerator" | "denominator"]](period);
  const bySource = /^by_source\.([0-9A-Z]{1,3})\.(contacts|decided|referrals)$/.exec(figure);
  if (bySource) return sql`(m.source = ${bySource[1]!} and ${BY_SOURCE[bySource[2] as SourceFigure](period)})`;
  const flow = demandFlowMembers(figure, period);
  if (flow) return sql`(${inC(period)} and m.id in (${flow}))`;
  return null;
}

/** Whether a string names a figure `listMeasureMembers` can list. */
export function isMeasureFigure(figure: string): figure is MeasureFigure {
  return predicateOf(figure, { from: "2000-01-01", to: "2000-01-01" }) !== null;
}

/** `100 × n / d` rounded to one decimal place, halves up, on the exact fraction (numeric, never a float); null when d = 0. */
const pct = (n: RawBuilder<unknown>, d: RawBuilder<unknown>) => sql`case when ${d} = 0 then null else round(${n} * 100::numeric / ${d}, 1)::text end`;

export interface MeasureCountsRow {
  counts: Record<CountedFigure, number>;
  pcts: Record<RatioKey, string | null>;
  bySource: { source: string; contacts: number; decided: number; referrals: number }[];
}

/**
 * Settings for the rest of the transaction that the measures' statement needs to stay in memory and
 * start at once: enough work_mem for its hash joins and its CTEs (PostgreSQL's 4 MB spills them to disk
 * at a million contacts) and no JIT compilation (which costs more than it saves on a statement that
 * runs for a fraction of a second). Call first inside the transaction that computes the measures.
 */
export async function setMeasuresSettings(trx: Executor): Promise<void> {
  await sql`select set_config('work_mem', '64MB', true), set_config('jit', 'off', true)`.execute(trx);
}

/** The one statement of `measureCounts` (exported for EXPLAIN in the benchmark). */
export function measureCountsQuery(period: MeasurePeriod): RawBuilder<Record<string, number | string | null>> {
  const figures = Object.entries(COUNTED) as [CountedFigure, Predicate][];
  const columns = figures.map(([, predicate], i) => sql`count(*) filter (where ${predicate(period)})::int as ${sql.id(`f${i}`)}`);
  const ratioColumns = (Object.entries(RATIOS) as [RatioKey, { numerator: CountedFigure; denominator: CountedFigure }][]).map(([, r], i) => {
    const n = sql`count(*) filter (where ${COUNTED[r.numerator](period)})`;
    const d = sql`count(*) filter (where ${COUNTED[r.denominator](period)})`;
    return sql`${pct(n, d)} as ${sql.id(`r${i}`)}`;
  });
  const bySource = sql`(
    select coalesce(json_agg(json_build_object('source', s.source, 'contacts', s.contacts, 'decided', s.decided, 'referrals', s.referrals)), '[]'::json)::text
    from (
      select m.source,
        count(*) filter (where ${BY_SOURCE.contacts(period)})::int as contacts,
        count(*) filter (where ${BY_SOURCE.decided(period)})::int as decided,
        count(*) filter (where ${BY_SOURCE.referrals(period)})::int as referrals
      from measure_contacts m where ${inC(period)} group by m.source
    ) s
  )`;
  return sql<Record<string, number | string | null>>`${measureContactsCte({ kind: "period", period })}
select ${sql.join([...columns, ...ratioColumns])}, ${bySource} as by_source
from measure_contacts m`;
}

/** Every count of a period in one statement (one snapshot): the counted figures, the ratios' percentages, and by source. */
export async function measureCounts(db: Executor, period: MeasurePeriod): Promise<MeasureCountsRow> {
  const figures = Object.keys(COUNTED) as CountedFigure[];
  const result = await measureCountsQuery(period).execute(db);
  const row = result.rows[0]!;
  const counts = Object.fromEntries(figures.map((name, i) => [name, Number(row[`f${i}`])])) as Record<CountedFigure, number>;
  const pcts = Object.fromEntries(Object.keys(RATIOS).map((name, i) => [name, row[`r${i}`] === null ? null : String(row[`r${i}`])])) as Record<RatioKey, string | null>;
  return { counts, pcts, bySource: JSON.parse(String(row.by_source)) };
}

/** One contact a figure counts, with the flags that place it (for lists, links and exports). */
export interface MeasureMember {
  id: string;
  reference: string;
  /** The person record the contact is recorded against. */
  person_id: string | null;
  /** The child: the person record kept after any merges (null when not linked). */
  child: string | null;
  source: string;
  outcome: string | null;
  received_at: Date;
  decided_at: Date | null;
  /** Local received date, `YYYY-MM-DD`. */
  received_date: string;
  /** Local date of the decision, for referrals only. */
  referral_date: string | null;
  is_referral: boolean;
  repeat: boolean;
  /** For referrals: the child's other referrals in the 12 months before (the re-referral rule); null otherwise. */
  earlier_referrals: number | null;
  /** Null while pending. */
  within_one_working_day: boolean | null;
}

const MEMBER_COLUMNS = sql`m.id, m.reference, m.person_id, m.child, m.source, m.outcome, m.received_at, m.decided_at,
  to_char(m.received_date, 'YYYY-MM-DD') as received_date, to_char(m.referral_date, 'YYYY-MM-DD') as referral_date,
  m.is_referral, m.repeat, m.earlier_referrals, m.within_one_working_day`;

/**
 * The contacts a figure of a period counts (its membership), by received time then id. Throws on an
 * unknown figure (check with `isMeasureFigure`). `referrals.total` is Annex A List 3's rows and
 * `contacts.total` List 1's.
 */
export async function listMeasureMembers(db: Executor, period: MeasurePeriod, figure: MeasureFigure): Promise<MeasureMember[]> {
  const predicate = predicateOf(figure, period);
  if (!predicate) throw new Error(`Not a measure figure: ${figure}`);
  const result = await sql<MeasureMember>`${measureContactsCte({ kind: "period", period })}
select ${MEMBER_COLUMNS} from measure_contacts m where ${predicate} order by m.received_at, m.id`.execute(db);
  return result.rows.map(normaliseMember);
}

/** A child's look-back over their whole history: the contact page's repeat-contact and re-referral marks. */
export interface ChildLookBack {
  /** Every non-duplicate contact of the child, with its flags, by received time. */
  contacts: MeasureMember[];
  /** Contact id → the ids of the earlier contacts that make it a repeat contact. */
  earlierContacts: Map<string, string[]>;
  /** Referral id → the ids of the earlier referrals that make it a re-referral. */
  earlierReferrals: Map<string, string[]>;
  /** The referrals that would make a referral decided at `now` a re-referral. */
  referralsBeforeNow: string[];
}

/**
 * The look-back of every non-duplicate contact of some person records (a child's record and those
 * merged into it), over the child's whole history, by the same rules (the same SQL) as the measures.
 */
export async function childLookBack(db: Executor, personIds: readonly string[], now: Date): Promise<ChildLookBack> {
  const empty: ChildLookBack = { contacts: [], earlierContacts: new Map(), earlierReferrals: new Map(), referralsBeforeNow: [] };
  if (personIds.length === 0) return empty;
  const cte = measureContactsCte({ kind: "people", personIds });
  const at = sql`${now.toISOString()}::timestamptz`;
  const rightNow: ReferralExpr = { child: sql`e.child`, decidedAt: at, decidedDate: sql`(${at} at time zone ${LONDON})::date` };
  const [flags, pairs] = await Promise.all([
    sql<MeasureMember>`${cte}
select ${MEMBER_COLUMNS} from measure_contacts m order by m.received_at, m.id`.execute(db),
    sql<{ kind: "contact" | "referral" | "now"; contact_id: string | null; earlier_id: string }>`${cte}
select 'contact' as kind, c.id as contact_id, e.id as earlier_id from in_scope c join in_scope e on ${earlierContactWithinYear("c", "e")}
union all
select 'referral', r.id, e.id from referrals r join referrals e on ${earlierReferralWithinYear(REFERRAL_OF("r"), "e")}
union all
select 'now', null, e.id from referrals e where ${earlierReferralWithinYear(rightNow, "e")}
order by 1, 2, 3`.execute(db),
  ]);
  const result = { ...empty, contacts: flags.rows.map(normaliseMember) };
  const add = (map: Map<string, string[]>, key: string, value: string) => map.set(key, [...(map.get(key) ?? []), value]);
  for (const p of pairs.rows) {
    if (p.kind === "contact") add(result.earlierContacts, p.contact_id!, p.earlier_id);
    else if (p.kind === "referral") add(result.earlierReferrals, p.contact_id!, p.earlier_id);
    else result.referralsBeforeNow.push(p.earlier_id);
  }
  return result;
}

function normaliseMember(row: MeasureMember): MeasureMember {
  return {
    ...row,
    received_at: new Date(row.received_at),
    decided_at: row.decided_at === null ? null : new Date(row.decided_at),
    earlier_referrals: row.earlier_referrals === null ? null : Number(row.earlier_referrals),
  };
}

/** `select count(*)` of the contacts received in a period (the benchmark's yardstick: one scan of the same rows). */
export async function countContactsReceivedIn(db: Executor, period: MeasurePeriod): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from contacts
where received_at >= ${startOfLocalDay(sql`${period.from}::date`)} and received_at < ${startOfLocalDay(sql`${period.to}::date + 1`)}`.execute(db);
  return Number(result.rows[0]!.n);
}

/**
 * Gathers the planner's statistics on the tables the measures read, after a large load (demo data,
 * a history import). The embedded database has no autovacuum: without them the planner guesses a
 * handful of rows and the measures take seconds instead of milliseconds.
 */
export async function gatherStatistics(db: Executor): Promise<void> {
  await sql`analyze people, contacts, contact_events, information_requests, step_downs, users`.execute(db);
}
