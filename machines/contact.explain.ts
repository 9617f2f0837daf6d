/**
 * The rules of practice for each event on a contact, written once as plain-English
 * refusals. The machine's guards call `ruleBroken` (an event is allowed when no rule
 * is broken), and `applyContactEvent` shows the same sentence to the MASH worker
 * when an event is refused — so the guard and its explanation cannot drift apart.
 *
 * Pure: no clock, no I/O. Event payloads may come from forms, so every field is
 * checked as if it were unknown.
 */
import {
  ACTOR_ROLES,
  CONSENT_OVERRIDE_REASONS,
  CONSENT_PURPOSES,
  CONSENT_STATUSES,
  CONTACT_EVENT_TYPES,
  CONTACT_OUTCOMES,
  DECISION_OUTCOMES,
  LEVELS_OF_NEED,
  PRIMARY_NEEDS,
  RAG_RATINGS,
  REQUEST_WITHDRAWAL_REASONS,
  RETURN_DESTINATIONS,
  type ActorRole,
  type ContactContext,
  type ContactEvent,
  type ContactEventOf,
  type ContactEventType,
  type ContactOutcome,
  type ConsentOverrideRequest,
  type InformationRequest,
} from "./contact.types";
import { underRules3 } from "./contact.rules";
import { OUTCOMES } from "../app/vocabulary/outcomes";
import { EVENT_ABILITIES, ROLE_SCOPES, roleInSentence, rolesWith } from "../app/auth/permissions";

// ---------------------------------------------------------------------------
// Who may send each event
// ---------------------------------------------------------------------------

/**
 * The roles that may send each event, from the one permission table (a partner or hub worker also
 * has to be the right agency or hub: the rules below check that against the contact).
 */
export const EVENT_ROLES: Record<ContactEventType, readonly ActorRole[]> = Object.fromEntries(
  CONTACT_EVENT_TYPES.map((type) => [type, rolesWith(EVENT_ABILITIES[type])]),
) as Record<ContactEventType, readonly ActorRole[]>;

/** What each event does, as the end of "You cannot … now". */
export const EVENT_ACTIONS: Record<ContactEventType, string> = {
  START_SCREENING: "start screening",
  LINK_CHILD: "link the contact to a child's record",
  MARK_DUPLICATE: "close this contact as a duplicate",
  SET_PRIORITY: "set the priority",
  RECORD_CONSENT: "record consent",
  OVERRIDE_CONSENT: "authorise a consent override",
  REQUEST_CONSENT_OVERRIDE: "ask for a consent override",
  AUTHORISE_CONSENT_OVERRIDE: "authorise a consent override",
  REFUSE_CONSENT_OVERRIDE: "refuse a consent override",
  REQUEST_PARTNER_INFORMATION: "request partner information",
  PARTNER_INFORMATION_RETURNED: "return partner information",
  PARTNER_NOTHING_KNOWN: "answer \u201cnothing known\u201d",
  PARTNER_DECLINED: "decline to share partner information",
  PARTNER_DEADLINE_PASSED: "record a partner's deadline as passed",
  WITHDRAW_PARTNER_REQUEST: "withdraw an information request",
  COMPLETE_SCREENING: "complete screening",
  PROCEED_TO_DECISION: "go ahead to a decision",
  PROPOSE_DECISION: "propose a decision",
  AUTHORISE_DECISION: "authorise a decision",
  RETURN_DECISION: "return a decision",
  ACCEPT_STEP_DOWN: "accept a step-down",
  DECLINE_STEP_DOWN: "decline a step-down",
  FLAG_IMMEDIATE_RISK: "flag immediate risk",
  CONFIRM_STRATEGY_DISCUSSION: "confirm a strategy discussion",
  STAND_DOWN_IMMEDIATE_RISK: "stand down the immediate-risk flag",
  HISTORY_IMPORTED: "import this contact's history from a previous system",
};

/** When each event is possible, for the refusal of an event sent at the wrong time. */
const EVENT_WHEN: Record<ContactEventType, string> = {
  START_SCREENING: "Screening starts once, when a new contact is picked up.",
  LINK_CHILD: "The child is linked while the contact is open.",
  MARK_DUPLICATE: "A contact can be closed as a duplicate before or during screening.",
  SET_PRIORITY: "The priority is set during screening.",
  RECORD_CONSENT: "Consent is recorded during screening, while waiting for partners, or before proposing a decision.",
  OVERRIDE_CONSENT:
    "A consent override is authorised during screening, while waiting for partners, or before proposing a decision.",
  REQUEST_CONSENT_OVERRIDE:
    "A consent override is asked for during screening, while waiting for partners, or before proposing a decision.",
  AUTHORISE_CONSENT_OVERRIDE:
    "A consent override is authorised during screening, while waiting for partners, or before proposing a decision.",
  REFUSE_CONSENT_OVERRIDE:
    "A consent override is refused during screening, while waiting for partners, or before proposing a decision.",
  REQUEST_PARTNER_INFORMATION:
    "Partner information is requested during screening, while waiting for partners, or before proposing a decision.",
  PARTNER_INFORMATION_RETURNED: "Partners answer while the contact is open.",
  PARTNER_NOTHING_KNOWN: "Partners answer while the contact is open.",
  PARTNER_DECLINED: "Partners answer while the contact is open.",
  PARTNER_DEADLINE_PASSED: "Deadlines are recorded as passed while the contact is waiting for partners.",
  WITHDRAW_PARTNER_REQUEST: "An unanswered information request is withdrawn while the contact is open.",
  COMPLETE_SCREENING: "Screening is completed from screening.",
  PROCEED_TO_DECISION: "Going ahead without partners' information is possible while the contact is waiting for partners.",
  PROPOSE_DECISION: "A decision is proposed when the contact is ready for a decision.",
  AUTHORISE_DECISION: "A decision is authorised when one has been proposed.",
  RETURN_DECISION: "A decision is returned when one has been proposed.",
  ACCEPT_STEP_DOWN: "A step-down is accepted after a manager has authorised it and it has been offered to the hub.",
  DECLINE_STEP_DOWN: "A step-down is declined after a manager has authorised it and it has been offered to the hub.",
  FLAG_IMMEDIATE_RISK: "Immediate risk can be flagged at any time before a decision is proposed.",
  CONFIRM_STRATEGY_DISCUSSION: "A strategy discussion is confirmed after immediate risk has been flagged.",
  STAND_DOWN_IMMEDIATE_RISK: "An immediate-risk flag is stood down after it has been flagged.",
  HISTORY_IMPORTED: "A contact's history from a previous system is imported once, as its first event.",
};

/** Each outcome in the middle of a sentence, from the vocabulary. */
export const OUTCOME_WORDS = Object.fromEntries(OUTCOMES.map((o) => [o.code, o.words])) as Record<ContactOutcome, string>;

// ---------------------------------------------------------------------------
// Small checks on unknown input
// ---------------------------------------------------------------------------

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

function oneOf<T extends string | number>(list: readonly T[], value: unknown): value is T {
  return (list as readonly unknown[]).includes(value);
}

/** A date-time (not just a date) that parses. Parsing a given string is pure; no clock is read. */
export function isTimestamp(value: unknown): value is string {
  return typeof value === "string" && value.includes("T") && !Number.isNaN(Date.parse(value));
}

function isBefore(a: string, b: string): boolean {
  return Date.parse(a) < Date.parse(b);
}

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function orWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

function roleWords(roles: readonly ActorRole[]): string {
  return orWords(roles.map(roleInSentence));
}

/** The requests still waiting for an answer. */
export function outstandingRequests(context: ContactContext): InformationRequest[] {
  return Object.values(context.requests).filter((r) => r.status === "requested");
}

/** An outstanding request whose deadline has been recorded as passed. */
export function isOverdue(request: InformationRequest): boolean {
  return request.status === "requested" && request.overdueAt !== null;
}

// ---------------------------------------------------------------------------
// The rules, per event
// ---------------------------------------------------------------------------

type Rule<T extends ContactEventType> = (context: ContactContext, event: ContactEventOf<T>) => string | null;

function whoAndWhen(event: ContactEvent): string | null {
  const actor: unknown = event.actor;
  if (
    typeof actor !== "object" ||
    actor === null ||
    text((actor as { id?: unknown }).id) === null ||
    !oneOf(ACTOR_ROLES, (actor as { role?: unknown }).role)
  ) {
    return "This change does not say who made it.";
  }
  if (!isTimestamp(event.at)) {
    return "This change has no valid date and time.";
  }
  return null;
}

function roleAllowed(event: ContactEvent): string | null {
  const roles = EVENT_ROLES[event.type];
  if (roles.includes(event.actor.role)) return null;
  const action = EVENT_ACTIONS[event.type];
  return `Only ${roleWords(roles)} can ${action}.`;
}

/** The partner answering must belong to the agency asked (the MASH may record an answer on their behalf). */
function partnerAnswer(
  context: ContactContext,
  event: ContactEventOf<"PARTNER_INFORMATION_RETURNED" | "PARTNER_NOTHING_KNOWN" | "PARTNER_DECLINED">,
): string | null {
  const agency = text(event.agency);
  if (agency === null) return "Say which agency is answering.";
  const request = context.requests[agency];
  if (!request) return `No information request has been sent to ${agency} about this contact.`;
  if (ROLE_SCOPES[event.actor.role] === "agency" && event.actor.agency !== agency) {
    return `Only ${agency}'s own officers (or the MASH, on their behalf) can answer ${agency}'s request.`;
  }
  // A withdrawn request is no longer answered, nor corrected (decision 028).
  if (request.status === "withdrawn") return withdrawnWords(agency);
  // A sent answer is read-only: it changes only by a correction, kept beside it (issue 12, item 4).
  if (event.correction === true) {
    if (request.status === "requested") return `The request to ${agency} has not been answered yet, so there is nothing to correct.`;
    return null;
  }
  if (request.status !== "requested") {
    return `The request to ${agency} has already been answered (${request.status.replace("_", " ")}).`;
  }
  return null;
}

function withdrawnWords(agency: string): string {
  return `The MASH withdrew its request to ${agency}, so it can no longer be answered.`;
}

function primaryNeedProblem(value: unknown, what: string): string | null {
  return oneOf(PRIMARY_NEEDS, value)
    ? null
    : `${what} needs the census primary need (N0 to N9).`;
}

/** Every contact counts: a decision is about a child whose record the contact is linked to. */
export const LINK_CHILD_FIRST =
  "Link the contact to a child's record before proposing a decision: use “Find the child” on the contact, so that the decision counts in the child's history and the measures.";

function childLinked(context: ContactContext, refusal: string): string | null {
  return context.child ? null : refusal;
}

/**
 * The census items of a referral: ReferralNFA always present; the primary need required unless the
 * referral itself ended with no further action; the team it is passed to.
 */
function referralProblem(event: ContactEventOf<"PROPOSE_DECISION">, what: string): string | null {
  if (typeof event.referralNfa !== "boolean") {
    return `${what} needs ReferralNFA: say whether the referral itself ends with no further action.`;
  }
  if (event.outcome === "strategy_discussion" && event.referralNfa) {
    return "A strategy discussion cannot be a referral closed with no further action: the census allows no section 47 enquiry on an NFA referral.";
  }
  if (!event.referralNfa || event.primaryNeed !== undefined) {
    const problem = primaryNeedProblem(event.primaryNeed, what);
    if (problem) return problem;
  }
  if (text(event.referralTeam) === null) return `${what} needs the team it is passed to.`;
  return null;
}

const RULES: { [T in ContactEventType]: Rule<T> } = {
  START_SCREENING: () => null,

  LINK_CHILD: (context, event) => {
    const personId = text(event.personId);
    if (personId === null) return "Say which person record the contact is about.";
    if (context.child?.personId === personId) return "The contact is already linked to this child's record.";
    return null;
  },

  MARK_DUPLICATE: (context, event) => {
    const other = text(event.duplicateOf);
    if (other === null) return "Say which contact this one duplicates.";
    if (context.contactId !== null && other === context.contactId) {
      return "A contact cannot be a duplicate of itself.";
    }
    return null;
  },

  SET_PRIORITY: (_context, event) => {
    if (!oneOf(RAG_RATINGS, event.priority)) return "Choose a priority: red, amber or green.";
    if (typeof event.reason !== "string" || event.reason.trim() === "") return "Give the reason for the priority.";
    return null;
  },

  RECORD_CONSENT: (_context, event) => {
    if (!oneOf(CONSENT_STATUSES, event.consent)) return "Record consent as given, refused or not sought.";
    if (event.purpose !== undefined && !oneOf(CONSENT_PURPOSES, event.purpose)) {
      return "Say what consent was sought for: sharing information with partners, or the family's agreement to early help.";
    }
    return null;
  },

  OVERRIDE_CONSENT: (context, event) => {
    if (!oneOf(CONSENT_OVERRIDE_REASONS, event.reason)) {
      return (
        "Choose the reason for requesting information without consent: seeking consent would increase the risk of harm, " +
        "delay would increase the risk, it would prejudice the prevention or detection of crime, the significant harm " +
        "threshold is met, or other (explain)."
      );
    }
    if (event.reason === "other" && text(event.explanation) === null) {
      return "Explain the reason for the override when it is \u201cother\u201d.";
    }
    if (context.consent.status === "given") return "Consent is recorded as given, so no override is needed.";
    if (context.consent.override !== null) return "A consent override has already been authorised for this contact.";
    // From the rules of 3 a screener asks and another manager authorises (issue 12, item 2).
    if (underRules3(context)) {
      return "A consent override is asked for by the screener and authorised by a manager: use \u201cAsk for a consent override\u201d, then a manager authorises it from management oversight.";
    }
    return null;
  },

  REQUEST_CONSENT_OVERRIDE: (context, event) => {
    if (!oneOf(CONSENT_OVERRIDE_REASONS, event.reason)) {
      return (
        "Choose the reason for requesting information without consent: seeking consent would increase the risk of harm, " +
        "delay would increase the risk, it would prejudice the prevention or detection of crime, the significant harm " +
        "threshold is met, or other (explain)."
      );
    }
    if (event.reason === "other" && text(event.explanation) === null) {
      return "Explain the reason for the override when it is \u201cother\u201d.";
    }
    if (context.consent.status === "given") return "Consent is recorded as given, so no override is needed.";
    if (context.consent.override !== null) return "A consent override has already been authorised for this contact.";
    if (pendingOverride(context)) return "A consent override has already been asked for and is waiting for a manager.";
    return null;
  },

  AUTHORISE_CONSENT_OVERRIDE: (context, event) => overrideDecisionProblem(context, event),

  REFUSE_CONSENT_OVERRIDE: (context, event) =>
    overrideDecisionProblem(context, event) ??
    (text(event.comments) === null ? "Say why the override is refused: comments are required." : null),

  REQUEST_PARTNER_INFORMATION: (context, event) => {
    if (context.priority === null) {
      return "Set the priority (red, amber or green) before requesting partner information: it sets the partners' deadlines.";
    }
    if (context.consent.status !== "given" && context.consent.override === null) {
      return pendingOverride(context)
        ? "Partner information cannot be requested yet: the consent override asked for is waiting for a manager to authorise it."
        : "Partner information cannot be requested until consent is recorded as given or a manager authorises an override.";
    }
    const requests: unknown = event.requests;
    if (!Array.isArray(requests) || requests.length === 0) return "Choose at least one agency to ask.";
    const seen = new Set<string>();
    for (const item of requests as unknown[]) {
      const agency = text((item as { agency?: unknown } | null)?.agency);
      if (agency === null) return "Each request needs an agency.";
      if (seen.has(agency)) return `The request lists ${agency} twice; ask each agency once.`;
      seen.add(agency);
      const dueAt = (item as { dueAt?: unknown }).dueAt;
      if (!isTimestamp(dueAt) || !isBefore(event.at, dueAt)) {
        return `The deadline for ${agency} must be a date and time after the request is made.`;
      }
      if (context.requests[agency]?.status === "requested") {
        return `There is already a request to ${agency} waiting for an answer.`;
      }
    }
    return null;
  },

  PARTNER_INFORMATION_RETURNED: (context, event) => {
    const problem = partnerAnswer(context, event);
    if (problem) return problem;
    if (!oneOf(RAG_RATINGS, event.rag)) return "Give your agency's own RAG rating of the information: red, amber or green.";
    if (text(event.information) === null) return "Enter the information being shared.";
    return null;
  },

  PARTNER_NOTHING_KNOWN: (context, event) => partnerAnswer(context, event),

  PARTNER_DECLINED: (context, event) => {
    const problem = partnerAnswer(context, event);
    if (problem) return problem;
    if (text(event.reason) === null) return "Give the reason for declining to share information.";
    return null;
  },

  PARTNER_DEADLINE_PASSED: (context, event) => {
    const agency = text(event.agency);
    if (agency === null) return "Say which agency's deadline has passed.";
    const request = context.requests[agency];
    if (!request) return `No information request has been sent to ${agency} about this contact.`;
    if (request.status === "withdrawn") return `${withdrawnWords(agency)} Its deadline no longer matters.`;
    if (request.status !== "requested") return `The request to ${agency} has already been answered, so its deadline no longer matters.`;
    if (request.overdueAt !== null) return `The deadline for ${agency} is already recorded as passed.`;
    if (isBefore(event.at, request.dueAt)) return `The deadline for ${agency} (${request.dueAt}) has not passed yet.`;
    return null;
  },

  WITHDRAW_PARTNER_REQUEST: (context, event) => {
    const agency = text(event.agency);
    if (agency === null) return "Say which agency's request is withdrawn.";
    const request = context.requests[agency];
    if (!request) return `No information request has been sent to ${agency} about this contact.`;
    if (request.status === "withdrawn") return `The request to ${agency} has already been withdrawn.`;
    if (request.status !== "requested") {
      return `The request to ${agency} has already been answered (${request.status.replace("_", " ")}), so it cannot be withdrawn: its answer stays in the contact's record.`;
    }
    if (!oneOf(REQUEST_WITHDRAWAL_REASONS, event.reason)) {
      return "Choose why the request is withdrawn: sent in error, no longer needed, asked of the wrong agency or service, or other (explain).";
    }
    if (event.reason === "other" && text(event.explanation) === null) {
      return "Explain why the request is withdrawn when the reason is \u201cother\u201d.";
    }
    return null;
  },

  COMPLETE_SCREENING: (context) =>
    context.priority === null ? "Set the priority (red, amber or green) before completing screening." : null,

  PROCEED_TO_DECISION: (context, event) => {
    // From the rules of 3, going ahead while any request is unanswered — overdue or not — needs a reason (issue 12, item 5).
    const unanswered = outstandingRequests(context);
    if (underRules3(context) && unanswered.length > 0 && text(event.reason) === null) {
      const agencies = listWords(unanswered.map((r) => r.agency));
      return `Still waiting for ${agencies}: give a reason to go ahead to a decision without ${unanswered.length === 1 ? "its" : "their"} information.`;
    }
    const waiting = outstandingRequests(context).filter(
      (r) => r.overdueAt === null && isBefore(event.at, r.dueAt),
    );
    if (waiting.length > 0 && text(event.reason) === null) {
      const agencies = listWords(waiting.map((r) => r.agency));
      const whose = waiting.length === 1 ? "whose deadline has" : "whose deadlines have";
      const their = waiting.length === 1 ? "its" : "their";
      return `Still waiting for ${agencies}, ${whose} not passed: give a reason to go ahead to a decision without ${their} information.`;
    }
    return null;
  },

  PROPOSE_DECISION: (context, event) => {
    const unlinked = childLinked(context, LINK_CHILD_FIRST);
    if (unlinked) return unlinked;
    if (!oneOf(DECISION_OUTCOMES, event.outcome)) {
      return "Choose an outcome: referral, strategy discussion, step-down to early help, no further action, advice or signposting, or passed to the allocated worker.";
    }
    if (!oneOf(LEVELS_OF_NEED, event.levelOfNeed)) {
      return "A decision needs the level of need: 1 universal, 2 early help, 3 targeted help or 4 specialist (statutory).";
    }
    if (text(event.rationale) === null) return "A decision needs a rationale.";
    switch (event.outcome) {
      case "referral":
        return referralProblem(event, "A referral");
      case "strategy_discussion":
        return referralProblem(event, "A strategy discussion");
      case "early_help":
        if (text(event.hub) === null) return "A step-down to early help needs the hub it goes to.";
        return familyAgreementProblem(context);
      case "nfa":
        return text(event.reason) === null ? "No further action needs a reason." : null;
      case "advice_signpost":
        return text(event.service) === null ? "Advice or signposting needs the service the family is signposted to." : null;
      case "existing_case":
        return text(event.allocatedWorker) === null && text(event.allocatedTeam) === null
          ? "Passing to the allocated worker needs the allocated worker or team."
          : null;
    }
  },

  AUTHORISE_DECISION: (context, event) => {
    if (context.decision === null) return "There is no proposed decision to authorise.";
    // Management oversight is a second pair of eyes: a manager who proposed the decision cannot authorise it.
    if (context.decision.proposedBy === event.actor.id) return "You proposed this decision, so another manager must authorise it.";
    return null;
  },

  RETURN_DECISION: (context, event) => {
    if (context.decision === null) return "There is no proposed decision to return.";
    if (text(event.comments) === null) return "Say why the decision is returned: comments are required.";
    if (!oneOf(RETURN_DESTINATIONS, event.to)) {
      return "Say whether the contact goes back to screening or to ready for decision.";
    }
    return null;
  },

  ACCEPT_STEP_DOWN: (context, event) => {
    const problem = stepDownHub(context, event);
    if (problem) return problem;
    if (text(event.leadPractitioner) === null) return "Name the lead practitioner to accept the step-down.";
    return null;
  },

  DECLINE_STEP_DOWN: (context, event) => {
    const problem = stepDownHub(context, event);
    if (problem) return problem;
    if (text(event.reason) === null) return "Give the reason the hub declines the step-down.";
    return null;
  },

  FLAG_IMMEDIATE_RISK: (_context, event) =>
    text(event.rationale) === null ? "Describe the immediate risk to the child." : null,

  CONFIRM_STRATEGY_DISCUSSION: (context, event) =>
    childLinked(
      context,
      "Link the contact to a child's record before confirming a strategy discussion: use \u201cFind the child\u201d on the contact, so that the referral counts in the child's history and the measures.",
    ) ??
    primaryNeedProblem(event.primaryNeed, "A strategy discussion") ??
    (text(event.referralTeam) === null ? "A strategy discussion needs the team it is passed to." : null),

  STAND_DOWN_IMMEDIATE_RISK: (_context, event) =>
    text(event.comments) === null ? "Say why there is no immediate risk: comments are required." : null,

  HISTORY_IMPORTED: (context, event) => {
    if (context.imported !== undefined) return "This contact's history has already been imported.";
    if (context.child !== null) return "A contact's history is imported as its first event only.";
    if (text(event.externalId) === null) return "Give the contact's reference in the previous system.";
    if (text(event.personId) === null) return "Say which person record the imported contact is about.";
    if (isBefore(event.at, context.receivedAt)) return "An imported contact cannot be decided before it was received.";
    if (event.outcome === null) {
      if (event.at !== context.receivedAt) return "A pending imported contact is imported as at the time it was received.";
      return (event.primaryNeed ?? null) === null ? null : "Only a referral has a primary need.";
    }
    if (!oneOf(CONTACT_OUTCOMES, event.outcome)) return "The outcome of an imported contact is not one the app knows.";
    if (event.outcome === "referral" || event.outcome === "strategy_discussion") {
      return primaryNeedProblem(event.primaryNeed, "An imported referral");
    }
    return (event.primaryNeed ?? null) === null ? null : "Only a referral has a primary need.";
  },
};

/** The consent override a screener asked for that no manager has decided yet. */
export function pendingOverride(context: ContactContext): ConsentOverrideRequest | null {
  const last = context.consent.overrideRequests?.at(-1);
  return last?.decision === "pending" ? last : null;
}

function overrideDecisionProblem(
  context: ContactContext,
  event: ContactEventOf<"AUTHORISE_CONSENT_OVERRIDE" | "REFUSE_CONSENT_OVERRIDE">,
): string | null {
  const pending = pendingOverride(context);
  if (pending === null) return "No consent override is waiting for a manager on this contact.";
  // A second pair of eyes: whoever asked cannot decide their own request.
  if (pending.requestedBy === event.actor.id) {
    return "You asked for this consent override, so another manager must decide it.";
  }
  return null;
}

/** Early help is consensual: from the rules of 3, the family's agreement is sought before a step-down. */
export function familyAgreementProblem(context: ContactContext): string | null {
  if (!underRules3(context)) return null;
  const agreement = (context.consent.answers ?? []).filter((a) => a.purpose === "early_help").at(-1);
  if (agreement?.status === "given") return null;
  return agreement
    ? `The family's agreement to early help is recorded as ${agreement.status === "refused" ? "refused" : "not sought"}: a step-down needs their agreement. Record consent again when they agree, or choose another outcome.`
    : "A step-down needs the family's agreement to early help: record consent for early help (\u201cRecord consent\u201d, for the family's agreement to early help) first.";
}

function stepDownHub(
  context: ContactContext,
  event: ContactEventOf<"ACCEPT_STEP_DOWN" | "DECLINE_STEP_DOWN">,
): string | null {
  const decision = context.decision;
  if (decision === null || decision.outcome !== "early_help") return "There is no step-down offered on this contact.";
  if (event.actor.hub !== decision.hub) {
    return `Only the ${decision.hub} early help hub can ${EVENT_ACTIONS[event.type]} offered to it.`;
  }
  return null;
}

export function isContactEventType(type: unknown): type is ContactEventType {
  return oneOf(CONTACT_EVENT_TYPES, type);
}

/**
 * The first rule of practice the event breaks, as a sentence for the MASH worker,
 * or `null` when the event follows the rules. (Whether the event fits the contact's
 * current state is the machine's business; see `explainRefusal` in contact.machine.ts.)
 */
export function ruleBroken(context: ContactContext, event: ContactEvent): string | null {
  if (typeof event !== "object" || event === null || !isContactEventType((event as { type?: unknown }).type)) {
    return "This is not something that can be recorded on a contact.";
  }
  const basic = whoAndWhen(event) ?? roleAllowed(event);
  if (basic) return basic;
  const rule = RULES[event.type] as Rule<ContactEventType>;
  return rule(context, event);
}

// ---------------------------------------------------------------------------
// Describing where a contact is, and refusing events sent at the wrong time
// ---------------------------------------------------------------------------

/** Where the contact is, as the end of "This contact …". `state` is `stateName(snapshot)`. */
export function describeContactState(state: string, context: ContactContext): string {
  switch (state) {
    case "received":
      return "has been received and screening has not started";
    case "screening":
      return "is being screened";
    case "awaiting_partner_information.outstanding":
      return "is waiting for partners' information";
    case "awaiting_partner_information.overdue":
      return "is waiting for partners' information, and a partner's deadline has passed";
    case "ready_for_decision":
      return "is ready for a decision";
    case "awaiting_authorisation":
      return "has a proposed decision waiting for a manager's authorisation";
    case "immediate_risk":
      return "has been flagged as at immediate risk and is waiting for a manager to confirm a strategy discussion";
    case "step_down_offered": {
      const hub = context.decision?.outcome === "early_help" ? context.decision.hub : "an";
      return `has been offered to the ${hub} early help hub as a step-down`;
    }
    case "closed":
      return context.outcome === "duplicate"
        ? `is closed as a duplicate of contact ${context.duplicateOf ?? "(unknown)"}`
        : `is closed (outcome: ${context.outcome ? OUTCOME_WORDS[context.outcome] : "unknown"})`;
    default:
      return `is in the state \u201c${state}\u201d`;
  }
}

/** The refusal of an event the contact's current state does not accept at all. */
export function notNow(state: string, context: ContactContext, type: ContactEventType): string {
  if (state === "closed") {
    return `This contact ${describeContactState(state, context)}; nothing more can be recorded on it.`;
  }
  return `You cannot ${EVENT_ACTIONS[type]} now: this contact ${describeContactState(state, context)}. ${EVENT_WHEN[type]}`;
}
