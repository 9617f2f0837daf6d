/** Recording a new contact: the row, its first event ("received") and the machine's initial snapshot. */
import { createHash } from "node:crypto";
import type { Insertable } from "kysely";
import { insertContact, insertContactEvent } from "../../db/queries/contacts/contact-events";
import { storeLookBacks } from "../../db/queries/measures/measures";
import type { Executor } from "../../db/executor";
import type { ContactEventsTable, ContactsTable } from "../../db/schema";
import { type Actor, CONTACT_RULES, type ContactInput, type ContactSnapshot, initialContactSnapshot, stateName } from "../../machines/contact.machine";
import { projectContact } from "./projection.server";

/** The type of the first event of every contact: its input to the machine. */
export const CONTACT_RECEIVED = "CONTACT_RECEIVED";

export interface ReceivedEventPayload {
  type: typeof CONTACT_RECEIVED;
  at: string;
  actor: Actor | null;
  input: ContactInput;
}

export type NewContact = Omit<Insertable<ContactsTable>, "state" | "snapshot" | "machine_version" | "version" | "received_at"> & {
  received_at: string;
};

export interface RecordedBy {
  actor: Actor | null;
  recordedAt: string;
  idempotencyKey?: string | null;
}

/** The contact row and its first event, for a contact as received. Pure. */
export function receivedContactRows(contact: NewContact, by: RecordedBy) {
  const input: ContactInput = {
    receivedAt: contact.received_at,
    immediateRisk: contact.immediate_risk ?? false,
    contactId: contact.id,
    consent: contact.referral_consent ?? null,
    // Every new contact follows today's rules of practice (decision 022).
    rules: CONTACT_RULES,
  };
  const snapshot: ContactSnapshot = initialContactSnapshot(input);
  const projected = projectContact(snapshot);
  const row: Insertable<ContactsTable> = {
    ...contact,
    state: projected.state!,
    machine_version: projected.machine_version!,
    snapshot: projected.snapshot as string,
    version: 1,
  };
  const payload: ReceivedEventPayload = { type: CONTACT_RECEIVED, at: by.recordedAt, actor: by.actor, input };
  const event: Insertable<ContactEventsTable> = {
    contact_id: contact.id,
    sequence: 1,
    type: CONTACT_RECEIVED,
    payload: JSON.stringify(payload),
    actor_user_id: by.actor?.id ?? null,
    at: by.recordedAt,
    state_before: null,
    state_after: stateName(snapshot),
    idempotency_key: by.idempotencyKey ?? null,
  };
  return { input, snapshot, row, event };
}

export async function createContact(trx: Executor, contact: NewContact, by: RecordedBy): Promise<{ id: string; version: number }> {
  const { row, event } = receivedContactRows(contact, by);
  await insertContact(trx, row);
  await insertContactEvent(trx, event);
  await storeLookBacks(trx, { kind: "contacts", contactIds: [contact.id] });
  return { id: contact.id, version: 1 };
}

/**
 * What a form submitted, as a SHA-256 of its canonical JSON (object keys sorted, undefined left
 * out): a repeated idempotency key with other content is told apart from a true repeat. Pure.
 */
export function submissionFingerprint(content: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value instanceof Date) return value.toISOString();
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return createHash("sha256").update(JSON.stringify(canonical(content))).digest("hex");
}
