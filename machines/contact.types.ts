/**
 * The words of the contact lifecycle: who acts, what they record, and what the
 * machine keeps in its context. Plain data only, so a snapshot is plain JSON.
 *
 * See ../shared/DOMAIN.md ("The lifecycle of a contact") and ../shared/MEASURES.md.
 */
import {
  CONSENT_OVERRIDE_REASON_CODES,
  CONSENT_PURPOSE_CODES,
  CONSENT_STATUS_CODES,
  DECISION_OUTCOME_CODES,
  LEVEL_OF_NEED_CODES,
  OUTCOME_CODES,
  PRIMARY_NEED_CODES,
  RAG_CODES,
  REQUEST_WITHDRAWAL_REASON_CODES,
  type ConsentOverrideDecisionCode,
  type ConsentOverrideReasonCode,
  type ConsentPurposeCode,
  type ConsentStatusCode,
  type DecisionOutcomeCode,
  type LevelOfNeedCode,
  type OutcomeCode,
  type PrimaryNeedCode,
  type RagCode,
  type RequestWithdrawalReasonCode,
} from "../app/vocabulary";
import { ROLES, type Role } from "../app/auth/permissions";

/** Who may act on a contact: the users' roles (what each may do is in app/auth/permissions.ts, pure data). */
export const ACTOR_ROLES = ROLES;
export type ActorRole = Role;

/** The person sending an event, as the server knows them from the session. */
export interface Actor {
  id: string;
  role: ActorRole;
  /** A partner's agency code (police, health, education …). */
  agency?: string;
  /** An early help worker's hub code (north, exeter …). */
  hub?: string;
}

/**
 * The code lists the machine checks, from the one vocabulary (app/vocabulary: pure data, no I/O).
 * Every outcome a contact can be closed with (MEASURES.md "Records"); `duplicate` closes a contact
 * without a decision of its own.
 */
export const CONTACT_OUTCOMES = OUTCOME_CODES;
export type ContactOutcome = OutcomeCode;

/** The outcomes a MASH decision can propose (all but `duplicate`). */
export const DECISION_OUTCOMES = DECISION_OUTCOME_CODES;
export type DecisionOutcome = DecisionOutcomeCode;

/** Priority set at screening; it sets the partners' deadlines (Red 4 hours, Amber next working day, Green third working day). */
export const RAG_RATINGS = RAG_CODES;
export type Rag = RagCode;

export const CONSENT_STATUSES = CONSENT_STATUS_CODES;
export type ConsentStatus = ConsentStatusCode;

/** Lawful reasons to ask partners for information without consent (DOMAIN.md "Consent"). */
export const CONSENT_OVERRIDE_REASONS = CONSENT_OVERRIDE_REASON_CODES;
export type ConsentOverrideReason = ConsentOverrideReasonCode;

/** Children in Need census primary need codes (spec/cin-census.md), in census order. */
export const PRIMARY_NEEDS = PRIMARY_NEED_CODES;
export type PrimaryNeed = PrimaryNeedCode;

/** The county's continuum of need: 1 universal, 2 early help, 3 targeted help, 4 specialist/statutory. */
export const LEVELS_OF_NEED = LEVEL_OF_NEED_CODES;
export type LevelOfNeed = LevelOfNeedCode;

/** Where a manager sends a decision back to. */
export const RETURN_DESTINATIONS = ["screening", "ready_for_decision"] as const;
export type ReturnDestination = (typeof RETURN_DESTINATIONS)[number];

// ---------------------------------------------------------------------------
// Context
// ---------------------------------------------------------------------------

export interface ConsentOverride {
  reason: ConsentOverrideReason;
  /** Required when the reason is `other`. */
  explanation: string | null;
  /** The manager who authorised the override (user id). */
  authorisedBy: string;
  authorisedAt: string;
  /** The screener who asked for it (absent on an override a manager recorded unprompted, before the rules of 3). */
  requestedBy?: string;
  /** The manager's comment when authorising. */
  comments?: string | null;
}

/** Why consent is being sought (issue 12, item 2): sharing with partners, or the family's agreement to early help. */
export const CONSENT_PURPOSES = CONSENT_PURPOSE_CODES;
export type ConsentPurpose = ConsentPurposeCode;

/** One answer to seeking consent, kept with every other (the first may be the referrer's, at intake). */
export interface ConsentAnswer {
  status: ConsentStatus;
  at: string;
  /** Null for the answer recorded at intake. */
  by: string | null;
  purpose: ConsentPurpose;
}

/** A screener asking a manager to authorise sharing without consent, and what the manager decided. */
export interface ConsentOverrideRequest {
  reason: ConsentOverrideReason;
  explanation: string | null;
  requestedBy: string;
  requestedAt: string;
  decision: ConsentOverrideDecisionCode;
  decidedBy: string | null;
  decidedAt: string | null;
  comments: string | null;
}

export interface ConsentRecord {
  /** `null` until consent has been recorded. */
  status: ConsentStatus | null;
  recordedAt: string | null;
  recordedBy: string | null;
  /** A manager's override: partner information may then be requested without consent. */
  override: ConsentOverride | null;
  /**
   * Contacts received under the rules of 3 and later (`ContactContext.rules`): every answer, in order,
   * and every override asked for with its decision (the last one may be pending). Absent before.
   */
  answers?: ConsentAnswer[];
  overrideRequests?: ConsentOverrideRequest[];
}

/** The lawful basis a partner sees on the request. */
export type LawfulBasis =
  | { kind: "consent" }
  | { kind: "override"; reason: ConsentOverrideReason; explanation: string | null; authorisedBy: string };

export type InformationRequestStatus = "requested" | "returned" | "nothing_known" | "declined" | "withdrawn";

/** Why the MASH withdraws a request it sent (decision 028). */
export const REQUEST_WITHDRAWAL_REASONS = REQUEST_WITHDRAWAL_REASON_CODES;
export type RequestWithdrawalReason = RequestWithdrawalReasonCode;

/** The MASH withdrawing an unanswered request (decision 028): who, when and why. */
export interface RequestWithdrawal {
  at: string;
  by: string;
  reason: RequestWithdrawalReason;
  /** Required when the reason is `other`. */
  explanation: string | null;
}

/** One agency's information request (at most one per agency at a time). */
export interface InformationRequest {
  agency: string;
  status: InformationRequestStatus;
  requestedAt: string;
  requestedBy: string;
  /** The partner's deadline, computed by the server from the priority and working days. */
  dueAt: string;
  lawfulBasis: LawfulBasis;
  /** When the deadline was recorded as passed while the request was still outstanding. */
  overdueAt: string | null;
  respondedAt: string | null;
  respondedBy: string | null;
  /** The partner's own RAG rating of their information (returned only). */
  rag: Rag | null;
  /** What the partner returned (returned, or an optional note with nothing known). */
  information: string | null;
  /** Why the partner declined to share. */
  declineReason: string | null;
  /**
   * Issue 12, items 3 and 4 (absent on requests recorded before them, so their snapshots replay
   * unchanged): the nth request to this agency about the contact (absent: the first), what the MASH
   * asks the agency and the summary it chose to share, the partner's rationale for their rating,
   * and the earlier answers a correction replaced (oldest first).
   */
  sequence?: number;
  question?: string | null;
  summary?: string | null;
  ragRationale?: string | null;
  versions?: AnswerVersion[];
  /** Set when the MASH withdrew the request unanswered (status `withdrawn`; decision 028). */
  withdrawal?: RequestWithdrawal;
}

/** An answer a partner later corrected: kept beside the correction, never changed. */
export interface AnswerVersion {
  status: Exclude<InformationRequestStatus, "requested">;
  rag: Rag | null;
  ragRationale: string | null;
  information: string | null;
  declineReason: string | null;
  respondedAt: string;
  respondedBy: string;
}

/** The data each outcome needs, besides level of need and rationale. */
/**
 * What a referral records for the census and Annex A List 3: ReferralNFA (always present on a
 * referral), the primary need (required unless ReferralNFA is true), and the team and worker it is
 * passed to (the worker may not be allocated yet).
 */
export interface ReferralDetails {
  primaryNeed: PrimaryNeed | null;
  referralNfa: boolean;
  referralTeam: string;
  referralWorker: string | null;
}

export type DecisionDetails =
  | ({ outcome: "referral" } & ReferralDetails)
  | ({ outcome: "strategy_discussion" } & ReferralDetails)
  | { outcome: "early_help"; hub: string }
  | { outcome: "nfa"; reason: string }
  | { outcome: "advice_signpost"; service: string }
  | { outcome: "existing_case"; allocatedWorker: string | null; allocatedTeam: string | null };

export type ProposedDecision = DecisionDetails & {
  levelOfNeed: LevelOfNeed;
  rationale: string;
  proposedBy: string;
  proposedAt: string;
  /** Set when a manager authorises it. */
  authorisedBy: string | null;
  authorisedAt: string | null;
};

/** A manager sending a decision back, or standing down an immediate-risk flag. */
export interface ManagerReturn {
  kind: "decision_returned" | "immediate_risk_stood_down";
  at: string;
  by: string;
  comments: string;
  to: ReturnDestination;
  /** The decision that was returned (none for an immediate-risk stand-down). */
  decision: ProposedDecision | null;
}

export interface ImmediateRiskFlag {
  flaggedAt: string;
  flaggedBy: string;
  rationale: string;
}

/** An early help hub declining a step-down: the contact bounces back to the MASH. */
export interface StepDownDecline {
  hub: string;
  offeredAt: string;
  declinedAt: string;
  declinedBy: string;
  reason: string;
}

export interface EarlyHelpEpisode {
  hub: string;
  leadPractitioner: string;
  acceptedBy: string;
  startedAt: string;
}

/**
 * A contact brought over from a previous case-management system (the history import,
 * docs/decisions/008-imported-history.md): its reference there and, for a referral, the primary
 * need it recorded. Present only on imported contacts (absent, not null, on all others, so
 * snapshots recorded before it existed replay unchanged).
 */
export interface ImportedHistory {
  /** The contact's reference in the previous system (`contact_id` of the import file). */
  externalId: string;
  /** The census primary need of an imported referral; null for other outcomes and pending contacts. */
  primaryNeed: PrimaryNeed | null;
}

/** The person record the contact was linked to (LINK_CHILD). */
export interface ChildLink {
  /**
   * The person linked by the last LINK_CHILD. A later merge of two person records moves the contact
   * to the record kept (contacts.person_id) without an event through the machine: the link stays.
   */
  personId: string;
  linkedAt: string;
  linkedBy: string;
}

export interface ContactContext {
  /**
   * The rules of practice the contact was received under (decision 022): absent for contacts received
   * before rules 3, which keep the rules they were recorded under so their histories replay unchanged.
   * From 3: a consent override is asked for by a screener and authorised by another manager, every
   * consent answer is kept, a step-down needs the family's agreement, and going ahead to a decision
   * while any request is unanswered always needs a reason.
   */
  rules?: number;
  /** The contact's id, when the server gives it (lets the machine refuse "duplicate of itself"). */
  contactId: string | null;
  /** Who the contact is about: no decision is proposed until it is linked to a person record. */
  child: ChildLink | null;
  receivedAt: string;
  /** Immediate risk was reported when the contact came in (e.g. on a police notification). */
  reportedImmediateRisk: boolean;
  screeningStartedAt: string | null;
  priority: Rag | null;
  prioritySetAt: string | null;
  /** Why the screener chose this priority. */
  priorityReason: string | null;
  consent: ConsentRecord;
  /** Information requests keyed by agency code: the latest request to each agency. */
  requests: Record<string, InformationRequest>;
  /** Earlier requests to an agency that was asked again, with their answers (absent until one is). */
  earlierRequests?: InformationRequest[];
  /** Why the MASH went ahead to a decision while requests were still within their deadline. */
  proceededWithoutInformation: { at: string; by: string; reason: string | null } | null;
  /** An immediate-risk flag waiting for (or confirmed by) a manager. */
  immediateRisk: ImmediateRiskFlag | null;
  /** The decision under way: proposed, then authorised. */
  decision: ProposedDecision | null;
  /** When a step-down was offered to a hub (the current offer). */
  stepDownOfferedAt: string | null;
  /** Every time a manager sent work back, with comments. */
  returns: ManagerReturn[];
  /** Every step-down a hub declined. */
  stepDownDeclines: StepDownDecline[];
  /** How many times a step-down bounced back to the MASH. */
  bounceBacks: number;
  earlyHelpEpisode: EarlyHelpEpisode | null;
  /** The one outcome, once closed. */
  outcome: ContactOutcome | null;
  /**
   * When the outcome was decided (`decided_at`, the referral date for referrals):
   * the manager's authorisation (or confirmation of a strategy discussion); for an
   * accepted step-down, the authorisation of the step-down the hub accepted; for a
   * duplicate, when it was marked. Set only when the contact closes.
   */
  decidedAt: string | null;
  /** When the contact closed (for an accepted step-down, when the hub accepted it). */
  closedAt: string | null;
  /** The manager who authorised the final decision. */
  authorisedBy: string | null;
  /** For a duplicate: the contact it duplicates. */
  duplicateOf: string | null;
  /** Time of the last event applied. */
  lastEventAt: string;
  /** Set by HISTORY_IMPORTED only (see `ImportedHistory`). */
  imported?: ImportedHistory;
}

/** What the server gives when a contact is recorded. */
export interface ContactInput {
  receivedAt: string;
  immediateRisk?: boolean;
  contactId?: string;
  /** Consent as the referrer gave it at intake: the contact's one consent answer until a screener changes it. */
  consent?: ConsentStatus | null;
  /** The rules of practice it is received under (`CONTACT_RULES` for every new contact; absent on older ones). */
  rules?: number;
}

// ---------------------------------------------------------------------------
// Events: every event says when (`at`, ISO 8601 with offset) and who (`actor`).
// ---------------------------------------------------------------------------

interface EventBase {
  at: string;
  actor: Actor;
}

export type ContactEvent = EventBase &
  (
    | { type: "START_SCREENING" }
    | {
        type: "LINK_CHILD";
        personId: string;
        /** A person record created for this contact, not one found by the search. */
        newPerson?: boolean;
        /** The record the contact was about before (for the history; the machine does not rely on it). */
        previousPersonId?: string | null;
      }
    | { type: "MARK_DUPLICATE"; duplicateOf: string }
    | { type: "SET_PRIORITY"; priority: Rag; reason: string }
    | { type: "RECORD_CONSENT"; consent: ConsentStatus; /** rules 3: why it was sought (partner information when absent) */ purpose?: ConsentPurpose }
    | { type: "OVERRIDE_CONSENT"; reason: ConsentOverrideReason; explanation?: string }
    | { type: "REQUEST_CONSENT_OVERRIDE"; reason: ConsentOverrideReason; explanation?: string }
    | { type: "AUTHORISE_CONSENT_OVERRIDE"; comments?: string }
    | { type: "REFUSE_CONSENT_OVERRIDE"; comments: string }
    | { type: "REQUEST_PARTNER_INFORMATION"; requests: Array<{ agency: string; dueAt: string; question?: string; summary?: string }> }
    | { type: "PARTNER_INFORMATION_RETURNED"; agency: string; rag: Rag; information: string; ragRationale?: string; correction?: boolean }
    | { type: "PARTNER_NOTHING_KNOWN"; agency: string; information?: string; correction?: boolean }
    | { type: "PARTNER_DECLINED"; agency: string; reason: string; correction?: boolean }
    | { type: "PARTNER_DEADLINE_PASSED"; agency: string }
    /** The MASH withdraws its unanswered request to an agency (decision 028); the agency may be asked again. */
    | { type: "WITHDRAW_PARTNER_REQUEST"; agency: string; reason: RequestWithdrawalReason; explanation?: string }
    | { type: "COMPLETE_SCREENING" }
    | { type: "PROCEED_TO_DECISION"; reason?: string }
    | {
        type: "PROPOSE_DECISION";
        outcome: DecisionOutcome;
        levelOfNeed: number;
        rationale: string;
        /** referral, strategy_discussion: the census primary need (required unless referralNfa is true) */
        primaryNeed?: string;
        /** referral, strategy_discussion: ReferralNFA, the referral itself ended with no further action */
        referralNfa?: boolean;
        /** referral, strategy_discussion: the team the referral is passed to, and the worker if allocated */
        referralTeam?: string;
        referralWorker?: string;
        /** early_help: the hub the step-down goes to */
        hub?: string;
        /** nfa */
        reason?: string;
        /** advice_signpost: the service signposted to */
        service?: string;
        /** existing_case: the allocated worker and/or team */
        allocatedWorker?: string;
        allocatedTeam?: string;
      }
    | { type: "AUTHORISE_DECISION"; comments?: string }
    | { type: "RETURN_DECISION"; comments: string; to: ReturnDestination }
    | { type: "ACCEPT_STEP_DOWN"; leadPractitioner: string }
    | { type: "DECLINE_STEP_DOWN"; reason: string }
    | { type: "FLAG_IMMEDIATE_RISK"; rationale: string }
    | { type: "CONFIRM_STRATEGY_DISCUSSION"; primaryNeed: string; rationale?: string; referralTeam?: string; referralWorker?: string }
    | { type: "STAND_DOWN_IMMEDIATE_RISK"; comments: string }
    | {
        /**
         * A contact from a previous system, imported as its first event: `at` is when its outcome was
         * decided (it closes with that outcome), or when it was received for a pending contact (it
         * stays received, waiting for screening like any new contact).
         */
        type: "HISTORY_IMPORTED";
        externalId: string;
        /** The person record of the child (`child_id` of the import file): the contact is linked to it. */
        personId: string;
        outcome: ContactOutcome | null;
        /** referral, strategy_discussion: the census primary need; null otherwise */
        primaryNeed: string | null;
      }
  );

export type ContactEventType = ContactEvent["type"];
export type ContactEventOf<T extends ContactEventType> = Extract<ContactEvent, { type: T }>;

/** Every event type, in the order of the lifecycle (used for labels and buttons). */
export const CONTACT_EVENT_TYPES = [
  "START_SCREENING",
  "LINK_CHILD",
  "MARK_DUPLICATE",
  "SET_PRIORITY",
  "RECORD_CONSENT",
  "OVERRIDE_CONSENT",
  "REQUEST_CONSENT_OVERRIDE",
  "AUTHORISE_CONSENT_OVERRIDE",
  "REFUSE_CONSENT_OVERRIDE",
  "REQUEST_PARTNER_INFORMATION",
  "PARTNER_INFORMATION_RETURNED",
  "PARTNER_NOTHING_KNOWN",
  "PARTNER_DECLINED",
  "PARTNER_DEADLINE_PASSED",
  "WITHDRAW_PARTNER_REQUEST",
  "COMPLETE_SCREENING",
  "PROCEED_TO_DECISION",
  "PROPOSE_DECISION",
  "AUTHORISE_DECISION",
  "RETURN_DECISION",
  "ACCEPT_STEP_DOWN",
  "DECLINE_STEP_DOWN",
  "FLAG_IMMEDIATE_RISK",
  "CONFIRM_STRATEGY_DISCUSSION",
  "STAND_DOWN_IMMEDIATE_RISK",
  "HISTORY_IMPORTED",
] as const satisfies readonly ContactEventType[];
