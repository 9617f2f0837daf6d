/**
 * The history import (spec/contacts-import.md; docs/decisions/008-imported-history.md, 016): checks
 * the whole file and imports its rows in one transaction, in one pass (nothing is kept if a row is bad) — people by child_id (matched to
 * existing records by child_id only, never by name), contacts keyed on contact_id (a re-import adds
 * only rows not yet there), each with its two events and the machine's snapshot — and records the
 * import in the audit trail (counts only). Batches of a few thousand rows, one statement each. A
 * council's first import is a bulk load (decision 023): the events go straight into `contact_events`
 * and the tables' keys and whole-table indexes are built once, after the rows.
 *
 * `importContactHistory` is what the command line, the tests and the benchmark call.
 */
import { randomUUID } from "node:crypto";
import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import { gatherCountsAndStatistics } from "../../db/queries/measures/measures";
import { switchOffMonthCountTriggers } from "../../db/queries/measures/month-counts";
import { projectUnprojectedStageVisits, switchOffStageVisitTriggers } from "../../db/queries/measures/stage-visits";
import {
  canCopyFromStdin,
  copyPeople,
  copyStagedContacts,
  copyStagedEvents,
  countHeld,
  dropKeysAndIndexes,
  eventsTable,
  findImportedContactIds,
  takeReferenceNumbers,
  findPeopleByChildIds,
  type ImportedContactRow,
  type ImportedEventRow,
  type ImportedPersonRow,
  createImportStaging,
  moveStagedImport,
  restoreKeysAndIndexes,
  stageImportedContacts,
  stageImportedEvents,
  insertPeople,
  useBulkLoadSettings,
  workOutStagedLookBacks,
} from "../../db/queries/history-import";
import type { Database } from "../../db/schema";
import { CONTACT_MACHINE_VERSION } from "../../machines/contact.machine";
import { CONTACT_RECEIVED, type ReceivedEventPayload } from "../contacts/create.server";
import { decisionDeadlinesByDate } from "../clocks/clocks";
import { readClockSettings } from "../clocks/clock-settings.server";
import type { ImportProblem, ImportRow } from "./format";
import { emptyCheck, type FileCheck, type OpenInput, scanFile } from "./read";
import { ImportedSnapshots, importedContactEvents } from "./snapshots";
import { londonDateOf } from "./validate";

export const DEFAULT_BATCH_SIZE = 5_000;
const LOOKUP_BATCH_SIZE = 10_000;
/** Bytes a row of an import file rarely goes beyond (the benchmark's are 115): a file's size over this is at most its rows, or near. */
const BYTES_PER_ROW = 150;

/**
 * Whether a load is a bulk load (decision 023): the database holds no contacts, or fewer than the file
 * holds rows (estimated from its size, when known). A bulk load writes into tables without their
 * indexes and keys and builds them once afterwards (`dropKeysAndIndexes`).
 */
export function isBulkLoad(heldContacts: number, fileBytes: number | undefined): boolean {
  return heldContacts === 0 || heldContacts < (fileBytes ?? 0) / BYTES_PER_ROW;
}

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
  /** Told as each step after the rows begins (for the benchmark's timings). */
  onStep?: (step: string) => void;
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
  let fileBytes: number | undefined;
  try {
    fileBytes = statSync(path).size;
  } catch {
    fileBytes = undefined; // reported as the file that cannot be read
  }
  return importContactHistory(db, () => createReadStream(path), { ...options, fileBytes });
}

/** Thrown inside the transaction to roll it back when the file turns out to be bad. */
class FileRejected extends Error {}

/**
 * Imports the CSV that `open` reads, in one pass: each batch of rows checked valid is written to the
 * staging tables while the rest of the file is still being checked (COPY on PostgreSQL, batched
 * inserts on PGlite); if any row turns out bad (and bad rows are not to be skipped), the transaction
 * is rolled back — nothing is imported — and every problem is reported as before.
 */
export async function importContactHistory(
  db: Kysely<Database>,
  open: OpenInput,
  options: HistoryImportOptions & { fileBytes?: number } = {},
): Promise<HistoryImportResult> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const digest = createHash("sha256");
  const check = emptyCheck();
  const rejected = (): HistoryImportResult => ({
    kind: "rejected",
    fatal: check.fatal,
    rowsRead: check.rowsRead,
    badRows: check.badRecords.size,
    problems: check.problems,
    problemCount: check.problemCount,
    warnings: check.warnings,
  });
  const refused = () => check.fatal || (check.badRecords.size > 0 && !options.skipInvalid);

  let summary: HistoryImportSummary;
  try {
    summary = await db.transaction().execute(async (trx) => {
      const copy = await canCopyFromStdin(trx);
      const dueAt = decisionDeadlinesByDate((await readClockSettings(trx)).holidays);
      const step = (name: string) => options.onStep?.(name);
      if (copy) await useBulkLoadSettings(trx);
      const held = await countHeld(trx);
      const bulk = isBulkLoad(held.contacts, options.fileBytes);
      // A bulk load writes the events straight into contact_events, without its keys and indexes (built again at the end),
      // and without the stage-visit triggers: the loaded contacts' visits are projected once, after the rows.
      const restoreEvents = bulk ? await dropKeysAndIndexes(trx, ["contact_events", "contact_stage_visits"]) : [];
      const switchOnStageVisits = bulk ? await switchOffStageVisitTriggers(trx) : null;
      // And without the month-count triggers (migration 0028): every contact is counted afresh once they are in.
      const countMonthsAndSwitchOn = bulk ? await switchOffMonthCountTriggers(trx) : null;
      const events = eventsTable(bulk);
      await createImportStaging(trx);
      const people = new PeopleOfFile();
      const snapshots = new ImportedSnapshots();
      const recordedAt = now.toISOString();
      let contactsAdded = 0;
      let alreadyPresent = 0;
      let pendingAdded = 0;
      // The database writes one batch while the next is read, checked and built: each batch's rows are
      // sent without waiting, and awaited before the next batch's are sent (one connection keeps them in order).
      let writing: Promise<unknown> = Promise.resolve();
      // Progress: bytes checked until the first rows are written, then rows written of the rows the
      // file is expected to hold (from the share of its bytes read so far, when its size is known).
      let bytesRead = 0;
      let done = 0;
      const rows = scanFile(
        () => open().on("data", (chunk: Buffer | string) => digest.update(chunk)),
        now,
        check,
        batchSize,
        (bytes) => {
          bytesRead = bytes;
          if (done === 0) options.onProgress?.({ phase: "checking", bytes });
        },
      );
      for await (const batch of rows) {
        // Once the file is known to be refused, only checking goes on (to list every problem).
        if (refused()) continue;
        await people.link(trx, batch);
        const present = await findImportedContactIds(trx, batch.map((r) => r.contactId));
        const contacts: ImportedContactRow[] = [];
        const eventRows: ImportedEventRow[] = [];
        for (const row of batch) {
          if (present.has(row.contactId)) {
            alreadyPresent++;
            continue;
          }
          const built = contactRows(row, people.idOf(row.person.childId), snapshots, recordedAt, dueAt);
          contacts.push(built.contact);
          eventRows.push(...built.events);
          if (row.outcome === null) pendingAdded++;
        }
        await writing;
        writing = copy
          ? takeReferenceNumbers(trx, contacts.length).then(async (numbers) => {
              await copyStagedContacts(trx, contacts, numbers);
              await copyStagedEvents(trx, eventRows, events);
            })
          : Promise.all([stageImportedContacts(trx, contacts), stageImportedEvents(trx, eventRows, events)]);
        writing.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
        contactsAdded += contacts.length;
        done += batch.length;
        const expected = options.fileBytes && bytesRead > 0 ? Math.round((check.validRows * options.fileBytes) / bytesRead) : check.validRows;
        options.onProgress?.({ phase: "importing", rows: done, total: Math.max(done, expected) });
      }
      await writing;
      if (refused()) throw new FileRejected();
      options.onProgress?.({ phase: "finishing", step: 1, total: 2 });
      step("look-backs");
      await workOutStagedLookBacks(trx);
      // In a bulk load the people and contacts too are written without keys and indexes (people only
      // when the file brings more than the database holds).
      step("keys and indexes dropped");
      const restore = bulk ? await dropKeysAndIndexes(trx, people.toAdd() > held.people ? ["people", "contacts"] : ["contacts"]) : [];
      step("people");
      const { added, matched } = await people.insertNew(trx, check, copy);
      step(bulk ? "contacts" : "contacts and events");
      await moveStagedImport(trx, { eventsStaged: !bulk });
      if (switchOnStageVisits) {
        step("stage visits");
        await projectUnprojectedStageVisits(trx);
        await switchOnStageVisits();
      }
      // Each key, index and foreign key as a step of its own: "built: alter table contacts add constraint …".
      await restoreKeysAndIndexes(trx, [...restore, ...restoreEvents], (statement) => step(`built: ${statement.replace(/ ON \S+ USING /, " USING ").slice(0, 100)}`));
      if (countMonthsAndSwitchOn) {
        // After the indexes are built, which leaves the new contacts' pages read once already.
        step("contacts counted by month");
        await countMonthsAndSwitchOn();
      }
      step("audit");
      const result: HistoryImportSummary = {
        rowsRead: check.rowsRead,
        contactsAdded,
        alreadyPresent,
        peopleAdded: added,
        peopleMatched: matched,
        skipped: check.badRecords.size,
        pendingAdded,
      };
      await recordAudit(trx, {
        actorUserId: null,
        action: "contacts.history_imported",
        details: { ...result, fileSha256: digest.digest("hex") },
      });
      return result;
    });
  } catch (error) {
    if (error instanceof FileRejected) return rejected();
    throw error;
  }
  if (summary.contactsAdded > 0) {
    options.onProgress?.({ phase: "finishing", step: 2, total: 2 });
    options.onStep?.("statistics");
    await gatherCountsAndStatistics(db);
  }
  return { kind: "imported", summary, warnings: check.warnings, problems: check.problems, problemCount: check.problemCount };
}

/**
 * The file's children as person records: each child_id is looked up (by child_id only) the first time
 * a valid row names it, and given its record's id or a new one; the new records are written at the
 * end, with the details of each child's most recently received valid row (`check.children`).
 */
class PeopleOfFile {
  private readonly ids = new Map<string, string>();
  private readonly existing = new Set<string>();

  idOf(childId: string): string {
    return this.ids.get(childId)!;
  }

  /** How many new person records the file brings. */
  toAdd(): number {
    return this.ids.size - this.existing.size;
  }

  async link(trx: Parameters<typeof findPeopleByChildIds>[0], batch: readonly ImportRow[]): Promise<void> {
    const unseen = [...new Set(batch.map((r) => r.person.childId).filter((c) => !this.ids.has(c)))];
    for (let i = 0; i < unseen.length; i += LOOKUP_BATCH_SIZE) {
      const found = await findPeopleByChildIds(trx, unseen.slice(i, i + LOOKUP_BATCH_SIZE));
      for (const [childId, personId] of found) {
        this.ids.set(childId, personId);
        this.existing.add(childId);
      }
    }
    for (const childId of unseen) if (!this.ids.has(childId)) this.ids.set(childId, randomUUID());
  }

  async insertNew(trx: Parameters<typeof findPeopleByChildIds>[0], check: FileCheck, copy: boolean): Promise<{ added: number; matched: number }> {
    let batch: ImportedPersonRow[] = [];
    let added = 0;
    const write = async () => {
      if (copy) await copyPeople(trx, batch);
      else await insertPeople(trx, batch);
      added += batch.length;
      batch = [];
    };
    for (const [childId, person] of check.children) {
      if (this.existing.has(childId)) continue;
      batch.push({
        id: this.ids.get(childId)!,
        child_id: childId,
        first_name: person.firstName,
        last_name: person.lastName,
        date_of_birth: person.dateOfBirth,
        expected_date_of_birth: person.expectedDateOfBirth,
        sex: person.sex,
        ethnicity: person.ethnicity,
        postcode: person.postcode,
      });
      if (batch.length >= (copy ? 100_000 : LOOKUP_BATCH_SIZE)) await write();
    }
    await write();
    return { added, matched: this.existing.size };
  }
}

/** The contact row and its two events (received; history imported). Pure. */
export function contactRows(
  row: ImportRow,
  personId: string,
  snapshots: ImportedSnapshots,
  recordedAt: string,
  dueAt: (receivedAt: string) => string,
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
      decision_due_at: dueAt(row.receivedAt),
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
