/**
 * Who a contact is about: linking it to a person found by the search, or to a new person created
 * for it. One transaction: the person (if new) and the contact machine's LINK_CHILD event (the
 * machine refuses a decision until the child is linked), with the contact's lock, version and
 * idempotency rules, its history event and an audit record.
 */
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import { lockContact } from "../../db/queries/contacts/contact-events";
import { findContactForLinking, findLivePersonByNhsNumber, insertPerson, lockPersonForShare } from "../../db/queries/people";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../auth/session-user";
import { actorOf } from "../contacts/actions.server";
import { type ApplyEventResult, applyEventInTransaction } from "../contacts/lifecycle.server";
import { formatNhsNumber } from "./nhs-number";
import { formatDate } from "../ui/format";
import type { NewPerson } from "./person-search.schema";

export type ChildToLink = { kind: "existing"; personId: string } | { kind: "new"; person: NewPerson };

export type LinkChildResult = ApplyEventResult & { personId?: string };

const nameOf = (p: { first_name: string | null; last_name: string }) => (p.first_name ? `${p.first_name} ${p.last_name}` : p.last_name);

/** A new LAchildID for the census: "C" and nine letters or digits (1–20 alphanumeric is allowed). */
function newChildId(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return `C${Array.from(crypto.getRandomValues(new Uint8Array(9)), (b) => alphabet[b % alphabet.length]).join("")}`;
}

export async function linkChildToContact(
  db: Kysely<Database>,
  input: {
    user: SessionUser;
    contactId: string;
    /** The contact's version the page was rendered from. */
    expectedVersion: number;
    idempotencyKey: string;
    child: ChildToLink;
    ipAddress: string | null;
    now?: Date;
  },
): Promise<LinkChildResult> {
  const at = (input.now ?? new Date()).toISOString();
  const actor = actorOf(input.user);
  return db.transaction().execute(async (trx) => {
    // People before contacts, as a merge locks them, so a link and a merge never wait on each other in a circle.
    const existing = input.child.kind === "existing" ? await lockPersonForShare(trx, input.child.personId) : undefined;
    const newPersonId = input.child.kind === "new" ? crypto.randomUUID() : null;
    const personId = input.child.kind === "existing" ? input.child.personId : newPersonId!;

    // The record it was about before, kept in the event for the history (the contact stays locked to the end).
    const previousPersonId = (await lockContact(trx, input.contactId))?.person_id ?? null;
    // Who the contact is about is the machine's business (LINK_CHILD): no decision is proposed before it.
    const result = await applyEventInTransaction(trx, {
      contactId: input.contactId,
      expectedVersion: input.expectedVersion,
      idempotencyKey: input.idempotencyKey,
      event: { type: "LINK_CHILD", personId, newPerson: input.child.kind === "new", previousPersonId, at, actor },
      ipAddress: input.ipAddress,
      prepare: async (contact) => {
        if (contact.outcome !== null) {
          return {
            refused:
              "This contact is closed, so the child it is about cannot be changed here. If two person records are the same child, a manager can merge them.",
          };
        }
        if (input.child.kind === "existing") {
          if (!existing) return { refused: "That person record was not found. Search again and choose the child." };
          if (existing.merged_into_id) {
            return {
              refused: `${nameOf(existing)}'s record has been merged into another record, which holds all of their history. Search again and choose that record.`,
            };
          }
          if (contact.person_id === existing.id) return { refused: `This contact is already about ${nameOf(existing)}.` };
          return { columns: { person_id: existing.id } };
        }
        const person = input.child.person;
        if (person.nhsNumber) {
          const holder = await findLivePersonByNhsNumber(trx, person.nhsNumber);
          if (holder) {
            const born = holder.date_of_birth ? ` (born ${formatDate(holder.date_of_birth)})` : "";
            return {
              refused: `The NHS number ${formatNhsNumber(person.nhsNumber)} already belongs to ${nameOf(holder)}${born}. Choose that record instead of creating a new one, or check the number.`,
            };
          }
        }
        return {
          columns: { person_id: newPersonId! },
          write: async () => {
            await insertPerson(trx, {
              id: newPersonId!,
              child_id: newChildId(),
              first_name: person.firstName ?? null,
              last_name: person.lastName,
              date_of_birth: person.dateOfBirth ?? null,
              expected_date_of_birth: person.expectedDateOfBirth ?? null,
              sex: person.sex,
              ethnicity: person.ethnicity ?? null,
              disabilities: person.disabilities ?? [],
              postcode: person.postcode ?? null,
              nhs_number: person.nhsNumber ?? null,
            });
            await recordAudit(trx, {
              actorUserId: actor.id,
              action: "person.created",
              subjectType: "person",
              subjectId: newPersonId!,
              ipAddress: input.ipAddress,
              details: { contactId: contact.id },
            });
          },
        };
      },
    });
    return result.kind === "applied" && !result.replayed ? { ...result, personId } : result;
  });
}

/**
 * The contact as the "find the child" page shows it, read and audited in one transaction (the page
 * shows who the contact is about now). Null when there is no such contact.
 */
export async function viewContactForLinking(db: Kysely<Database>, input: { user: SessionUser; contactId: string; ipAddress: string | null }) {
  return db.transaction().execute(async (trx) => {
    const contact = await findContactForLinking(trx, input.contactId);
    if (!contact) return null;
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: "contact.viewed",
      subjectType: "contact",
      subjectId: contact.id,
      ipAddress: input.ipAddress,
      details: { purpose: "finding the child" },
    });
    return contact;
  });
}
