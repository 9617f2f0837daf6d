/** Turning form data and zod results into what forms show. Shared by browser and server. */
import type { z } from "zod";
import type { FieldErrors } from "./form";

export type FormValues = Record<string, string>;

export function formValues(formData: FormData, omit: string[] = []): FormValues {
  const values: FormValues = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !omit.includes(key)) values[key] = value;
  }
  return values;
}

/** The first message for each field, keyed by field name (the id of its input). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "form";
    errors[field] ??= issue.message;
  }
  return errors;
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): Parsed<z.infer<S>> {
  const result = schema.safeParse(Object.fromEntries(formData));
  return result.success ? { ok: true, data: result.data } : { ok: false, errors: fieldErrors(result.error) };
}

/**
 * A submitted form that changes a contact: its intent, what the user typed (to show again, without
 * the version and idempotency key, which the page renders afresh), and the parsed data or the errors.
 */
export function readSubmission<S extends z.ZodType>(object: Record<string, unknown>, schema: S) {
  const { version: _v, idempotencyKey: _k, ...values } = object as Record<string, string | string[]>;
  const intent = String(object.intent ?? "");
  const result = schema.safeParse(object);
  return result.success
    ? { ok: true as const, intent, values, data: result.data as z.infer<S> }
    : { ok: false as const, intent, values, errors: fieldErrors(result.error) };
}
