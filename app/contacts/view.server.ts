/** Reading a contact: every view of a child's record is audited, in the same transaction as the read. */
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import { findContactWithPerson, listContactHistory, listContactInformationRequests, listGroupContacts } from "../../db/queries/contacts";
import type { Database } from "../../db/schema";
import { nextEvents, restoreContactSnapshot } from "../../machines/contact.machine";
import type { SessionUser } from "../auth/lucia.server";
import { decisionDeadline, ENGLAND_AND_WALES_BANK_HOLIDAYS } from "../domain/clocks";

export async function viewContact(db: Kysely<Database>, user: SessionUser, contactId: string, ipAddress: string | null) {
  return db.transaction().execute(async (trx) => {
    const contact = await findContactWithPerson(trx, contactId);
    if (!contact) return null;
    const [history, requests, group] = await Promise.all([
      listContactHistory(trx, contactId),
      listContactInformationRequests(trx, contactId),
      contact.group_id ? listGroupContacts(trx, contact.group_id) : Promise.resolve([]),
    ]);
    await recordAudit(trx, { actorUserId: user.id, action: "contact.viewed", subjectType: "contact", subjectId: contactId, ipAddress });
    const snapshot = restoreContactSnapshot(contact.snapshot);
    const { snapshot: _stored, ...rest } = contact;
    return {
      contact: rest,
      context: snapshot.context,
      history,
      requests,
      siblings: group.filter((g) => g.id !== contactId),
      allowed: nextEvents(snapshot, user.role),
      decisionDue: decisionDeadline(new Date(contact.received_at), ENGLAND_AND_WALES_BANK_HOLIDAYS),
    };
  });
}
