/**
 * The front-door measures of MEASURES.md (binding), in SQL over the operational tables — the one
 * implementation: the `measures` command, the contact page's marks, the dashboard and the Annex A /
 * census exports all read these queries. See docs/decisions/009-measures-in-sql.md.
 *
 * The look-back rules (`lookBackCte`), worked out over all the contacts of whole children:
 * - the child, resolved through merges (`people.merged_into_id`, followed to the record kept);
 * - `repeat`: the child has another non-duplicate contact received earlier (instants) and on or
 *   after local midnight of the day 12 months before this one's local received date;
 * - `earlier_referrals`: for a referral, the child's other referrals earlier than it (by referral
 *   date, then decision time: together simply the decision instant) whose referral date is on or
 *   after the day 12 months before its referral date (the census re-referral when > 0; Annex A's
 *   "Number of Referrals in Last 12 Months").
 * "12 months before" is PostgreSQL's `date - interval '1 year'`, which takes 29 February to
 * 28 February. Local dates are `at time zone 'Europe/London'`. Duplicates are never looked back to.
 * They are stored on each contact (`contacts.repeat_contact`, `contacts.earlier_referrals`) by
 * `storeLookBacks`, in the same transaction as every change that can move them (decision 014), so a
 * period's measures read one index range instead of working out two years of look-backs.
 *
 * One CTE (`measure_contacts`) then gives every contact a period counts one row: the stored flags,
 * and `within_one_working_day` — decided before the end (local midnight) of the first working day
 * after the local received date (working days: Monday–Friday not in `bank_holidays`, worked out live
 * so a bank holiday added later counts at once).
 *
 * Every figure is then a predicate over those rows (`COUNTED`): its membership is `where predicate`,
 * and its count the sum over groups of rows of `filter (where predicate)` — groups of the period's
 * contacts, and for its whole months the contacts counted by month (`measureCountsQuery`, decisions
 * 033 and 035), with the same flag expressions — so a figure and its list of records cannot differ.
 */
import { type RawBuilder, sql } from "kysely";
import { type DemandFlowFigure, demandFlowMembers } from "./demand-flow";
import { gatherMonthCounts } from "./month-counts";
import { organisationPredicate } from "./referrers";
import type { Executor } from "../../executor";

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

/** The columns of `contacts` the measures read (all in migration 0014's covering indexes). */
const COUNTED_COLUMNS = sql`c.source, c.outcome, c.received_at, c.decided_at, c.repeat_contact, c.earlier_referrals, c.decision_due_at, c.organisation_key, c.organisation_name`;
const MEMBER_CONTACT_COLUMNS = sql`c.id, c.reference, c.person_id, ${COUNTED_COLUMNS}`;

/** Each merged-away person record and the record finally kept (merges may chain): CTEs `merge_chain`, `kept_person`. */
const MERGE_CTES = sql`merge_chain(id, kept, depth) as (
    select id, merged_into_id, 1 from people where merged_into_id is not null
    union all
    select merge_chain.id, p.merged_into_id, merge_chain.depth + 1
    from merge_chain join people p on p.id = merge_chain.kept
    where p.merged_into_id is not null and merge_chain.depth < 100
  ),
  kept_person(id, kept) as (
    select distinct on (id) id, kept from merge_chain order by id, depth desc
  )`;

/**
 * Whether a contact (alias `c`) was decided within one working day; null while pending. Its stored
 * `decision_due_at` is the end of the first working day after its local received date (migration
 * 0015), moved in the same transaction as a bank holiday that changes it.
 */
const WITHIN_ONE_WORKING_DAY = sql`case when c.decided_at is not null then c.decided_at < c.decision_due_at end`;

/** Whose contacts the look-back rules are worked out for: some person records', some contacts', those not yet worked out, or every contact. */
export type LookBackScope =
  | { kind: "people"; personIds: readonly string[] }
  | { kind: "contacts"; contactIds: readonly string[]; personIds?: readonly string[] }
  | { kind: "not_worked_out" }
  | { kind: "all" }
  /** The history import's staged contacts (`import_contacts`, db/queries/history-import.ts) with their children's existing contacts. */
  | { kind: "staged" };

/**
 * THE look-back rules, worked out over the contacts of whole children: `with recursive …, look_back as (…)`
 * (`select … from look_back` follows). Every contact of each child in scope is a row (a child's
 * contacts are never split, so every look-back is complete): the scope's person records are widened
 * to their merge families, and unlinked contacts in scope are rows of their own.
 * Columns of `look_back`: id, reference, person_id, child, source, outcome, received_at, decided_at,
 * decision_due_at, received_date, decided_date, is_referral, duplicate, repeat (false for duplicates and unlinked
 * contacts), earlier_referrals (null unless a non-duplicate referral).
 * Also defines `in_scope` (the non-duplicates) and `referrals` for callers that list the pairs.
 */
export function lookBackCte(scope: LookBackScope): RawBuilder<unknown> {
  let seeds: RawBuilder<unknown>;
  if (scope.kind === "people") {
    seeds = sql`select null::text as contact_id, p.id as person_id from unnest(${[...scope.personIds]}::text[]) p(id)`;
  } else if (scope.kind === "contacts") {
    seeds = sql`select c.id as contact_id, c.person_id from contacts c where c.id = any(${[...scope.contactIds]}::text[])
    union all select null, p.id from unnest(${[...(scope.personIds ?? [])]}::text[]) p(id)`;
  } else if (scope.kind === "staged") {
    seeds = sql`select null::text as contact_id, s.person_id from import_contacts s`;
  } else if (scope.kind === "not_worked_out") {
    seeds = sql`select c.id as contact_id, c.person_id from contacts c where c.repeat_contact is null`;
  } else {
    seeds = sql`select null::text as contact_id, null::text as person_id where false`;
  }
  // Every contact of the children in scope, and the unlinked contacts in scope (all contacts, for "all").
  const contactsInScope =
    scope.kind === "all"
      ? sql`select c.* from contacts c`
      : sql`select c.* from contacts c where c.person_id in (select id from family)
    union all
    select c.* from ${scope.kind === "staged" ? sql`import_contacts` : sql`contacts`} c
      where ${scope.kind === "staged" ? sql`true` : sql`c.person_id is null and c.id in (select contact_id from seeds)`}`;
  return sql`with recursive
  ${MERGE_CTES},
  seeds(contact_id, person_id) as (${seeds}),
  -- The children in scope (the person records kept after merges), and every person record of each.
  roots as (
    select distinct coalesce(kp.kept, s.person_id) as root from seeds s left join kept_person kp on kp.id = s.person_id where s.person_id is not null
  ),
  family(id) as (
    select root from roots
    union
    select kp.id from kept_person kp join roots r on r.root = kp.kept
  ),
  family_contacts as (
    select c.id, c.reference, c.person_id, coalesce(kp.kept, c.person_id) as child, c.source, c.outcome, c.received_at, c.decided_at,
      c.decision_due_at, (c.received_at at time zone ${LONDON})::date as received_date,
      (c.decided_at at time zone ${LONDON})::date as decided_date,
      coalesce(c.outcome in ${REFERRAL}, false) as is_referral,
      c.outcome is not distinct from 'duplicate' as duplicate
    from (${contactsInScope}) c
    left join kept_person kp on kp.id = c.person_id
  ),
  in_scope as (select * from family_contacts where not duplicate),
  referrals as (
    select id, child, decided_at, decided_date, is_referral from in_scope where is_referral and child is not null
  ),
  -- The repeat-contact rule as one sort: the child's latest contact received strictly earlier (the
  -- frame ends 1 microsecond, PostgreSQL's resolution, before this one) is the one most likely to
  -- lie within the 12 months; the contact is a repeat when it does (the rule of earlierContactWithinYear).
  latest_earlier as (
    select c.id, c.child, c.received_date,
      max(c.received_at) over (partition by c.child order by c.received_at range between unbounded preceding and interval '1 microsecond' preceding) as latest_earlier_at
    from in_scope c where c.child is not null
  ),
  repeats as (
    select id from latest_earlier where latest_earlier_at >= ${startOfLocalDay(twelveMonthsBefore(sql`received_date`))}
  ),
  earlier_referrals as (
    select r.id, count(e.id)::int as earlier_referrals
    from referrals r
    left join referrals e on ${earlierReferralWithinYear(REFERRAL_OF("r"), "e")}
    group by r.id
  ),
  look_back as (
    select c.*,
      rep.id is not null as repeat,
      case when c.is_referral and not c.duplicate then coalesce(er.earlier_referrals, 0) end as earlier_referrals
    from family_contacts c
    left join repeats rep on rep.id = c.id
    left join earlier_referrals er on er.id = c.id
  )`;
}

/**
 * Works out the look-back of the contacts in scope and stores it on each contact (`repeat_contact`,
 * `earlier_referrals`) where it changed. Called in the same transaction as every change that can move
 * a look-back — a contact recorded, linked to a child, decided or closed as a duplicate (the lifecycle
 * service), a merge, an import — so the stored flags are always the rule's (`countLookBacksNotAsStored`
 * checks). Returns how many contacts' flags changed.
 */
export async function storeLookBacks(db: Executor, scope: LookBackScope): Promise<number> {
  const result = await sql`${lookBackCte(scope)}
update contacts c set repeat_contact = f.repeat, earlier_referrals = f.earlier_referrals
from look_back f
where c.id = f.id and (c.repeat_contact is distinct from f.repeat or c.earlier_referrals is distinct from f.earlier_referrals)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Above this many contacts not yet worked out, every contact is worked out in one pass (one sort) instead of child by child. */
const WHOLE_TABLE_FROM = 10_000;

/**
 * Stores the look-back of the contacts (and their children's other contacts) whose look-back is not
 * yet worked out: after a bulk load (an import, the demo data) or migration 0014.
 */
export async function storeMissingLookBacks(db: Executor): Promise<number> {
  const missing = await sql<{ n: number }>`select count(*)::int as n from (select 1 from contacts where repeat_contact is null limit ${WHOLE_TABLE_FROM + 1}) m`.execute(db);
  const n = Number(missing.rows[0]!.n);
  if (n === 0) return 0;
  return storeLookBacks(db, n > WHOLE_TABLE_FROM ? { kind: "all" } : { kind: "not_worked_out" });
}

/** How many contacts' stored look-back differs from the rule worked out now over every contact (0 when all is well). */
export async function countLookBacksNotAsStored(db: Executor): Promise<number> {
  const result = await sql<{ n: number }>`${lookBackCte({ kind: "all" })}
select count(*)::int as n from look_back f join contacts c on c.id = f.id
where c.repeat_contact is distinct from f.repeat or c.earlier_referrals is distinct from f.earlier_referrals`.execute(db);
  return Number(result.rows[0]!.n);
}

/** The non-duplicate contacts (alias `c`) received from one instant to before another. */
const receivedBetween = (from: RawBuilder<unknown>, until: RawBuilder<unknown>) =>
  sql`c.received_at >= ${from} and c.received_at < ${until} and c.outcome is distinct from 'duplicate'`;

/** A period's first and last instants (local midnights), and the two disjoint parts of its rows. */
function periodParts(period: MeasurePeriod) {
  const start = startOfLocalDay(sql`${period.from}::date`);
  const end = startOfLocalDay(sql`${period.to}::date + 1`);
  return {
    start,
    end,
    // Two disjoint parts, each an index-only scan of one of the covering indexes (migrations 0014, 0015):
    // non-duplicate contacts received in the period (C), and referrals decided in it but received
    // earlier (or, in data written by hand, later).
    parts: [
      { inC: true, where: receivedBetween(start, end) },
      {
        inC: false,
        where: sql`c.outcome in ${REFERRAL} and c.decided_at >= ${start} and c.decided_at < ${end} and (c.received_at < ${start} or c.received_at >= ${end})`,
      },
    ],
  };
}

/** A contact's (alias `c`, a row of `contacts`) flags that place it in the figures, as SQL — one definition for the lists and the counts. */
function contactFlags(start: RawBuilder<unknown>, end: RawBuilder<unknown>) {
  const isReferral = sql`coalesce(c.outcome in ${REFERRAL}, false)`;
  return {
    isReferral,
    repeat: sql`coalesce(c.repeat_contact, false)`,
    earlierReferrals: sql`case when ${isReferral} then coalesce(c.earlier_referrals, 0) end`,
    withinOneWorkingDay: WITHIN_ONE_WORKING_DAY,
    referralInPeriod: sql`${isReferral} and c.decided_at >= ${start} and c.decided_at < ${end}`,
  };
}

/**
 * `with recursive …, measure_contacts as (…)`: one row per contact counted by a period's measures,
 * with its stored look-back (`select … from measure_contacts` follows). Columns: id, reference,
 * person_id, child (the person record kept after merges; null when not linked), source, outcome,
 * received_at, decided_at, received_date, referral_date (null unless a referral), is_referral, repeat,
 * earlier_referrals (null unless a referral), within_one_working_day (null while pending),
 * organisation_key and organisation_name (the referring organisation, ./referrers.ts).
 * The rows: non-duplicate contacts received in the period (C), and referrals decided in it (received earlier).
 */
export function measureContactsCte(period: MeasurePeriod, only: "counts" | "members" = "members"): RawBuilder<unknown> {
  const { start, end, parts } = periodParts(period);
  const flags = contactFlags(start, end);
  // Counting needs neither which contact nor which child: narrower rows, no merge join.
  const CONTACT_COLUMNS = only === "counts" ? COUNTED_COLUMNS : MEMBER_CONTACT_COLUMNS;
  const identity = only === "counts" ? sql`` : sql`c.id, c.reference, c.person_id, coalesce(kp.kept, c.person_id) as child,`;
  const merges = only === "counts" ? sql`` : sql`left join kept_person kp on kp.id = c.person_id`;
  return sql`with recursive
  ${MERGE_CTES},
  in_period as (
    ${sql.join(parts.map((part) => sql`select ${CONTACT_COLUMNS}, ${sql.lit(part.inC)} as in_c from contacts c where ${part.where}`), sql` union all `)}
  ),
  measure_contacts as (
    select ${identity} c.source, c.outcome, c.received_at, c.decided_at, c.organisation_key, c.organisation_name,
      (c.received_at at time zone ${LONDON})::date as received_date,
      case when ${flags.isReferral} then (c.decided_at at time zone ${LONDON})::date end as referral_date,
      ${flags.isReferral} as is_referral,
      ${flags.repeat} as repeat,
      ${flags.earlierReferrals} as earlier_referrals,
      ${flags.withinOneWorkingDay} as within_one_working_day,
      -- Worked out once per row, so each figure's predicate is a test of booleans (the figures below).
      c.in_c,
      ${flags.referralInPeriod} as referral_in_period
    from in_period c
    ${merges}
  )`;
}

// ---------------------------------------------------------------------------------------------
// Figures: each a predicate over `measure_contacts` (alias m) for a period
// ---------------------------------------------------------------------------------------------

type Predicate = (p: MeasurePeriod) => RawBuilder<unknown>;

// The period is the CTE's: in_c (received in the period) and referral_in_period are worked out there.
const inC: Predicate = () => sql`m.in_c`;
const inD: Predicate = (p) => sql`(${inC(p)} and m.outcome is not null)`;
const referralInPeriod: Predicate = () => sql`m.referral_in_period`;

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

/** The predicate of `by_source.<code>.<figure>` without its source test (also `by_organisation`'s, and ./referrers.ts counts with it). */
export function sourceFigurePredicate(figure: SourceFigure, period: MeasurePeriod): RawBuilder<unknown> {
  return BY_SOURCE[figure](period);
}

/**
 * A figure whose records can be listed: a counted figure (`contacts.total`, `repeat_contacts.numerator`,
 * `outcomes.nfa`, …), a ratio's part (`repeat_contacts.denominator`), or `by_source.<code>.<figure>`.
 */
export type MeasureFigure =
  | CountedFigure
  | `${RatioKey}.numerator`
  | `${RatioKey}.denominator`
  | `by_source.${string}.${SourceFigure}`
  // The same per referring organisation (./referrers.ts: a 16-hex-digit key of the organisation's name, or `none`).
  | `by_organisation.${string}.${SourceFigure}`
  // The demand flow and process map's boxes and arrows (./demand-flow.ts): contacts of C.
  | DemandFlowFigure;

function predicateOf(figure: string, period: MeasurePeriod): RawBuilder<unknown> | null {
  if (figure in COUNTED) return COUNTED[figure as CountedFigure](period);
  const ratio = /^([a-z_]+)\.(numerator|denominator)$/.exec(figure);
  if (ratio && ratio[1]! in RATIOS) return COUNTED[RATIOS[ratio[1] as RatioKey][ratio[2] as "numerator" | "denominator"]](period);
  const bySource = /^by_source\.([0-9A-Z]{1,3})\.(contacts|decided|referrals)$/.exec(figure);
  if (bySource) return sql`(m.source = ${bySource[1]!} and ${BY_SOURCE[bySource[2] as SourceFigure](period)})`;
  const byOrganisation = /^by_organisation\.(none|[0-9a-f]{16})\.(contacts|decided|referrals)$/.exec(figure);
  if (byOrganisation) return sql`(${BY_SOURCE[byOrganisation[2] as SourceFigure](period)} and ${organisationPredicate(byOrganisation[1]!)})`;
  const flow = demandFlowMembers(figure, period);
  if (flow) return sql`(${inC(period)} and m.id in (${flow}))`;
  return null;
}

/** The predicate over `measure_contacts` (alias m) of a figure of a period (throws on an unknown figure). */
export function figurePredicate(figure: MeasureFigure, period: MeasurePeriod): RawBuilder<unknown> {
  const predicate = predicateOf(figure, period);
  if (!predicate) throw new Error(`Not a measure figure: ${figure}`);
  return predicate;
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
 * runs for a fraction of a second), and no parallel workers (decision 033: on the 2-core machine the
 * measures' parallel plan was never faster than the serial one, and 20 users need the cores). Call
 * first inside the transaction that computes the measures.
 */
export async function setMeasuresSettings(trx: Executor): Promise<void> {
  await sql`select set_config('work_mem', '64MB', true), set_config('jit', 'off', true), set_config('enable_mergejoin', 'off', true),
    set_config('max_parallel_workers_per_gather', '0', true)`.execute(trx);
}

/**
 * The whole local months of a period: the first day of its first whole month, and the first day of
 * the month after its last whole month (`until`, exclusive); null when it holds no whole month.
 */
export function wholeMonthsOf(period: MeasurePeriod): { from: string; until: string } | null {
  const [year, month, day] = period.from.split("-").map(Number) as [number, number, number];
  const from = isoDate(utcDate(year, day === 1 ? month - 1 : month, 1));
  const until = `${nextDay(period.to).slice(0, 8)}01`;
  return from < until ? { from, until } : null;
}

/** A UTC calendar date (months from 0; a day or month past the end rolls over; years below 100 are years, not 19xx). */
const utcDate = (year: number, month: number, day: number) => {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return date;
};
const isoDate = (d: Date) => `${String(d.getUTCFullYear()).padStart(4, "0")}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")}`;
/** The calendar day after a `YYYY-MM-DD` date. */
const nextDay = (date: string) => {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return isoDate(utcDate(year, month - 1, day + 1));
};

/**
 * `with …, grouped as (…)`: the period's contacts counted in groups (decisions 033, 035), so each
 * figure is a sum over a few thousand groups instead of a test of every contact. `grouped` has the
 * columns the figures' predicates read (alias m: source, outcome, in_c, referral_in_period,
 * within_one_working_day, is_referral, repeat, earlier_referrals), the flags being `contactFlags`'
 * expressions over the grouped columns — one definition for the lists and the counts — and `n`, the
 * contacts of the group; with `byMonth`, also `month`: the first day of the local month the group's
 * contacts were received in (C) or decided in (referrals). Two kinds of group, each from two sources
 * (each part a CTE planned alone, `materialized`):
 * - **the contacts received in the period** (C, the figures that test `in_c`) and **the referrals
 *   decided in the period**, whenever received (the figures that test `referral_in_period`);
 * - for the period's whole local months, from `contact_month_counts` (migration 0028: the contacts
 *   counted by the month they were received in, and by the month they were decided in, kept by
 *   triggers in the same transaction as every change of a contact); for the days before its first
 *   whole month and after its last, from `contacts` (an index range each).
 * A referral received and decided in the period is in both kinds, as `in_c` in one and
 * `referral_in_period` in the other: no figure tests both flags, so every figure counts it once.
 */
export function countedGroupsCte(period: MeasurePeriod, { byMonth = false } = {}): RawBuilder<unknown> {
  const { start, end } = periodParts(period);
  const flags = contactFlags(start, end);
  const months = wholeMonthsOf(period);
  const localMonth = (instant: RawBuilder<unknown>) => sql`date_trunc('month', ${instant} at time zone ${LONDON})::date`;
  // The month column and its place in each part's group key (after the part's other seven columns).
  const month = (column: RawBuilder<unknown>) => (byMonth ? sql`, ${column} as month` : sql``);
  const groupByMonth = byMonth ? sql`, 9` : sql``;
  type Range = [RawBuilder<unknown>, RawBuilder<unknown>];
  // The days outside the period's whole months (all of it when it has none), as ranges of instants.
  const ranges: Range[] = months
    ? [
        ...(months.from === period.from ? [] : [[start, startOfLocalDay(sql`${months.from}::date`)] as Range]),
        ...(months.until === nextDay(period.to) ? [] : [[startOfLocalDay(sql`${months.until}::date`), end] as Range]),
      ]
    : [[start, end]];
  const monthRows = (countedBy: "received" | "decided", where: RawBuilder<unknown>, columns: RawBuilder<unknown>) =>
    months
      ? [
          sql`select ${columns}, contacts as n${month(sql`month`)} from contact_month_counts
    where counted_by = ${countedBy} and month >= ${months.from}::date and month < ${months.until}::date and ${where} and contacts <> 0`,
        ]
      : [];
  const parts: RawBuilder<unknown>[] = [
    // C: the contacts received in the period.
    ...monthRows(
      "received",
      sql`outcome is distinct from 'duplicate'`,
      sql`source, outcome, repeat_contact, null::int as earlier_referrals, true as in_c, false as referral_in_period, within_one_working_day`,
    ),
    ...ranges.map(
      ([from, until]) => sql`select c.source, c.outcome, c.repeat_contact, null::int as earlier_referrals, true as in_c, false as referral_in_period,
      ${flags.withinOneWorkingDay} as within_one_working_day, count(*) as n${month(localMonth(sql`c.received_at`))}
    from contacts c where ${receivedBetween(from, until)}
    group by c.source, c.outcome, c.repeat_contact, 7${groupByMonth}`,
    ),
    // The referrals decided in the period (flags.referralInPeriod).
    ...monthRows(
      "decided",
      sql`outcome in ${REFERRAL}`,
      sql`source, outcome, null::boolean as repeat_contact, earlier_referrals, false as in_c, true as referral_in_period, null::boolean as within_one_working_day`,
    ),
    ...ranges.map(
      ([from, until]) => sql`select c.source, c.outcome, null::boolean as repeat_contact, c.earlier_referrals, false as in_c, true as referral_in_period,
      null::boolean as within_one_working_day, count(*) as n${month(localMonth(sql`c.decided_at`))}
    from contacts c where c.outcome in ${REFERRAL} and c.decided_at >= ${from} and c.decided_at < ${until}
    group by c.source, c.outcome, c.earlier_referrals${groupByMonth}`,
    ),
  ];
  return sql`with ${sql.join(parts.map((part, i) => sql`${sql.id(`part_${i}`)} as materialized (${part})`))},
grouped as (
  select c.source, c.outcome, c.in_c, c.referral_in_period, c.within_one_working_day, c.n,${byMonth ? sql` c.month,` : sql``}
    ${flags.isReferral} as is_referral, ${flags.repeat} as repeat, ${flags.earlierReferrals} as earlier_referrals
  from (${sql.join(parts.map((_, i) => sql`select * from ${sql.id(`part_${i}`)}`), sql` union all `)}) c
)`;
}

/** The contacts of `countedGroupsCte`'s groups (alias m) a predicate holds for. */
const sumOf = (predicate: RawBuilder<unknown>) => sql`coalesce(sum(m.n) filter (where ${predicate}), 0)`;

/** A figure's count over `countedGroupsCte`'s groups (alias m), as SQL. */
export function groupedCount(figure: CountedFigure, period: MeasurePeriod): RawBuilder<number> {
  return sql<number>`${sumOf(COUNTED[figure](period))}::int`;
}

/** The one statement of `measureCounts` (exported for EXPLAIN in the benchmark): every figure over `countedGroupsCte`'s groups. */
export function measureCountsQuery(period: MeasurePeriod): RawBuilder<Record<string, number | string | null>> {
  const figures = Object.keys(COUNTED) as CountedFigure[];
  const columns = figures.map((figure, i) => sql`${groupedCount(figure, period)} as ${sql.id(`f${i}`)}`);
  const ratioColumns = (Object.entries(RATIOS) as [RatioKey, { numerator: CountedFigure; denominator: CountedFigure }][]).map(([, r], i) =>
    sql`${pct(sumOf(COUNTED[r.numerator](period)), sumOf(COUNTED[r.denominator](period)))} as ${sql.id(`r${i}`)}`,
  );
  const bySource = sql`(
    select coalesce(json_agg(json_build_object('source', s.source, 'contacts', s.contacts, 'decided', s.decided, 'referrals', s.referrals)), '[]'::json)::text
    from (
      select m.source,
        ${sumOf(BY_SOURCE.contacts(period))}::int as contacts,
        ${sumOf(BY_SOURCE.decided(period))}::int as decided,
        ${sumOf(BY_SOURCE.referrals(period))}::int as referrals
      -- A source whose groups' rows of changes cancel out has no contact in C.
      from grouped m where ${inC(period)} group by m.source having sum(m.n) <> 0
    ) s
  )`;
  return sql<Record<string, number | string | null>>`${countedGroupsCte(period)}
select ${sql.join([...columns, ...ratioColumns])}, ${bySource} as by_source
from grouped m`;
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
  const result = await measureMembersQuery(period, figure).execute(db);
  return result.rows.map(normaliseMember);
}

/** The statement of a figure's membership, by received time then id (throws on an unknown figure). */
function measureMembersQuery(period: MeasurePeriod, figure: MeasureFigure) {
  const predicate = predicateOf(figure, period);
  if (!predicate) throw new Error(`Not a measure figure: ${figure}`);
  return sql<MeasureMember>`${measureContactsCte(period)}
select ${MEMBER_COLUMNS} from measure_contacts m where ${predicate} order by m.received_at, m.id`;
}

/**
 * The same membership as `listMeasureMembers`, read `batchSize` rows at a time through a cursor (one
 * statement, one snapshot), so a year's contacts are never all in memory at once. Inside a transaction
 * (`db` a transaction): the cursor lives until its end, and is closed when the reading ends.
 */
export async function* readMeasureMembersInBatches(db: Executor, period: MeasurePeriod, figure: MeasureFigure, batchSize: number): AsyncGenerator<MeasureMember[]> {
  await sql`declare measure_members no scroll cursor for ${measureMembersQuery(period, figure)}`.execute(db);
  const fetchBatch = sql<MeasureMember>`fetch forward ${sql.raw(String(Math.max(1, Math.trunc(batchSize))))} from measure_members`;
  let usable = true;
  try {
    for (;;) {
      const { rows } = await fetchBatch.execute(db).catch((error: unknown) => {
        usable = false;
        throw error;
      });
      if (rows.length === 0) return;
      yield rows.map(normaliseMember);
    }
  } finally {
    // A failed fetch aborts the transaction, which ends the cursor with it (closing it then would hide
    // the failure behind "current transaction is aborted"); a reader that stops early closes it.
    if (usable) await sql`close measure_members`.execute(db);
  }
}

/**
 * One page of a figure's membership, in the same order as `listMeasureMembers`, and how many members
 * the figure has: the sorting and the slicing are the database's, so a page of a 150,000-contact
 * figure moves 100 rows, not 150,000. A page past the end gives the last page (`page` says which).
 */
export async function pageMeasureMembers(
  db: Executor,
  period: MeasurePeriod,
  figure: MeasureFigure,
  page: { size: number; number: number },
): Promise<{ total: number; page: number; rows: MeasureMember[] }> {
  const predicate = predicateOf(figure, period);
  if (!predicate) throw new Error(`Not a measure figure: ${figure}`);
  const read = async (number: number) => {
    const result = await sql<MeasureMember & { total: number }>`${measureContactsCte(period)}
select ${MEMBER_COLUMNS}, count(*) over () as total from measure_contacts m where ${predicate}
order by m.received_at, m.id limit ${page.size} offset ${(number - 1) * page.size}`.execute(db);
    return result.rows;
  };
  let number = Math.max(1, page.number);
  let rows = await read(number);
  if (rows.length === 0 && number > 1) {
    // Past the end: the figure's size, then its last page.
    const total = await countMeasureMembers(db, period, figure);
    number = Math.max(1, Math.ceil(total / page.size));
    rows = total === 0 ? [] : await read(number);
  }
  const total = rows.length === 0 ? 0 : Number(rows[0]!.total);
  return { total, page: number, rows: rows.map(({ total: _, ...row }) => normaliseMember(row)) };
}

/** How many contacts a figure of a period counts. */
export async function countMeasureMembers(db: Executor, period: MeasurePeriod, figure: MeasureFigure): Promise<number> {
  const predicate = predicateOf(figure, period);
  if (!predicate) throw new Error(`Not a measure figure: ${figure}`);
  const result = await sql<{ n: number }>`${measureContactsCte(period)}
select count(*)::int as n from measure_contacts m where ${predicate}`.execute(db);
  return Number(result.rows[0]!.n);
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
  const cte = lookBackCte({ kind: "people", personIds });
  const withFlags = sql`${cte},
  measure_contacts as (
    select c.id, c.reference, c.person_id, c.child, c.source, c.outcome, c.received_at, c.decided_at, c.received_date,
      case when c.is_referral then c.decided_date end as referral_date, c.is_referral, c.repeat, c.earlier_referrals,
      ${WITHIN_ONE_WORKING_DAY} as within_one_working_day
    from look_back c
    where not c.duplicate
  )`;
  const at = sql`${now.toISOString()}::timestamptz`;
  const rightNow: ReferralExpr = { child: sql`e.child`, decidedAt: at, decidedDate: sql`(${at} at time zone ${LONDON})::date` };
  // One statement: each contact with its flags and the earlier contacts and referrals that make them.
  const rows = await sql<MeasureMember & { earlier_contact_ids: string[]; earlier_referral_ids: string[]; referrals_before_now: string[] }>`${withFlags},
  contact_pairs as (select c.id as contact_id, e.id as earlier_id from in_scope c join in_scope e on ${earlierContactWithinYear("c", "e")}),
  referral_pairs as (select r.id as contact_id, e.id as earlier_id from referrals r join referrals e on ${earlierReferralWithinYear(REFERRAL_OF("r"), "e")}),
  before_now as (select array(select e.id from referrals e where ${earlierReferralWithinYear(rightNow, "e")} order by e.id) as ids)
select ${MEMBER_COLUMNS},
  array(select p.earlier_id from contact_pairs p where p.contact_id = m.id order by p.earlier_id) as earlier_contact_ids,
  array(select p.earlier_id from referral_pairs p where p.contact_id = m.id order by p.earlier_id) as earlier_referral_ids,
  (select ids from before_now) as referrals_before_now
from measure_contacts m order by m.received_at, m.id`.execute(db);
  const result: ChildLookBack = { ...empty, contacts: [], referralsBeforeNow: rows.rows[0]?.referrals_before_now ?? [] };
  for (const { earlier_contact_ids, earlier_referral_ids, referrals_before_now: _same, ...member } of rows.rows) {
    result.contacts.push(normaliseMember(member));
    if (earlier_contact_ids.length) result.earlierContacts.set(member.id, earlier_contact_ids);
    if (earlier_referral_ids.length) result.earlierReferrals.set(member.id, earlier_referral_ids);
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
  const result = await countContactsReceivedInQuery(period).execute(db);
  return Number(result.rows[0]!.n);
}

/** The statement of `countContactsReceivedIn` (exported for EXPLAIN in the benchmark). */
export function countContactsReceivedInQuery(period: MeasurePeriod): RawBuilder<{ n: number }> {
  return sql<{ n: number }>`select count(*)::int as n from contacts
where received_at >= ${startOfLocalDay(sql`${period.from}::date`)} and received_at < ${startOfLocalDay(sql`${period.to}::date + 1`)}`;
}

/**
 * After a large load (demo data, a history import, the generator): gathers the contacts counted by
 * month into one row a group (the load's rows of changes; also a job while the app runs), then the
 * planner's statistics on the tables the measures read. The embedded database has no autovacuum:
 * without them the planner guesses a handful of rows and the measures take seconds instead of
 * milliseconds.
 */
export async function gatherCountsAndStatistics(db: Executor): Promise<void> {
  await gatherMonthCounts(db);
  await sql`analyze people, contacts, contact_month_counts, contact_events, contact_stage_visits, information_requests, step_downs, users`.execute(db);
}
