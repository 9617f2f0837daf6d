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
import type { Executor } from "../../db/executor";
import { userDisplayNames } from "../../db/queries/contacts/consent-overrides";
import type { ContactContext } from "../../machines/contact.types";
import { labelOf, CONSENT_OVERRIDE_REASONS, CONSENT_PURPOSES, CONSENT_STATUSES } from "../vocabulary";
import { stateLabel } from "./labels";
import { ageWords, type Chase, contactFlags, nextAction, partnerReturns, type RequestRow, withdrawalsOf } from "./workspace";

/**
 * What the workspace shows beside the contact's own rows (issue 11 "Design", issue 12 items 2 and 5):
 * the summary band, the partners' returns side by side, consent with every answer and override asked
 * for, and the next action for this user's role.
 */
async function workspaceView(
  trx: Executor,
  input: {
    contact: { state: string; priority: string | null; immediate_risk: boolean; date_of_birth?: string | Date | null; expected_date_of_birth?: string | Date | null; allocated_to_name?: string | null; referral_consent?: string | null };
    context: ContactContext;
    history: { type: string; payload: unknown; at: Date | string; actor_name: string | null }[];
    requests: readonly RequestRow[];
    marks: { earlierContacts: string[]; earlierReferrals: string[]; referred: boolean } | null;
    allowed: readonly string[];
    now: Date;
  },
) {
  const { contact, context, now } = input;
  const chases: Chase[] = input.history
    .filter((e) => e.type === "PARTNER_CHASED")
    .map((e) => {
      const payload = e.payload as { agency?: string; note?: string };
      return { agency: payload.agency ?? "", at: new Date(e.at).toISOString(), by: e.actor_name, note: payload.note ?? null };
    });
  const overrideRequests = context.consent.overrideRequests ?? [];
  const answers = context.consent.answers ?? [];
  const names = await userDisplayNames(trx, [
    ...overrideRequests.flatMap((r) => [r.requestedBy, r.decidedBy ?? ""]),
    ...answers.map((a) => a.by ?? ""),
    context.consent.override?.authorisedBy ?? "",
    ...Object.values(context.requests).map((r) => r.withdrawal?.by ?? ""),
  ]);
  const nameOf = (id: string | null | undefined) => (id ? (names.get(id) ?? "a MASH worker") : null);
  const pending = overrideRequests.at(-1)?.decision === "pending" ? overrideRequests.at(-1)! : null;
  return {
    summary: {
      age: ageWords(contact.date_of_birth ?? null, contact.expected_date_of_birth ?? null, now),
      state: contact.state,
      stateLabel: stateLabel(contact.state),
      priority: contact.priority,
      allocatedTo: contact.allocated_to_name ?? null,
      flags: contactFlags({
        immediateRisk: contact.immediate_risk || context.immediateRisk !== null || contact.state === "immediate_risk",
        repeat: Boolean(input.marks?.earlierContacts.length),
        reReferral: input.marks?.earlierReferrals.length ? (input.marks.referred ? "referred" : "would-be") : null,
        bounceBacks: context.bounceBacks,
        overrideWaiting: pending !== null,
      }),
    },
    partners: partnerReturns(input.requests, chases, now, withdrawalsOf(context, (id) => nameOf(id))),
    proceeded: context.proceededWithoutInformation
      ? { at: context.proceededWithoutInformation.at, reason: context.proceededWithoutInformation.reason }
      : null,
    consent: {
      status: context.consent.status ?? contact.referral_consent ?? null,
      statusLabel: (context.consent.status ?? contact.referral_consent) ? labelOf(CONSENT_STATUSES, context.consent.status ?? contact.referral_consent) : "Not recorded",
      answers: answers.map((a) => ({
        at: a.at,
        status: labelOf(CONSENT_STATUSES, a.status),
        purpose: labelOf(CONSENT_PURPOSES, a.purpose),
        by: a.by ? nameOf(a.by) : "the referrer, at intake",
      })),
      override: context.consent.override
        ? {
            reason: labelOf(CONSENT_OVERRIDE_REASONS, context.consent.override.reason),
            explanation: context.consent.override.explanation,
            authorisedBy: nameOf(context.consent.override.authorisedBy),
            authorisedAt: context.consent.override.authorisedAt,
            comments: context.consent.override.comments ?? null,
          }
        : null,
      overrideRequests: overrideRequests.map((r) => ({
        reason: labelOf(CONSENT_OVERRIDE_REASONS, r.reason),
        explanation: r.explanation,
        askedBy: nameOf(r.requestedBy),
        askedAt: r.requestedAt,
        decision: r.decision,
        decidedBy: nameOf(r.decidedBy),
        decidedAt: r.decidedAt,
        comments: r.comments,
      })),
      pending: pending ? { askedBy: nameOf(pending.requestedBy), reason: labelOf(CONSENT_OVERRIDE_REASONS, pending.reason), explanation: pending.explanation } : null,
    },
    nextAction: nextAction(input.allowed, context, contact.state),
  };
}
import { agencyAndHubChoicesAndNames } from "../agencies/agencies.server";

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
    const { agencies, hubs, names } = await agencyAndHubChoicesAndNames(trx);
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
    const allowed = nextEvents(snapshot, user.role);
    const workspace = await workspaceView(trx, { contact, context: snapshot.context, history, requests, marks, allowed, now: new Date() });
    return {
      workspace,
      contact: rest,
      context: snapshot.context,
      history,
      requests,
      siblings: group.filter((g) => g.id !== contactId),
      chronology: chronology ? { contacts: chronology.contacts, merges: chronology.merges } : null,
      marks,
      allowed,
      choices: { agencies, hubs },
      names,
      // Stored when the contact is received, from the bank holidays the administrator keeps.
      decisionDue: contact.decision_due_at ?? decisionDeadline(new Date(contact.received_at), ENGLAND_AND_WALES_BANK_HOLIDAYS),
    };
  });
}
