/**
 * Merging two person records that are the same child (a manager's decision). One transaction:
 * every contact of the merged record moves to the survivor through the contact's own recorded-change
 * rules ("CHILD_RELINKED_BY_MERGE": a new version and a history event on each contact), the merged
 * record points at the survivor, the merge is recorded in person_merges and audited. From then on
 * the two are one child for the chronology and the measures (which count by person record).
 */
import type { Kysely } from "kysely";
import { storeLookBacks } from "../../db/queries/measures/measures";
import { recordAudit } from "../../db/queries/audit";
import { lockContact } from "../../db/queries/contacts/contact-events";
import {
  findMergeByIdempotencyKey,
  findPerson,
  insertPersonMerge,
  listContactIdsOfPerson,
  listPersonChronology,
  lockPeopleForUpdate,
  markPersonMerged,
  fillMissingDetailsFrom,
  type Person,
  type PersonChronology,
} from "../../db/queries/people";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../auth/session-user";
import { actorOf } from "../contacts/actions.server";
import { recordContactChangeInTransaction } from "../contacts/lifecycle.server";

export type MergePeopleResult =
  | { kind: "merged"; mergeId: string; survivorId: string; mergedId: string; contactsMoved: number; replayed: boolean }
  /** Nothing changed; `reason` is for the user. */
  | { kind: "refused"; reason: string }
  | { kind: "not_found" };

const nameOf = (p: { first_name: string | null; last_name: string }) => (p.first_name ? `${p.first_name} ${p.last_name}` : p.last_name);

/** The idempotency key of one contact's move in one merge: the same merge never moves a contact twice. */
export function mergeMoveKey(mergeId: string, contactId: string): string {
  return `merge:${mergeId}:${contactId}`;
}

export async function mergePeople(
  db: Kysely<Database>,
  input: {
    user: SessionUser;
    /** The record that stays. */
    survivorId: string;
    /** The duplicate, merged into the survivor. */
    mergedId: string;
    reason: string;
    /** Unique per submission: a repeated submission is answered as the first was. */
    idempotencyKey: string;
    ipAddress: string | null;
    now?: Date;
  },
): Promise<MergePeopleResult> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const actor = actorOf(input.user);
  if (input.survivorId === input.mergedId) {
    return { kind: "refused", reason: "A record cannot be merged into itself. Choose two different records." };
  }

  return db.transaction().execute(async (trx): Promise<MergePeopleResult> => {
    // Locked first, so of two identical submissions the second waits for the first, then sees it.
    const locked = await lockPeopleForUpdate(trx, [input.survivorId, input.mergedId]);
    const earlier = await findMergeByIdempotencyKey(trx, input.idempotencyKey);
    if (earlier) {
      return { kind: "merged", mergeId: earlier.id, survivorId: earlier.survivor_id, mergedId: earlier.merged_id, contactsMoved: earlier.contacts_moved, replayed: true };
    }
    const survivor = locked.find((p) => p.id === input.survivorId);
    const merged = locked.find((p) => p.id === input.mergedId);
    if (!survivor || !merged) return { kind: "not_found" };
    if (merged.merged_into_id) {
      return { kind: "refused", reason: `${nameOf(merged)}'s record has already been merged into another record. Nothing was changed.` };
    }
    if (survivor.merged_into_id) {
      return {
        kind: "refused",
        reason: `${nameOf(survivor)}'s record has itself been merged into another record, so it cannot be kept. Choose the record it was merged into as the one to keep.`,
      };
    }

    const mergeId = crypto.randomUUID();
    const contacts = await listContactIdsOfPerson(trx, merged.id);
    let moved = 0;
    for (const { id } of contacts) {
      // The contact as it is now (locked until the end of the merge), so its move is never stale.
      const contact = await lockContact(trx, id);
      if (!contact) throw new Error(`Contact ${id} disappeared during a merge`);
      // Linked to another child since it was listed (a link made at the same moment): not this merge's to move.
      if (contact.person_id !== merged.id) continue;
      moved += 1;
      const result = await recordContactChangeInTransaction(trx, {
        contactId: id,
        expectedVersion: contact.version,
        idempotencyKey: mergeMoveKey(mergeId, id),
        type: "CHILD_RELINKED_BY_MERGE",
        payload: { personId: survivor.id, previousPersonId: merged.id, mergeId },
        actor,
        at,
        ipAddress: input.ipAddress,
        change: () => ({ person_id: survivor.id }),
      });
      if (result.kind !== "applied") throw new Error(`Contact ${id} could not be moved in merge ${mergeId}: ${result.kind}`);
    }

    await markPersonMerged(trx, merged.id, survivor.id);
    await storeLookBacks(trx, { kind: "people", personIds: [survivor.id] });
    await fillMissingDetailsFrom(trx, survivor.id, merged.id);
    await insertPersonMerge(trx, {
      id: mergeId,
      survivor_id: survivor.id,
      merged_id: merged.id,
      merged_at: now,
      merged_by: input.user.id,
      reason: input.reason,
      contacts_moved: moved,
      idempotency_key: input.idempotencyKey,
    });
    const details = { mergeId, survivorId: survivor.id, mergedId: merged.id, contactsMoved: moved, reason: input.reason };
    for (const subjectId of [survivor.id, merged.id]) {
      await recordAudit(trx, { actorUserId: input.user.id, action: "people.merged", subjectType: "person", subjectId, ipAddress: input.ipAddress, details });
    }
    return { kind: "merged", mergeId, survivorId: survivor.id, mergedId: merged.id, contactsMoved: moved, replayed: false };
  });
}

export interface PersonRecordView {
  person: Person;
  chronology: PersonChronology;
}

/**
 * Person records side by side for a merge, with every contact of each; each view audited
 * ("person.viewed"), in one transaction. Missing records are left out.
 */
export async function viewPeopleForMerge(
  db: Kysely<Database>,
  input: { user: SessionUser; personIds: string[]; ipAddress: string | null },
): Promise<Record<string, PersonRecordView>> {
  return db.transaction().execute(async (trx) => {
    const views: Record<string, PersonRecordView> = {};
    for (const id of [...new Set(input.personIds)]) {
      const person = await findPerson(trx, id);
      if (!person) continue;
      // A merged-away record has no contacts of its own: show its own (empty) list, not the survivor's.
      const chronology = person.merged_into_id
        ? { personId: person.id, personIds: [person.id], contacts: [], merges: [] }
        : await listPersonChronology(trx, id);
      await recordAudit(trx, {
        actorUserId: input.user.id,
        action: "person.viewed",
        subjectType: "person",
        subjectId: id,
        ipAddress: input.ipAddress,
        details: { purpose: "merging person records" },
      });
      views[id] = { person, chronology };
    }
    return views;
  });
}
