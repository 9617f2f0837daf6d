/**
 * The demand flow and process map in words (issue 9 item 6). Pure: shared by the page and the records
 * list's titles (`figureLabel`). Labels come from the vocabulary and the machine's state labels; the
 * codes themselves are db/queries/measures/demand-flow.ts's.
 */
import { STATE_LABELS } from "../contacts/labels";
import { labelOf, OUTCOMES, REFERRAL_SOURCES } from "../vocabulary";

/** A top-level state of the contact machine in words (the two substates of awaiting partner information are one). */
export function processStateLabel(state: string): string {
  if (state === "awaiting_partner_information") return STATE_LABELS["awaiting_partner_information.outstanding"]!;
  // A substate drawn as a box of its own (db/queries/measures/demand-flow.ts PROCESS_SUBSTATES).
  if (state === "partner_information_overdue") return STATE_LABELS["awaiting_partner_information.overdue"]!;
  return STATE_LABELS[state] ?? state;
}

/** A first decision in words (`none`: nothing decided yet). */
export function decisionLabel(decision: string): string {
  return decision === "none" ? "No decision yet" : labelOf(OUTCOMES, decision);
}

/** An outcome now in words (`pending`: waiting for a decision). */
export function endLabel(outcome: string): string {
  return outcome === "pending" ? "Waiting for a decision" : labelOf(OUTCOMES, outcome);
}

/** The moves that send a contact back (the loops a leader looks for), in words. */
export const LOOPS: Record<string, string> = {
  "awaiting_authorisation.screening": "decision returned by a manager to screening",
  "awaiting_authorisation.ready_for_decision": "decision returned by a manager for a new proposal",
  "step_down_offered.ready_for_decision": "step-down declined by the hub (bounce-back)",
  "immediate_risk.screening": "immediate-risk flag stood down",
  "ready_for_decision.awaiting_partner_information": "more partner information asked for",
};

export function isLoop(from: string, to: string): boolean {
  return `${from}.${to}` in LOOPS;
}

/** A demand flow figure in words, or null when `figure` is not one. */
export function demandFlowFigureLabel(figure: string): string | null {
  const [kind, a = "", b = ""] = figure.split(".");
  const q = (words: string) => `\u201c${words}\u201d`;
  switch (kind) {
    case "flow_source":
      return b === "none"
        ? `Contacts from ${labelOf(REFERRAL_SOURCES, a)} with no decision yet`
        : `Contacts from ${labelOf(REFERRAL_SOURCES, a)} whose first decision was ${q(decisionLabel(b))}`;
    case "flow_outcome": {
      const first = a === "none" ? "with no decision yet" : `whose first decision was ${q(decisionLabel(a))}`;
      return b === "pending" ? `Contacts ${first}, waiting for a decision` : `Contacts ${first} and the outcome ${q(endLabel(b))}`;
    }
    case "flow_decision":
      return a === "none" ? "Contacts with no decision yet" : `Contacts whose first decision was ${q(decisionLabel(a))}`;
    case "state":
      return `Contacts that passed through ${q(processStateLabel(a))}`;
    case "waiting":
      return `Contacts in ${q(processStateLabel(a))} now`;
    case "transition":
      return `Contacts that went from ${q(processStateLabel(a))} to ${q(processStateLabel(b))}`;
    default:
      return null;
  }
}
