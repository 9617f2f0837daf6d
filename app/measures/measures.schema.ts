/**
 * The period of the measures pages, as the address carries it (`from`, `to`: `YYYY-MM-DD`), from a
 * preset, or from the GOV.UK date inputs of the period form (`fromDay`…`toYear`). Shared by browser and server.
 * A period that cannot be read gets messages (400), never an error page.
 */
import { z } from "zod";
import { PERIOD_PRESET_CODES, type Period, presetPeriod } from "./dashboard-terms";
import { fieldErrors } from "../ui/forms";
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

const isoDate = (which: string) =>
  z
    .string({ error: `Enter the ${which} date` })
    .trim()
    .min(1, `Enter the ${which} date`)
    .max(10, `The ${which} date must be a real date, like 2024-04-01`)
    .refine(isCalendarDate, `The ${which} date must be a real date, like 2024-04-01`)
    .refine((v) => v >= EARLIEST && v <= LATEST, `The ${which} date must be between 2000 and 2099`);

export const periodSchema = z
  .object({ from: isoDate("start"), to: isoDate("end") })
  .refine((p) => p.from <= p.to, { path: ["to"], message: "The end date must be the same as or after the start date" });

/** Day, month and year fields as one `YYYY-MM-DD` (what is typed, padded; checked by `periodSchema`). */
function fromParts(day: string | null, month: string | null, year: string | null): string {
  const d = (day ?? "").trim();
  const m = (month ?? "").trim();
  const y = (year ?? "").trim();
  if (!d && !m && !y) return "";
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return "invalid";
  return `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
}

export type PeriodQuery =
  /** A period read from `from` and `to` as the address carries them. */
  | { kind: "period"; period: Period }
  /** A period chosen on the form (a preset or dates): the page redirects to its address. */
  | { kind: "chosen"; period: Period }
  | { kind: "invalid"; errors: FieldErrors; values: Record<string, string> };

/** Reads the period of a measures page's address; `fallback` when it names none. */
export function readPeriodQuery(params: URLSearchParams, today: string, fallback: Period): PeriodQuery {
  const preset = params.get("preset");
  const values: Record<string, string> = {};
  for (const key of ["fromDay", "fromMonth", "fromYear", "toDay", "toMonth", "toYear"]) values[key] = (params.get(key) ?? "").slice(0, 10);
  if (preset !== null && preset !== "custom") {
    const parsed = z.enum(PERIOD_PRESET_CODES).safeParse(preset);
    if (!parsed.success) return { kind: "invalid", errors: { preset: "Choose a period" }, values };
    return { kind: "chosen", period: presetPeriod(parsed.data, today) };
  }
  if (preset === "custom") {
    const result = periodSchema.safeParse({
      from: fromParts(values.fromDay!, values.fromMonth!, values.fromYear!),
      to: fromParts(values.toDay!, values.toMonth!, values.toYear!),
    });
    if (!result.success) {
      const errors = fieldErrors(result.error);
      // The date inputs' first fields carry the messages (the error summary links to them).
      const moved: FieldErrors = {};
      if (errors.from) moved.fromDay = errors.from;
      if (errors.to) moved.toDay = errors.to;
      return { kind: "invalid", errors: moved, values: { ...values, preset: "custom" } };
    }
    return { kind: "chosen", period: result.data };
  }
  if (params.has("from") || params.has("to")) {
    const result = periodSchema.safeParse({ from: params.get("from") ?? "", to: params.get("to") ?? "" });
    if (!result.success) {
      const errors = fieldErrors(result.error);
      const moved: FieldErrors = {};
      if (errors.from) moved.fromDay = errors.from;
      if (errors.to) moved.toDay = errors.to;
      return { kind: "invalid", errors: moved, values: { ...values, preset: "custom" } };
    }
    return { kind: "period", period: result.data };
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
  const result = recordsQuerySchema.safeParse({ figure: params.get("figure") ?? undefined, from: params.get("from") ?? "", to: params.get("to") ?? "", page: params.get("page") });
  if (!result.success) return { ok: false, errors: fieldErrors(result.error) };
  if (result.data.from > result.data.to) return { ok: false, errors: { to: "The end date must be the same as or after the start date" } };
  return { ok: true, data: result.data };
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
