/**
 * A partner's answer to an information request, as the browser and the server both know it: the
 * three ways to answer (return information with the agency's own RAG rating, nothing known,
 * decline to share), their zod schema (used in the browser before sending and on the server) and
 * the pages' words. Who may answer and the machine event each answer becomes:
 * information-requests.server.ts.
 */
import { z } from "zod";
import { choicesOf, RAG_CODES, RAG_RATINGS, REQUEST_STATUSES } from "../vocabulary";
import { submissionFields } from "../validation/contact-actions";
import { type AnswerWords, optionalText, text } from "./answers";

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

export const INFORMATION_REQUEST_WORDS: AnswerWords<InformationResponseIntent> = {
  list: { path: "/information-requests", back: "Back to information requests" },
  done: {
    PARTNER_INFORMATION_RETURNED: "Your information has been sent to the MASH",
    PARTNER_NOTHING_KNOWN: "Your answer has been sent to the MASH: nothing known",
    PARTNER_DECLINED: "The MASH has been told that you decline to share information",
  },
  doneOtherwise: "Your answer has been sent to the MASH",
  refusedTitle: "Your answer cannot be sent now",
};

/** A request's status in the partner's words. */
export function requestStatusForPartner(status: string): string {
  return REQUEST_STATUSES.find((t) => t.code === status)?.partnerLabel ?? status;
}
