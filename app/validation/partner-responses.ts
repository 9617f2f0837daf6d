/**
 * The answers partners and early help hubs give: an information request (return, nothing known,
 * decline) and a step-down (accept, decline). Each schema is used in the browser (before sending)
 * and on the server. Messages are in the user's terms and name the field.
 */
import { z } from "zod";
import { choicesOf, RAG_CODES, RAG_RATINGS } from "../vocabulary";
import { submissionFields } from "./contact-actions";

const tooLong = (max: number) => `This must be ${max.toLocaleString("en-GB")} characters or fewer`;
const text = (required: string, max = 4000) => z.string({ error: required }).trim().min(1, required).max(max, tooLong(max));
const optionalText = (max = 4000) =>
  z.string().trim().max(max, tooLong(max)).optional().transform((v) => (v ? v : undefined));

export const RAG_CHOICES = choicesOf(RAG_RATINGS);

export const informationResponseSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("PARTNER_INFORMATION_RETURNED"),
    ...submissionFields,
    rag: z.enum(RAG_CODES, { error: "Choose your RAG rating: red, amber or green" }),
    information: text("Enter the information you are returning"),
  }),
  z.object({
    intent: z.literal("PARTNER_NOTHING_KNOWN"),
    ...submissionFields,
    information: optionalText(),
  }),
  z.object({
    intent: z.literal("PARTNER_DECLINED"),
    ...submissionFields,
    reason: text("Enter why you are declining to share information"),
  }),
]);

export type InformationResponse = z.infer<typeof informationResponseSchema>;
export type InformationResponseIntent = InformationResponse["intent"];

export const stepDownResponseSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("ACCEPT_STEP_DOWN"),
    ...submissionFields,
    leadPractitioner: text("Enter the name of the lead practitioner", 200),
  }),
  z.object({
    intent: z.literal("DECLINE_STEP_DOWN"),
    ...submissionFields,
    reason: text("Enter why the hub is declining the step-down"),
  }),
]);

export type StepDownResponse = z.infer<typeof stepDownResponseSchema>;
export type StepDownResponseIntent = StepDownResponse["intent"];
