/** Words shown for stored codes. */

export const OUTCOME_LABELS: Record<string, string> = {
  referral: "Referral to children's social care",
  strategy_discussion: "Strategy discussion",
  early_help: "Step-down to early help",
  nfa: "No further action",
  advice_signpost: "Advice or signposting",
  existing_case: "Passed to allocated worker",
  duplicate: "Duplicate",
};

/** Every state of the contact machine (`CONTACT_STATE_NAMES`), in words; a unit test keeps them in step. */
export const STATE_LABELS: Record<string, string> = {
  received: "Received",
  screening: "Screening",
  "awaiting_partner_information.outstanding": "Awaiting partner information",
  "awaiting_partner_information.overdue": "Partner information overdue",
  ready_for_decision: "Ready for decision",
  awaiting_authorisation: "Awaiting authorisation",
  step_down_offered: "Step-down offered to early help",
  immediate_risk: "Immediate risk: strategy discussion to confirm",
  closed: "Closed",
};

export function stateLabel(state: string): string {
  return STATE_LABELS[state] ?? state.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());
}


export const REQUEST_STATUS_LABELS: Record<string, string> = {
  requested: "Awaiting your information",
  returned: "Returned",
  nothing_known: "Nothing known",
  declined: "Declined",
};

export const STEP_DOWN_STATUS_LABELS: Record<string, string> = {
  offered: "Waiting for the hub",
  accepted: "Accepted",
  declined: "Declined",
};
