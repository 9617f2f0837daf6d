/**
 * The contacts import file (../shared/spec/contacts-import.md): its columns and what a valid row
 * becomes. Pure data.
 */
import type { EthnicityCode, OutcomeCode, PrimaryNeedCode, ReferralSourceCode, SexCode } from "../vocabulary";

/** Every column of the format, in the spec's order; `required` ones must be in the header. */
export const IMPORT_COLUMNS = [
  { name: "contact_id", required: true },
  { name: "child_id", required: true },
  { name: "first_name", required: false },
  { name: "last_name", required: true },
  { name: "date_of_birth", required: false },
  { name: "expected_date_of_birth", required: false },
  { name: "sex", required: true },
  { name: "ethnicity", required: false },
  { name: "postcode", required: false },
  { name: "received_at", required: true },
  { name: "source", required: true },
  { name: "decided_at", required: false },
  { name: "outcome", required: false },
  { name: "primary_need", required: false },
] as const;

export type ImportColumn = (typeof IMPORT_COLUMNS)[number]["name"];
export const IMPORT_COLUMN_NAMES: readonly ImportColumn[] = IMPORT_COLUMNS.map((c) => c.name);

/** The child a row is about, as the person record holds it. */
export interface ImportedPerson {
  childId: string;
  firstName: string | null;
  lastName: string;
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
  sex: SexCode;
  ethnicity: EthnicityCode | null;
  /** Upper case, one space before the inward code (`EX4 1WR`). */
  postcode: string | null;
}

/** One valid row. Times are instants in UTC ISO form (`2024-07-05T16:46:00.000Z`). */
export interface ImportRow {
  /** The line of the file the row starts on (the header is line 1). */
  line: number;
  contactId: string;
  person: ImportedPerson;
  receivedAt: string;
  source: ReferralSourceCode;
  decidedAt: string | null;
  outcome: OutcomeCode | null;
  primaryNeed: PrimaryNeedCode | null;
}

/** A problem with the file: `line` 1 is the header; `column` is null for the whole row or file. */
export interface ImportProblem {
  line: number;
  column: string | null;
  reason: string;
}

/** "line 12, column received_at: …" — never the value itself (it may be about a child). */
export function describeProblem(problem: ImportProblem): string {
  return `line ${problem.line}${problem.column ? `, column ${problem.column}` : ""}: ${problem.reason}`;
}
