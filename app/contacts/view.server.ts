/** Reading a contact: every view of a child's record is audited, in the same transaction as the read. */
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import { findContactWithPerson, listChronologyDetails, listContactHistory, listContactInformationRequests, listGroupContacts } from "../../db/queries/contacts/contacts";
import { listPersonChronology } from "../../db/queries/people";
import type { Database } from "../../db/schema";
import { nextEvents, restoreContactSnapshot } from "../../machines/contact.machine";
import type { SessionUser } from "../auth/session-user";
import { decisionDeadline, ENGLAND_AND_WALES_BANK_HOLIDAYS } from "../clocks/clocks";
import { childLookBack } from "../../db/queries/measures/measures";
import { agencyAndHubNames, agencyChoices, hubChoices } from "../agencies/agencies.server";

/**
 * The child's story, told once: every contact about the child (this one included) with its
 * partners' returns and step-downs, each marked as a repeat contact / re-referral by MEASURES.md —
 * by the measures' own SQL (db/queries/measures/measures.ts), so the page and the figures cannot disagree —
 * and the merges of duplicate records.
 */
async function childChronology(trx: Parameters<typeof listPersonChronology>[0], personId: string, now: Date) {
  const chronology = await listPersonChronology(trx, personId);
  const ids = chronology.contacts.map((c) => c.id);
  const [details, lookBack] = await Promise.all([listChronologyDetails(trx, ids), childLookBack(trx, chronology.personIds, now)]);
  const flags = new Map(lookBack.contacts.map((c) => [c.id, c]));
  const contacts = chronology.contacts.map((c) => ({
    ...c,
    repeat: flags.get(c.id)?.repeat ?? false,
    reReferral: (flags.get(c.id)?.earlier_referrals ?? 0) > 0,
    returns: details.returns.filter((r) => r.contact_id === c.id),
    stepDowns: details.stepDowns.filter((s) => s.contact_id === c.id),
  }));
  return { contacts, merges: chronology.merges, lookBack };
}

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
    // Agencies and hubs are data: the forms offer those in use, the history names every one.
    const [agencies, hubs, names] = [await agencyChoices(trx), await hubChoices(trx), await agencyAndHubNames(trx)];
    const snapshot = restoreContactSnapshot(contact.snapshot);
    const chronology = contact.person_id ? await childChronology(trx, contact.person_id, new Date()) : null;
    const me = chronology?.lookBack.contacts.find((c) => c.id === contactId);
    const referenceOf = (id: string) => chronology!.contacts.find((x) => x.id === id)?.reference ?? id;
    // The marks for this contact, the moment its child is linked (a duplicate has none: it is never counted).
    const marks = me && chronology
      ? {
          earlierContacts: (chronology.lookBack.earlierContacts.get(me.id) ?? []).map(referenceOf),
          earlierReferrals: (me.is_referral
            ? (chronology.lookBack.earlierReferrals.get(me.id) ?? [])
            : me.outcome === null
              ? // Not decided yet: a referral made now would be a re-referral if one was made in the last twelve months.
                chronology.lookBack.referralsBeforeNow
              : []
          ).map(referenceOf),
          referred: me.is_referral,
        }
      : null;
    const { snapshot: _stored, ...rest } = contact;
    return {
      contact: rest,
      context: snapshot.context,
      history,
      requests,
      siblings: group.filter((g) => g.id !== contactId),
      chronology: chronology ? { contacts: chronology.contacts, merges: chronology.merges } : null,
      marks,
      allowed: nextEvents(snapshot, user.role),
      choices: { agencies, hubs },
      names,
      // Stored when the contact is received, from the bank holidays the administrator keeps.
      decisionDue: contact.decision_due_at ?? decisionDeadline(new Date(contact.received_at), ENGLAND_AND_WALES_BANK_HOLIDAYS),
    };
  });
}
