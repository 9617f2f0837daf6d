/**
 * The one mechanism by which someone outside the MASH answers the MASH: a partner agency returning
 * information for an information request, an early help hub accepting or declining a step-down.
 *
 * Both are the same steps, done here once:
 * - **list**: one page of the rows sent to the user's own agency or hub, and which contacts it
 *   showed audited in the same transaction as the read;
 * - **view**: one row with what is needed to answer it, refused (`not_found`, `forbidden`) before
 *   anything is read out, and every view audited in the same transaction;
 * - **answer**: the answer applied to the contact as it is now (`applyAnswerInTransaction`: another
 *   answerer's answer in between does not make it stale), as a machine event carrying the form's
 *   idempotency key, so a repeated submission is applied once; the machine's refusals come back
 *   as `refused`.
 *
 * What differs is data, an `AnswerSlice`: who may answer (`information-requests.server.ts`,
 * `step-downs.server.ts`), the queries (db/queries/answers.ts), the audit's words, the view model
 * and the machine event the answer becomes. The service refuses anyone else whatever the route in
 * front of it does.
 */
import type { Kysely } from "kysely";
import type { PageRequest } from "../../db/queries/contacts/contacts";
import { recordAudit } from "../../db/queries/audit";
import { findEventByIdempotencyKey } from "../../db/queries/contacts/contact-events";
import type { Executor } from "../../db/queries/users";
import type { Database } from "../../db/schema";
import { type Actor, type ContactEvent, type ContactEventType, type ContactSnapshot, nextEvents, restoreContactSnapshot, stateName } from "../../machines/contact.machine";
import type { SessionUser } from "../auth/lucia.server";
import { type Ability, can, type Target } from "../auth/permissions";
import { actorOf } from "../contacts/actions.server";
import { type ApplyEventResult, applyAnswerInTransaction } from "../contacts/lifecycle.server";
import type { AnswerGone } from "./answers";

/** What every answerable row is read with: its contact's id, version and stored machine snapshot, and the child. */
export interface AnswerRow {
  id: string;
  contact_id: string;
  status: string;
  version: number;
  snapshot: unknown;
  first_name: string | null;
  last_name: string | null;
  date_of_birth: string | null;
  postcode: string | null;
}

/** An answer as its form's zod schema gives it. */
export interface AnswerSubmission {
  intent: string;
  idempotencyKey: string;
}

export interface AnswerSlice<Row extends AnswerRow, List extends { rows: { id: string; contact_id: string }[] }, View, Answer extends AnswerSubmission, Query = PageRequest> {
  /**
   * Who may see and answer a row: the permission table decides (app/auth/permissions.ts, `can`) —
   * the ability, and the agency or hub (`scope`) the row was sent to as its target.
   */
  answerer: {
    ability: Ability;
    scope: "agency" | "hub";
    codeOfRow: (row: Row) => string;
  };
  /**
   * Need to know: a row the answerer may no longer open at all (for an information request, one
   * withdrawn or on a closed contact). Refused as not found, before anything is read out or audited.
   */
  hidden?: (row: Row, snapshot: ContactSnapshot) => boolean;
  /**
   * For such a hidden row of the answerer's own agency or hub: what to tell them instead of a bare
   * "not found" (still a 404), e.g. that the MASH withdrew the request, when and why. Another
   * agency or hub never gets it.
   */
  goneNotice?: (row: Row, snapshot: ContactSnapshot) => AnswerGone;
  /** The audit's words for a list and for a view. */
  audit: {
    listed: string;
    /** The key under which the listed audit keeps the rows' ids (beside `contacts`). */
    listedIds: string;
    viewed: string;
    subjectType: string;
  };
  /** One page of the list (`Query`: paging, and for some kinds filters and a search). */
  list: (db: Executor, code: string, query: Query) => Promise<List>;
  find: (db: Executor, id: string) => Promise<Row | undefined>;
  /** The row still waits for an answer. */
  isOpen: (row: Row, snapshot: ContactSnapshot) => boolean;
  /** The event that the machine must accept from the answerer for the page to offer the forms. */
  answerEvent: ContactEventType;
  /**
   * Where the machine alone cannot tell that a row is no longer open (a step-down: an earlier offer
   * of a contact that has a newer one), the words to refuse a new answer to it with.
   */
  refuseClosed?: (row: Row) => string;
  /** What the answerer needs besides the child, and nothing more. */
  view: (row: Row, snapshot: ContactSnapshot, db: Executor) => View | Promise<View>;
  /** The answer as the machine event it is. */
  eventOf: (row: Row, answer: Answer, actor: Actor, at: string) => ContactEvent;
  /** After an answer is applied (not a repeat), in its transaction: who is told (app/notifications/). */
  afterAnswer?: (trx: Executor, row: Row, at: Date) => Promise<unknown>;
}

/** Builds a slice, inferring its types from the queries and the view (the definition modules use it). */
export function answerSlice<Row extends AnswerRow, List extends { rows: { id: string; contact_id: string }[] }, View, Answer extends AnswerSubmission, Query = PageRequest>(
  slice: AnswerSlice<Row, List, View, Answer, Query>,
) {
  return slice;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any slice, whatever its rows
type AnySlice = AnswerSlice<any, any, any, any, any>;
type RowOf<S> = S extends AnswerSlice<infer Row, infer _L, infer _V, infer _A, infer _Q> ? Row : never;
type ListOf<S> = S extends AnswerSlice<infer _R, infer List, infer _V, infer _A, infer _Q> ? List : never;
type ViewOf<S> = S extends AnswerSlice<infer _R, infer _L, infer View, infer _A, infer _Q> ? View : never;
type AnswerOf<S> = S extends AnswerSlice<infer _R, infer _L, infer _V, infer Answer, infer _Q> ? Answer : never;
type QueryOf<S> = S extends AnswerSlice<infer _R, infer _L, infer _V, infer _A, infer Query> ? Query : never;

export type AnswerAccess = { kind: "not_found"; gone?: AnswerGone } | { kind: "forbidden" };
export type AnswerResult = Exclude<ApplyEventResult, { kind: "stale" }> | AnswerAccess;

/** The row's agency or hub, as the permission table's target. */
function targetOf(slice: AnySlice, row: AnswerRow): Target {
  const code = slice.answerer.codeOfRow(row);
  return slice.answerer.scope === "agency" ? { agencyCode: code } : { hubCode: code };
}

/** The row, if the user may answer it; otherwise why not (before anything about it is read out). */
async function readRow<S extends AnySlice>(slice: S, trx: Executor, user: SessionUser, id: string): Promise<{ row: RowOf<S> } | AnswerAccess> {
  const row: RowOf<S> | undefined = await slice.find(trx, id);
  if (!row) return { kind: "not_found" };
  // Another agency or hub is not even told the row exists (need to know, issue 12 item 9); anyone
  // else who may not answer this kind at all (the MASH, the other kind of answerer) is refused.
  if (!can(user, slice.answerer.ability, targetOf(slice, row))) return can(user.role, slice.answerer.ability) ? { kind: "not_found" } : { kind: "forbidden" };
  const snapshot = restoreContactSnapshot(row.snapshot);
  if (slice.hidden?.(row, snapshot)) return slice.goneNotice ? { kind: "not_found", gone: slice.goneNotice(row, snapshot) } : { kind: "not_found" };
  return { row };
}

/**
 * One page of the rows sent to the user's own agency or hub (`code`), and nothing else. Answerers
 * work outside the MASH: which contacts the list showed is audited, in the same transaction as the read.
 */
export async function listAnswers<S extends AnySlice>(
  db: Kysely<Database>,
  slice: S,
  input: { user: SessionUser; code: string; page: number; query: QueryOf<S>; ipAddress: string | null },
): Promise<ListOf<S>> {
  return db.transaction().execute(async (trx) => {
    const result: ListOf<S> = await slice.list(trx, input.code, input.query);
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: slice.audit.listed,
      subjectType: slice.answerer.scope,
      subjectId: input.code,
      ipAddress: input.ipAddress,
      details: { page: input.page, contacts: result.rows.map((r: AnswerRow) => r.contact_id), [slice.audit.listedIds]: result.rows.map((r: AnswerRow) => r.id) },
    });
    return result;
  });
}

/** What the answerer needs to answer the row, and nothing more: the slice's view, the child and whether the forms are offered. Every view is audited. */
export async function viewAnswer<S extends AnySlice>(db: Kysely<Database>, slice: S, user: SessionUser, id: string, ipAddress: string | null) {
  return db.transaction().execute(async (trx) => {
    const read = await readRow(slice, trx, user, id);
    if (!("row" in read)) return read;
    const { row } = read;
    await recordAudit(trx, {
      actorUserId: user.id,
      action: slice.audit.viewed,
      subjectType: slice.audit.subjectType,
      subjectId: row.id,
      ipAddress,
      details: { contactId: row.contact_id, [slice.answerer.scope]: slice.answerer.codeOfRow(row) },
    });
    const snapshot = restoreContactSnapshot(row.snapshot);
    const view: ViewOf<S> = await slice.view(row, snapshot, trx);
    return {
      kind: "found" as const,
      ...view,
      child: { first_name: row.first_name, last_name: row.last_name, date_of_birth: row.date_of_birth, postcode: row.postcode },
      /** The row is waiting for this answerer's answer and the contact can still take one. */
      canAnswer: slice.isOpen(row, snapshot) && nextEvents(snapshot, user.role).includes(slice.answerEvent),
    };
  });
}

/** An answer, applied to the contact as it is now as a machine event (with the form's idempotency key). */
export async function applyAnswer<S extends AnySlice>(
  db: Kysely<Database>,
  slice: S,
  input: { user: SessionUser; id: string; answer: AnswerOf<S>; ipAddress: string | null; now?: Date },
): Promise<AnswerResult> {
  const at = (input.now ?? new Date()).toISOString();
  const actor = actorOf(input.user);
  const { answer } = input;
  return db.transaction().execute(async (trx) => {
    const read = await readRow(slice, trx, input.user, input.id);
    if (!("row" in read)) return read;
    const { row } = read;
    if (slice.refuseClosed) {
      const snapshot = restoreContactSnapshot(row.snapshot);
      // A repeated submission goes through, to be answered as the first was.
      const repeated = await findEventByIdempotencyKey(trx, answer.idempotencyKey);
      if (!repeated && !slice.isOpen(row, snapshot)) {
        return { kind: "refused", reason: slice.refuseClosed(row), version: row.version, state: stateName(snapshot) } as const;
      }
    }
    const applied = await applyAnswerInTransaction(trx, {
      contactId: row.contact_id,
      idempotencyKey: answer.idempotencyKey,
      event: slice.eventOf(row, answer, actor, at),
      ipAddress: input.ipAddress,
    });
    if (applied.kind === "applied" && !applied.replayed) await slice.afterAnswer?.(trx, row, new Date(at));
    return applied;
  });
}
