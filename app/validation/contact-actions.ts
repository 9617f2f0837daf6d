/**
 * The forms that change a contact, one per machine event. Each schema is used in the browser
 * (before sending) and on the server. Messages are in the user's terms and name the field.
 */
import { z } from "zod";
import { MAX_INT4 } from "./ids";

const text = (required: string, max = 4000) =>
  z.string().trim().min(1, required).max(max, `This must be ${max.toLocaleString("en-GB")} characters or fewer`);
const optionalText = (max = 4000) =>
  z.string().trim().max(max, `This must be ${max.toLocaleString("en-GB")} characters or fewer`).optional().transform((v) => (v ? v : undefined));

/** Every form that changes a contact carries these. */
export const submissionFields = {
  version: z.coerce.number().int().min(1).max(MAX_INT4),
  idempotencyKey: z.string().min(8).max(100),
};

export const PARTNER_AGENCIES = ["police", "health", "education", "probation", "housing"] as const;
export const OVERRIDE_REASONS = {
  increase_risk_of_harm: "Seeking consent would increase the risk of harm to the child",
  delay_increases_risk: "The delay in seeking consent would increase the risk of harm",
  prejudice_crime: "Seeking consent would prejudice the prevention or detection of crime",
  significant_harm: "The significant harm threshold is met",
  other: "Other (explain)",
} as const;
export const DECISION_OUTCOME_LABELS = {
  referral: "Referral to children's social care for assessment",
  strategy_discussion: "Referral with a strategy discussion (section 47)",
  early_help: "Step-down to an early help hub",
  nfa: "No further action",
  advice_signpost: "Advice, information or signposting to another service",
  existing_case: "Already open to children's social care: pass to the allocated worker",
} as const;
export const LEVELS_OF_NEED = { "1": "1 – Universal", "2": "2 – Early help", "3": "3 – Targeted help", "4": "4 – Specialist or statutory" } as const;
const PRIMARY_NEED_CODES = ["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9", "N0"] as const;
const HUB_CODES = ["north", "exeter", "mid_east", "south_west"] as const;

const priority = z.enum(["red", "amber", "green"], { error: "Choose the priority: red, amber or green" });

const proposeDecision = z
  .object({
    intent: z.literal("PROPOSE_DECISION"),
    ...submissionFields,
    outcome: z.enum(Object.keys(DECISION_OUTCOME_LABELS) as [keyof typeof DECISION_OUTCOME_LABELS], { error: "Choose the decision" }),
    levelOfNeed: z.coerce.number({ error: "Choose the level of need" }).int().min(1, "Choose the level of need").max(4, "Choose the level of need"),
    rationale: text("Enter the rationale for the decision"),
    primaryNeed: z.enum(PRIMARY_NEED_CODES).optional().or(z.literal("").transform(() => undefined)),
    hub: z.enum(HUB_CODES).optional().or(z.literal("").transform(() => undefined)),
    reason: optionalText(),
    service: optionalText(500),
    allocatedWorker: optionalText(200),
    allocatedTeam: optionalText(200),
  })
  .superRefine((v, ctx) => {
    const need = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if ((v.outcome === "referral" || v.outcome === "strategy_discussion") && !v.primaryNeed) need("primaryNeed", "Choose the primary need for the referral");
    if (v.outcome === "early_help" && !v.hub) need("hub", "Choose the early help hub the step-down goes to");
    if (v.outcome === "nfa" && !v.reason) need("reason", "Enter the reason for no further action");
    if (v.outcome === "advice_signpost" && !v.service) need("service", "Enter the service the family is signposted to");
    if (v.outcome === "existing_case" && !v.allocatedWorker && !v.allocatedTeam) need("allocatedWorker", "Enter the allocated worker or team");
  });

export const contactActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("START_SCREENING"), ...submissionFields }),
  z.object({ intent: z.literal("MARK_DUPLICATE"), ...submissionFields, duplicateOfReference: text("Enter the reference of the contact this one duplicates", 40) }),
  z.object({ intent: z.literal("SET_PRIORITY"), ...submissionFields, priority, reason: text("Enter the reason for the priority", 2000) }),
  z.object({
    intent: z.literal("RECORD_CONSENT"),
    ...submissionFields,
    consent: z.enum(["given", "refused", "not_sought"], { error: "Choose whether consent was given, refused or not sought" }),
  }),
  z
    .object({
      intent: z.literal("OVERRIDE_CONSENT"),
      ...submissionFields,
      overrideReason: z.enum(Object.keys(OVERRIDE_REASONS) as [keyof typeof OVERRIDE_REASONS], { error: "Choose the reason for the override" }),
      explanation: optionalText(),
    })
    .refine((v) => v.overrideReason !== "other" || Boolean(v.explanation), { path: ["explanation"], message: "Explain the reason for the override" }),
  z.object({
    intent: z.literal("REQUEST_PARTNER_INFORMATION"),
    ...submissionFields,
    agencies: z.preprocess(
      (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
      z.array(z.enum(PARTNER_AGENCIES)).min(1, "Choose at least one agency to ask"),
    ),
  }),
  z.object({ intent: z.literal("COMPLETE_SCREENING"), ...submissionFields }),
  z.object({ intent: z.literal("PROCEED_TO_DECISION"), ...submissionFields, reason: optionalText() }),
  proposeDecision,
  z.object({ intent: z.literal("AUTHORISE_DECISION"), ...submissionFields, comments: optionalText() }),
  z.object({
    intent: z.literal("RETURN_DECISION"),
    ...submissionFields,
    comments: text("Enter your comments for the screener"),
    to: z.enum(["screening", "ready_for_decision"], { error: "Choose where the contact goes back to" }),
  }),
  z.object({ intent: z.literal("FLAG_IMMEDIATE_RISK"), ...submissionFields, rationale: text("Enter why the child is at immediate risk") }),
  z.object({
    intent: z.literal("CONFIRM_STRATEGY_DISCUSSION"),
    ...submissionFields,
    primaryNeed: z.enum(PRIMARY_NEED_CODES, { error: "Choose the primary need" }),
    rationale: optionalText(),
  }),
  z.object({ intent: z.literal("STAND_DOWN_IMMEDIATE_RISK"), ...submissionFields, comments: text("Enter why the immediate-risk flag is stood down") }),
  z.object({
    intent: z.literal("PARTNER_DEADLINE_PASSED"),
    ...submissionFields,
    agency: z.enum(PARTNER_AGENCIES, { error: "Choose the agency" }),
  }),
]);

export type ContactAction = z.infer<typeof contactActionSchema>;
export type ContactActionIntent = ContactAction["intent"];

/** Names that are never fields: they would reach an object's prototype. */
const RESERVED_NAMES = new Set(["__proto__", "prototype", "constructor"]);

/** Form data as an object, with repeated fields (checkboxes) as arrays. Names like `__proto__` are dropped. */
export function formObject(formData: FormData): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    if (RESERVED_NAMES.has(key)) continue;
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    object[key] = key === "agencies" ? all : all[0];
  }
  return object;
}
