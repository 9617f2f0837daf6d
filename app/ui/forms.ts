/**
 * Forms through Conform (decision 024): one zod schema checks a form in the browser (before it is
 * sent, when JavaScript is on) and on the server (always). The server answers a form it refuses
 * with Conform's submission result — the errors and what the user typed (less any hidden field,
 * such as a password) — and the page shows them with the GOV.UK error summary and messages.
 * Without JavaScript the same result comes back in the page. Shared by browser and server.
 */
import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useMemo, useState, type FormEvent } from "react";
import type { z } from "zod";
import type { FieldErrors } from "./form";
import { FORM_NOT_READ_MESSAGE } from "../http/request-messages";

/** What the server answers about a refused form: Conform's submission result. */
export type FormResult = SubmissionResult<string[]>;

/**
 * A submitted form read against its schema, as Conform's submission: `status` "success" with
 * `value`, or "error" with the errors; `reply()` gives what to send back. Field names are paths
 * ("dob.day"). Values are checked as they were typed (no coercion: the schemas do their own).
 * A form Conform cannot read (a forged intent) is a 400 with a plain message, never a 500.
 */
export function parseSubmission<S extends z.ZodType>(formData: FormData, schema: S) {
  try {
    return parseWithZod(refuseLongLists(formData), { schema, disableAutoCoercion: true });
  } catch {
    throw new Response(FORM_NOT_READ_MESSAGE, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

/**
 * Conform makes "x[99999999]" a list of that length (seconds of work, and all of it sent back). No
 * form of ours has such lists: a form whose bracketed indices add up to more than 1,000 rows is not read (400).
 */
function refuseLongLists(formData: FormData): FormData {
  let rows = 0;
  for (const name of new Set(formData.keys())) {
    for (const match of name.matchAll(/\[(\d+)\]/g)) rows += Math.min(Number(match[1]), 1_000_000) + 1;
  }
  if (rows > 1_000) throw new Error("lists too long");
  return formData;
}

/** The first message for each field of a result, keyed by field name (the id of its input); the form's own under "form". */
export function resultErrors(error: Record<string, string[] | null> | null | undefined): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, messages] of Object.entries(error ?? {})) {
    if (messages?.[0]) errors[field || "form"] ??= messages[0];
  }
  return errors;
}

/** Messages a service gives after the schema passed (one per field), as a result's field errors. */
export function toFieldErrors(errors: FieldErrors): Record<string, string[]> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, [message]]));
}

/** Whether the action data of a page says its form was refused (drives the "Error: " title prefix). */
export function hasFormErrors(actionData: unknown): boolean {
  if (typeof actionData !== "object" || actionData === null) return false;
  const { result, errors } = actionData as { result?: FormResult; errors?: unknown };
  if (result && Object.keys(resultErrors(result.error)).length > 0) return true;
  return typeof errors === "object" && errors !== null && Object.keys(errors).length > 0;
}

/**
 * What the user typed, as sent back in a result: each field's text (for a repeated field, its last),
 * keyed by field name — a nested name ("question.police") by its path.
 */
export function resultValues(result: FormResult | null | undefined): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  const add = (name: string, value: unknown) => {
    const text = Array.isArray(value) ? value.at(-1) : value;
    if (typeof text === "string") values[name] = text;
    else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) add(`${name}.${key}`, inner);
    }
  };
  for (const [name, value] of Object.entries(result?.initialValue ?? {})) add(name, value);
  return values;
}

/** Every value sent back for a repeated field (the boxes ticked of a group of checkboxes). */
export function resultList(result: FormResult | null | undefined, name: string): string[] {
  const value = result?.initialValue?.[name];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

/**
 * A GOV.UK form in the browser: Conform's `useForm` with the schema's own check before sending
 * (only on submit, as GOV.UK asks: no messages while typing), and the server's last result.
 * `errors` are the first message of each field, in the order the schema found them; the error
 * summary takes focus at each new attempt. Spread `props` on the `<Form>`.
 */
export function useGovukForm<S extends z.ZodType>(schema: S, lastResult: FormResult | null | undefined, options: { id?: string } = {}) {
  const [attempt, setAttempt] = useState(0);
  const [form] = useForm({
    id: options.id,
    lastResult: lastResult ?? undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema, disableAutoCoercion: true }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onSubmit",
  });
  const all = form.allErrors as Record<string, string[] | null>;
  const key = JSON.stringify(all);
  // `key` stands for `all`: a new object only when the messages change or the user tries again.
  const errors = useMemo(() => resultErrors(all), [key, attempt, lastResult]);
  const props = {
    id: form.id,
    noValidate: true,
    onSubmit: (event: FormEvent<HTMLFormElement>) => {
      setAttempt((n) => n + 1);
      form.onSubmit(event);
    },
  };
  return { props, errors, values: resultValues(lastResult) };
}

// The access log's filter (a GET read with zod alone, its messages shown beside the filter) reads its errors with this.

/** The first message for each field of a zod error, keyed by field name (the id of its input). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "form";
    errors[field] ??= issue.message;
  }
  return errors;
}
