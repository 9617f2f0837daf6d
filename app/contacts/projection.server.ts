/**
 * Queryable copies of what the machine's snapshot says: the contact's columns (state, outcome,
 * decided_at …), its information requests and its step-downs. Written in the same transaction as
 * the event, always derived from the snapshot, never edited on their own.
 */
import type { Insertable, Updateable } from "kysely";
import type { Executor } from "../../db/executor";
import { upsertProjectedAnswers } from "../../db/queries/answers";
import type { ContactsTable, InformationRequestsTable, StepDownsTable } from "../../db/schema";
import { CONTACT_MACHINE_VERSION, type ContactSnapshot, persistContactSnapshot, stateName } from "../../machines/contact.machine";

export function projectContact(snapshot: ContactSnapshot): Updateable<ContactsTable> {
  const c = snapshot.context;
  const decision = c.decision;
  return {
    state: stateName(snapshot),
    outcome: c.outcome,
    decided_at: c.decidedAt,
    authorised_by: c.outcome === null ? null : c.authorisedBy,
    priority: c.priority,
    consent: c.consent.status,
    // A screener's override request waiting for a manager (issue 12, item 2; migration 0020).
    consent_override_asked_at: c.consent.overrideRequests?.at(-1)?.decision === "pending" ? (c.consent.overrideRequests.at(-1)?.requestedAt ?? null) : null,
    level_of_need: decision?.levelOfNeed ?? null,
    primary_need: decision && "primaryNeed" in decision ? decision.primaryNeed : (c.imported?.primaryNeed ?? null),
    hub_code: decision?.outcome === "early_help" ? decision.hub : null,
    // A referral's census details (migration 0010), from the decision under way or made.
    referral_nfa: decision && "referralNfa" in decision ? decision.referralNfa : null,
    referral_team: decision && "referralTeam" in decision ? decision.referralTeam || null : null,
    referral_worker: decision && "referralWorker" in decision ? decision.referralWorker : null,
    duplicate_of_contact_id: c.outcome === "duplicate" ? c.duplicateOf : null,
    machine_version: CONTACT_MACHINE_VERSION,
    snapshot: JSON.stringify(persistContactSnapshot(snapshot)),
  };
}

function lawfulBasisText(basis: ContactSnapshot["context"]["requests"][string]["lawfulBasis"]): string {
  return basis.kind === "consent" ? "consent" : `override:${basis.reason}${basis.explanation ? `: ${basis.explanation}` : ""}`;
}

/**
 * The partner inbox's order in one number (migration 0017): requests still waiting first, nearest
 * deadline first (epoch milliseconds of the deadline), then the rest, newest answer first.
 */
export function inboxRank(waiting: boolean, request: { dueAt: string; respondedAt: string | null; requestedAt: string }): number {
  if (waiting) return Date.parse(request.dueAt);
  return 2e14 - Date.parse(request.respondedAt ?? request.requestedAt);
}

/**
 * An information request's id: `<contact>:<agency>` for the first request to the agency (as every
 * request was named before agencies could be asked again), `<contact>:<agency>:<n>` for the nth.
 */
export function informationRequestId(contactId: string, agency: string, sequence: number | undefined): string {
  return !sequence || sequence === 1 ? `${contactId}:${agency}` : `${contactId}:${agency}:${sequence}`;
}

/** The information request and step-down rows the snapshot implies. Pure. */
export function projectionRows(contactId: string, snapshot: ContactSnapshot) {
  const c = snapshot.context;
  // The latest request to each agency, and the earlier ones of an agency asked again (never waiting).
  const current = Object.values(c.requests).map((request) => ({ request, latest: true }));
  const earlier = (c.earlierRequests ?? []).map((request) => ({ request, latest: false }));
  const requests: Insertable<InformationRequestsTable>[] = [...earlier, ...current].map(({ request, latest }) => {
    const waiting = latest && request.status === "requested" && c.outcome === null;
    return {
    id: informationRequestId(contactId, request.agency, request.sequence),
    sequence: request.sequence ?? 1,
    question: request.question ?? null,
    shared_summary: request.summary ?? null,
    rag_rationale: request.ragRationale ?? null,
    answer_versions: JSON.stringify((request.versions ?? []).map((v) => ({ status: v.status, rag: v.rag, ragRationale: v.ragRationale, information: v.information ?? v.declineReason, respondedAt: v.respondedAt, respondedBy: v.respondedBy }))),
    contact_id: contactId,
    agency_code: request.agency,
    requested_at: request.requestedAt,
    requested_by: request.requestedBy,
    due_at: request.dueAt,
    lawful_basis: lawfulBasisText(request.lawfulBasis),
    status: request.status,
    rag: request.rag,
    information: request.information ?? request.declineReason,
    responded_at: request.respondedAt,
    responded_by: request.respondedBy,
    overdue_at: request.overdueAt,
    // Withdrawn by the MASH before it was answered (decision 028).
    withdrawn_at: request.withdrawal?.at ?? null,
    withdrawn_by: request.withdrawal?.by ?? null,
    withdrawal_reason: request.withdrawal?.reason ?? null,
    withdrawal_explanation: request.withdrawal?.explanation ?? null,
    waiting,
    inbox_rank: inboxRank(waiting, request),
    };
  });

  const stepDowns: Insertable<StepDownsTable>[] = c.stepDownDeclines.map((d) => ({
    id: `${contactId}:${d.offeredAt}`,
    contact_id: contactId,
    hub_code: d.hub,
    offered_at: d.offeredAt,
    status: "declined",
    responded_at: d.declinedAt,
    responded_by: d.declinedBy,
    lead_practitioner: null,
    decline_reason: d.reason,
  }));
  if (c.stepDownOfferedAt && c.decision?.outcome === "early_help") {
    const episode = c.earlyHelpEpisode;
    stepDowns.push({
      id: `${contactId}:${c.stepDownOfferedAt}`,
      contact_id: contactId,
      hub_code: c.decision.hub,
      offered_at: c.stepDownOfferedAt,
      status: episode ? "accepted" : "offered",
      responded_at: episode?.startedAt ?? null,
      responded_by: episode?.acceptedBy ?? null,
      lead_practitioner: episode?.leadPractitioner ?? null,
      decline_reason: null,
    });
  }
  return { requests, stepDowns };
}

/** Brings the contact's information requests and step-downs in line with the snapshot. */
export async function syncProjections(trx: Executor, contactId: string, snapshot: ContactSnapshot): Promise<void> {
  await upsertProjectedAnswers(trx, projectionRows(contactId, snapshot));
}
