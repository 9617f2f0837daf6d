/** "History is the truth": a contact's events, replayed through the machine, give its stored snapshot. */
import { isDeepStrictEqual } from "node:util";
import { listContactEvents, listContactIdsAfter } from "../../db/queries/contacts/contact-events";
import type { Executor } from "../../db/executor";
import {
  CONTACT_MACHINE_VERSION,
  type ContactEvent,
  persistContactSnapshot,
  replayContactEvents,
} from "../../machines/contact.machine";
import { CONTACT_RECEIVED, type ReceivedEventPayload } from "./create.server";
import { RECORDED_CHANGE_TYPES } from "./lifecycle.server";

const NOT_MACHINE_EVENTS: ReadonlySet<string> = new Set(RECORDED_CHANGE_TYPES);

export type ReplayCheck = { ok: true } | { ok: false; problem: string };

/** Replays one contact's events and compares the result with its stored snapshot. */
export async function checkContactHistory(db: Executor, contact: { id: string; snapshot: unknown; machine_version: number }): Promise<ReplayCheck> {
  if (contact.machine_version !== CONTACT_MACHINE_VERSION) {
    return { ok: false, problem: `stored under machine version ${contact.machine_version}; this is version ${CONTACT_MACHINE_VERSION}` };
  }
  const events = await listContactEvents(db, contact.id);
  const [first, ...rest] = events;
  if (!first || first.type !== CONTACT_RECEIVED) return { ok: false, problem: "its history does not start with the contact being received" };
  const gap = events.findIndex((e, i) => e.sequence !== i + 1);
  if (gap >= 0) return { ok: false, problem: `its events are not numbered 1…${events.length} (gap at ${gap + 1})` };
  let replayed;
  try {
    replayed = replayContactEvents(
      (first.payload as unknown as ReceivedEventPayload).input,
      rest.filter((e) => !NOT_MACHINE_EVENTS.has(e.type)).map((e) => e.payload as unknown as ContactEvent),
    );
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
  const stored = typeof contact.snapshot === "string" ? JSON.parse(contact.snapshot) : contact.snapshot;
  const persisted = persistContactSnapshot(replayed);
  if (isDeepStrictEqual(persisted, stored)) return { ok: true };
  if (isOverwritingRepresentation(stored) && isDeepStrictEqual(asOverwritingRepresentation(persisted), stored)) return { ok: true };
  return { ok: false, problem: "replaying its events gives a different snapshot from the stored one" };
}

type PersistedRequests = { context?: { requests?: Record<string, Record<string, unknown>>; earlierRequests?: unknown } };

/**
 * Before asking an agency again made a new request (decision 021), a second request to an agency
 * replaced the first in the snapshot: the stored snapshot of such a contact has no `earlierRequests`
 * and no request carries a `sequence`. Replaying its events today keeps the first request; the
 * history is the same, only its representation differs (decision 028).
 */
function isOverwritingRepresentation(stored: unknown): boolean {
  const context = (stored as PersistedRequests | null)?.context;
  if (!context?.requests || context.earlierRequests !== undefined) return false;
  return Object.values(context.requests).every((r) => r.sequence === undefined);
}

/** The replayed snapshot as the contact machine stored it then: the latest request to each agency only, unnumbered. */
export function asOverwritingRepresentation(persisted: Record<string, unknown>): Record<string, unknown> {
  const context = (persisted as PersistedRequests).context;
  if (!context?.requests || context.earlierRequests === undefined) return persisted;
  const { earlierRequests: _earlier, requests, ...rest } = context;
  const latest = Object.fromEntries(Object.entries(requests).map(([agency, { sequence: _sequence, ...request }]) => [agency, request]));
  return { ...persisted, context: { ...rest, requests: latest } };
}

/** Checks every contact in the database, in batches. */
export async function checkAllContactHistories(
  db: Executor,
  onProgress?: (checked: number) => void,
): Promise<{ checked: number; problems: { contactId: string; problem: string }[] }> {
  const problems: { contactId: string; problem: string }[] = [];
  let checked = 0;
  let after = "";
  for (;;) {
    const batch = await listContactIdsAfter(db, after, 500);
    if (batch.length === 0) break;
    for (const contact of batch) {
      const result = await checkContactHistory(db, contact);
      if (!result.ok) problems.push({ contactId: contact.id, problem: result.problem });
    }
    checked += batch.length;
    after = batch[batch.length - 1]!.id;
    onProgress?.(checked);
  }
  return { checked, problems };
}
