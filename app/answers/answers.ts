/**
 * What the browser and the server share of every answer (see answers.server.ts): the zod pieces
 * the answer forms are made of, and the words each kind of answer gives its pages.
 */
import { z } from "zod";
import { tooLong } from "../ui/messages";
import type { FormResult } from "../ui/forms";
import type { SentForm } from "../ui/page-forms";

/** A required text field; `required` is the message when it is left empty, `what` names the field in the length message. */
export const text = (required: string, what: string, max = 4000) => z.string({ error: required }).trim().min(1, required).max(max, tooLong(what, max));

/** An optional text field: empty is left out. */
export const optionalText = (what: string, max = 4000) =>
  z.string({ error: `Enter ${what.toLowerCase()} as text` }).trim().max(max, tooLong(what, max)).optional().transform((v) => (v ? v : undefined));

/**
 * Why the answerer's own row can no longer be opened or answered (still a 404: decision 028), in
 * words: e.g. the MASH withdrew the request, when (`at`) and the reason's label — never who.
 */
export interface AnswerGone {
  title: string;
  body: string;
  at: string | null;
}

/** What a late answer's 404 carries back: the notice and, after a submission, what was typed (label and text). */
export interface AnswerGoneData {
  gone: AnswerGone;
  typed?: { label: string; value: string }[];
}

/** The notice in a thrown 404's data, if it is one (the root error boundary shows it). */
export function answerGoneOf(data: unknown): AnswerGoneData | null {
  if (!data || typeof data !== "object" || !("gone" in data)) return null;
  const { gone, typed } = data as Partial<AnswerGoneData>;
  if (!gone || typeof gone.title !== "string" || typeof gone.body !== "string") return null;
  return { gone, typed: Array.isArray(typed) ? typed.filter((t) => typeof t?.label === "string" && typeof t?.value === "string") : undefined };
}

/** The words of one kind of answer's pages. */
export interface AnswerWords<Intent extends string> {
  /** Where its list is, and the link back to it. */
  list: { path: string; back: string };
  /** The success banner after each answer, and after one the page does not know. */
  done: Record<Intent, string>;
  doneOtherwise: string;
  /** The title of the message when the answer is refused (409). */
  refusedTitle: string;
  /** The text fields' labels, to show back what was typed when the row can no longer be answered. */
  typedLabels?: Record<string, string>;
}

/**
 * What an answer page's action returns when the answer is not applied: which form, Conform's result
 * (its errors and what was typed) and, for a refusal, the message.
 */
export type AnswerActionData = SentForm & { result: FormResult; message?: { title: string; body: string } };
