/**
 * A partner agency's side of an information request, as data for the one answer mechanism
 * (answers.server.ts): a partner sees and answers only their own agency's requests, and only while
 * the contact is open; the page shows what the partner needs to know (information-request-view.server.ts);
 * each of the three answers is its machine event. The machine refuses a second answer; a correction
 * is an answer marked as one, and keeps the answer it replaces.
 */
import type { Kysely } from "kysely";
import { findInformationRequestWithContact, type InboxQuery, listInformationRequestsForAgency } from "../../db/queries/answers";
import type { Database } from "../../db/schema";
import type { ContactEvent, ContactSnapshot } from "../../machines/contact.machine";
import { informationRequestView } from "./information-request-view.server";
import type { SessionUser } from "../auth/lucia.server";
import { notifyAnswerArrived } from "../notifications/notify.server";
import { answerSlice, applyAnswer, listAnswers, viewAnswer } from "../answers/answers.server";
import type { InformationResponse } from "./information-requests";
import type { AnswerGone } from "../answers/answers";
import { labelOf } from "../vocabulary/term";
import { REQUEST_WITHDRAWAL_REASONS } from "../vocabulary/statuses";

/** The request to this row's agency the contact holds now (the latest; asking again makes a new one). */
function isLatest(row: { agency_code: string; sequence: number }, snapshot: ContactSnapshot): boolean {
  return (snapshot.context.requests[row.agency_code]?.sequence ?? 1) === row.sequence;
}

/**
 * Need to know (issue 12, item 3): a partner no longer opens a request on a closed contact, nor one
 * withdrawn — by the MASH, with its reason (decision 028), or, recorded before that, an unanswered
 * request replaced by asking the agency again.
 */
export function requestHidden(row: { agency_code: string; sequence: number; status: string; outcome: string | null }, snapshot: ContactSnapshot): boolean {
  const closed = row.outcome !== null;
  const withdrawn = row.status === "withdrawn" || (row.status === "requested" && !isLatest(row, snapshot));
  return closed || withdrawn;
}

/**
 * What the agency's own partner is told about its request they can no longer open (still a 404):
 * the MASH withdrew it (when, and the reason's label; not who nor the free-text explanation), the
 * contact is closed, or the agency was asked again.
 */
export function requestGoneNotice(
  row: { agency_code: string; sequence: number; status: string; outcome: string | null; withdrawn_at: Date | string | null; withdrawal_reason: string | null },
  snapshot: ContactSnapshot,
): AnswerGone {
  if (row.status === "withdrawn") {
    const at = row.withdrawn_at ? new Date(row.withdrawn_at).toISOString() : null;
    // "Other (explain)" is the MASH's form label; the explanation itself stays in the MASH's record.
    const reason = row.withdrawal_reason === "other" ? "Other" : labelOf(REQUEST_WITHDRAWAL_REASONS, row.withdrawal_reason);
    return { title: "The MASH withdrew this request", body: `Reason: ${reason}. The MASH no longer needs an answer to it.`, at };
  }
  if (row.outcome !== null) return { title: "The MASH has closed this contact", body: "The MASH no longer needs an answer to this request.", at: null };
  if (row.status === "requested" && !isLatest(row, snapshot)) {
    return { title: "The MASH has sent your agency a newer request", body: "This request was replaced by a newer one. Answer the newer request in your list of information requests.", at: null };
  }
  return { title: "This request can no longer be answered", body: "The MASH no longer needs an answer to it.", at: null };
}

export const informationRequests = answerSlice({
  answerer: { ability: "information-request.answer", scope: "agency", codeOfRow: (row) => row.agency_code },
  audit: { listed: "information_requests.listed", listedIds: "requests", viewed: "information_request.viewed", subjectType: "information_request" },
  list: listInformationRequestsForAgency,
  find: findInformationRequestWithContact,
  hidden: requestHidden,
  goneNotice: requestGoneNotice,
  isOpen: (row, snapshot) => row.status === "requested" && isLatest(row, snapshot),
  answerEvent: "PARTNER_INFORMATION_RETURNED",
  view: (row, snapshot, db) => informationRequestView(row, snapshot, db),
  // The screener who asked (and the worker the contact is allocated to) is told the answer arrived.
  afterAnswer: (trx, row, at) => notifyAnswerArrived(trx, row.id, at),
  eventOf: (row, response: InformationResponse, actor, at): ContactEvent => {
    const agency = row.agency_code;
    const correction = response.correction === "yes" ? { correction: true } : {};
    switch (response.intent) {
      case "PARTNER_INFORMATION_RETURNED":
        return {
          type: response.intent,
          agency,
          rag: response.rag,
          information: response.information,
          ...(response.ragRationale ? { ragRationale: response.ragRationale } : {}),
          ...correction,
          at,
          actor,
        };
      case "PARTNER_NOTHING_KNOWN":
        return { type: response.intent, agency, ...(response.information ? { information: response.information } : {}), ...correction, at, actor };
      case "PARTNER_DECLINED":
        return { type: response.intent, agency, reason: response.reason, ...correction, at, actor };
    }
  },
});

/** One page of the requests sent to the partner's own agency (and nothing else), with its counts; audited. */
export async function listAgencyInformationRequests(
  db: Kysely<Database>,
  input: { user: SessionUser & { agencyCode: string }; page: number; pageSize: number; ipAddress: string | null } & Partial<Pick<InboxQuery, "show" | "search" | "after" | "now">>,
) {
  const query: InboxQuery = { show: input.show ?? "all", search: input.search ?? null, after: input.after ?? null, pageSize: input.pageSize, now: input.now ?? new Date() };
  const list = await listAnswers(db, informationRequests, { user: input.user, page: input.page, ipAddress: input.ipAddress, code: input.user.agencyCode, query });
  // A request the MASH withdrew is listed, as withdrawn, but no longer opened (decision 028).
  return { ...list, rows: list.rows.map((r) => ({ ...r, closed: r.closed || r.status === "withdrawn" })) };
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
