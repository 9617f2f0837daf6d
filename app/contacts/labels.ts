/** Words shown for the contact machine's states and events. Code lists (outcomes, statuses, reasons …) are in app/vocabulary. */
import { changedMeanwhile } from "../ui/format";
import {
  CONSENT_OVERRIDE_REASONS,
  CONSENT_PURPOSES,
  CONSENT_STATUSES,
  DISABILITIES,
  LEVELS_OF_NEED,
  OUTCOMES,
  PRIMARY_NEEDS,
  RAG_RATINGS,
  REQUEST_WITHDRAWAL_REASONS,
  labelOf,
  termOf,
  type Term,
} from "../vocabulary";

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


/** What each event in a contact's history means, in words. */
export const EVENT_LABELS: Record<string, string> = {
  CONTACT_RECEIVED: "Contact recorded",
  START_SCREENING: "Screening started",
  MARK_DUPLICATE: "Closed as a duplicate",
  SET_PRIORITY: "Priority set",
  RECORD_CONSENT: "Consent recorded",
  OVERRIDE_CONSENT: "Consent override authorised",
  REQUEST_CONSENT_OVERRIDE: "Consent override asked for",
  AUTHORISE_CONSENT_OVERRIDE: "Consent override authorised",
  REFUSE_CONSENT_OVERRIDE: "Consent override refused",
  PARTNER_CHASED: "Partner chased",
  REQUEST_PARTNER_INFORMATION: "Partner information requested",
  PARTNER_INFORMATION_RETURNED: "Partner information returned",
  PARTNER_NOTHING_KNOWN: "Partner: nothing known",
  PARTNER_DECLINED: "Partner declined to share",
  PARTNER_DEADLINE_PASSED: "Partner's deadline passed",
  WITHDRAW_PARTNER_REQUEST: "Information request withdrawn",
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
  HISTORY_IMPORTED: "Imported from the previous system",
  LINK_CHILD: "Child linked to their person record",
  CHILD_LINKED: "Child linked to their person record",
  CHILD_RELINKED_BY_MERGE: "Child's records merged",
  ALLOCATED: "Allocated",
  PICKED_UP: "Picked up",
};

/** Code → name of the agencies and hubs (rows of the database: app/agencies/agencies.server.ts). */
export interface AgencyAndHubNames {
  agencies: Record<string, string>;
  hubs: Record<string, string>;
}

/** The details of an event worth showing in the history, as label/value pairs, with codes in words. */
export function eventDetails(payload: Record<string, unknown>, names: AgencyAndHubNames = { agencies: {}, hubs: {} }): [string, string][] {
  const shown: [string, string][] = [];
  const asTerms = (byCode: Record<string, string>): Term[] => Object.entries(byCode).map(([code, label]) => ({ code, label }));
  const AGENCY_TERMS = asTerms(names.agencies);
  const HUB_TERMS = asTerms(names.hubs);
  const fields: [key: string, label: string, list?: readonly Term<string | number>[]][] = [
    ["priority", "Priority", RAG_RATINGS],
    ["consent", "Consent", CONSENT_STATUSES],
    ["purpose", "Sought for", CONSENT_PURPOSES],
    // A consent override's or a withdrawal's coded reason (the two lists share only "other").
    ["reason", "Reason", [...CONSENT_OVERRIDE_REASONS, ...REQUEST_WITHDRAWAL_REASONS]],
    ["explanation", "Explanation"],
    ["agency", "Agency", AGENCY_TERMS],
    ["rag", "Their RAG rating", RAG_RATINGS],
    ["information", "Information"],
    ["outcome", "Decision", OUTCOMES],
    ["levelOfNeed", "Level of need", LEVELS_OF_NEED],
    ["rationale", "Rationale"],
    ["primaryNeed", "Primary need", PRIMARY_NEEDS],
    ["referralNfa", "Referral closed with no further action (ReferralNFA)"],
    ["referralTeam", "Team passed to"],
    ["referralWorker", "Worker passed to"],
    ["hub", "Hub", HUB_TERMS],
    ["service", "Service"],
    ["allocatedWorker", "Allocated worker"],
    ["allocatedTeam", "Allocated team"],
    ["comments", "Comments"],
    ["leadPractitioner", "Lead practitioner"],
    ["note", "Note"],
  ];
  for (const [key, label, list] of fields) {
    const value = payload[key];
    if (value === undefined || value === null || value === "") continue;
    if (typeof value === "boolean") shown.push([label, value ? "Yes" : "No"]);
    // A free-text reason is shown as written; a coded one (a consent override) in words.
    else if (list) shown.push([label, termOf(list, value) ? labelOf(list, value) : String(value)]);
    else shown.push([label, String(value)]);
  }
  const requests = payload.requests;
  if (Array.isArray(requests)) shown.push(["Agencies", requests.map((r: { agency?: string }) => (r.agency && names.agencies[r.agency]) || String(r.agency)).join(", ")]);
  const disabilities = payload.disabilities;
  if (Array.isArray(disabilities)) shown.push(["Disability", disabilities.map((d) => labelOf(DISABILITIES, d)).join(", ")]);
  return shown;
}

/** The lawful basis for sharing, as a partner reads it on the request. */
export function lawfulBasisWords(basis: { kind: "consent" | "override"; reason?: string | null; explanation?: string | null }): string {
  if (basis.kind === "consent") return "Consent: the family agreed to information being shared with the MASH.";
  const reason = basis.reason ? (CONSENT_OVERRIDE_REASONS.find((r) => r.code === basis.reason)?.because ?? basis.reason.replaceAll("_", " ")) : "of a reason not recorded";
  const explanation = basis.explanation ? ` (${basis.explanation})` : "";
  return `Without consent: a MASH manager authorised sharing because ${reason}${explanation}.`;
}

/** "Sam Okafor changed it at 5 Dec 2026, 14:03 (priority set)": who changed a contact meanwhile, when, and how. */
export function contactChangedMeanwhile(change: { changedBy: string | null; changedAt: Date | null; change: string | null }): string {
  const how = change.change ? ` (${(EVENT_LABELS[change.change] ?? "changed").toLowerCase()})` : "";
  return `${changedMeanwhile(change)}${how}`;
}
