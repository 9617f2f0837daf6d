/**
 * A partner agency's side of an information request, as data for the one answer mechanism
 * (answers.server.ts): a partner sees and answers only their own agency's requests; the page shows
 * the request, the contact's priority and concern and the lawful basis for sharing; each of the
 * three answers is its machine event. The machine itself refuses a second answer.
 */
import type { Kysely } from "kysely";
import { findInformationRequestWithContact, type InboxQuery, listInformationRequestsForAgency } from "../../db/queries/answers";
import type { Database } from "../../db/schema";
import type { ContactEvent } from "../../machines/contact.machine";
import type { LawfulBasis } from "../../machines/contact.types";
import type { SessionUser } from "../auth/lucia.server";
import { notifyAnswerArrived } from "../notifications/notify.server";
import { answerSlice, applyAnswer, listAnswers, viewAnswer } from "../answers/answers.server";
import type { InformationResponse } from "./information-requests";

export const informationRequests = answerSlice({
  answerer: { role: "partner", scope: "agency", codeOf: (user) => user.agencyCode, codeOfRow: (row) => row.agency_code },
  audit: { listed: "information_requests.listed", listedIds: "requests", viewed: "information_request.viewed", subjectType: "information_request" },
  list: listInformationRequestsForAgency,
  find: findInformationRequestWithContact,
  isOpen: (row) => row.status === "requested",
  answerEvent: "PARTNER_INFORMATION_RETURNED",
  view: (row, snapshot) => {
    const lawfulBasis: LawfulBasis = snapshot.context.requests[row.agency_code]?.lawfulBasis ?? { kind: "consent" };
    const override = snapshot.context.consent.override;
    return {
      request: {
        id: row.id,
        agencyCode: row.agency_code,
        agencyName: row.agency_name,
        requestedAt: row.requested_at,
        dueAt: row.due_at,
        status: row.status,
        rag: row.rag,
        information: row.information,
        respondedAt: row.responded_at,
      },
      contact: {
        reference: row.reference,
        priority: row.priority,
        concern: row.concern,
        /** The contact's version the answer forms are rendered from. */
        version: row.version,
      },
      lawfulBasis: {
        kind: lawfulBasis.kind,
        reason: lawfulBasis.kind === "override" ? lawfulBasis.reason : null,
        explanation: lawfulBasis.kind === "override" ? lawfulBasis.explanation : null,
        authorisedAt: lawfulBasis.kind === "override" ? (override?.authorisedAt ?? null) : null,
      },
    };
  },
  // The screener who asked (and the worker the contact is allocated to) is told the answer arrived.
  afterAnswer: (trx, row, at) => notifyAnswerArrived(trx, row.id, at),
  eventOf: (row, response: InformationResponse, actor, at): ContactEvent => {
    const agency = row.agency_code;
    switch (response.intent) {
      case "PARTNER_INFORMATION_RETURNED":
        return { type: response.intent, agency, rag: response.rag, information: response.information, at, actor };
      case "PARTNER_NOTHING_KNOWN":
        return { type: response.intent, agency, ...(response.information ? { information: response.information } : {}), at, actor };
      case "PARTNER_DECLINED":
        return { type: response.intent, agency, reason: response.reason, at, actor };
    }
  },
});

/** One page of the requests sent to the partner's own agency (and nothing else), with its counts; audited. */
export function listAgencyInformationRequests(
  db: Kysely<Database>,
  input: { user: SessionUser & { agencyCode: string }; page: number; pageSize: number; ipAddress: string | null } & Partial<Pick<InboxQuery, "show" | "search" | "after" | "now">>,
) {
  const query: InboxQuery = { show: input.show ?? "all", search: input.search ?? null, after: input.after ?? null, pageSize: input.pageSize, now: input.now ?? new Date() };
  return listAnswers(db, informationRequests, { user: input.user, page: input.page, ipAddress: input.ipAddress, code: input.user.agencyCode, query });
}

/** What the partner needs to answer the request, and nothing more. Every view is audited. */
export function viewInformationRequest(db: Kysely<Database>, user: SessionUser, requestId: string, ipAddress: string | null) {
  return viewAnswer(db, informationRequests, user, requestId, ipAddress);
}

/** A partner's answer, applied to the contact as a machine event (with the form's idempotency key). */
export function respondToInformationRequest(
  db: Kysely<Database>,
  input: { user: SessionUser; requestId: string; response: InformationResponse; ipAddress: string | null; now?: Date },
) {
  const { requestId, response, ...rest } = input;
  return applyAnswer(db, informationRequests, { ...rest, id: requestId, answer: response });
}
