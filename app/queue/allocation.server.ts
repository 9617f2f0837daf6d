/**
 * Allocating a contact to a worker (a manager) and picking up an unallocated one (a screener).
 * Each is a recorded change in the contact's history through `recordContactChangeInTransaction`:
 * the contact is locked, a stale or repeated form is answered as such, and the change is audited.
 */
import type { Kysely } from "kysely";
import { findAllocatableWorker, findUserName } from "../../db/queries/queue";
import type { Database } from "../../db/schema";
import { can } from "../auth/permissions";
import type { SessionUser } from "../auth/session-user";
import type { FieldErrors } from "../ui/form";
import { actorOf } from "../contacts/actions.server";
import { type ApplyEventResult, recordContactChangeInTransaction } from "../contacts/lifecycle.server";

export type AllocationResult = ApplyEventResult | { kind: "invalid"; errors: FieldErrors };

interface Submission {
  user: SessionUser;
  contactId: string;
  version: number;
  /**
   * The form's key as sent: the page's key for this rendering, the same in every row's form. The
   * change is recorded under `allocationKey` (that key, the contact, what is done), so a repeated
   * submission of one row's form is applied once and no two rows' forms share a key.
   */
  idempotencyKey: string;
  ipAddress: string | null;
  now?: Date;
}

/** The key a change from an allocation form is recorded under: the form's key, the contact, and what is done. */
export function allocationKey(formKey: string, contactId: string, intent: "allocate" | "pick-up"): string {
  return `${formKey}:${contactId}:${intent}`;
}

/** A manager allocates the contact to an active screener or manager. */
export async function allocateContact(db: Kysely<Database>, input: Submission & { allocateTo: string }): Promise<AllocationResult> {
  if (!can(input.user, "contact.allocate")) return { kind: "refused", reason: "Only a MASH manager can allocate contacts.", version: input.version, state: "" };
  return db.transaction().execute(async (trx): Promise<AllocationResult> => {
    const worker = await findAllocatableWorker(trx, input.allocateTo);
    if (!worker) return { kind: "invalid", errors: { allocateTo: "Choose a MASH screener or manager from the list" } };
    return recordContactChangeInTransaction(trx, {
      contactId: input.contactId,
      expectedVersion: input.version,
      idempotencyKey: allocationKey(input.idempotencyKey, input.contactId, "allocate"),
      type: "ALLOCATED",
      payload: { allocatedTo: worker.id, allocatedWorker: worker.display_name },
      actor: actorOf(input.user),
      at: (input.now ?? new Date()).toISOString(),
      ipAddress: input.ipAddress,
      change: (contact) => {
        if (contact.outcome !== null) return { refused: "This contact is closed: there is nothing to allocate." };
        if (contact.allocated_to === worker.id) return { refused: `This contact is already allocated to ${worker.display_name}.` };
        return { allocated_to: worker.id };
      },
    });
  });
}

/** A screener takes an unallocated contact as their own work. */
export async function pickUpContact(db: Kysely<Database>, input: Submission): Promise<AllocationResult> {
  if (!can(input.user, "contact.pick-up")) return { kind: "refused", reason: "Only a MASH screener can pick up contacts.", version: input.version, state: "" };
  return db.transaction().execute(async (trx) =>
    recordContactChangeInTransaction(trx, {
      contactId: input.contactId,
      expectedVersion: input.version,
      idempotencyKey: allocationKey(input.idempotencyKey, input.contactId, "pick-up"),
      type: "PICKED_UP",
      payload: { allocatedTo: input.user.id, allocatedWorker: input.user.displayName },
      actor: actorOf(input.user),
      at: (input.now ?? new Date()).toISOString(),
      ipAddress: input.ipAddress,
      change: async (contact) => {
        if (contact.outcome !== null) return { refused: "This contact is closed: there is nothing to pick up." };
        if (contact.allocated_to === input.user.id) return { refused: "This contact is already allocated to you." };
        if (contact.allocated_to) {
          const holder = await findUserName(trx, contact.allocated_to);
          return { refused: `This contact is already allocated to ${holder?.display_name ?? "someone else"}. Ask a manager to reallocate it.` };
        }
        return { allocated_to: input.user.id };
      },
    }),
  );
}
