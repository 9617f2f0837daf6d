/**
 * A partner's answer to an information request, as the browser and the server both know it: the
 * three ways to answer (return information with the agency's own RAG rating, nothing known,
 * decline to share), their zod schema (used in the browser before sending and on the server) and
 * the pages' words. Who may answer and the machine event each answer becomes:
 * information-requests.server.ts.
 */
import { z } from "zod";
import { choicesOf, RAG_CODES, RAG_RATINGS, REQUEST_STATUSES } from "../vocabulary";
import { submissionFields } from "../contacts/contact-actions.schema";
import { type AnswerWords, optionalText, text } from "../answers/answers";

export const RAG_CHOICES = choicesOf(RAG_RATINGS);

/** The partner's rating choices, each with its meaning as the radio's hint. */
export function ragAnswerChoices() {
  return RAG_RATINGS.map((t) => ({ value: t.code, text: t.label, hint: PARTNER_RAG_MEANINGS[t.code] }));
}

/**
 * What each RAG rating means when a partner gives it to their own information (shown beside the
 * colour wherever the rating is, so a colour is never the only carrier of meaning).
 */
export const PARTNER_RAG_MEANINGS: Record<string, string> = {
  red: "Serious concern: your information suggests the child may be at risk of significant harm.",
  amber: "Some concern: your information shows needs or risks that should be looked into.",
  green: "No current concern: your agency knows the child or family, and nothing in it raises a safeguarding concern.",
};

export function partnerRagMeaning(rag: string): string {
  return PARTNER_RAG_MEANINGS[rag] ?? "";
}

/** `correction=yes`: the answer corrects one already sent (the earlier one is kept beside it). */
const correction = z.enum(["yes"]).optional().or(z.literal("").transform(() => undefined));

export const informationResponseSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("PARTNER_INFORMATION_RETURNED"),
    ...submissionFields,
    correction,
    rag: z.enum(RAG_CODES, { error: "Choose your RAG rating: red, amber or green" }),
    // The rating's own rationale, apart from the information (issue 12, item 4): required with every
    // new rating. Answers sent before it was asked for have none, and the machine still replays them.
    ragRationale: text("Enter why you gave this RAG rating", "Rationale for the rating", 2000),
    information: text("Enter the information you are returning", "The information you are returning"),
  }),
  z.object({
    intent: z.literal("PARTNER_NOTHING_KNOWN"),
    ...submissionFields,
    correction,
    information: optionalText("Note for the MASH"),
  }),
  z.object({
    intent: z.literal("PARTNER_DECLINED"),
    ...submissionFields,
    correction,
    reason: text("Enter why you are declining to share information", "Why you are declining to share"),
  }),
]);

export type InformationResponse = z.infer<typeof informationResponseSchema>;
export type InformationResponseIntent = InformationResponse["intent"];

export const INFORMATION_REQUEST_WORDS: AnswerWords<InformationResponseIntent> = {
  list: { path: "/information-requests", back: "Back to information requests" },
  done: {
    PARTNER_INFORMATION_RETURNED: "Your information has been sent to the MASH",
    PARTNER_NOTHING_KNOWN: "Your answer has been sent to the MASH: nothing known (no information held)",
    PARTNER_DECLINED: "The MASH has been told that you decline to share information",
  },
  doneOtherwise: "Your answer has been sent to the MASH",
  refusedTitle: "Your answer cannot be sent now",
  typedLabels: { ragRationale: "Why you gave this rating", information: "Your information or note", reason: "Why you are declining to share" },
};

/** A request's status in the partner's words. */
export function requestStatusForPartner(status: string): string {
  return REQUEST_STATUSES.find((t) => t.code === status)?.partnerLabel ?? status;
}

/** Which requests the partner's inbox shows. */
export const INBOX_SHOW = [
  { code: "all", label: "All requests" },
  { code: "waiting", label: "Waiting for your information" },
  { code: "overdue", label: "Overdue" },
  { code: "answered", label: "Answered or closed" },
] as const;

const INBOX_SHOW_CODES = ["all", "waiting", "overdue", "answered"] as const;

/**
 * The inbox's address: what to show, a search (a contact's reference or a child's surname) and the
 * position after which the page starts (`<rank>.<id>` of the previous page's last row). Anything
 * not understood shows the first page of all requests rather than an error.
 */
export const inboxQuerySchema = z.object({
  show: z.enum(INBOX_SHOW_CODES).catch("all"),
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .catch(undefined)
    .transform((v) => v || null),
  after: z
    .string()
    .regex(/^\d{1,16}\.[^\s]{1,200}$/)
    .optional()
    .catch(undefined)
    .transform((v) => (v ? { rank: v.slice(0, v.indexOf(".")), id: v.slice(v.indexOf(".") + 1) } : null)),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type InboxSearch = z.infer<typeof inboxQuerySchema>;

/** The inbox's address for a query (keeping the filter and search). */
export function inboxHref(query: { show: string; q: string | null }, page?: { after: { rank: string; id: string }; page: number }): string {
  const params = new URLSearchParams();
  if (query.show !== "all") params.set("show", query.show);
  if (query.q) params.set("q", query.q);
  if (page) {
    params.set("after", `${page.after.rank}.${page.after.id}`);
    params.set("page", String(page.page));
  }
  const search = params.toString();
  return `/information-requests${search ? `?${search}` : ""}`;
}
