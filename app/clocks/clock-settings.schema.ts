/**
 * The administrator's forms for the clocks: partner timescales and bank holidays. Used in the
 * browser (before sending) and on the server. Messages are in the user's terms and name the field.
 */
import { z } from "zod";
import { MAX_INT4 } from "../http/ids";

const submission = {
  idempotencyKey: z.string().min(8).max(100),
};

const whole = (name: string, min: number, max: number) =>
  z
    .string({ error: `Enter ${name}` })
    .trim()
    .min(1, { message: `Enter ${name}`, abort: true })
    .regex(/^\d+$/, `${name[0]!.toUpperCase()}${name.slice(1)} must be a whole number, like ${min}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${name[0]!.toUpperCase()}${name.slice(1)} must be between ${min} and ${max}`).max(max, `${name[0]!.toUpperCase()}${name.slice(1)} must be between ${min} and ${max}`));

/** Limits: Red is hours (a working day at most); Amber and Green are working days (a month at most). */
export const TIMESCALE_LIMITS = { redHours: [1, 24], amberWorkingDays: [1, 10], greenWorkingDays: [1, 20] } as const;

export const partnerTimescalesSchema = z
  .object({
    ...submission,
    version: z.coerce.number().int().min(1).max(MAX_INT4),
    redHours: whole("the hours for Red", ...TIMESCALE_LIMITS.redHours),
    amberWorkingDays: whole("the working days for Amber", ...TIMESCALE_LIMITS.amberWorkingDays),
    greenWorkingDays: whole("the working days for Green", ...TIMESCALE_LIMITS.greenWorkingDays),
  })
  .refine((v) => v.greenWorkingDays >= v.amberWorkingDays, {
    path: ["greenWorkingDays"],
    message: "Green must allow at least as many working days as Amber",
  });

export type PartnerTimescalesForm = z.infer<typeof partnerTimescalesSchema>;

/** A real calendar date, `YYYY-MM-DD`. */
function isCalendarDate(value: string): boolean {
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const dayPart = (name: string, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, `The date must include a ${name}`)
    .transform(Number)
    .pipe(z.number().int().min(1, `The date must include a ${name}`).max(max, `The date must be a real date`));

/** GOV.UK date input: day, month and year fields. */
export const addBankHolidaySchema = z
  .object({
    ...submission,
    intent: z.literal("add"),
    day: z.string({ error: "The date must include a day" }).trim().min(1, "The date must include a day"),
    month: z.string({ error: "The date must include a month" }).trim().min(1, "The date must include a month"),
    year: z.string({ error: "The date must include a year" }).trim().min(1, "The date must include a year"),
    title: z.string({ error: "Enter the name of the bank holiday" }).trim().min(1, "Enter the name of the bank holiday").max(200, "The name must be 200 characters or fewer"),
  })
  .transform((v, ctx) => {
    const day = dayPart("day", 31).safeParse(v.day);
    const month = dayPart("month", 12).safeParse(v.month);
    const year = z
      .string()
      .regex(/^\d{4}$/, "The year must be 4 numbers, like 2027")
      .transform(Number)
      .pipe(z.number().min(2000, "The year must be between 2000 and 2100").max(2100, "The year must be between 2000 and 2100"))
      .safeParse(v.year);
    if (!day.success || !month.success || !year.success) {
      const first = [day, month, year].find((r) => !r.success);
      const field = !day.success ? "day" : !month.success ? "month" : "year";
      ctx.addIssue({ code: "custom", path: [field], message: first && !first.success ? (first.error.issues[0]?.message ?? "Enter a real date") : "Enter a real date" });
      return z.NEVER;
    }
    const date = `${String(year.data).padStart(4, "0")}-${String(month.data).padStart(2, "0")}-${String(day.data).padStart(2, "0")}`;
    if (!isCalendarDate(date)) {
      ctx.addIssue({ code: "custom", path: ["day"], message: "The date must be a real date" });
      return z.NEVER;
    }
    return { intent: v.intent, idempotencyKey: v.idempotencyKey, date, title: v.title };
  });

/** The years a bank holiday may be in. */
export const BANK_HOLIDAY_YEARS = [2000, 2100] as const;

/** A date from a link (`?added=2026-12-28`): a real date in the years bank holidays may be in, or null. */
export function bankHolidayDateParam(value: string | null): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value) || !isCalendarDate(value)) return null;
  const year = Number(value.slice(0, 4));
  return year >= BANK_HOLIDAY_YEARS[0] && year <= BANK_HOLIDAY_YEARS[1] ? value : null;
}

export const removeBankHolidaySchema = z.object({
  ...submission,
  intent: z.literal("remove"),
  date: z.string().refine((v) => bankHolidayDateParam(v) !== null),
});
