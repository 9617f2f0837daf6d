/**
 * The demand flow and process map of a period (issue 9 item 6, the improvement plan's PA2.1), in SQL
 * over the contacts' event history (`contact_events`). See docs/decisions/012-demand-flow.md.
 *
 * The contacts of a period are the measures' C (MEASURES.md): non-duplicate contacts whose local
 * (Europe/London) received date is in the period — the same rows as `measure_contacts`' `contacts.total`.
 *
 * - The **flow**: each contact's referral source → the first decision the MASH made about it (the first
 *   proposed decision, a confirmed strategy discussion, or the outcome a previous system recorded;
 *   `none` while nothing has been decided) → its outcome now (`pending` while it has none).
 * - The **process map**: each contact's *visits* to the contact machine's top-level states (the two
 *   substates of awaiting partner information are one state here). A visit starts with the event
 *   that enters the state (the first, `received`, at the contact's receipt) and ends with the next
 *   event that leaves it: its time spent, and the state it went to next. The visits and each
 *   contact's first decision are stored with the events (`contact_stage_visits`, kept by triggers:
 *   migration 0018, decision 019; ./stage-visits.ts works them out afresh from the events to check
 *   them), so a period reads only its own visits. A state's box counts the contacts that visited it; an arrow the contacts
 *   that made that move at least once (a loop made twice counts the contact once, and twice in `moves`).
 *
 * Every box and arrow is also a figure of the measures' records list (`demandFlowMembers`, read by
 * `predicateOf` in ./measures.ts): the same SQL gives the count and the list, so they cannot differ.
 */
import { type RawBuilder, sql } from "kysely";
import type { MeasureOutcome, MeasurePeriod } from "./measures";
import type { Executor } from "../users";

/** The contact machine's top-level states, in lifecycle order (test/integration/demand-flow.test.ts keeps them in step with the machine). */
export const PROCESS_STATES = [
  "received",
  "screening",
  "immediate_risk",
  "awaiting_partner_information",
  "ready_for_decision",
  "awaiting_authorisation",
  "step_down_offered",
  "closed",
] as const;
export type ProcessState = (typeof PROCESS_STATES)[number];

/**
 * Substates shown as boxes of their own inside their stage: `partner_information_overdue`, the
 * contact machine's `awaiting_partner_information.overdue` (a partner's deadline passed while the
 * MASH was still waiting). Worked out from the events of the period's contacts that were awaiting
 * partner information (the stored visits are by stage only), each contact's read by its index.
 */
export const PROCESS_SUBSTATES = ["partner_information_overdue"] as const;
export type ProcessSubstate = (typeof PROCESS_SUBSTATES)[number];

/** The decisions and outcomes of the flow (`duplicate` is never in it). */
export const FLOW_OUTCOMES = ["referral", "strategy_discussion", "early_help", "nfa", "advice_signpost", "existing_case"] as const satisfies readonly MeasureOutcome[];
/** A first decision, or `none` while the MASH has decided nothing. */
export const FLOW_DECISIONS = [...FLOW_OUTCOMES, "none"] as const;
export type FlowDecision = (typeof FLOW_DECISIONS)[number];
/** An outcome now, or `pending`. */
export const FLOW_ENDS = [...FLOW_OUTCOMES, "pending"] as const;
export type FlowEnd = (typeof FLOW_ENDS)[number];

/**
 * The figures of the demand flow page, each listable by `/measures/records`:
 * `flow_source.<source>.<decision>` and `flow_outcome.<decision>.<outcome>` (the Sankey's links),
 * `flow_decision.<decision>` (its middle nodes; the source nodes are `by_source.<code>.contacts`, the
 * outcome nodes `outcomes.<outcome>` and `contacts.pending`), `state.<state>` (contacts that passed
 * through a state), `waiting.<state>` (contacts in it now) and `transition.<from>.<to>` (an arrow).
 */
export type DemandFlowFigure =
  | `flow_source.${string}.${FlowDecision}`
  | `flow_outcome.${FlowDecision}.${FlowEnd}`
  | `flow_decision.${FlowDecision}`
  | `state.${ProcessState | ProcessSubstate}`
  | `waiting.${ProcessState | ProcessSubstate}`
  | `transition.${ProcessState}.${ProcessState}`;

const LONDON = sql.lit("Europe/London");
const isOneOf = <T extends string>(list: readonly T[], value: string | undefined): value is T => list.includes(value as T);

/** The period's first and last instants (Europe/London dates), as SQL. */
function periodBounds(period: MeasurePeriod): { start: RawBuilder<unknown>; end: RawBuilder<unknown> } {
  return {
    start: sql`(${period.from}::date::timestamp at time zone ${LONDON})`,
    end: sql`((${period.to}::date + 1)::timestamp at time zone ${LONDON})`,
  };
}

/**
 * `df_visits (contact_id, state, next_state, seconds, at_receipt, first_visit, first_move, decision, source, outcome)`:
 * the stored visits (`contact_stage_visits`, kept with the events by triggers: migrations 0018 and 0022,
 * decision 019) of the period's contacts, read by their `received_at` — the period's rows only — each
 * carrying its contact's source and outcome now (a duplicate's visits are left out). `seconds` is the
 * time spent in a visit that ended (its end never before its start: a clock difference counts as none);
 * the visit a contact began with (`at_receipt`, entered at its receipt) carries the contact's first
 * decision (`none` while nothing has been decided), so those visits are the flow: one per contact.
 * `first_visit` and `first_move` mark the contact's first visit to the state and the first time it made
 * the visit's move, so contacts per state and per move are counts of visits.
 */
function visitCtes(period: MeasurePeriod): RawBuilder<unknown> {
  const { start, end } = periodBounds(period);
  return sql`df_visits as materialized (
    select v.contact_id, v.stage as state, v.next_stage as next_state,
      case when v.left_at is not null
        then extract(epoch from greatest(v.left_at, coalesce(v.entered_at, v.received_at)) - coalesce(v.entered_at, v.received_at)) end as seconds,
      v.entered_at is null as at_receipt, v.first_visit, v.first_move,
      coalesce(v.first_decision, 'none') as decision, v.source, coalesce(v.outcome, 'pending') as outcome
    from contact_stage_visits v
    where v.received_at >= ${start} and v.received_at < ${end} and v.outcome is distinct from 'duplicate'
  )`;
}

/**
 * After `visitCtes`: `df_overdue (contact_id, left_at, seconds)`, each stay of the period's contacts
 * in partner information overdue (the machine's substate), from its events: a stay starts with an
 * event that enters the substate and ends with the contact's next change of state (`left_at` null
 * while it is still there). Only the contacts that were awaiting partner information are read, each
 * by its own events' index.
 */
const OVERDUE = sql`df_overdue as materialized (
    select x.contact_id, x.left_at,
      case when x.left_at is not null then extract(epoch from greatest(x.left_at, x.at) - x.at) end as seconds
    from (select distinct v.contact_id from df_visits v where v.state = 'awaiting_partner_information') p
    cross join lateral (
      select e.contact_id, e.at, e.state_after, lead(e.at) over (order by e.sequence) as left_at
      from contact_events e
      where e.contact_id = p.contact_id and e.state_before is distinct from e.state_after
    ) x
    where x.state_after = 'awaiting_partner_information.overdue'
  )`;

/** After `visitCtes`: `df_flow (id, source, decision, outcome)`, each contact's place in the flow. */
const FLOW = sql`df_flow as (
    select v.contact_id as id, v.source, v.decision, v.outcome from df_visits v where v.at_receipt
  )`;

export interface FlowLink {
  source: string;
  decision: FlowDecision;
  outcome: FlowEnd;
  contacts: number;
}

export interface ProcessStateRow {
  state: ProcessState;
  /** Contacts that entered the state at least once. */
  contacts: number;
  /** Times contacts entered it (more than `contacts` when some came back). */
  visits: number;
  /** Contacts in the state now. */
  waiting: number;
  /** Of the visits that ended, the median and 90th percentile time spent (hours); null when none ended. */
  medianHours: number | null;
  p90Hours: number | null;
}

export interface ProcessTransitionRow {
  from: ProcessState;
  to: ProcessState;
  /** Contacts that made this move at least once. */
  contacts: number;
  /** Times the move was made. */
  moves: number;
}

/** A substate's box: the same figures as a state's, for its stays. */
export interface ProcessSubstateRow extends Omit<ProcessStateRow, "state"> {
  substate: ProcessSubstate;
}

export interface DemandFlowCounts {
  links: FlowLink[];
  states: ProcessStateRow[];
  substates: ProcessSubstateRow[];
  transitions: ProcessTransitionRow[];
}

/** The one statement of `demandFlowCounts` (exported for EXPLAIN in the benchmarks). */
export function demandFlowCountsQuery(period: MeasurePeriod) {
  return sql<{
    kind: "link" | "state" | "move" | "substate";
    a: string;
    b: string | null;
    c: string | null;
    contacts: number;
    visits: number | null;
    waiting: number | null;
    median_seconds: number | null;
    p90_seconds: number | null;
  }>`with ${visitCtes(period)}, ${FLOW}, ${OVERDUE}
select 'link' as kind, f.source as a, f.decision as b, f.outcome as c, count(*)::int as contacts,
  null::int as visits, null::int as waiting, null::float8 as median_seconds, null::float8 as p90_seconds
from df_flow f group by f.source, f.decision, f.outcome
union all
select 'state', v.state, null, null, count(*) filter (where v.first_visit)::int, count(*)::int,
  count(*) filter (where v.next_state is null and v.state <> 'closed')::int,
  -- Contacts are counted at their first visit; times over the visits that ended (percentiles skip nulls;
  -- the two identical aggregates are worked out once).
  (percentile_cont(array[0.5, 0.9]::float8[]) within group (order by v.seconds))[1],
  (percentile_cont(array[0.5, 0.9]::float8[]) within group (order by v.seconds))[2]
from df_visits v group by v.state
union all
select 'substate', 'partner_information_overdue', null, null, count(distinct o.contact_id)::int, count(*)::int,
  count(*) filter (where o.left_at is null)::int,
  percentile_cont(0.5) within group (order by o.seconds),
  percentile_cont(0.9) within group (order by o.seconds)
from df_overdue o
union all
select 'move', v.state, v.next_state, null, count(*) filter (where v.first_move)::int, count(*)::int, null, null, null
from df_visits v where v.next_state is not null group by v.state, v.next_state
order by 1, 2, 3, 4`;
}

/**
 * The flow's links (source, first decision, outcome, contacts) and the process map's states and
 * transitions of a period, in one statement (one snapshot).
 */
export async function demandFlowCounts(db: Executor, period: MeasurePeriod): Promise<DemandFlowCounts> {
  const result = await demandFlowCountsQuery(period).execute(db);
  const links: FlowLink[] = [];
  const states: ProcessStateRow[] = [];
  const transitions: ProcessTransitionRow[] = [];
  const substates: ProcessSubstateRow[] = [];
  const hours = (seconds: number | null) => (seconds === null ? null : Number(seconds) / 3600);
  for (const r of result.rows) {
    if (r.kind === "link") links.push({ source: r.a, decision: r.b as FlowDecision, outcome: r.c as FlowEnd, contacts: Number(r.contacts) });
    else if (r.kind === "state")
      states.push({
        state: r.a as ProcessState,
        contacts: Number(r.contacts),
        visits: Number(r.visits),
        waiting: Number(r.waiting),
        medianHours: hours(r.median_seconds),
        p90Hours: hours(r.p90_seconds),
      });
    else if (r.kind === "substate")
      substates.push({
        substate: r.a as ProcessSubstate,
        contacts: Number(r.contacts),
        visits: Number(r.visits),
        waiting: Number(r.waiting),
        medianHours: hours(r.median_seconds),
        p90Hours: hours(r.p90_seconds),
      });
    else transitions.push({ from: r.a as ProcessState, to: r.b as ProcessState, contacts: Number(r.contacts), moves: Number(r.visits) });
  }
  return { links, states, substates, transitions };
}

/**
 * The contacts (ids) a demand flow figure counts, as a subquery over the period's contacts, or null
 * when `figure` is not one. `predicateOf` (./measures.ts) restricts `measure_contacts` to them.
 */
export function demandFlowMembers(figure: string, period: MeasurePeriod): RawBuilder<unknown> | null {
  const [kind, a, b, extra] = figure.split(".");
  if (extra !== undefined) return null;
  switch (kind) {
    case "flow_source":
      if (!a || !/^[0-9A-Z]{1,3}$/.test(a) || !isOneOf(FLOW_DECISIONS, b)) return null;
      return sql`with ${visitCtes(period)}, ${FLOW} select f.id from df_flow f where f.source = ${a} and f.decision = ${b}`;
    case "flow_outcome":
      if (!isOneOf(FLOW_DECISIONS, a) || !isOneOf(FLOW_ENDS, b)) return null;
      return sql`with ${visitCtes(period)}, ${FLOW} select f.id from df_flow f where f.decision = ${a} and f.outcome = ${b}`;
    case "flow_decision":
      if (!isOneOf(FLOW_DECISIONS, a) || b !== undefined) return null;
      return sql`with ${visitCtes(period)}, ${FLOW} select f.id from df_flow f where f.decision = ${a}`;
    case "state":
      if (isOneOf(PROCESS_SUBSTATES, a) && b === undefined) return sql`with ${visitCtes(period)}, ${OVERDUE} select o.contact_id from df_overdue o`;
      if (!isOneOf(PROCESS_STATES, a) || b !== undefined) return null;
      return sql`with ${visitCtes(period)} select v.contact_id from df_visits v where v.state = ${a}`;
    case "waiting":
      if (isOneOf(PROCESS_SUBSTATES, a) && b === undefined) {
        return sql`with ${visitCtes(period)}, ${OVERDUE} select o.contact_id from df_overdue o where o.left_at is null`;
      }
      if (!isOneOf(PROCESS_STATES, a) || a === "closed" || b !== undefined) return null;
      return sql`with ${visitCtes(period)} select v.contact_id from df_visits v where v.state = ${a} and v.next_state is null`;
    case "transition":
      if (!isOneOf(PROCESS_STATES, a) || !isOneOf(PROCESS_STATES, b)) return null;
      return sql`with ${visitCtes(period)} select v.contact_id from df_visits v where v.state = ${a} and v.next_state = ${b}`;
    default:
      return null;
  }
}
