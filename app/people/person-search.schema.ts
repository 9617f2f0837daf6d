/**
 * Finding the child before creating one: the search, the "new person" form, linking the child to a
 * contact and merging two person records. Shared by the browser and the server. Messages are in
 * the user's terms and name the field.
 */
import { z } from "zod";
import { tooLong } from "../ui/messages";
import { NHS_NUMBER_MESSAGES, nhsNumberProblem, normaliseNhsNumber } from "./nhs-number";
import { submissionFields } from "../contacts/contact-actions.schema";
import { isRecordId } from "../http/ids";
import { disabilitiesProblem, DISABILITY_CODES, type DisabilityCode, ETHNICITY_CODES, SEX_CODES } from "../vocabulary";
import { parseSubmission, resultErrors } from "../ui/forms";
import type { FieldErrors } from "../ui/form";


/** "27/3/2015", "27-03-2015", "27.3.2015", "27 3 2015" or "2015-03-27" → "2015-03-27"; null when not a real date from 1900 on. */
export function parseDateText(text: string): string | null {
  const value = text.trim();
  let d: number, m: number, y: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const uk = /^(\d{1,2})[/.\-\s]+(\d{1,2})[/.\-\s]+(\d{4})$/.exec(value);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (uk) [d, m, y] = [Number(uk[1]), Number(uk[2]), Number(uk[3])];
  else return null;
  if (y < 1900) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** `YYYY-MM-DD` → "27/03/2015", as the date field shows it. */
export function dateText(iso: string | null | undefined): string {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return match ? `${match[3]}/${match[2]}/${match[1]}` : "";
}

/** Today's date in England (Europe/London), `YYYY-MM-DD`. */
export function todayInLondon(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

const UK_POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/;

/** Upper case without spaces, as postcodes are compared: "ex1 1aa" → "EX11AA". */
export function normalisePostcode(value: string): string {
  return value.replace(/\s+/g, "").toUpperCase();
}

/** As it is written: "EX11AA" → "EX1 1AA". */
export function formatPostcode(value: string): string {
  const compact = normalisePostcode(value);
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

/** A form field that may be left empty: empty → undefined. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const name = (what: string) =>
  z
    .string()
    .trim()
    .max(100, tooLong(what, 100))
    .regex(/^[\p{L}\p{M}' .-]*$/u, `${what} must only include letters, spaces, hyphens and apostrophes`)
    .transform((v) => v.replace(/\s+/g, " "));

const nhsNumber = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const problem = nhsNumberProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: NHS_NUMBER_MESSAGES[problem] });
  })
  .transform(normaliseNhsNumber);

const postcode = z
  .string()
  .trim()
  .transform(normalisePostcode)
  .refine((v) => UK_POSTCODE.test(v), "Enter a full postcode, like EX1 1AA")
  .transform(formatPostcode);

const date = (what: string) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      const iso = parseDateText(v);
      if (!iso) {
        ctx.addIssue({ code: "custom", message: `${what} must be a real date, like 27/3/2015` });
        return z.NEVER;
      }
      return iso;
    });

export const PERSON_SEARCH_FIELDS = ["firstName", "lastName", "dateOfBirth", "postcode", "nhsNumber"] as const;

/** The search for a child. Needs a surname, an NHS number, or a date of birth with a postcode. */
export const personSearchSchema = z
  .object({
    firstName: optional(name("First name")),
    lastName: optional(name("Last name")),
    dateOfBirth: optional(date("Date of birth")),
    postcode: optional(postcode),
    nhsNumber: optional(nhsNumber),
  })
  .superRefine((v, ctx) => {
    if (!v.lastName && !v.nhsNumber && !(v.dateOfBirth && v.postcode)) {
      ctx.addIssue({ code: "custom", path: ["lastName"], message: "Enter the child's last name, their NHS number, or their date of birth and postcode" });
    }
  });

export type PersonSearch = z.infer<typeof personSearchSchema>;

/**
 * The search as the address carries it (the GET form's fields), read through Conform with the form's
 * own schema, as the browser checked it (decision 024): the criteria, or each field's first message.
 */
export function readPersonSearch(values: Partial<Record<(typeof PERSON_SEARCH_FIELDS)[number], string>>): { ok: true; criteria: PersonSearch } | { ok: false; errors: FieldErrors } {
  const form = new FormData();
  for (const name of PERSON_SEARCH_FIELDS) form.set(name, values[name] ?? "");
  const submission = parseSubmission(form, personSearchSchema);
  return submission.status === "success" ? { ok: true, criteria: submission.value } : { ok: false, errors: resultErrors(submission.error) };
}

/** How far ahead an expected date of birth may be: about 42 weeks. */
const MAX_DAYS_BEFORE_BIRTH = 294;

/** The child's disabilities (census codes), from checkboxes: none ticked is "not recorded yet". */
const disabilities = z
  .preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(DISABILITY_CODES, { error: "Choose disabilities from the list" })))
  .superRefine((codes, ctx) => {
    const problem = disabilitiesProblem(codes);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** A new person record, for a child none of the candidates is. */
export const newPersonFields = {
  firstName: optional(name("First name")),
  lastName: z.string({ error: "Enter the child's last name" }).trim().min(1, "Enter the child's last name").pipe(name("Last name")),
  dateOfBirth: optional(date("Date of birth")),
  expectedDateOfBirth: optional(date("Expected date of birth")),
  sex: z.enum(SEX_CODES, { error: "Choose the child's sex, or Not known" }),
  ethnicity: optional(z.enum(ETHNICITY_CODES, { error: "Choose an ethnicity from the list" })),
  disabilities,
  postcode: optional(postcode),
  nhsNumber: optional(nhsNumber),
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Date of birth or expected date of birth, never both. Runs even when other fields have problems
 * (so every problem is shown at once); a date that did not parse is still its raw text here.
 */
function checkBirthDates(v: { dateOfBirth?: string; expectedDateOfBirth?: string }, ctx: z.RefinementCtx) {
  const today = todayInLondon();
  if (v.dateOfBirth && v.expectedDateOfBirth) {
    ctx.addIssue({ code: "custom", path: ["expectedDateOfBirth"], message: "Enter a date of birth or an expected date of birth, not both" });
    return;
  }
  if (v.dateOfBirth && ISO_DATE.test(v.dateOfBirth) && v.dateOfBirth > today) {
    ctx.addIssue({ code: "custom", path: ["dateOfBirth"], message: "Date of birth must be today or in the past: for an unborn child, enter the expected date of birth" });
  }
  if (v.expectedDateOfBirth && ISO_DATE.test(v.expectedDateOfBirth)) {
    const latest = new Date(`${today}T12:00:00Z`);
    latest.setUTCDate(latest.getUTCDate() + MAX_DAYS_BEFORE_BIRTH);
    if (v.expectedDateOfBirth < today) {
      ctx.addIssue({ code: "custom", path: ["expectedDateOfBirth"], message: "Expected date of birth must be today or in the future: if the baby has been born, enter the date of birth" });
    } else if (v.expectedDateOfBirth > latest.toISOString().slice(0, 10)) {
      ctx.addIssue({ code: "custom", path: ["expectedDateOfBirth"], message: "Expected date of birth must be within the next 42 weeks" });
    }
  }
}

const always = { when: () => true };

export const newPersonSchema = z.object(newPersonFields).superRefine(checkBirthDates, always);
/** A new person; the disabilities may be left for later (none recorded yet). */
export type NewPerson = Omit<z.infer<typeof newPersonSchema>, "disabilities"> & { disabilities?: DisabilityCode[] };

/** The two ways of answering "who is this contact about": a person found, or a new person. */
export const childLinkSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("link"), ...submissionFields, personId: z.string({ error: "Choose the child" }).trim().min(1, "Choose the child").refine(isRecordId, "Choose the child from the list") }),
  z.object({ intent: z.literal("create"), ...submissionFields, ...newPersonFields }).superRefine(checkBirthDates, always),
]);
export type ChildLink = z.infer<typeof childLinkSchema>;

/** Recording the linked child's census details (sex, ethnicity, disability) from the contact. */
export const childDetailsSchema = z.object({
  intent: z.literal("details"),
  ...submissionFields,
  personId: z.string({ error: "The child's record is missing" }).trim().refine(isRecordId, "The child's record is missing"),
  sex: newPersonFields.sex,
  ethnicity: newPersonFields.ethnicity,
  disabilities,
});
export type ChildDetails = z.infer<typeof childDetailsSchema>;

/** A manager's merge of two person records that are the same child. */
export const personMergeSchema = z
  .object({
    survivorId: z.string({ error: "Choose the record to keep" }).trim().min(1, "Choose the record to keep").refine(isRecordId, "Choose the record to keep from the list"),
    mergedId: z
      .string({ error: "Choose the duplicate record to merge into it" })
      .trim()
      .min(1, "Choose the duplicate record to merge into it")
      .refine(isRecordId, "Choose the duplicate record from the list"),
    reason: z.string().trim().min(1, "Enter why these records are the same child").max(2000, tooLong("Why these records are the same child", 2000)),
    idempotencyKey: submissionFields.idempotencyKey,
  })
  .refine((v) => v.survivorId !== v.mergedId, { path: ["mergedId"], message: "Choose two different records: a record cannot be merged into itself" });
export type PersonMerge = z.infer<typeof personMergeSchema>;
