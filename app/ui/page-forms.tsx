/**
 * Several forms on one page, each through Conform (decision 024), and one GOV.UK error summary at
 * the top of the page for the form last sent: the contact's actions, an answer page's ways of
 * answering. Each form is told apart by its `intent` (the hidden field every such form carries).
 *
 * Without JavaScript the server's answer says which form it was and the summary shows its errors;
 * with JavaScript each form reports what its own check (or the server's answer) found, and the
 * summary follows the form sent last.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { z } from "zod";
import type { FieldErrors } from "./form";
import { type FormResult, resultErrors, resultValues, useGovukForm } from "./forms";

/** What the server answers a form of the page it did not apply: which form, and Conform's result. */
export interface SentForm {
  intent: string;
  result?: FormResult;
}

/** What a refused form's answer leaves out of what was typed: the contact's version and the form's key, rendered afresh with the page. */
export const RENDERED_AFRESH = ["version", "idempotencyKey"];

/** The intent a form was sent with, as Conform read it ("" when there is none): which of the page's forms it was. */
export function intentOf(submission: { payload: unknown }): string {
  const payload = submission.payload as Record<string, unknown> | null;
  return typeof payload?.intent === "string" ? payload.intent : "";
}

type Shown = { prefix: string; errors: FieldErrors } | null;
type Report = (prefix: string, errors: FieldErrors) => void;

const PageForms = createContext<{ sent: SentForm | null; report: Report } | null>(null);

/**
 * The page's side: the errors to summarise (`summary`, with the prefix of the fields' ids), and
 * `context` for the `PageFormsProvider` around the forms. `sent` is the action's answer, if any;
 * `prefixOf` names the prefix of the form it came from, when that is not its intent.
 */
export function usePageForms(sent: SentForm | null | undefined, prefixOf: (sent: SentForm) => string = (s) => s.intent) {
  // `undefined` until a form reports: until then the server's answer is what the page shows.
  const [reported, setReported] = useState<Shown | undefined>(undefined);
  const report = useCallback<Report>((prefix, errors) => {
    setReported((previous) => (Object.keys(errors).length > 0 ? { prefix, errors } : previous?.prefix === prefix ? null : previous));
  }, []);
  const fromServer: Shown = sent ? { prefix: prefixOf(sent), errors: resultErrors(sent.result?.error) } : null;
  const summary = reported === undefined ? fromServer : reported;
  const context = useMemo(() => ({ sent: sent ?? null, report }), [sent, report]);
  return { summary, hasErrors: Boolean(summary && Object.keys(summary.errors).length > 0), context };
}

/** Around the page's forms, with `context` from `usePageForms`. */
export function PageFormsProvider({ context, children }: { context: ReturnType<typeof usePageForms>["context"]; children: ReactNode }) {
  return <PageForms.Provider value={context}>{children}</PageForms.Provider>;
}

/**
 * One form of the page: `useGovukForm` with the server's answer when it was this form's (its
 * intent, and `mine` when several forms share an intent), and its errors reported to the page's
 * summary. `prefix` (the intent unless given) prefixes its fields' ids; the form's id is
 * `<prefix>-form`, unique on the page.
 */
export function usePageForm<S extends z.ZodType>(
  schema: S,
  { intent, prefix = intent, mine }: { intent: string; prefix?: string; mine?: (values: Record<string, string | undefined>) => boolean },
) {
  const page = useContext(PageForms);
  if (!page) throw new Error("A page form belongs inside its page's forms (PageFormsProvider)");
  const sent = page.sent?.intent === intent && (!mine || mine(resultValues(page.sent.result))) ? page.sent.result : undefined;
  const form = useGovukForm(schema, sent, { id: `${prefix}-form` });
  const { report } = page;
  useEffect(() => report(prefix, form.errors), [form.errors, prefix, report]);
  return { ...form, result: sent };
}
