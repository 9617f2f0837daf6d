/**
 * Reading the import file with csv-parse, as a stream (a million rows never sit in memory as text):
 * `scanFile` is the one pass the import makes (header, every row, contact_id unique in the file, the
 * details of each child, and the valid rows in batches as it goes); `checkFile` is that pass without
 * the rows, and `validRows` reads the valid rows of a checked file again. Each takes a function that
 * opens the file, so the same code reads a file on disk or a string in a test.
 */
import type { Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import type { ImportedPerson, ImportProblem, ImportRow } from "./format";
import { checkHeader, type HeaderCheck, validateRecord } from "./validate";

export type OpenInput = () => Readable;

/** Problems kept for the report; beyond this they are only counted (a file of a million bad rows stays readable). */
export const MAX_PROBLEMS_KEPT = 10_000;

export interface FileCheck {
  /** Data rows read (blank lines not counted). */
  rowsRead: number;
  header: HeaderCheck | null;
  /** Problems in line order, at most MAX_PROBLEMS_KEPT of them. */
  problems: ImportProblem[];
  /** All problems, kept or not. */
  problemCount: number;
  /** The file cannot be imported at all, even skipping bad rows (no header, a header problem, broken CSV). */
  fatal: boolean;
  /** Data record numbers (1 = the first row after the header) of the rows with a problem. */
  badRecords: Set<number>;
  validRows: number;
  /** Each child's details, from their most recently received valid row (the latest line on a tie). */
  children: Map<string, ImportedPerson>;
  /** Warnings about the header: ignored columns, absent optional columns. */
  warnings: string[];
}

const CSV_REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: "a quoted field is never closed (a \" is missing)",
  CSV_INVALID_CLOSING_QUOTE: "a quoted field has characters after its closing quote",
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: "a quoted field has characters after its closing quote",
  CSV_MAX_RECORD_SIZE: "a row is too long",
};

function csvParser() {
  return parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 1_000_000 });
}

/** The line a record starts on, from the line it ends on and the line breaks inside its fields. */
function startLine(record: readonly string[], endLine: number): number {
  let breaks = 0;
  for (const field of record) {
    if (field.includes("\n")) breaks += field.split("\n").length - 1;
  }
  return endLine - breaks;
}

function isBlank(record: readonly string[]): boolean {
  return record.every((field) => field.trim() === "");
}

interface ParsedRecord {
  record: string[];
  info: { lines: number; records: number };
}

/**
 * Checks the whole file: every problem of the file, and each child's details. `onBytes` is told how
 * many bytes have been read so far (for a progress bar).
 */
export async function checkFile(open: OpenInput, now: Date, onBytes?: (bytes: number) => void): Promise<FileCheck> {
  const check = emptyCheck();
  for await (const batch of scanFile(open, now, check, Number.MAX_SAFE_INTEGER, onBytes)) void batch;
  return check;
}

export function emptyCheck(): FileCheck {
  return { rowsRead: 0, header: null, problems: [], problemCount: 0, fatal: false, badRecords: new Set(), validRows: 0, children: new Map(), warnings: [] };
}

/**
 * One pass over the file: checks every row (filling `check` as `checkFile` does) and yields the rows
 * valid so far, in file order, in batches of `batchSize` — so the import can write them while the rest
 * of the file is still being checked (and throw its work away if a later row is bad). A row valid
 * when read stays valid: a repeated contact_id is a problem on its later lines, never the first.
 * `check.problems` is sorted by line once the file has been read.
 */
export async function* scanFile(
  open: OpenInput,
  now: Date,
  check: FileCheck,
  batchSize: number,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<ImportRow[]> {
  const report = (problem: ImportProblem) => {
    check.problemCount++;
    if (check.problems.length < MAX_PROBLEMS_KEPT) check.problems.push(problem);
  };
  const firstLineOf = new Map<string, number>();
  const latestOf = new Map<string, number>();
  let dataRecord = 0;
  let batch: ImportRow[] = [];

  const input = open();
  let bytes = 0;
  if (onBytes) {
    input.on("data", (chunk: Buffer | string) => {
      bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
      onBytes(bytes);
    });
  }
  const parser = csvParser();
  let readError: Error | null = null;
  input.on("error", (error: Error) => {
    readError = error;
    parser.destroy(error);
  });
  try {
    for await (const { record, info } of input.pipe(parser) as AsyncIterable<ParsedRecord>) {
      if (check.header === null) {
        check.header = checkHeader(record);
        for (const p of check.header.problems) report(p);
        if (check.header.problems.length > 0) check.fatal = true;
        for (const name of check.header.ignored) check.warnings.push(`column ${name} is not part of the import format: ignored`);
        for (const name of check.header.absent) check.warnings.push(`column ${name} is not in the file: read as empty`);
        continue;
      }
      if (isBlank(record)) continue;
      dataRecord++;
      check.rowsRead++;
      // With the header wrong, every row would repeat it: its problems are the ones to fix first.
      if (check.fatal) continue;
      const line = startLine(record, info.lines);
      const header: HeaderCheck = check.header;
      const fieldsProblem =
        record.length !== header.length
          ? { line, column: null, reason: `has ${record.length} field${record.length === 1 ? "" : "s"}; the header has ${header.length}` }
          : null;
      const result = validateRecord(record, header, line, now);
      const problems: ImportProblem[] = fieldsProblem ? [fieldsProblem] : [];
      if (!result.ok) problems.push(...result.problems);

      // contact_id unique in the file (checked for every row whose contact_id is well formed).
      const contactId = (record[header.positions.contact_id ?? -1] ?? "").trim();
      if (contactId !== "") {
        const first = firstLineOf.get(contactId);
        if (first === undefined) firstLineOf.set(contactId, line);
        else problems.push({ line, column: "contact_id", reason: `is the same as on line ${first}: each contact_id appears once in the file` });
      }

      if (problems.length > 0) {
        check.badRecords.add(dataRecord);
        for (const p of problems) report(p);
        continue;
      }
      if (!result.ok) continue;
      check.validRows++;
      const row = result.row;
      const receivedMs = Date.parse(row.receivedAt);
      const latest = latestOf.get(row.person.childId);
      if (latest === undefined || receivedMs >= latest) {
        latestOf.set(row.person.childId, receivedMs);
        check.children.set(row.person.childId, row.person);
      }
      batch.push(row);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    check.fatal = true;
    if (readError !== null) {
      report({ line: 0, column: null, reason: `the file cannot be read: ${(readError as Error).message.split("\n")[0]}` });
    } else {
      const code = error instanceof CsvError ? error.code : "";
      const line = typeof (error as { lines?: unknown }).lines === "number" ? (error as { lines: number }).lines : 0;
      report({ line, column: null, reason: `the file cannot be read as CSV here: ${CSV_REASONS[code] ?? "it is not well-formed CSV"}` });
    }
    input.destroy();
  }
  if (check.header === null && !check.fatal) {
    check.fatal = true;
    report({ line: 1, column: null, reason: "the file is empty: it needs a header row and one row per contact" });
  }
  check.problems.sort((a, b) => a.line - b.line);
  if (batch.length > 0 && !check.fatal) yield batch;
}

/** The second pass: the valid rows (those not in `badRecords`), in batches of `batchSize`, in file order. */
export async function* validRows(open: OpenInput, check: FileCheck, now: Date, batchSize: number): AsyncGenerator<ImportRow[]> {
  const header = check.header;
  if (!header) return;
  let first = true;
  let dataRecord = 0;
  let batch: ImportRow[] = [];
  for await (const { record, info } of open().pipe(csvParser()) as AsyncIterable<ParsedRecord>) {
    if (first) {
      first = false;
      continue;
    }
    if (isBlank(record)) continue;
    dataRecord++;
    if (check.badRecords.has(dataRecord)) continue;
    const result = validateRecord(record, header, startLine(record, info.lines), now);
    // The file changed between the passes: stop rather than import something not checked.
    if (!result.ok) throw new Error("The file changed while it was being imported: nothing was imported.");
    batch.push(result.row);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
