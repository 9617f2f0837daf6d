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

/** What each event in a contact's history means, in words. */
export const EVENT_LABELS: Record<string, string> = {
  CONTACT_RECEIVED: "Contact recorded",
  START_SCREENING: "Screening started",
  MARK_DUPLICATE: "Closed as a duplicate",
  SET_PRIORITY: "Priority set",
  RECORD_CONSENT: "Consent recorded",
  OVERRIDE_CONSENT: "Consent override authorised",
  REQUEST_PARTNER_INFORMATION: "Partner information requested",
  PARTNER_INFORMATION_RETURNED: "Partner information returned",
  PARTNER_NOTHING_KNOWN: "Partner: nothing known",
  PARTNER_DECLINED: "Partner declined to share",
  PARTNER_DEADLINE_PASSED: "Partner's deadline passed",
  COMPLETE_SCREENING: "Screening completed",
  PROCEED_TO_DECISION: "Went ahead to a decision",
  PROPOSE_DECISION: "Decision proposed",
  AUTHORISE_DECISION: "Decision authorised",
  RETURN_DECISION: "Decision returned with comments",
  ACCEPT_STEP_DOWN: "Step-down accepted by the hub",
  DECLINE_STEP_DOWN: "Step-down declined by the hub (bounce-back)",
  FLAG_IMMEDIATE_RISK: "Immediate risk flagged",
  CONFIRM_STRATEGY_DISCUSSION: "Strategy discussion confirmed",
  STAND_DOWN_IMMEDIATE_RISK: "Immediate-risk flag stood down",
  CHILD_LINKED: "Child linked to their person record",
  CHILD_RELINKED_BY_MERGE: "Child's records merged",
  ALLOCATED: "Allocated",
  PICKED_UP: "Picked up",
};

/** The details of an event worth showing in the history, as label/value pairs. */
export function eventDetails(payload: Record<string, unknown>): [string, string][] {
  const shown: [string, string][] = [];
  const words: Record<string, string> = {
    priority: "Priority",
    consent: "Consent",
    reason: "Reason",
    explanation: "Explanation",
    agency: "Agency",
    rag: "Their RAG rating",
    information: "Information",
    outcome: "Decision",
    levelOfNeed: "Level of need",
    rationale: "Rationale",
    primaryNeed: "Primary need",
    hub: "Hub",
    service: "Service",
    allocatedWorker: "Allocated worker",
    allocatedTeam: "Allocated team",
    comments: "Comments",
    leadPractitioner: "Lead practitioner",
  };
  for (const [key, label] of Object.entries(words)) {
    const value = payload[key];
    if (value === undefined || value === null || value === "") continue;
    shown.push([label, key === "outcome" ? (OUTCOME_LABELS[String(value)] ?? String(value)) : String(value)]);
  }
  const requests = payload.requests;
  if (Array.isArray(requests)) shown.push(["Agencies", requests.map((r: { agency?: string }) => r.agency).join(", ")]);
  return shown;
}

/** Why a manager authorised asking partners without consent, as the end of "… because …". */
export const OVERRIDE_REASON_WORDS: Record<string, string> = {
  increase_risk_of_harm: "seeking consent would increase the risk of harm to the child",
  delay_increases_risk: "the delay in seeking consent would increase the risk of harm to the child",
  prejudice_crime: "seeking consent would prejudice the prevention or detection of crime",
  significant_harm: "the significant harm threshold is met",
  other: "of another reason",
};

/** The lawful basis for sharing, as a partner reads it on the request. */
export function lawfulBasisWords(basis: { kind: "consent" | "override"; reason?: string | null; explanation?: string | null }): string {
  if (basis.kind === "consent") return "Consent: the family agreed to information being shared with the MASH.";
  const reason = basis.reason ? (OVERRIDE_REASON_WORDS[basis.reason] ?? basis.reason.replaceAll("_", " ")) : "of a reason not recorded";
  const explanation = basis.explanation ? ` (${basis.explanation})` : "";
  return `Without consent: a MASH manager authorised sharing because ${reason}${explanation}.`;
}

/** The continuum of need, in words. */
export const LEVEL_OF_NEED_LABELS: Record<number, string> = {
  1: "1 – Universal",
  2: "2 – Early help",
  3: "3 – Targeted help",
  4: "4 – Specialist or statutory",
};
