/**
 * The demand flow and process map of a period (issue 9 item 6, PA2.1): where the period's contacts
 * came from, what the MASH first decided and where they ended up, and how they moved through the
 * contact's lifecycle — computed from the event history by db/queries/measures/demand-flow.ts. Counts only:
 * no child's record is shown here (each box and arrow opens its list at /measures/records, which is
 * audited). The repeat contacts come from the measures' own rule (computeMeasures).
 */
import type { Kysely } from "kysely";
import {
  demandFlowCounts,
  FLOW_DECISIONS,
  FLOW_ENDS,
  type FlowDecision,
  type FlowEnd,
  type FlowLink,
  PROCESS_STATES,
  type ProcessState,
  type ProcessStateRow,
  type ProcessSubstateRow,
  type ProcessTransitionRow,
} from "../../db/queries/measures/demand-flow";
import type { Database } from "../../db/schema";
import type { Period } from "./dashboard-terms";
import { compareSourceCodes, inMeasuresTransaction, computeMeasures, type Ratio } from "./measures.server";

export type { FlowDecision, FlowEnd, ProcessState } from "../../db/queries/measures/demand-flow";

export interface DemandFlow {
  period: Period;
  /** Contacts received in the period (not duplicates): the flow's whole width. */
  total: number;
  /** Source → first decision → outcome, one row per combination present, sources in census order. */
  links: FlowLink[];
  /** Each source's contacts, in census order. */
  sources: { code: string; contacts: number }[];
  /** Each first decision's contacts, in the vocabulary's order (only those present). */
  decisions: { code: FlowDecision; contacts: number }[];
  /** Each outcome's contacts (pending last), only those present. */
  ends: { code: FlowEnd; contacts: number }[];
  /** Every top-level state of the machine in lifecycle order (zero rows included). */
  states: ProcessStateRow[];
  /** The substates drawn inside their stage (partner information overdue), zero rows included. */
  substates: ProcessSubstateRow[];
  /** Every move made at least once, in lifecycle order of where it came from, then where it went. */
  transitions: ProcessTransitionRow[];
  /** The measures' repeat contacts of the period (MEASURES.md): failure demand coming back in. */
  repeatContacts: Ratio;
}

function sum<T>(rows: T[], key: (r: T) => string, value: (r: T) => number): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) out.set(key(r), (out.get(key(r)) ?? 0) + value(r));
  return out;
}

export async function readDemandFlow(db: Kysely<Database>, period: Period): Promise<DemandFlow> {
  const counts = await inMeasuresTransaction(db, (trx) => demandFlowCounts(trx, period));
  const measures = await computeMeasures(db, period);
  const links = [...counts.links].sort(
    (a, b) =>
      compareSourceCodes(a.source, b.source) ||
      FLOW_DECISIONS.indexOf(a.decision) - FLOW_DECISIONS.indexOf(b.decision) ||
      FLOW_ENDS.indexOf(a.outcome) - FLOW_ENDS.indexOf(b.outcome),
  );
  const bySource = sum(links, (l) => l.source, (l) => l.contacts);
  const byDecision = sum(links, (l) => l.decision, (l) => l.contacts);
  const byEnd = sum(links, (l) => l.outcome, (l) => l.contacts);
  const stateRows = new Map(counts.states.map((s) => [s.state, s]));
  const order = (s: string) => PROCESS_STATES.indexOf(s as ProcessState);
  return {
    period,
    total: links.reduce((n, l) => n + l.contacts, 0),
    links,
    sources: [...bySource].map(([code, contacts]) => ({ code, contacts })),
    decisions: FLOW_DECISIONS.filter((d) => byDecision.has(d)).map((code) => ({ code, contacts: byDecision.get(code)! })),
    ends: FLOW_ENDS.filter((e) => byEnd.has(e)).map((code) => ({ code, contacts: byEnd.get(code)! })),
    states: PROCESS_STATES.map(
      (state) => stateRows.get(state) ?? { state, contacts: 0, visits: 0, waiting: 0, medianHours: null, p90Hours: null },
    ),
    substates: counts.substates,
    transitions: [...counts.transitions].sort((a, b) => order(a.from) - order(b.from) || order(a.to) - order(b.to)),
    repeatContacts: measures.repeat_contacts,
  };
}
