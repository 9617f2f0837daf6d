/**
 * What the answer pages' loaders and actions do with a request and with the service's result, the
 * same for every kind of answer: read the form through Conform (decision 024), turn `not_found`
 * into 404 and `forbidden` into 403, send the browser back to the page with its banner after an
 * answer (303), and show the form again with its errors (400) or with the refusal (409), keeping
 * what was typed.
 */
import { data, redirect } from "@remix-run/node";
import type { z } from "zod";
import { forbidden } from "../auth/guards.server";
import { parseSubmission } from "../ui/forms";
import { intentOf, RENDERED_AFRESH } from "../ui/page-forms";
import { readForm } from "../http/request.server";
import type { AnswerActionData, AnswerGone, AnswerGoneData, AnswerWords } from "./answers";
import type { AnswerResult } from "./answers.server";
import { notFound } from "../http/not-found.server";

/** The answer form as submitted, read against its schema: Conform's submission. */
export async function readAnswer<S extends z.ZodType>(request: Request, schema: S) {
  return parseSubmission(await readForm(request), schema);
}

type Submission = Pick<ReturnType<typeof parseSubmission>, "payload" | "reply">;

/** The service's view of the page, or the 404 or 403 it calls for. */
export function foundOrThrow<V extends { kind: string }>(view: V): Omit<Extract<V, { kind: "found" }>, "kind"> {
  if (view.kind === "not_found") {
    const gone = (view as { gone?: AnswerGone }).gone;
    if (gone) throw data<AnswerGoneData>({ gone }, { status: 404 });
    notFound();
  }
  if (view.kind === "forbidden") forbidden();
  const { kind: _kind, ...rest } = view;
  return rest as Omit<Extract<V, { kind: "found" }>, "kind">;
}

/** A form that did not pass its schema: shown again with its errors and what was typed. */
export function answerNotValid(submission: Submission) {
  return data<AnswerActionData>({ intent: intentOf(submission), result: submission.reply({ hideFields: RENDERED_AFRESH }) }, { status: 400 });
}

/** The text fields the answerer filled in, with their labels, in the form's order. */
function typedOf(payload: Record<string, unknown>, words: AnswerWords<string>) {
  return Object.entries(words.typedLabels ?? {}).flatMap(([name, label]) => {
    const value = payload[name];
    return typeof value === "string" && value.trim() ? [{ label, value }] : [];
  });
}

/** The response to an answer the service has taken (`id` as in the page's URL). */
export function answerOutcome(result: AnswerResult, submission: Submission, words: AnswerWords<string>, id: string) {
  const intent = intentOf(submission);
  switch (result.kind) {
    case "applied":
      return redirect(`${words.list.path}/${encodeURIComponent(id)}?done=${encodeURIComponent(intent)}`, 303);
    case "not_found":
      // The own agency's row withdrawn or closed meanwhile: still 404, saying why and showing back what was typed.
      if ("gone" in result && result.gone) throw data<AnswerGoneData>({ gone: result.gone, typed: typedOf(submission.payload, words) }, { status: 404 });
      return notFound();
    case "forbidden":
      return forbidden();
    case "refused":
      return data<AnswerActionData>(
        { intent, result: submission.reply({ hideFields: RENDERED_AFRESH }), message: { title: words.refusedTitle, body: result.reason } },
        { status: 409 },
      );
  }
}
