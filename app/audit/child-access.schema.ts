/**
 * The filter of "who has seen this child" (a GET form): a date range and a user. Dates are typed as
 * 17/5/2026 (or 2026-05-17, as a date picker sends them). Shared by browser and server.
 */
import { z } from "zod";

export const EARLIEST_YEAR = 2000;
export const LATEST_YEAR = 2100;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** `YYYY-MM-DD` of a real calendar date between the years the service can hold, or null. */
export function readFilterDate(value: string): { date: string } | { error: string } {
  const text = value.trim();
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text) ?? /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (!match) return { error: "must be a date, like 17/5/2026" };
  const [day, month, year] = text.includes("/") ? [match[1], match[2], match[3]].map(Number) : [match[3], match[2], match[1]].map(Number);
  if (year! < EARLIEST_YEAR || year! > LATEST_YEAR) return { error: `must be in a year from ${EARLIEST_YEAR} to ${LATEST_YEAR}` };
  const utc = new Date(Date.UTC(year!, month! - 1, day!));
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month! - 1 || utc.getUTCDate() !== day) return { error: "must be a real date" };
  return { date: `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` };
}

const filterDate = (words: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .max(20, `${words} must be a date, like 17/5/2026`)
      .transform((v, ctx) => {
        const read = readFilterDate(v);
        if ("error" in read) {
          ctx.addIssue({ code: "custom", message: `${words} ${read.error}` });
          return z.NEVER;
        }
        return read.date;
      })
      .optional(),
  );

export const childAccessQuerySchema = z
  .object({
    from: filterDate("The ‘from’ date"),
    to: filterDate("The ‘to’ date"),
    /** A user's id. */
    user: z.preprocess(
      blankToUndefined,
      z
        .string()
        .max(100, "Choose a user from the list")
        .regex(/^[\w.:@-]+$/, "Choose a user from the list")
        .optional(),
    ),
    /** A page number that is not one (a hand-typed address) is the first page. */
    page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).optional()).catch(undefined),
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.to < v.from) ctx.addIssue({ code: "custom", path: ["to"], message: "The ‘to’ date must be the same as or after the ‘from’ date" });
  });

export type ChildAccessQuery = z.infer<typeof childAccessQuerySchema>;
