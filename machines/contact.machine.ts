/**
 * The lifecycle of a contact (../shared/DOMAIN.md) as one XState v5 machine.
 *
 * received ─► screening ─► awaiting partner information ─► ready for decision ─► awaiting authorisation ─► closed
 *
 * with the immediate-risk route (flag → a manager confirms a strategy discussion),
 * closing as a duplicate, managers returning decisions with comments, and the
 * early help branch (a step-down is offered to a hub, which accepts it or declines
 * it back to the MASH: a bounce-back).
 *
 * The machine is pure: no I/O, no clock. Every event carries its time (`at`) and
 * its sender (`actor`); the rules of practice live in contact.explain.ts and are
 * used both as guards and as the plain-English reason for a refusal.
 *
 * The server uses only the functions at the end of this file.
 */
import {
  and,
  assertEvent,
  assign,
  createActor,
  getNextTransitions,
  setup,
  type SnapshotFrom,
  type Snapshot,
} from "xstate";
import {
  describeContactState,
  EVENT_ROLES,
  isContactEventType,
  isOverdue,
  notNow,
  outstandingRequests,
  ruleBroken,
} from "./contact.explain";
import { underRules3 } from "./contact.rules";
import {
  CONTACT_EVENT_TYPES,
  type ActorRole,
  type ContactContext,
  type ContactEvent,
  type ContactEventType,
  type ContactInput,
  type ConsentOverrideRequest,
  type DecisionDetails,
  type InformationRequest,
  type LevelOfNeed,
  type PrimaryNeed,
  type ProposedDecision,
} from "./contact.types";

export type {
  Actor,
  ActorRole,
  ContactContext,
  ContactEvent,
  ContactEventType,
  ContactInput,
  ContactOutcome,
  DecisionOutcome,
} from "./contact.types";

/**
 * Bump when the machine changes in a way that matters to stored snapshots
 * (states renamed, context reshaped, rules changed). Stored with every snapshot.
 */
export const CONTACT_MACHINE_VERSION = 2;

export { CONTACT_RULES, underRules3 } from "./contact.rules";

function trimmed(value: string | undefined): string | null {
  const t = value?.trim();
  return t ? t : null;
}

function initialContext(input: ContactInput | undefined): ContactContext {
  // `input` is only missing when XState builds a throwaway actor internally.
  const receivedAt = input?.receivedAt ?? "";
  const rules = input?.rules;
  const consent: ContactContext["consent"] = input?.consent
    ? { status: input.consent, recordedAt: receivedAt, recordedBy: null, override: null }
    : { status: null, recordedAt: null, recordedBy: null, override: null };
  if (rules !== undefined && rules >= 3) {
    // Every answer is kept from the first, the referrer's at intake (issue 12, item 2).
    consent.answers = input?.consent ? [{ status: input.consent, at: receivedAt, by: null, purpose: "partner_information" }] : [];
    consent.overrideRequests = [];
  }
  return {
    ...(rules === undefined ? {} : { rules }),
    contactId: input?.contactId ?? null,
    child: null,
    receivedAt,
    reportedImmediateRisk: input?.immediateRisk === true,
    screeningStartedAt: null,
    priority: null,
    prioritySetAt: null,
    priorityReason: null,
    // Consent recorded at intake is carried in (issue 11, item 5): one answer, changed later by RECORD_CONSENT.
    consent,
    requests: {},
    proceededWithoutInformation: null,
    immediateRisk: null,
    decision: null,
    stepDownOfferedAt: null,
    returns: [],
    stepDownDeclines: [],
    bounceBacks: 0,
    earlyHelpEpisode: null,
    outcome: null,
    decidedAt: null,
    closedAt: null,
    authorisedBy: null,
    duplicateOf: null,
    lastEventAt: receivedAt,
  };
}

function decisionDetails(event: Extract<ContactEvent, { type: "PROPOSE_DECISION" }>): DecisionDetails {
  switch (event.outcome) {
    case "referral":
    case "strategy_discussion": {
      const referralNfa = event.referralNfa === true;
      return {
        outcome: event.outcome,
        primaryNeed: (trimmed(event.primaryNeed) as PrimaryNeed | null) ?? null,
        referralNfa,
        referralTeam: trimmed(event.referralTeam) ?? "",
        referralWorker: trimmed(event.referralWorker),
      };
    }
    case "early_help":
      return { outcome: "early_help", hub: trimmed(event.hub) ?? "" };
    case "nfa":
      return { outcome: "nfa", reason: trimmed(event.reason) ?? "" };
    case "advice_signpost":
      return { outcome: "advice_signpost", service: trimmed(event.service) ?? "" };
    case "existing_case":
      return {
        outcome: "existing_case",
        allocatedWorker: trimmed(event.allocatedWorker),
        allocatedTeam: trimmed(event.allocatedTeam),
      };
  }
}

function updateRequest(
  context: ContactContext,
  agency: string,
  change: Partial<InformationRequest>,
): Record<string, InformationRequest> {
  const request = context.requests[agency];
  if (!request) return context.requests;
  return { ...context.requests, [agency]: { ...request, ...change } };
}

// Guards are named so they show in the diagram and inspector. `followsRulesOfPractice`
// is every rule in contact.explain.ts for the event at hand.
const RULES = "followsRulesOfPractice" as const;

// Partners can still answer while the contact is open and no longer waiting for them.
const latePartnerAnswers = {
  PARTNER_INFORMATION_RETURNED: { guard: RULES, actions: ["recordPartnerAnswer", "noteEvent"] },
  PARTNER_NOTHING_KNOWN: { guard: RULES, actions: ["recordPartnerAnswer", "noteEvent"] },
  PARTNER_DECLINED: { guard: RULES, actions: ["recordPartnerAnswer", "noteEvent"] },
} as const;

// The MASH withdraws an unanswered request while the contact is open (decision 028); the agency may then be asked again.
const withdrawRequest = {
  WITHDRAW_PARTNER_REQUEST: { guard: RULES, actions: ["withdrawRequest", "noteEvent"] },
} as const;

const consentEvents = {
  RECORD_CONSENT: { guard: RULES, actions: ["recordConsent", "noteEvent"] },
  OVERRIDE_CONSENT: { guard: RULES, actions: ["recordConsentOverride", "noteEvent"] },
  REQUEST_CONSENT_OVERRIDE: { guard: RULES, actions: ["requestConsentOverride", "noteEvent"] },
  AUTHORISE_CONSENT_OVERRIDE: { guard: RULES, actions: ["decideConsentOverride", "noteEvent"] },
  REFUSE_CONSENT_OVERRIDE: { guard: RULES, actions: ["decideConsentOverride", "noteEvent"] },
} as const;

// Who the contact is about can be recorded (or corrected) at any time while it is open.
const linkChild = {
  LINK_CHILD: { guard: RULES, actions: ["linkChild", "noteEvent"] },
} as const;

const flagImmediateRisk = {
  FLAG_IMMEDIATE_RISK: { guard: RULES, target: "#contact.immediate_risk", actions: ["recordImmediateRisk", "noteEvent"] },
} as const;

export const contactMachine = setup({
  types: {} as {
    context: ContactContext;
    events: ContactEvent;
    input: ContactInput;
  },
  guards: {
    followsRulesOfPractice: ({ context, event }) => ruleBroken(context, event) === null,
    requestsOutstanding: ({ context }) => outstandingRequests(context).length > 0,
    noRequestOutstanding: ({ context }) => outstandingRequests(context).length === 0,
    someRequestOverdue: ({ context }) => outstandingRequests(context).some(isOverdue),
    requestsOutstandingNoneOverdue: ({ context }) => {
      const outstanding = outstandingRequests(context);
      return outstanding.length > 0 && !outstanding.some(isOverdue);
    },
    decisionIsStepDown: ({ context }) => context.decision?.outcome === "early_help",
    returnsToScreening: ({ event }) => event.type === "RETURN_DECISION" && event.to === "screening",
    importedWithOutcome: ({ event }) => event.type === "HISTORY_IMPORTED" && event.outcome !== null,
  },
  actions: {
    noteEvent: assign({ lastEventAt: ({ event }) => event.at }),

    linkChild: assign(({ event }) => {
      assertEvent(event, "LINK_CHILD");
      return { child: { personId: event.personId.trim(), linkedAt: event.at, linkedBy: event.actor.id } };
    }),

    startScreening: assign(({ context, event }) => ({
      screeningStartedAt: context.screeningStartedAt ?? event.at,
    })),

    closeAsDuplicate: assign(({ event }) => {
      assertEvent(event, "MARK_DUPLICATE");
      return {
        outcome: "duplicate" as const,
        duplicateOf: event.duplicateOf.trim(),
        decidedAt: event.at,
        closedAt: event.at,
      };
    }),

    setPriority: assign(({ event }) => {
      assertEvent(event, "SET_PRIORITY");
      return { priority: event.priority, prioritySetAt: event.at, priorityReason: event.reason.trim() };
    }),

    recordConsent: assign(({ context, event }) => {
      assertEvent(event, "RECORD_CONSENT");
      const consent = { ...context.consent, status: event.consent, recordedAt: event.at, recordedBy: event.actor.id };
      if (underRules3(context)) {
        consent.answers = [
          ...(context.consent.answers ?? []),
          { status: event.consent, at: event.at, by: event.actor.id, purpose: event.purpose ?? "partner_information" },
        ];
      }
      return { consent };
    }),

    requestConsentOverride: assign(({ context, event }) => {
      assertEvent(event, "REQUEST_CONSENT_OVERRIDE");
      const request: ConsentOverrideRequest = {
        reason: event.reason,
        explanation: trimmed(event.explanation),
        requestedBy: event.actor.id,
        requestedAt: event.at,
        decision: "pending",
        decidedBy: null,
        decidedAt: null,
        comments: null,
      };
      return { consent: { ...context.consent, overrideRequests: [...(context.consent.overrideRequests ?? []), request] } };
    }),

    decideConsentOverride: assign(({ context, event }) => {
      assertEvent(event, ["AUTHORISE_CONSENT_OVERRIDE", "REFUSE_CONSENT_OVERRIDE"]);
      const requests = [...(context.consent.overrideRequests ?? [])];
      const pending = requests.at(-1);
      if (!pending) return {};
      const decided: ConsentOverrideRequest = {
        ...pending,
        decision: event.type === "AUTHORISE_CONSENT_OVERRIDE" ? "authorised" : "refused",
        decidedBy: event.actor.id,
        decidedAt: event.at,
        comments: trimmed(event.comments),
      };
      requests[requests.length - 1] = decided;
      const override =
        event.type === "AUTHORISE_CONSENT_OVERRIDE"
          ? {
              reason: pending.reason,
              explanation: pending.explanation,
              authorisedBy: event.actor.id,
              authorisedAt: event.at,
              requestedBy: pending.requestedBy,
              comments: decided.comments,
            }
          : context.consent.override;
      return { consent: { ...context.consent, override, overrideRequests: requests } };
    }),

    recordConsentOverride: assign(({ context, event }) => {
      assertEvent(event, "OVERRIDE_CONSENT");
      return {
        consent: {
          ...context.consent,
          override: {
            reason: event.reason,
            explanation: trimmed(event.explanation),
            authorisedBy: event.actor.id,
            authorisedAt: event.at,
          },
        },
      };
    }),

    recordRequests: assign(({ context, event }) => {
      assertEvent(event, "REQUEST_PARTNER_INFORMATION");
      const override = context.consent.override;
      const lawfulBasis: InformationRequest["lawfulBasis"] =
        context.consent.status === "given" || override === null
          ? { kind: "consent" }
          : {
              kind: "override",
              reason: override.reason,
              explanation: override.explanation,
              authorisedBy: override.authorisedBy,
            };
      const requests = { ...context.requests };
      const earlier = [...(context.earlierRequests ?? [])];
      for (const { agency, dueAt, question, summary } of event.requests) {
        const code = agency.trim();
        // Asking an agency again is a new request: the earlier one and its answer stay.
        const before = requests[code];
        if (before) earlier.push(before);
        requests[code] = {
          ...(before ? { sequence: (before.sequence ?? 1) + 1 } : {}),
          ...(trimmed(question) ? { question: trimmed(question) } : {}),
          ...(trimmed(summary) ? { summary: trimmed(summary) } : {}),
          agency: code,
          status: "requested",
          requestedAt: event.at,
          requestedBy: event.actor.id,
          dueAt,
          lawfulBasis,
          overdueAt: null,
          respondedAt: null,
          respondedBy: null,
          rag: null,
          information: null,
          declineReason: null,
        };
      }
      return earlier.length > 0 ? { requests, earlierRequests: earlier } : { requests };
    }),

    recordPartnerAnswer: assign(({ context, event }) => {
      assertEvent(event, ["PARTNER_INFORMATION_RETURNED", "PARTNER_NOTHING_KNOWN", "PARTNER_DECLINED"]);
      const agency = event.agency.trim();
      // A correction keeps the answer it replaces beside it (the rules allow one only to an answered request).
      const before = context.requests[agency];
      const versions =
        event.correction && before && before.status !== "requested" && before.respondedAt && before.respondedBy
          ? {
              versions: [
                ...(before.versions ?? []),
                {
                  status: before.status,
                  rag: before.rag,
                  ragRationale: before.ragRationale ?? null,
                  information: before.information,
                  declineReason: before.declineReason,
                  respondedAt: before.respondedAt,
                  respondedBy: before.respondedBy,
                },
              ],
              rag: null,
              ragRationale: null,
              information: null,
              declineReason: null,
            }
          : {};
      const answered = { ...versions, respondedAt: event.at, respondedBy: event.actor.id };
      switch (event.type) {
        case "PARTNER_INFORMATION_RETURNED":
          return {
            requests: updateRequest(context, agency, {
              ...answered,
              status: "returned",
              rag: event.rag,
              information: trimmed(event.information),
              ...(trimmed(event.ragRationale) ? { ragRationale: trimmed(event.ragRationale) } : {}),
            }),
          };
        case "PARTNER_NOTHING_KNOWN":
          return {
            requests: updateRequest(context, agency, {
              ...answered,
              status: "nothing_known",
              information: trimmed(event.information),
            }),
          };
        case "PARTNER_DECLINED":
          return {
            requests: updateRequest(context, agency, {
              ...answered,
              status: "declined",
              declineReason: trimmed(event.reason),
            }),
          };
      }
    }),

    withdrawRequest: assign(({ context, event }) => {
      assertEvent(event, "WITHDRAW_PARTNER_REQUEST");
      const withdrawal = { at: event.at, by: event.actor.id, reason: event.reason, explanation: trimmed(event.explanation) };
      return { requests: updateRequest(context, event.agency.trim(), { status: "withdrawn", withdrawal }) };
    }),

    recordDeadlinePassed: assign(({ context, event }) => {
      assertEvent(event, "PARTNER_DEADLINE_PASSED");
      return { requests: updateRequest(context, event.agency.trim(), { overdueAt: event.at }) };
    }),

    recordProceedingWithoutInformation: assign(({ event }) => {
      assertEvent(event, "PROCEED_TO_DECISION");
      return { proceededWithoutInformation: { at: event.at, by: event.actor.id, reason: trimmed(event.reason) } };
    }),

    proposeDecision: assign(({ event }) => {
      assertEvent(event, "PROPOSE_DECISION");
      const decision: ProposedDecision = {
        ...decisionDetails(event),
        levelOfNeed: event.levelOfNeed as LevelOfNeed,
        rationale: event.rationale.trim(),
        proposedBy: event.actor.id,
        proposedAt: event.at,
        authorisedBy: null,
        authorisedAt: null,
      };
      return { decision };
    }),

    authoriseDecision: assign(({ context, event }) => ({
      decision: context.decision && { ...context.decision, authorisedBy: event.actor.id, authorisedAt: event.at },
    })),

    closeWithDecision: assign(({ context, event }) => ({
      outcome: context.decision?.outcome ?? null,
      decidedAt: event.at,
      closedAt: event.at,
      authorisedBy: event.actor.id,
    })),

    offerStepDown: assign(({ event }) => ({ stepDownOfferedAt: event.at })),

    returnDecision: assign(({ context, event }) => {
      assertEvent(event, "RETURN_DECISION");
      return {
        returns: [
          ...context.returns,
          {
            kind: "decision_returned" as const,
            at: event.at,
            by: event.actor.id,
            comments: event.comments.trim(),
            to: event.to,
            decision: context.decision,
          },
        ],
        decision: null,
      };
    }),

    startEarlyHelpEpisode: assign(({ context, event }) => {
      assertEvent(event, "ACCEPT_STEP_DOWN");
      const decision = context.decision;
      const hub = decision?.outcome === "early_help" ? decision.hub : "";
      return {
        earlyHelpEpisode: {
          hub,
          leadPractitioner: event.leadPractitioner.trim(),
          acceptedBy: event.actor.id,
          startedAt: event.at,
        },
        outcome: "early_help" as const,
        // The MASH decided when the manager authorised the step-down the hub accepted.
        decidedAt: decision?.authorisedAt ?? event.at,
        closedAt: event.at,
        authorisedBy: decision?.authorisedBy ?? null,
      };
    }),

    bounceBack: assign(({ context, event }) => {
      assertEvent(event, "DECLINE_STEP_DOWN");
      const decision = context.decision;
      return {
        stepDownDeclines: [
          ...context.stepDownDeclines,
          {
            hub: decision?.outcome === "early_help" ? decision.hub : "",
            offeredAt: context.stepDownOfferedAt ?? "",
            declinedAt: event.at,
            declinedBy: event.actor.id,
            reason: event.reason.trim(),
          },
        ],
        bounceBacks: context.bounceBacks + 1,
        decision: null,
        stepDownOfferedAt: null,
      };
    }),

    recordImmediateRisk: assign(({ context, event }) => {
      assertEvent(event, "FLAG_IMMEDIATE_RISK");
      return {
        immediateRisk: { flaggedAt: event.at, flaggedBy: event.actor.id, rationale: event.rationale.trim() },
        screeningStartedAt: context.screeningStartedAt ?? event.at,
      };
    }),

    closeWithStrategyDiscussion: assign(({ context, event }) => {
      assertEvent(event, "CONFIRM_STRATEGY_DISCUSSION");
      const flag = context.immediateRisk;
      const decision: ProposedDecision = {
        outcome: "strategy_discussion",
        primaryNeed: event.primaryNeed as PrimaryNeed,
        // A strategy discussion (the section 47 route) is never a referral closed with no further action.
        referralNfa: false,
        referralTeam: trimmed(event.referralTeam) ?? "",
        referralWorker: trimmed(event.referralWorker),
        levelOfNeed: 4,
        rationale: trimmed(event.rationale) ?? flag?.rationale ?? "",
        proposedBy: flag?.flaggedBy ?? event.actor.id,
        proposedAt: flag?.flaggedAt ?? event.at,
        authorisedBy: event.actor.id,
        authorisedAt: event.at,
      };
      return {
        decision,
        outcome: "strategy_discussion" as const,
        decidedAt: event.at,
        closedAt: event.at,
        authorisedBy: event.actor.id,
      };
    }),

    recordImportedHistory: assign(({ context, event }) => {
      assertEvent(event, "HISTORY_IMPORTED");
      const referral = event.outcome === "referral" || event.outcome === "strategy_discussion";
      return {
        imported: { externalId: event.externalId.trim(), primaryNeed: referral ? (event.primaryNeed as PrimaryNeed) : null },
        // The previous system knew the child from the start: linked as at the contact's receipt.
        child: { personId: event.personId.trim(), linkedAt: context.receivedAt, linkedBy: event.actor.id },
        ...(event.outcome === null ? {} : { outcome: event.outcome, decidedAt: event.at, closedAt: event.at }),
      };
    }),

    standDownImmediateRisk: assign(({ context, event }) => {
      assertEvent(event, "STAND_DOWN_IMMEDIATE_RISK");
      return {
        returns: [
          ...context.returns,
          {
            kind: "immediate_risk_stood_down" as const,
            at: event.at,
            by: event.actor.id,
            comments: event.comments.trim(),
            to: "screening" as const,
            decision: null,
          },
        ],
        immediateRisk: null,
      };
    }),
  },
}).createMachine({
  id: "contact",
  initial: "received",
  context: ({ input }) => initialContext(input),
  states: {
    received: {
      description: "The contact is recorded; nobody has started screening it.",
      on: {
        START_SCREENING: { guard: RULES, target: "screening", actions: ["startScreening", "noteEvent"] },
        MARK_DUPLICATE: { guard: RULES, target: "closed", actions: ["closeAsDuplicate", "noteEvent"] },
        ...flagImmediateRisk,
        ...linkChild,
        // A contact from a previous system (docs/decisions/008-imported-history.md): only as its first event.
        HISTORY_IMPORTED: [
          {
            guard: and([RULES, "importedWithOutcome"]),
            target: "closed",
            description: "decided in the previous system",
            actions: ["recordImportedHistory", "noteEvent"],
          },
          { guard: RULES, description: "pending", actions: ["recordImportedHistory", "noteEvent"] },
        ],
      },
    },

    screening: {
      description: "A screener reads the child's history, sets the priority and records consent.",
      on: {
        SET_PRIORITY: { guard: RULES, actions: ["setPriority", "noteEvent"] },
        ...consentEvents,
        REQUEST_PARTNER_INFORMATION: {
          guard: RULES,
          target: "awaiting_partner_information",
          actions: ["recordRequests", "noteEvent"],
        },
        COMPLETE_SCREENING: [
          {
            guard: and([RULES, "requestsOutstanding"]),
            target: "awaiting_partner_information",
            description: "requests outstanding",
            actions: "noteEvent",
          },
          { guard: RULES, target: "ready_for_decision", description: "no request outstanding", actions: "noteEvent" },
        ],
        MARK_DUPLICATE: { guard: RULES, target: "closed", actions: ["closeAsDuplicate", "noteEvent"] },
        ...latePartnerAnswers,
        ...withdrawRequest,
        ...flagImmediateRisk,
        ...linkChild,
      },
    },

    awaiting_partner_information: {
      description: "Partners have been asked; each answers with their own RAG rating, nothing known, or declines.",
      initial: "outstanding",
      always: { guard: "noRequestOutstanding", target: "ready_for_decision", description: "every request answered" },
      on: {
        PARTNER_INFORMATION_RETURNED: { guard: RULES, actions: ["recordPartnerAnswer", "noteEvent"] },
        PARTNER_NOTHING_KNOWN: { guard: RULES, actions: ["recordPartnerAnswer", "noteEvent"] },
        PARTNER_DECLINED: { guard: RULES, actions: ["recordPartnerAnswer", "noteEvent"] },
        ...withdrawRequest,
        REQUEST_PARTNER_INFORMATION: { guard: RULES, actions: ["recordRequests", "noteEvent"] },
        PROCEED_TO_DECISION: {
          guard: RULES,
          target: "ready_for_decision",
          actions: ["recordProceedingWithoutInformation", "noteEvent"],
        },
        ...consentEvents,
        ...flagImmediateRisk,
        ...linkChild,
      },
      states: {
        outstanding: {
          description: "Waiting for answers within their deadlines.",
          always: { guard: "someRequestOverdue", target: "overdue", description: "a deadline already passed" },
          on: {
            PARTNER_DEADLINE_PASSED: { guard: RULES, target: "overdue", actions: ["recordDeadlinePassed", "noteEvent"] },
          },
        },
        overdue: {
          description: "At least one partner has not answered by their deadline.",
          always: {
            guard: "requestsOutstandingNoneOverdue",
            target: "outstanding",
            description: "overdue requests answered",
          },
          on: {
            PARTNER_DEADLINE_PASSED: { guard: RULES, actions: ["recordDeadlinePassed", "noteEvent"] },
          },
        },
      },
    },

    ready_for_decision: {
      description: "Screening and partners' information are in; a decision can be proposed.",
      on: {
        PROPOSE_DECISION: { guard: RULES, target: "awaiting_authorisation", actions: ["proposeDecision", "noteEvent"] },
        REQUEST_PARTNER_INFORMATION: {
          guard: RULES,
          target: "awaiting_partner_information",
          actions: ["recordRequests", "noteEvent"],
        },
        ...consentEvents,
        ...latePartnerAnswers,
        ...withdrawRequest,
        ...flagImmediateRisk,
        ...linkChild,
      },
    },

    awaiting_authorisation: {
      description: "A proposed decision waits for management oversight.",
      on: {
        AUTHORISE_DECISION: [
          {
            guard: and([RULES, "decisionIsStepDown"]),
            target: "step_down_offered",
            description: "step-down to early help",
            actions: ["authoriseDecision", "offerStepDown", "noteEvent"],
          },
          {
            guard: RULES,
            target: "closed",
            description: "any other outcome",
            actions: ["authoriseDecision", "closeWithDecision", "noteEvent"],
          },
        ],
        RETURN_DECISION: [
          {
            guard: and([RULES, "returnsToScreening"]),
            target: "screening",
            description: "to screening",
            actions: ["returnDecision", "noteEvent"],
          },
          {
            guard: RULES,
            target: "ready_for_decision",
            description: "to ready for decision",
            actions: ["returnDecision", "noteEvent"],
          },
        ],
        ...latePartnerAnswers,
        ...withdrawRequest,
        ...linkChild,
      },
    },

    step_down_offered: {
      description: "The step-down is offered to an early help hub, which accepts or declines it.",
      on: {
        ACCEPT_STEP_DOWN: { guard: RULES, target: "closed", actions: ["startEarlyHelpEpisode", "noteEvent"] },
        DECLINE_STEP_DOWN: { guard: RULES, target: "ready_for_decision", actions: ["bounceBack", "noteEvent"] },
        ...latePartnerAnswers,
        ...withdrawRequest,
        ...linkChild,
      },
    },

    immediate_risk: {
      description: "Immediate risk is flagged; a manager confirms a strategy discussion now, or stands the flag down.",
      on: {
        CONFIRM_STRATEGY_DISCUSSION: {
          guard: RULES,
          target: "closed",
          actions: ["closeWithStrategyDiscussion", "noteEvent"],
        },
        STAND_DOWN_IMMEDIATE_RISK: { guard: RULES, target: "screening", actions: ["standDownImmediateRisk", "noteEvent"] },
        ...latePartnerAnswers,
        ...withdrawRequest,
        ...linkChild,
      },
    },

    closed: {
      description: "Closed with exactly one outcome (or as a duplicate of another contact).",
      type: "final",
    },
  },
});

// ---------------------------------------------------------------------------
// The API the server uses
// ---------------------------------------------------------------------------

export type ContactSnapshot = SnapshotFrom<typeof contactMachine>;

export type ApplyContactEventResult =
  | { ok: true; snapshot: ContactSnapshot; state: string }
  | { ok: false; reason: string };

/** The snapshot of a newly received contact. */
export function initialContactSnapshot(input: ContactInput): ContactSnapshot {
  return contactMachine.getInitialSnapshot(inertScope(), input);
}

/**
 * The actor scope the machine's steps are worked out in, built once. XState's `transition` and
 * `initialTransition` build a throwaway actor (with the machine's whole initial snapshot) for every
 * call, most of the cost of a step; this is the same inert scope, made once: the contact machine
 * spawns and invokes nothing, and its only actions are assignments (applied to the snapshot, never
 * through the scope), so every step's snapshot is the same (issue 13, item 1: the generator and the
 * replay check drive millions of steps).
 */
let scope: Parameters<typeof contactMachine.transition>[2] | undefined;
function inertScope(): Parameters<typeof contactMachine.transition>[2] {
  if (scope) return scope;
  const self = createActor(contactMachine, { input: undefined as never });
  scope = { self, defer: () => {}, id: "", logger: () => {}, sessionId: "", stopChild: () => {}, system: self.system, emit: () => {}, actionExecutor: () => {} };
  return scope;
}

/**
 * The contact's state as one flat, dotted name for the `state` column:
 * `received`, `screening`, `awaiting_partner_information.outstanding`,
 * `awaiting_partner_information.overdue`, `ready_for_decision`,
 * `awaiting_authorisation`, `step_down_offered`, `immediate_risk`, `closed`.
 * Query "awaiting partner information" with `LIKE 'awaiting_partner_information%'`.
 */
export function stateName(snapshot: Pick<ContactSnapshot, "value">): string {
  const parts: string[] = [];
  let value: unknown = snapshot.value;
  while (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>);
    const first = entries[0];
    if (!first) break;
    parts.push(first[0]);
    value = first[1];
  }
  if (typeof value === "string") parts.push(value);
  return parts.join(".");
}

/** Every state name `stateName` can return, in document order. */
export const CONTACT_STATE_NAMES: readonly string[] = (() => {
  const names: string[] = [];
  const visit = (node: { path: string[]; states: Record<string, unknown> }) => {
    for (const child of Object.values(node.states) as Array<{ path: string[]; states: Record<string, unknown> }>) {
      if (Object.keys(child.states).length === 0) names.push(child.path.join("."));
      else visit(child);
    }
  };
  visit(contactMachine.root as unknown as { path: string[]; states: Record<string, unknown> });
  return names;
})();

/** The event types the contact's current state accepts (guards aside), optionally only those a role may send. */
export function nextEvents(snapshot: ContactSnapshot, role?: ActorRole): ContactEventType[] {
  if (snapshot.status !== "active") return [];
  const accepted = new Set(getNextTransitions(snapshot).map((t) => t.eventType));
  return CONTACT_EVENT_TYPES.filter(
    (type) => accepted.has(type) && (role === undefined || EVENT_ROLES[type].includes(role)),
  );
}

/** Why the machine refuses this event now, in plain English (`null` when it is allowed). */
export function explainRefusal(snapshot: ContactSnapshot, event: ContactEvent): string | null {
  const type: unknown = (event as { type?: unknown } | null)?.type;
  if (!isContactEventType(type)) return "This is not something that can be recorded on a contact.";
  const state = stateName(snapshot);
  if (snapshot.status !== "active" || !nextEvents(snapshot).includes(type)) {
    return notNow(state, snapshot.context, type);
  }
  if (snapshot.can(event)) return null;
  return ruleBroken(snapshot.context, event) ?? `This cannot be recorded now: this contact ${describeContactState(state, snapshot.context)}.`;
}

/**
 * Apply one event: the next snapshot when the machine allows it, or the reason
 * it is refused (a refused event changes nothing).
 */
export function applyContactEvent(snapshot: ContactSnapshot, event: ContactEvent): ApplyContactEventResult {
  const reason = explainRefusal(snapshot, event);
  if (reason !== null) return { ok: false, reason };
  const next = contactMachine.transition(snapshot, event, inertScope());
  if (next === snapshot) {
    return { ok: false, reason: `This cannot be recorded now: this contact ${describeContactState(stateName(snapshot), snapshot.context)}.` };
  }
  return { ok: true, snapshot: next, state: stateName(next) };
}

/** Fold events from the initial snapshot; throws if any event is refused. */
export function replayContactEvents(input: ContactInput, events: readonly ContactEvent[]): ContactSnapshot {
  let snapshot = initialContactSnapshot(input);
  events.forEach((event, index) => {
    const result = applyContactEvent(snapshot, event);
    if (!result.ok) {
      throw new Error(`Event ${index + 1} (${String(event.type)} at ${String(event.at)}) was refused: ${result.reason}`);
    }
    snapshot = result.snapshot;
  });
  return snapshot;
}

/** The snapshot as plain JSON for the `snapshot` column. */
export function persistContactSnapshot(snapshot: ContactSnapshot): Record<string, unknown> {
  return JSON.parse(JSON.stringify(contactMachine.getPersistedSnapshot(snapshot))) as Record<string, unknown>;
}

/**
 * A snapshot from stored JSON (an object from a jsonb column, or its text).
 * Throws when it is not a snapshot of this machine.
 */
export function restoreContactSnapshot(json: unknown): ContactSnapshot {
  const data: unknown = typeof json === "string" ? JSON.parse(json) : json;
  if (
    typeof data !== "object" ||
    data === null ||
    !("value" in data) ||
    !("context" in data) ||
    typeof (data as { context: unknown }).context !== "object"
  ) {
    throw new Error("Stored contact snapshot is not a machine snapshot (it needs a value and a context).");
  }
  const value = (data as { value: unknown }).value;
  const defaults = { status: value === "closed" ? "done" : "active", children: {}, historyValue: {} };
  const stored = { ...defaults, ...data } as unknown as Snapshot<unknown>;
  const actor = createActor(contactMachine, { snapshot: stored, input: undefined as never });
  const snapshot = actor.getSnapshot();
  if ((snapshot.status as string) === "error" || !("machine" in snapshot)) {
    const error: unknown = (snapshot as { error?: unknown }).error;
    throw new Error(
      `Stored contact snapshot does not fit the contact machine (version ${CONTACT_MACHINE_VERSION}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return snapshot;
}
