/**
 * The forms that change a contact, one per machine event. Each schema is used in the browser
 * (before sending) and on the server. Messages are in the user's terms and name the field.
 */
import { z } from "zod";
import {
  CONSENT_OVERRIDE_REASON_CODES,
  CONSENT_PURPOSE_CODES,
  CONSENT_STATUS_CODES,
  DECISION_OUTCOME_CODES,
  isReferralOutcome,
  LEVEL_OF_NEED_CODES,
  type LevelOfNeedCode,
  PRIMARY_NEED_CODES,
  RAG_CODES,
  REQUEST_WITHDRAWAL_REASON_CODES,
} from "../vocabulary";
import { MAX_INT4 } from "../http/ids";
import { tooLong } from "../ui/messages";

/** A required text field; `required` when it is left empty or missing, `what` names the field in the length message (GOV.UK: the summary names the field). */
const text = (required: string, what: string, max = 4000) =>
  z.string({ error: required }).trim().min(1, required).max(max, tooLong(what, max));
const optionalText = (what: string, max = 4000) =>
  z.string({ error: `Enter ${what.toLowerCase()} as text` }).trim().max(max, tooLong(what, max)).optional().transform((v) => (v ? v : undefined));

/** Every form that changes a contact carries these. */
export const submissionFields = {
  version: z.coerce.number().int().min(1).max(MAX_INT4),
  idempotencyKey: z.string().min(8).max(100),
};

const priority = z.enum(RAG_CODES, { error: "Choose the priority: red, amber or green" });

/**
 * An agency's or hub's code. Which exist and are in use is data (app/agencies/): the service checks
 * the code against the database and says so in the form when it is not one.
 */
export const agencyOrHubCode = z.string({ error: "Choose from the list" }).trim().regex(/^[a-z][a-z0-9_]{1,39}$/, "Choose from the list");

/** A text per agency, from fields named `<field>.<agency>` (Conform reads them as an object). */
const perAgencyText = z
  .record(
    agencyOrHubCode,
    z.string({ error: "Enter text" }).trim().max(4000, tooLong("Each agency's text", 4000)).transform((v) => (v ? v : undefined)),
    { error: "Enter text" },
  )
  .optional();

const proposeDecision = z
  .object({
    intent: z.literal("PROPOSE_DECISION"),
    ...submissionFields,
    outcome: z.enum(DECISION_OUTCOME_CODES, { error: "Choose the decision" }),
    levelOfNeed: z.coerce
      .number({ error: "Choose the level of need" })
      .refine((v): v is LevelOfNeedCode => (LEVEL_OF_NEED_CODES as readonly number[]).includes(v), "Choose the level of need"),
    rationale: text("Enter the rationale for the decision", "Rationale for the decision"),
    primaryNeed: z.enum(PRIMARY_NEED_CODES).optional().or(z.literal("").transform(() => undefined)),
    // ReferralNFA, for a referral: "yes" the referral itself ends with no further action, "no" it goes on to assessment.
    referralNfa: z.enum(["yes", "no"], { error: "Say whether the referral ends with no further action" }).optional().or(z.literal("").transform(() => undefined)),
    referralTeam: optionalText("Team", 200),
    referralWorker: optionalText("Worker", 200),
    hub: agencyOrHubCode.optional().or(z.literal("").transform(() => undefined)),
    reason: optionalText("Reason"),
    service: optionalText("Service", 500),
    allocatedWorker: optionalText("Allocated worker", 200),
    allocatedTeam: optionalText("Allocated team", 200),
  })
  .superRefine((v, ctx) => {
    const need = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (isReferralOutcome(v.outcome)) {
      // The census: ReferralNFA always present; PrimaryNeedCode required when ReferralNFA is false.
      if (!v.referralNfa) need("referralNfa", "Say whether the referral ends with no further action (ReferralNFA)");
      if (v.outcome === "strategy_discussion" && v.referralNfa === "yes") {
        need("referralNfa", "A strategy discussion cannot end with no further action: choose No, or propose a referral");
      }
      if (v.referralNfa !== "yes" && !v.primaryNeed) need("primaryNeed", "Choose the primary need for the referral");
      if (!v.referralTeam) need("referralTeam", "Enter the team the referral is passed to");
    }
    if (v.outcome === "early_help" && !v.hub) need("hub", "Choose the early help hub the step-down goes to");
    if (v.outcome === "nfa" && !v.reason) need("reason", "Enter the reason for no further action");
    if (v.outcome === "advice_signpost" && !v.service) need("service", "Enter the service the family is signposted to");
    if (v.outcome === "existing_case" && !v.allocatedWorker && !v.allocatedTeam) need("allocatedWorker", "Enter the allocated worker or team");
  });

/** Withdrawing an unanswered request to an agency, with the reason (decision 028; app/contacts/withdraw-request.tsx). */
export const withdrawRequestSchema = z
  .object({
    intent: z.literal("WITHDRAW_PARTNER_REQUEST"),
    ...submissionFields,
    agency: agencyOrHubCode,
    reason: z.enum(REQUEST_WITHDRAWAL_REASON_CODES, { error: "Choose why the request is withdrawn" }),
    explanation: optionalText("Explanation"),
  })
  .refine((v) => v.reason !== "other" || Boolean(v.explanation), { path: ["explanation"], message: "Explain why the request is withdrawn" });

export const contactActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("START_SCREENING"), ...submissionFields }),
  z.object({ intent: z.literal("MARK_DUPLICATE"), ...submissionFields, duplicateOfReference: text("Enter the reference of the contact this one duplicates", "Reference", 40) }),
  z.object({ intent: z.literal("SET_PRIORITY"), ...submissionFields, priority, reason: text("Enter the reason for the priority", "Reason for the priority", 2000) }),
  z.object({
    intent: z.literal("RECORD_CONSENT"),
    ...submissionFields,
    consent: z.enum(CONSENT_STATUS_CODES, { error: "Choose whether consent was given, refused or not sought" }),
    // Consent is sought again at later points (issue 12, item 2): for sharing with partners, or the family's agreement to early help.
    purpose: z.enum(CONSENT_PURPOSE_CODES, { error: "Choose what consent was sought for" }).optional(),
  }),
  z
    .object({
      intent: z.literal("REQUEST_CONSENT_OVERRIDE"),
      ...submissionFields,
      overrideReason: z.enum(CONSENT_OVERRIDE_REASON_CODES, { error: "Choose the reason for the override" }),
      explanation: optionalText("Explanation"),
    })
    .refine((v) => v.overrideReason !== "other" || Boolean(v.explanation), { path: ["explanation"], message: "Explain the reason for the override" }),
  z.object({ intent: z.literal("AUTHORISE_CONSENT_OVERRIDE"), ...submissionFields, comments: optionalText("Comments") }),
  z.object({ intent: z.literal("REFUSE_CONSENT_OVERRIDE"), ...submissionFields, comments: text("Enter why the override is refused", "Why the override is refused") }),
  // Chasing a partner is recorded in the contact's history (not a step of its lifecycle).
  z.object({
    intent: z.literal("CHASE_PARTNER"),
    ...submissionFields,
    agency: z.string({ error: "Choose the agency" }).trim().min(1, "Choose the agency").max(40, "Choose the agency"),
    note: optionalText("Note", 500),
  }),
  z
    .object({
      intent: z.literal("OVERRIDE_CONSENT"),
      ...submissionFields,
      overrideReason: z.enum(CONSENT_OVERRIDE_REASON_CODES, { error: "Choose the reason for the override" }),
      explanation: optionalText("Explanation"),
    })
    .refine((v) => v.overrideReason !== "other" || Boolean(v.explanation), { path: ["explanation"], message: "Explain the reason for the override" }),
  z.object({
    intent: z.literal("REQUEST_PARTNER_INFORMATION"),
    ...submissionFields,
    agencies: z.preprocess(
      (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
      z.array(agencyOrHubCode).min(1, "Choose at least one agency to ask"),
    ),
    // Per agency asked (need to know, issue 12 item 3): fields `question.<agency>` and `summary.<agency>`.
    question: perAgencyText,
    summary: perAgencyText,
  }),
  withdrawRequestSchema,
  z.object({ intent: z.literal("COMPLETE_SCREENING"), ...submissionFields }),
  z.object({ intent: z.literal("PROCEED_TO_DECISION"), ...submissionFields, reason: optionalText("Reason") }),
  proposeDecision,
  z.object({ intent: z.literal("AUTHORISE_DECISION"), ...submissionFields, comments: optionalText("Comments") }),
  z.object({
    intent: z.literal("RETURN_DECISION"),
    ...submissionFields,
    comments: text("Enter your comments for the screener", "Comments for the screener"),
    to: z.enum(["screening", "ready_for_decision"], { error: "Choose where the contact goes back to" }),
  }),
  z.object({ intent: z.literal("FLAG_IMMEDIATE_RISK"), ...submissionFields, rationale: text("Enter why the child is at immediate risk", "Why the child is at immediate risk") }),
  z.object({
    intent: z.literal("CONFIRM_STRATEGY_DISCUSSION"),
    ...submissionFields,
    primaryNeed: z.enum(PRIMARY_NEED_CODES, { error: "Choose the primary need" }),
    referralTeam: text("Enter the team the strategy discussion is passed to", "Team", 200),
    referralWorker: optionalText("Worker", 200),
    rationale: optionalText("Rationale"),
  }),
  z.object({ intent: z.literal("STAND_DOWN_IMMEDIATE_RISK"), ...submissionFields, comments: text("Enter why the immediate-risk flag is stood down", "Why the flag is stood down") }),
  z.object({
    intent: z.literal("PARTNER_DEADLINE_PASSED"),
    ...submissionFields,
    agency: agencyOrHubCode.or(z.undefined()).refine((v) => v !== undefined, "Choose the agency").transform((v) => v!),
  }),
]);

export type ContactAction = z.infer<typeof contactActionSchema>;
export type ContactActionIntent = ContactAction["intent"];
