/**
 * Checking the import file's header and each row against spec/contacts-import.md. Pure: the clock
 * comes in as `now`, and nothing here reads a file. Reasons never quote a value (it may be about a child).
 */
import {
  ETHNICITY_CODES,
  OUTCOME_CODES,
  PRIMARY_NEED_CODES,
  REFERRAL_OUTCOME_CODES,
  REFERRAL_SOURCE_CODES,
  SEX_CODES,
  type EthnicityCode,
  type OutcomeCode,
  type PrimaryNeedCode,
  type ReferralSourceCode,
  type SexCode,
} from "../vocabulary";
import { londonDate } from "../clocks/clocks";
import { IMPORT_COLUMNS, IMPORT_COLUMN_NAMES, type ImportColumn, type ImportProblem, type ImportRow } from "./format";

// ---------------------------------------------------------------------------
// Header
// ---------------------------------------------------------------------------

export interface HeaderCheck {
  /** How many fields the header has (every row must have as many). */
  length: number;
  /** Where each known column is in a record (absent: not in the file, read as empty). */
  positions: Partial<Record<ImportColumn, number>>;
  /** Problems that stop the import (missing required columns, a column named twice, an empty name). */
  problems: ImportProblem[];
  /** Columns not in the format: ignored. */
  ignored: string[];
  /** Optional columns not in the file: read as empty. */
  absent: ImportColumn[];
}

export function checkHeader(header: readonly string[]): HeaderCheck {
  const positions: Partial<Record<ImportColumn, number>> = {};
  const problems: ImportProblem[] = [];
  const ignored: string[] = [];
  const seen = new Set<string>();
  header.forEach((raw, index) => {
    const name = raw.trim();
    if (name === "") {
      problems.push({ line: 1, column: null, reason: `column ${index + 1} of the header has no name` });
      return;
    }
    if (seen.has(name)) {
      problems.push({ line: 1, column: name, reason: "this column is named twice in the header" });
      return;
    }
    seen.add(name);
    if ((IMPORT_COLUMN_NAMES as readonly string[]).includes(name)) positions[name as ImportColumn] = index;
    else ignored.push(name);
  });
  const absent: ImportColumn[] = [];
  for (const column of IMPORT_COLUMNS) {
    if (positions[column.name] !== undefined) continue;
    if (column.required) problems.push({ line: 1, column: column.name, reason: "this required column is missing from the header" });
    else absent.push(column.name);
  }
  if (positions.date_of_birth === undefined && positions.expected_date_of_birth === undefined) {
    problems.push({ line: 1, column: "date_of_birth", reason: "the header needs date_of_birth or expected_date_of_birth (or both columns)" });
  }
  return { length: header.length, positions, problems, ignored, absent };
}

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

const CONTACT_ID = /^[A-Za-z0-9/_-]{1,40}$/;
const CHILD_ID = /^[A-Za-z0-9]{1,20}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;
// UK postcodes: outward code (A9, A99, AA9, AA99, A9A, AA9A) and inward code (9AA); and GIR 0AA.
const POSTCODE = /^(?:([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})|(GIR) ?(0AA))$/;
const NAME_MAX = 100;

const CALENDAR_PROBLEM = "is not a date in the calendar";

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** `YYYY-MM-DD` that is a real date, or the reason it is not. */
export function checkDate(value: string): { ok: true; date: string } | { ok: false; reason: string } {
  const m = DATE.exec(value);
  if (!m) return { ok: false, reason: "must be a date written YYYY-MM-DD" };
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { ok: false, reason: CALENDAR_PROBLEM };
  return { ok: true, date: value };
}

/**
 * An ISO 8601 date-time with a UTC offset (`2024-03-31T09:15:00+01:00` or `…Z`), as the instant it
 * names in UTC ISO form, or the reason it is not one. A time without an offset is refused: which
 * instant it means would be a guess.
 */
export function checkDateTime(value: string): { ok: true; instant: string; ms: number } | { ok: false; reason: string } {
  const m = DATE_TIME.exec(value);
  if (!m) return { ok: false, reason: "must be a date and time with its UTC offset, like 2024-03-31T09:15:00+01:00 or 2024-03-31T08:15:00Z" };
  const [year, month, day, hour, minute] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`);
  const offset = m[8];
  if (offset === undefined) {
    return { ok: false, reason: "has no UTC offset: add +00:00, +01:00 or Z (2024-03-31T09:15:00+01:00), so the instant is not a guess" };
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { ok: false, reason: `has a date that ${CALENDAR_PROBLEM}` };
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, reason: "is not a time of day (00:00:00 to 23:59:59)" };
  let offsetMinutes = 0;
  if (offset !== "Z") {
    const digits = offset.replace(":", "");
    const hours = Number(digits.slice(1, 3));
    const minutes = Number(digits.slice(3, 5));
    if (hours > 14 || minutes > 59) return { ok: false, reason: "has a UTC offset that does not exist (from -14:00 to +14:00)" };
    offsetMinutes = (offset.startsWith("-") ? -1 : 1) * (hours * 60 + minutes);
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) + Math.floor(fraction * 1000) - offsetMinutes * 60_000;
  // Date.UTC maps years 0–99 to 1900–1999; such dates are refused below anyway (before 1900).
  if (year < 1900) return { ok: false, reason: "is before 1900" };
  return { ok: true, instant: new Date(ms).toISOString(), ms };
}

/** The local (Europe/London) date of an instant given in epoch milliseconds (`londonDate` in app/clocks/clocks.ts). */
export function londonDateOf(ms: number): string {
  return londonDate(ms);
}

function oneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------

export type RowCheck = { ok: true; row: ImportRow } | { ok: false; problems: ImportProblem[] };

/**
 * Checks one record (the fields of one row, in file order) and gives the row it becomes, or every
 * problem it has. `line` is the line the record starts on; `now` is when the import runs (nothing
 * may have happened after it). Uniqueness of `contact_id` in the file is the reader's business.
 */
export function validateRecord(record: readonly string[], header: HeaderCheck, line: number, now: Date): RowCheck {
  const problems: ImportProblem[] = [];
  const problem = (column: ImportColumn | null, reason: string) => problems.push({ line, column, reason });
  const get = (column: ImportColumn): string => {
    const index = header.positions[column];
    return index === undefined ? "" : (record[index] ?? "").trim();
  };

  const contactId = get("contact_id");
  if (contactId === "") problem("contact_id", "is required");
  else if (!CONTACT_ID.test(contactId)) problem("contact_id", "must be 1 to 40 of the characters A-Z a-z 0-9 - _ /");

  const childId = get("child_id");
  if (childId === "") problem("child_id", "is required");
  else if (!CHILD_ID.test(childId)) problem("child_id", "must be 1 to 20 letters or digits (the CIN census LAchildID)");

  const firstName = get("first_name");
  if ([...firstName].length > NAME_MAX) problem("first_name", `is longer than ${NAME_MAX} characters`);
  const lastName = get("last_name");
  if (lastName === "") problem("last_name", "is required");
  else if ([...lastName].length > NAME_MAX) problem("last_name", `is longer than ${NAME_MAX} characters`);
  for (const [column, value] of [["first_name", firstName], ["last_name", lastName]] as const) {
    if (/[\u0000-\u001f\u007f]/.test(value)) problem(column, "contains a control character (a line break, tab or similar)");
    if (value.includes("\uFFFD")) problem(column, "is not valid UTF-8 text");
  }

  const received = get("received_at");
  let receivedMs: number | null = null;
  let receivedAt: string | null = null;
  if (received === "") problem("received_at", "is required");
  else {
    const checked = checkDateTime(received);
    if (!checked.ok) problem("received_at", checked.reason);
    else if (checked.ms > now.getTime()) problem("received_at", "is in the future");
    else {
      receivedMs = checked.ms;
      receivedAt = checked.instant;
    }
  }

  const dob = get("date_of_birth");
  const edob = get("expected_date_of_birth");
  let dateOfBirth: string | null = null;
  let expectedDateOfBirth: string | null = null;
  if (dob !== "" && edob !== "") {
    problem("expected_date_of_birth", "must be empty when date_of_birth is given: a child has one or the other, never both");
  } else if (dob === "" && edob === "") {
    problem("date_of_birth", "is required (or expected_date_of_birth, for an unborn child)");
  }
  if (dob !== "") {
    const checked = checkDate(dob);
    if (!checked.ok) problem("date_of_birth", checked.reason);
    else if (checked.date < "1900-01-01") problem("date_of_birth", "is before 1900");
    // Not compared with received_at: a child's record carries the date of birth known today, and
    // contacts about them before birth (a concern about an unborn child) keep it.
    else dateOfBirth = checked.date;
  }
  if (edob !== "") {
    const checked = checkDate(edob);
    if (!checked.ok) problem("expected_date_of_birth", checked.reason);
    else if (checked.date < "1900-01-01") problem("expected_date_of_birth", "is before 1900");
    else expectedDateOfBirth = checked.date;
  }

  const sex = get("sex");
  if (sex === "") problem("sex", "is required (M, F or U)");
  else if (!oneOf(SEX_CODES, sex)) problem("sex", "must be M, F or U");

  const ethnicity = get("ethnicity");
  if (ethnicity !== "" && !oneOf(ETHNICITY_CODES, ethnicity)) problem("ethnicity", "is not a CIN census ethnicity code (WBRI … NOBT)");

  const postcodeText = get("postcode").toUpperCase().replace(/\s+/g, " ");
  let postcode: string | null = null;
  if (postcodeText !== "") {
    const m = POSTCODE.exec(postcodeText);
    if (!m) problem("postcode", "is not a UK postcode");
    else postcode = m[3] ? "GIR 0AA" : `${m[1]} ${m[2]}`;
  }

  const source = get("source").toUpperCase();
  if (source === "") problem("source", "is required (a CIN census referral source code, 1A … 10)");
  else if (!oneOf(REFERRAL_SOURCE_CODES, source)) problem("source", "is not a CIN census referral source code (1A … 10)");

  const outcomeText = get("outcome");
  let outcome: OutcomeCode | null = null;
  if (outcomeText !== "") {
    if (!oneOf(OUTCOME_CODES, outcomeText)) problem("outcome", `must be one of ${OUTCOME_CODES.join(", ")}, or empty for a pending contact`);
    else outcome = outcomeText;
  }

  const decided = get("decided_at");
  let decidedAt: string | null = null;
  if (decided !== "") {
    const checked = checkDateTime(decided);
    if (!checked.ok) problem("decided_at", checked.reason);
    else if (checked.ms > now.getTime()) problem("decided_at", "is in the future");
    else if (receivedMs !== null && checked.ms < receivedMs) problem("decided_at", "is before received_at: a contact is decided after it is received");
    else decidedAt = checked.instant;
    if (outcomeText === "") problem("outcome", "is required when decided_at is given (or leave decided_at empty for a pending contact)");
  } else if (outcomeText !== "") {
    problem("decided_at", "is required when the contact has an outcome");
  }

  const needText = get("primary_need").toUpperCase();
  let primaryNeed: PrimaryNeedCode | null = null;
  const isReferral = outcome !== null && oneOf(REFERRAL_OUTCOME_CODES, outcome);
  if (needText !== "") {
    if (!oneOf(PRIMARY_NEED_CODES, needText)) problem("primary_need", "is not a CIN census primary need code (N0 … N9)");
    else if (outcome !== null && !isReferral) problem("primary_need", "must be empty: only a referral or strategy discussion has a primary need");
    else if (outcome === null && outcomeText === "") problem("primary_need", "must be empty for a pending contact: only a referral has a primary need");
    else primaryNeed = needText;
  } else if (isReferral) {
    problem("primary_need", "is required for a referral or strategy discussion (N0 … N9)");
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    row: {
      line,
      contactId,
      person: {
        childId,
        firstName: firstName === "" ? null : firstName,
        lastName,
        dateOfBirth,
        expectedDateOfBirth,
        sex: sex as SexCode,
        ethnicity: ethnicity === "" ? null : (ethnicity as EthnicityCode),
        postcode,
      },
      receivedAt: receivedAt!,
      source: source as ReferralSourceCode,
      decidedAt,
      outcome,
      primaryNeed,
    },
  };
}
