/**
 * The one way a contact's state changes. In a single transaction: lock the contact, refuse a stale
 * or repeated submission, ask the machine whether the event is allowed, and write the new state,
 * the snapshot, the event, the projections (information requests, step-downs) and an audit record.
 */
import type { Insertable, Kysely, Updateable } from "kysely";
import { storeLookBacks } from "../../db/queries/measures/measures";
import {
  findEventByIdempotencyKey,
  findLatestEvent,
  insertContactEvent,
  lockContact,
  updateContact,
} from "../../db/queries/contacts/contact-events";
import { recordAudit } from "../../db/queries/audit";
import type { Executor } from "../../db/executor";
import type { ContactEventsTable, ContactsTable, Database } from "../../db/schema";
import {
  type Actor,
  applyContactEvent,
  type ContactEvent,
  type ContactSnapshot,
  restoreContactSnapshot,
  stateName,
} from "../../machines/contact.machine";
import { projectContact, syncProjections } from "./projection.server";

/**
 * The app itself acting by the clock (the job runner, app/jobs/): it is no user, so its events and
 * audit records name none (`actor_user_id` null), and the history shows it as the system.
 */
export const SYSTEM_ACTOR: Actor = { id: "system", role: "admin" };

/** The user an actor is, or null for the system. */
export function userIdOf(actor: Actor): string | null {
  return actor.id === SYSTEM_ACTOR.id ? null : actor.id;
}

export type ApplyEventResult =
  /** Applied now, or applied earlier with the same idempotency key (`replayed`). */
  | { kind: "applied"; contactId: string; version: number; state: string; replayed: boolean }
  /** The machine refused it: nothing changed. `reason` is for the user. */
  | { kind: "refused"; reason: string; version: number; state: string }
  /** Someone changed the contact since the form was rendered. */
  | { kind: "stale"; currentVersion: number; changedBy: string | null; changedAt: Date | null; change: string | null }
  | { kind: "not_found" };

export interface ApplyEventInput {
  contactId: string;
  /** The contact's version the form was rendered from. */
  expectedVersion: number;
  /** Unique per submission (generated into the form): a repeated submission is applied once. */
  idempotencyKey: string;
  event: ContactEvent;
  ipAddress?: string | null;
  /**
   * For services that change more than the contact's lifecycle (linking the child): called after the
   * lock, idempotency and version checks and before the machine is asked. It refuses with a reason,
   * or returns columns to set beside the projection and writes to make once the machine has allowed
   * the event (so a refused event writes nothing).
   */
  prepare?: (contact: ContactRow) => Promise<Prepared | { refused: string }>;
}

export interface Prepared {
  columns?: Updateable<ContactsTable>;
  write?: () => Promise<void>;
}

export async function applyEventToContact(db: Kysely<Database>, input: ApplyEventInput): Promise<ApplyEventResult> {
  return db.transaction().execute((trx) => applyEventInTransaction(trx, input));
}

type Locked = { contact: ContactRow } | { done: ApplyEventResult };
type ContactRow = NonNullable<Awaited<ReturnType<typeof lockContact>>>;

/** Lock the contact, then answer a repeated submission as the first was, or refuse a stale one. */
async function lockForChange(trx: Executor, input: { contactId: string; expectedVersion: number; idempotencyKey: string }): Promise<Locked> {
  const contact = await lockContact(trx, input.contactId);
  if (!contact) return { done: { kind: "not_found" } };

  // A repeated submission (double click, retry, replay) is answered as the first was.
  const earlier = await findEventByIdempotencyKey(trx, input.idempotencyKey);
  if (earlier) {
    if (earlier.contact_id !== contact.id) return { done: { kind: "not_found" } };
    return { done: { kind: "applied", contactId: contact.id, version: earlier.sequence, state: earlier.state_after, replayed: true } };
  }

  if (contact.version !== input.expectedVersion) {
    const latest = await findLatestEvent(trx, contact.id);
    return {
      done: {
        kind: "stale",
        currentVersion: contact.version,
        changedBy: latest?.actor_name ?? null,
        changedAt: latest ? new Date(latest.recorded_at) : null,
        change: latest?.type ?? null,
      },
    };
  }
  return { contact };
}

/** As `applyEventToContact`, inside a transaction the caller owns (for services that do more). */
export async function applyEventInTransaction(trx: Executor, input: ApplyEventInput): Promise<ApplyEventResult> {
  const locked = await lockForChange(trx, input);
  if ("done" in locked) return locked.done;
  const { contact } = locked;

  const prepared = input.prepare ? await input.prepare(contact) : {};
  if ("refused" in prepared) return { kind: "refused", reason: prepared.refused, version: contact.version, state: contact.state };
  const snapshot = restoreContactSnapshot(contact.snapshot);
  const result = applyContactEvent(snapshot, input.event);
  if (!result.ok) return { kind: "refused", reason: result.reason, version: contact.version, state: contact.state };
  await prepared.write?.();

  const version = contact.version + 1;
  await insertContactEvent(trx, eventRow({
    contactId: contact.id,
    sequence: version,
    event: input.event,
    stateBefore: contact.state,
    next: result.snapshot,
    idempotencyKey: input.idempotencyKey,
  }));
  await updateContact(trx, contact.id, { ...projectContact(result.snapshot), ...prepared.columns, version });
  await storeContactLookBacks(trx, contact);
  await syncProjections(trx, contact.id, result.snapshot);
  await recordAudit(trx, {
    actorUserId: userIdOf(input.event.actor),
    action: `contact.${input.event.type.toLowerCase()}`,
    subjectType: "contact",
    subjectId: contact.id,
    ipAddress: input.ipAddress ?? null,
    details: { from: contact.state, to: result.state, version },
  });
  return { kind: "applied", contactId: contact.id, version, state: result.state, replayed: false };
}

/**
 * After any change to a contact: its child's look-backs (and, when it was linked to another child
 * before, that child's) are worked out again and stored, in the same transaction (decision 014).
 */
function storeContactLookBacks(trx: Executor, before: ContactRow): Promise<number> {
  return storeLookBacks(trx, { kind: "contacts", contactIds: [before.id], personIds: before.person_id ? [before.person_id] : [] });
}

/**
 * An answer to one part of a contact (a partner's request, a hub's offer): other changes to the
 * contact since the page was rendered (another agency's answer, an allocation) do not make it
 * stale, and are not the answerer's business to be told about; the machine refuses a second answer
 * to the same request. So it is applied to the contact as it is now, and is never "stale".
 */
export async function applyAnswerInTransaction(
  trx: Executor,
  input: Omit<ApplyEventInput, "expectedVersion">,
): Promise<Exclude<ApplyEventResult, { kind: "stale" }>> {
  const current = await lockContact(trx, input.contactId);
  if (!current) return { kind: "not_found" };
  const result = await applyEventInTransaction(trx, { ...input, expectedVersion: current.version });
  if (result.kind === "stale") throw new Error(`Contact ${input.contactId} changed while it was locked`);
  return result;
}

/**
 * Changes to a contact that are not steps of its lifecycle (linking the child, allocating the
 * work): the same lock, version and idempotency rules, an event in its history (skipped by the
 * machine on replay), the column changes, and an audit record — in the caller's transaction.
 * `change` returns the columns to set, or a reason to refuse.
 */
export async function recordContactChangeInTransaction(
  trx: Executor,
  input: {
    contactId: string;
    expectedVersion: number;
    idempotencyKey: string;
    type: RecordedChangeType;
    payload: Record<string, unknown>;
    actor: Actor;
    at: string;
    ipAddress?: string | null;
    change: (contact: ContactRow) => Promise<Updateable<ContactsTable> | { refused: string }> | Updateable<ContactsTable> | { refused: string };
  },
): Promise<ApplyEventResult> {
  const locked = await lockForChange(trx, input);
  if ("done" in locked) return locked.done;
  const { contact } = locked;
  const columns = await input.change(contact);
  if ("refused" in columns) return { kind: "refused", reason: columns.refused as string, version: contact.version, state: contact.state };

  const version = contact.version + 1;
  // The event keeps what each changed column held before, so the history shows what was replaced.
  const previous = Object.fromEntries(Object.keys(columns).map((column) => [column, (contact as Record<string, unknown>)[column] ?? null]));
  await insertContactEvent(trx, {
    contact_id: contact.id,
    sequence: version,
    type: input.type,
    payload: JSON.stringify({ type: input.type, at: input.at, actor: input.actor, ...input.payload, previous }),
    actor_user_id: input.actor.id,
    at: input.at,
    state_before: contact.state,
    state_after: contact.state,
    idempotency_key: input.idempotencyKey,
  });
  await updateContact(trx, contact.id, { ...columns, version });
  await storeContactLookBacks(trx, contact);
  await recordAudit(trx, {
    actorUserId: input.actor.id,
    action: `contact.${input.type.toLowerCase()}`,
    subjectType: "contact",
    subjectId: contact.id,
    ipAddress: input.ipAddress ?? null,
    details: { ...input.payload, version },
  });
  return { kind: "applied", contactId: contact.id, version, state: contact.state, replayed: false };
}

/**
 * Events in a contact's history that record a change outside the lifecycle. The machine never
 * sees them; replay skips them. Add a type here before using it.
 */
export const RECORDED_CHANGE_TYPES = [
  // Linking the child is the machine's LINK_CHILD event since machine version 2 (decision 007); CHILD_LINKED is kept for older histories.
  "CHILD_LINKED",
  "CHILD_RELINKED_BY_MERGE",
  "ALLOCATED",
  "PICKED_UP",
  "DETAILS_CORRECTED",
  // The MASH chasing a partner whose answer is awaited (issue 12, item 5).
  "PARTNER_CHASED",
] as const;
export type RecordedChangeType = (typeof RECORDED_CHANGE_TYPES)[number];

export interface EventRecord {
  contactId: string;
  sequence: number;
  event: ContactEvent;
  stateBefore: string | null;
  next: ContactSnapshot;
  idempotencyKey: string | null;
}

/** The `contact_events` row of one applied event. Pure. */
export function eventRow(e: EventRecord): Insertable<ContactEventsTable> {
  return {
    contact_id: e.contactId,
    sequence: e.sequence,
    type: e.event.type,
    payload: JSON.stringify(e.event),
    actor_user_id: userIdOf(e.event.actor),
    at: e.event.at,
    state_before: e.stateBefore,
    state_after: stateName(e.next),
    idempotency_key: e.idempotencyKey,
  };
}

