/**
 * Telling people about an information request, in the transaction of what happened: the partner
 * agency before its deadline, and the screener (who asked, and the worker the contact is allocated
 * to) when a return arrives or the deadline passes. Each person is told once per happening (the
 * `event_key`); e-mail follows from the e-mail job when SMTP is configured.
 */
import { findRequestForNotice, insertNotifications, listAgencyUsers, activeUserIds } from "../../db/queries/notifications";
import type { Executor } from "../../db/executor";
import type { NotificationKind } from "../../db/schema";
import type { NotificationDetails } from "./notifications";

/** The happening a reminder is about: this request with this deadline (asked again, a new deadline is a new reminder). */
export function eventKey(kind: NotificationKind, requestId: string, at: Date | string): string {
  return `${kind}:${requestId}:${new Date(at).getTime()}`;
}

async function notifyAboutRequest(
  trx: Executor,
  input: { kind: NotificationKind; requestId: string; now: Date; key: Date | string | null; to: "agency" | "mash" },
): Promise<number> {
  const request = await findRequestForNotice(trx, input.requestId);
  if (!request) return 0;
  const userIds =
    input.to === "agency"
      ? (await listAgencyUsers(trx, request.agency_code)).map((u) => u.id)
      : await activeUserIds(trx, [request.requested_by, request.allocated_to]);
  const details: NotificationDetails = {
    reference: request.reference,
    agencyName: request.agency_name,
    dueAt: new Date(request.due_at).toISOString(),
    path: input.to === "agency" ? `/information-requests/${encodeURIComponent(request.id)}` : `/contacts/${encodeURIComponent(request.contact_id)}`,
  };
  const key = eventKey(input.kind, request.id, input.key ?? request.due_at);
  return insertNotifications(
    trx,
    userIds.map((userId) => ({ userId, kind: input.kind, eventKey: key, contactId: request.contact_id, requestId: request.id, details: { ...details }, at: input.now })),
  );
}

/** The agency's partners: their request is due soon. */
export function notifyDeadlineNear(trx: Executor, requestId: string, now: Date) {
  return notifyAboutRequest(trx, { kind: "partner_deadline_near", requestId, now, key: null, to: "agency" });
}

/** The screener: the agency's deadline passed without an answer. */
export function notifyDeadlinePassed(trx: Executor, requestId: string, now: Date) {
  return notifyAboutRequest(trx, { kind: "partner_deadline_passed", requestId, now, key: null, to: "mash" });
}

/** The screener: the agency answered (`answeredAt` names the answer). */
export function notifyAnswerArrived(trx: Executor, requestId: string, answeredAt: Date) {
  return notifyAboutRequest(trx, { kind: "partner_answer_arrived", requestId, now: answeredAt, key: answeredAt, to: "mash" });
}
