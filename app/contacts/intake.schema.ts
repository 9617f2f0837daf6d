/**
 * Recording a contact (the screener's intake form). Shared by the browser and the server.
 * Field names are paths ("children.0.lastName"), which are also the inputs' ids, so an error
 * in the summary links to its field. The form is read through Conform (decision 024) with
 * `intakeFormSchema`, in the browser before it is sent and on the server.
 */
import { z } from "zod";
import {
  CONSENT_STATUS_CODES,
  FACTOR_CODES,
  NO_FACTORS,
  NO_FACTORS_ALONE_MESSAGE,
  RECORDABLE_CHANNEL_CODES,
  REFERRAL_SOURCE_CODES,
  SEX_CODES,
} from "../vocabulary";
import { londonDate, londonDateTime } from "../clocks/clocks";
import { isValidNhsNumber, normaliseNhsNumber } from "../people/nhs-number";

export const MAX_CHILDREN = 10;
export const MAX_HOUSEHOLD = 12;

const optionalText = (max: number, what: string) =>
  z.string({ error: `${what} must be text` }).trim().max(max, `${what} must be ${max.toLocaleString("en-GB")} characters or fewer`).optional().transform((v) => v || null);

/** The earliest year a date on the form may have (dates of birth of adults in the household included). */
export const EARLIEST_YEAR = 1900;

/** A date from the GOV.UK three-field pattern, all empty → null. A value that is not the three parts counts as empty. */
function dateParts(what: string, options: { required?: boolean; notFuture?: boolean } = {}) {
  const part = z.string().trim().optional().catch(undefined);
  return z
    .preprocess(
      (v) => (typeof v === "object" && v !== null && !Array.isArray(v) ? v : undefined),
      z.object({ day: part, month: part, year: part }).optional(),
    )
    .transform((v, ctx): string | null => {
      const { day = "", month = "", year = "" } = v ?? {};
      if (!day && !month && !year) {
        if (options.required) ctx.addIssue({ code: "custom", message: `Enter ${what}` });
        return null;
      }
      if (!day || !month || !year) {
        ctx.addIssue({ code: "custom", message: `${what[0]!.toUpperCase()}${what.slice(1)} must include a day, month and year` });
        return null;
      }
      const d = Number(day), m = Number(month), y = Number(year);
      const iso = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
      const date = new Date(`${iso}T12:00:00Z`);
      if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
        ctx.addIssue({ code: "custom", message: `${what[0]!.toUpperCase()}${what.slice(1)} must be a real date` });
        return null;
      }
      if (y < EARLIEST_YEAR) {
        ctx.addIssue({ code: "custom", message: `${what[0]!.toUpperCase()}${what.slice(1)} must be in ${EARLIEST_YEAR} or later` });
        return null;
      }
      if (options.notFuture && iso > londonDate(new Date())) {
        ctx.addIssue({ code: "custom", message: `${what[0]!.toUpperCase()}${what.slice(1)} must be today or in the past` });
        return null;
      }
      return iso;
    });
}

const child = z
  .object({
    firstName: optionalText(100, "First name"),
    lastName: z.string({ error: "Enter the child's last name (or 'Not known')" }).trim().min(1, "Enter the child's last name (or 'Not known')").max(100, "Last name must be 100 characters or fewer"),
    dateOfBirth: dateParts("the date of birth"),
    unborn: z.literal("yes").optional(),
    sex: z.enum(SEX_CODES, { error: "Choose the child's sex, or 'not known'" }),
    nhsNumber: z
      .string({ error: "Enter a valid NHS number: 10 digits with the right check digit, like 943 476 5919" })
      .trim()
      .optional()
      .transform((v) => (v ? normaliseNhsNumber(v) : null))
      .refine((v) => v === null || isValidNhsNumber(v), "Enter a valid NHS number: 10 digits with the right check digit, like 943 476 5919"),
  })
  // A child who is born has a date of birth today or earlier; only an unborn child's date (the expected one) is ahead.
  // Checked even when other fields of the child are wrong, so every message comes in one answer.
  .refine((c) => c.unborn || !c.dateOfBirth || c.dateOfBirth <= londonDate(new Date()), {
    path: ["dateOfBirth"],
    message: "The date of birth must be today or in the past. If the child is not yet born, tick 'Unborn' and enter the expected date",
    when: (payload) => !payload.issues.some((i) => i.path?.[0] === "dateOfBirth" || i.path?.[0] === "unborn"),
  })
  .transform((c) => ({
    firstName: c.firstName,
    lastName: c.lastName,
    dateOfBirth: c.unborn ? null : c.dateOfBirth,
    expectedDateOfBirth: c.unborn ? c.dateOfBirth : null,
    sex: c.sex,
    nhsNumber: c.nhsNumber,
  }));

const householdMember = z.object({
  name: z.string({ error: "Enter the person's name" }).trim().min(1, "Enter the person's name").max(200, "Name must be 200 characters or fewer"),
  relationship: z.string({ error: "Enter how the person is related to the children" }).trim().min(1, "Enter how the person is related to the children").max(100, "Relationship must be 100 characters or fewer"),
  dateOfBirth: dateParts("the person's date of birth", { notFuture: true }),
});

/**
 * The key generated into the form when it is rendered: a repeated submission of the same form
 * (double click, retry) records nothing new and is answered as the first.
 */
export const SUBMISSION_KEY_MESSAGE = "This form could not be matched to the page it came from. Check what you typed and send it again.";
const submissionKey = z.string({ error: SUBMISSION_KEY_MESSAGE }).regex(/^[A-Za-z0-9:._-]{8,100}$/, SUBMISSION_KEY_MESSAGE);

export const intakeSchema = z
  .object({
    idempotencyKey: submissionKey,
    referrerName: z.string({ error: "Enter the referrer's name (or 'Anonymous')" }).trim().min(1, "Enter the referrer's name (or 'Anonymous')").max(200, "Name must be 200 characters or fewer"),
    referrerType: z.enum(["professional", "public"], { error: "Choose whether the referrer is a professional or a member of the public" }),
    referrerRole: optionalText(200, "Role"),
    referrerOrganisation: optionalText(200, "Organisation"),
    referrerPhone: optionalText(40, "Phone number"),
    referrerEmail: z
      .string({ error: "Enter an e-mail address in the correct format, like name@example.org" })
      .trim()
      .max(254, "E-mail address must be 254 characters or fewer")
      .optional()
      .transform((v) => v || null)
      .refine((v) => v === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), "Enter an e-mail address in the correct format, like name@example.org"),
    source: z.enum(REFERRAL_SOURCE_CODES, { error: "Choose the referral source" }),
    channel: z.enum(RECORDABLE_CHANNEL_CODES, { error: "Choose how the contact came in" }),
    receivedDate: dateParts("the date it was received", { required: true }),
    receivedTime: z.string({ error: "Enter the time it was received, like 09:30 or 14:05" }).trim().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, "Enter the time it was received, like 09:30 or 14:05"),
    lateRecordingReason: optionalText(1000, "Reason"),
    children: z.array(child, { error: "Add at least one child" }).min(1, "Add at least one child").max(MAX_CHILDREN, `A contact can be about ${MAX_CHILDREN} children at most`),
    household: z.array(householdMember, { error: "Enter the household members in the form's rows" }).max(MAX_HOUSEHOLD, `A contact can list ${MAX_HOUSEHOLD} household members at most`).default([]),
    addressLine1: optionalText(200, "Address line 1"),
    addressLine2: optionalText(200, "Address line 2"),
    addressTown: optionalText(100, "Town"),
    addressPostcode: z
      .string({ error: "Enter a real postcode, like EX1 1AA" })
      .trim()
      .optional()
      .transform((v) => (v ? v.toUpperCase().replace(/\s+/g, " ") : null))
      .refine((v) => v === null || /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/.test(v), "Enter a real postcode, like EX1 1AA"),
    concern: z.string({ error: "Enter the concern in the referrer's words" }).trim().min(1, "Enter the concern in the referrer's words").max(20_000, "The concern must be 20,000 characters or fewer"),
    factors: z
      .array(z.enum(FACTOR_CODES, { error: "Choose the factors from the list" }), { error: "Choose the factors from the list" })
      .default([])
      .refine((f) => !f.includes(NO_FACTORS) || f.length === 1, NO_FACTORS_ALONE_MESSAGE),
    immediateRisk: z.enum(["yes", "no"], { error: "Say whether a child is at immediate risk" }),
    consent: z.enum(CONSENT_STATUS_CODES, { error: "Choose whether the family consented to the contact" }),
    consentNotes: optionalText(2000, "Consent notes"),
  })
  .superRefine((v, ctx) => {
    if (v.referrerType === "professional" && !v.referrerOrganisation) {
      ctx.addIssue({ code: "custom", path: ["referrerOrganisation"], message: "Enter the professional's organisation" });
    }
  });

export type IntakeForm = z.infer<typeof intakeSchema>;

/** Contacts recorded more than this long after they were received need a reason. */
export const LATE_RECORDING_MINUTES = 60;

/**
 * When the contact was received, checked against the time now: never in the future, and a reason
 * when it is recorded late. Returns the instant, or the errors to show.
 */
export function checkReceivedAt(form: Pick<IntakeForm, "receivedDate" | "receivedTime" | "lateRecordingReason">, now: Date):
  | { ok: true; receivedAt: Date }
  | { ok: false; errors: Record<string, string> } {
  const receivedAt = londonDateTime(form.receivedDate!, form.receivedTime);
  if (receivedAt.getTime() > now.getTime() + 60_000) {
    return { ok: false, errors: { receivedDate: "The date and time it was received must be now or in the past" } };
  }
  if (now.getTime() - receivedAt.getTime() > LATE_RECORDING_MINUTES * 60_000 && !form.lateRecordingReason) {
    return { ok: false, errors: { lateRecordingReason: "Enter why the contact is being recorded later than it was received" } };
  }
  return { ok: true, receivedAt };
}

/**
 * Form data to a nested object: "children.0.lastName" → { children: [{ lastName }] }.
 * Repeated fields (checkboxes) become arrays. Missing array slots are dropped. A name that does
 * not fit the shape the names before it made ("children=x" beside "children.0.lastName", or
 * "children.0.dateOfBirth" beside "children.0.dateOfBirth.day") is ignored, and the lists
 * (children, household) are always lists of rows: whatever is sent, the form can be shown again.
 */
const FORM_KEY = /^[A-Za-z][A-Za-z0-9]*(\.(\d{1,2}|[A-Za-z][A-Za-z0-9]*)){0,3}$/;
const RESERVED = new Set(["__proto__", "prototype", "constructor"]);
export const FORM_LISTS = ["children", "household"] as const;

/**
 * A message of a field in one of the form's rows, naming the row as GOV.UK's summary needs (the
 * summary lists messages away from their fields): "children.1.lastName", "Last name must be 100
 * characters or fewer" → "Child 2: Last name must be 100 characters or fewer" (the message's own
 * words kept as they are, also at the field). Other fields' messages unchanged.
 */
export function messageNamingRow(field: string, message: string): string {
  const row = /^(children|household)\.(\d+)\./.exec(field);
  if (!row) return message;
  const who = `${row[1] === "children" ? "Child" : "Household member"} ${Number(row[2]) + 1}`;
  return `${who}: ${message}`;
}

type Node = Record<string, unknown> | unknown[];
const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null;
const isRow = (value: unknown): value is Record<string, unknown> => isNode(value) && !Array.isArray(value);

/**
 * The intake form as Conform reads its names: "children.0.lastName" is { children: { "0": { lastName } } }.
 * The children and household become lists of rows in their order (anything else sent as them, none);
 * one ticked presenting factor is a list of one.
 */
export function rowsAsLists(payload: unknown): Record<string, unknown> {
  const object: Record<string, unknown> = isRow(payload) ? { ...payload } : {};
  for (const list of FORM_LISTS) {
    const rows = object[list];
    if (Array.isArray(rows)) object[list] = rows.filter(isRow);
    else if (isRow(rows)) {
      object[list] = Object.entries(rows)
        .filter(([index, row]) => /^\d{1,2}$/.test(index) && isRow(row))
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([, row]) => row);
    } else object[list] = [];
  }
  if (typeof object.factors === "string") object.factors = [object.factors];
  return object;
}

/** The intake form's schema as Conform gives it the form: `intakeSchema` over the rows as lists. */
export const intakeFormSchema = z.preprocess(rowsAsLists, intakeSchema);

/**
 * Only the names the intake form uses, read on the server before Conform sees them (never
 * "__proto__", "x[99999]" or a path deeper than the form's): what is sent back is what the form has.
 */
export function intakeFormData(formData: FormData): FormData {
  const kept = new FormData();
  for (const [name, value] of formData.entries()) {
    if (typeof value !== "string" || !FORM_KEY.test(name) || name.split(".").some((part) => RESERVED.has(part))) continue;
    kept.append(name, value);
  }
  return kept;
}

/** A field as Conform names it ("children[0].lastName") as the form names it and its input's id: "children.0.lastName". */
export function formFieldName(name: string): string {
  return name.replace(/\[(\d+)\]/g, ".$1");
}
