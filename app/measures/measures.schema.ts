/**
 * The period of the measures pages, as the address carries it (`from`, `to`: `YYYY-MM-DD`), from a
 * preset, or from the GOV.UK date inputs of the period form (`fromDay`…`toYear`). Shared by browser and server.
 * A period that cannot be read gets messages (400), never an error page.
 */
import { z } from "zod";
import { PERIOD_PRESET_CODES, type Period, type PeriodPreset, presetPeriod } from "./dashboard-terms";
import { parseSubmission, resultErrors, resultValues } from "../ui/forms";
import type { FieldErrors } from "../ui/form";

const EARLIEST = "2000-01-01";
const LATEST = "2099-12-31";

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** "Start date must be a real date" (GOV.UK's words for date inputs; the form's hint gives the example, "For example, 1 4 2024"). */
const isoDate = (which: "start" | "end") => {
  const What = `${which === "start" ? "Start" : "End"} date`;
  return z
    .string({ error: `Enter the ${which} date` })
    .trim()
    .min(1, `Enter the ${which} date`)
    .max(10, `${What} must be a real date`)
    .refine(isCalendarDate, { message: `${What} must be a real date`, abort: true })
    .refine((v) => v >= EARLIEST && v <= LATEST, `${What} must be between 2000 and 2099`);
};

const inRange = (v: string) => isCalendarDate(v) && v >= EARLIEST && v <= LATEST;

/** The end must not be before the start — only said when both are real dates (a start that is not a date gets its own message only). */
export const periodSchema = z.object({ from: z.string(), to: z.string() }).superRefine((p, ctx) => {
  for (const [key, which] of [["from", "start"], ["to", "end"]] as const) {
    const result = isoDate(which).safeParse(p[key]);
    if (!result.success) ctx.addIssue({ code: "custom", path: [key], message: result.error.issues[0]!.message });
  }
  if (inRange(p.from.trim()) && inRange(p.to.trim()) && p.from.trim() > p.to.trim()) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "End date must be the same as or after the start date" });
  }
}).transform((p) => ({ from: p.from.trim(), to: p.to.trim() }));

/** Day, month and year fields as one `YYYY-MM-DD` (what is typed, padded; checked by `periodSchema`). */
function fromParts(day: string | undefined, month: string | undefined, year: string | undefined): string {
  const d = (day ?? "").trim();
  const m = (month ?? "").trim();
  const y = (year ?? "").trim();
  if (!d && !m && !y) return "";
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return "invalid";
  return `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
}

/** A period checked by `periodSchema`, its messages on the date inputs' first fields (the error summary links to them). */
function checkPeriod(from: string, to: string, ctx: z.RefinementCtx): Period | typeof z.NEVER {
  const result = periodSchema.safeParse({ from, to });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    ctx.addIssue({ code: "custom", path: [issue.path[0] === "from" ? "fromDay" : "toDay"], message: issue.message });
  }
  return z.NEVER;
}

const typed = z.string().optional();

/** The period form (a GET form on each measures page): a preset, or dates of the user's choice. Checked in the browser before it is sent, and by the page's loader. */
export const periodFormSchema = z
  .object({
    preset: z.enum([...PERIOD_PRESET_CODES, "custom"], { error: "Choose a period" }),
    fromDay: typed,
    fromMonth: typed,
    fromYear: typed,
    toDay: typed,
    toMonth: typed,
    toYear: typed,
  })
  .transform((v, ctx): { preset: PeriodPreset } | { preset: "custom"; period: Period } => {
    if (v.preset !== "custom") return { preset: v.preset };
    const period = checkPeriod(fromParts(v.fromDay, v.fromMonth, v.fromYear), fromParts(v.toDay, v.toMonth, v.toYear), ctx);
    return { preset: "custom", period };
  });

/** The period as the address carries it (`from`, `to`: `YYYY-MM-DD`), e.g. from a figure's link. */
const addressPeriodSchema = z.object({ from: typed, to: typed }).transform((v, ctx) => checkPeriod(v.from ?? "", v.to ?? "", ctx));

export const PERIOD_FORM_FIELDS = ["preset", "fromDay", "fromMonth", "fromYear", "toDay", "toMonth", "toYear"] as const;

export type PeriodQuery =
  /** A period read from `from` and `to` as the address carries them. */
  | { kind: "period"; period: Period }
  /** A period chosen on the form (a preset or dates): the page redirects to its address. */
  | { kind: "chosen"; period: Period }
  | { kind: "invalid"; errors: FieldErrors; values: Record<string, string> };

/** Only the named parameters of an address, once each, as a form Conform reads (nothing else is read or sent back). */
function formOf(params: URLSearchParams, names: readonly string[]): FormData {
  const form = new FormData();
  for (const name of names) {
    const value = params.get(name);
    if (value !== null) form.set(name, value);
  }
  return form;
}

/** Reads the period of a measures page's address; `fallback` when it names none. Through Conform, with the form's own schema (decision 024). */
export function readPeriodQuery(params: URLSearchParams, today: string, fallback: Period): PeriodQuery {
  // What was typed comes back into the date inputs (each part at most 10 characters), never the address's own dates.
  const invalid = (error: Record<string, string[] | null> | null | undefined, values: Record<string, string | undefined>): PeriodQuery => {
    const kept: Record<string, string> = {};
    for (const name of PERIOD_FORM_FIELDS.slice(1)) kept[name] = (values[name] ?? "").slice(0, 10);
    return { kind: "invalid", errors: resultErrors(error), values: { ...kept, preset: "custom" } };
  };
  if (params.has("preset")) {
    const submission = parseSubmission(formOf(params, PERIOD_FORM_FIELDS), periodFormSchema);
    if (submission.status !== "success") return invalid(submission.error, resultValues(submission.reply()));
    const chosen = submission.value;
    return { kind: "chosen", period: "period" in chosen ? chosen.period : presetPeriod(chosen.preset, today) };
  }
  if (params.has("from") || params.has("to")) {
    const submission = parseSubmission(formOf(params, ["from", "to"]), addressPeriodSchema);
    if (submission.status !== "success") return invalid(submission.error, {});
    return { kind: "period", period: submission.value };
  }
  return { kind: "period", period: fallback };
}

/** The records of one figure: which figure (checked against the measures by the service), the period, the page. */
export const recordsQuerySchema = z.object({
  figure: z
    .string({ error: "Choose a figure" })
    .max(80, "Not a figure of the measures")
    .regex(/^[a-z_]+(\.[0-9A-Za-z_]+){1,2}$/, "Not a figure of the measures"),
  from: isoDate("start"),
  to: isoDate("end"),
  page: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.coerce.number().int().min(1).max(100_000).optional()).catch(undefined),
});
export type RecordsQuery = z.infer<typeof recordsQuerySchema>;

export function readRecordsQuery(params: URLSearchParams): { ok: true; data: RecordsQuery } | { ok: false; errors: FieldErrors } {
  const submission = parseSubmission(formOf(params, ["figure", "from", "to", "page"]), recordsQuerySchema);
  if (submission.status !== "success") return { ok: false, errors: resultErrors(submission.error) };
  const query = submission.value;
  if (query.from > query.to) return { ok: false, errors: { to: "End date must be the same as or after the start date" } };
  return { ok: true, data: query };
}

/** The administrator's targets form: four percentages (blank = no target) and the child population (blank = not set). */
const blankOr = (pattern: RegExp, message: string, max: number, min = 0) =>
  z
    .string()
    .max(20, message)
    .transform((v, ctx) => {
      const text = v.trim().replace(/%$/, "").replace(/,/g, "").trim();
      if (text === "") return null;
      const n = Number(text);
      if (!pattern.test(text) || n > max || n < min) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return n;
    });
const percentage = (label: string) => blankOr(/^\d{1,3}(\.\d)?$/, `${label}: enter a percentage from 0 to 100 with at most one decimal place, or leave it blank`, 100);

export const measureTargetsSchema = z.object({
  version: z.coerce.number().int().min(1).max(2_147_483_647),
  idempotencyKey: z.string().min(1).max(200),
  contacts_not_referral: percentage("Contacts not becoming a referral"),
  repeat_contacts: percentage("Repeat contacts"),
  re_referrals: percentage("Re-referrals"),
  decided_within_one_working_day: percentage("Decided within one working day"),
  children: blankOr(/^\d{1,9}$/, "Child population: enter a whole number of children, or leave it blank", 999_999_999, 1),
});
