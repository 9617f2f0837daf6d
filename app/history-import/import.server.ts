/**
 * The history import (spec/contacts-import.md; docs/decisions/008-imported-history.md): checks the
 * whole file first, then imports its rows in one transaction — people by child_id (matched to
 * existing records by child_id only, never by name), contacts keyed on contact_id (a re-import adds
 * only rows not yet there), each with its two events and the machine's snapshot — and records the
 * import in the audit trail (counts only). Batches of a few thousand rows, one statement each.
 *
 * `importContactHistory` is what the command line, the tests and the benchmark call.
 */
import { randomUUID } from "node:crypto";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import { gatherStatistics } from "../../db/queries/measures";
import {
  findImportedContactIds,
  findPeopleByChildIds,
  type ImportedContactRow,
  type ImportedEventRow,
  type ImportedPersonRow,
  createImportStaging,
  moveStagedImport,
  stageImportedContacts,
  stageImportedEvents,
  insertPeople,
} from "../../db/queries/history-import";
import type { Database } from "../../db/schema";
import { CONTACT_MACHINE_VERSION } from "../../machines/contact.machine";
import { CONTACT_RECEIVED, type ReceivedEventPayload } from "../contacts/create.server";
import { decisionDeadline } from "../domain/clocks";
import { readClockSettings } from "../settings/clocks.server";
import type { ImportProblem, ImportRow } from "./format";
import { checkFile, type FileCheck, type OpenInput, validRows } from "./read";
import { ImportedSnapshots, importedContactEvents } from "./snapshots";
import { londonDateOf } from "./validate";

export const DEFAULT_BATCH_SIZE = 5_000;
const LOOKUP_BATCH_SIZE = 10_000;

export type ImportProgress =
  | { phase: "checking"; bytes: number }
  | { phase: "importing"; rows: number; total: number }
  /** After the rows: each child's look-backs worked out and stored (1 of 2), the planner's statistics (2 of 2). */
  | { phase: "finishing"; step: 1 | 2; total: 2 };

export interface HistoryImportOptions {
  /** Import the valid rows and skip the bad ones, instead of importing nothing. */
  skipInvalid?: boolean;
  /** When the import runs (rows dated after it are refused). */
  now?: Date;
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface HistoryImportSummary {
  rowsRead: number;
  contactsAdded: number;
  /** Valid rows whose contact_id was already imported. */
  alreadyPresent: number;
  peopleAdded: number;
  /** Children of the file already on a person record (by child_id). */
  peopleMatched: number;
  /** Bad rows left out (only with skipInvalid). */
  skipped: number;
  /** Of those, pending contacts added (they wait in the MASH queue). */
  pendingAdded: number;
}

export type HistoryImportResult =
  | { kind: "imported"; summary: HistoryImportSummary; warnings: string[]; problems: ImportProblem[]; problemCount: number }
  | {
      kind: "rejected";
      /** Nothing could be imported even skipping bad rows (the header or the CSV itself is broken). */
      fatal: boolean;
      rowsRead: number;
      badRows: number;
      problems: ImportProblem[];
      problemCount: number;
      warnings: string[];
    };

/** Imports the file at `path`. */
export function importContactHistoryFile(db: Kysely<Database>, path: string, options: HistoryImportOptions = {}): Promise<HistoryImportResult> {
  return importContactHistory(db, () => createReadStream(path), options);
}

/** Imports the CSV that `open` reads (it is called twice: once to check, once to import). */
export async function importContactHistory(db: Kysely<Database>, open: OpenInput, options: HistoryImportOptions = {}): Promise<HistoryImportResult> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const digest = createHash("sha256");
  const check = await checkFile(
    () => open().on("data", (chunk: Buffer | string) => digest.update(chunk)),
    now,
    options.onProgress && ((bytes) => options.onProgress!({ phase: "checking", bytes })),
  );
  const badRows = check.badRecords.size;
  if (check.fatal || (badRows > 0 && !options.skipInvalid)) {
    return { kind: "rejected", fatal: check.fatal, rowsRead: check.rowsRead, badRows, problems: check.problems, problemCount: check.problemCount, warnings: check.warnings };
  }
  const fileSha256 = digest.digest("hex");

  const summary = await db.transaction().execute(async (trx) => {
    const { holidays } = await readClockSettings(trx);
    const people = await linkPeople(trx, check);
    await createImportStaging(trx);
    const snapshots = new ImportedSnapshots();
    const recordedAt = now.toISOString();
    let contactsAdded = 0;
    let alreadyPresent = 0;
    let pendingAdded = 0;
    let done = 0;
    // The database writes one batch while the next is read and built: each batch's inserts are sent
    // without waiting, and awaited before the next batch's are sent (one connection keeps them in order).
    let writing: Promise<unknown> = Promise.resolve();
    for await (const batch of validRows(open, check, now, batchSize)) {
      const built = batch.map((row) => ({ row, ...contactRows(row, people.idOf.get(row.person.childId)!, snapshots, recordedAt, holidays) }));
      const present = await findImportedContactIds(trx, batch.map((r) => r.contactId));
      const contacts: ImportedContactRow[] = [];
      const events: ImportedEventRow[] = [];
      for (const { row, contact, events: rowEvents } of built) {
        if (present.has(row.contactId)) {
          alreadyPresent++;
          continue;
        }
        contacts.push(contact);
        events.push(...rowEvents);
        if (row.outcome === null) pendingAdded++;
      }
      await writing;
      writing = Promise.all([stageImportedContacts(trx, contacts), stageImportedEvents(trx, events)]);
      writing.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
      contactsAdded += contacts.length;
      done += batch.length;
      options.onProgress?.({ phase: "importing", rows: done, total: check.validRows });
    }
    await writing;
    options.onProgress?.({ phase: "finishing", step: 1, total: 2 });
    await moveStagedImport(trx);
    const result: HistoryImportSummary = {
      rowsRead: check.rowsRead,
      contactsAdded,
      alreadyPresent,
      peopleAdded: people.added,
      peopleMatched: people.matched,
      skipped: badRows,
      pendingAdded,
    };
    await recordAudit(trx, {
      actorUserId: null,
      action: "contacts.history_imported",
      details: { ...result, fileSha256 },
    });
    return result;
  });
  if (summary.contactsAdded > 0) {
    options.onProgress?.({ phase: "finishing", step: 2, total: 2 });
    await gatherStatistics(db);
  }
  return { kind: "imported", summary, warnings: check.warnings, problems: check.problems, problemCount: check.problemCount };
}

/** Every child of the file, as a person record: the one with their child_id, or a new one. */
async function linkPeople(trx: Parameters<typeof findPeopleByChildIds>[0], check: FileCheck) {
  const idOf = new Map<string, string>();
  const childIds = [...check.children.keys()];
  for (let i = 0; i < childIds.length; i += LOOKUP_BATCH_SIZE) {
    const found = await findPeopleByChildIds(trx, childIds.slice(i, i + LOOKUP_BATCH_SIZE));
    for (const [childId, personId] of found) idOf.set(childId, personId);
  }
  const matched = idOf.size;
  let batch: ImportedPersonRow[] = [];
  let added = 0;
  for (const [childId, person] of check.children) {
    if (idOf.has(childId)) continue;
    const id = randomUUID();
    idOf.set(childId, id);
    batch.push({
      id,
      child_id: childId,
      first_name: person.firstName,
      last_name: person.lastName,
      date_of_birth: person.dateOfBirth,
      expected_date_of_birth: person.expectedDateOfBirth,
      sex: person.sex,
      ethnicity: person.ethnicity,
      postcode: person.postcode,
    });
    if (batch.length >= LOOKUP_BATCH_SIZE) {
      await insertPeople(trx, batch);
      added += batch.length;
      batch = [];
    }
  }
  await insertPeople(trx, batch);
  added += batch.length;
  return { idOf, matched, added };
}

/** The contact row and its two events (received; history imported). Pure. */
export function contactRows(
  row: ImportRow,
  personId: string,
  snapshots: ImportedSnapshots,
  recordedAt: string,
  holidays: ReadonlySet<string>,
): { contact: ImportedContactRow; events: ImportedEventRow[] } {
  const id = randomUUID();
  const facts = {
    contactId: id,
    externalId: row.contactId,
    personId,
    receivedAt: row.receivedAt,
    decidedAt: row.decidedAt,
    outcome: row.outcome,
    primaryNeed: row.primaryNeed,
  };
  const { input, event } = importedContactEvents(facts);
  const { snapshot, state } = snapshots.snapshotOf(facts);
  const received: ReceivedEventPayload = { type: CONTACT_RECEIVED, at: row.receivedAt, actor: null, input };
  return {
    contact: {
      id,
      reference_year: londonDateOf(Date.parse(row.receivedAt)).slice(0, 4),
      external_id: row.contactId,
      person_id: personId,
      received_at: row.receivedAt,
      source: row.source,
      state,
      outcome: row.outcome,
      decided_at: row.decidedAt,
      primary_need: row.primaryNeed,
      // Every contact's, closed ones too: "decided within one working day" reads it (migration 0015).
      decision_due_at: decisionDeadline(new Date(row.receivedAt), holidays).toISOString(),
      machine_version: CONTACT_MACHINE_VERSION,
      snapshot,
      version: 2,
      recorded_at: recordedAt,
    },
    events: [
      { contact_id: id, sequence: 1, type: CONTACT_RECEIVED, payload: JSON.stringify(received), at: row.receivedAt, state_before: null, state_after: "received" },
      { contact_id: id, sequence: 2, type: "HISTORY_IMPORTED", payload: JSON.stringify(event), at: event.at, state_before: "received", state_after: state },
    ],
  };
}
