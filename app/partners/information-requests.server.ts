/**
 * A partner agency's side of an information request: reading it (audited, in the same transaction
 * as the read) and answering it (a machine event applied through the lifecycle service). A partner
 * sees and answers only their own agency's requests; the service refuses anyone else, whatever the
 * route in front of it does.
 */
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import { findInformationRequestWithContact, listInformationRequestsForAgency } from "../../db/queries/contacts";
import type { Database } from "../../db/schema";
import { type ContactEvent, nextEvents, restoreContactSnapshot } from "../../machines/contact.machine";
import type { LawfulBasis } from "../../machines/contact.types";
import type { SessionUser } from "../auth/lucia.server";
import { actorOf } from "../contacts/actions.server";
import { type ApplyEventResult, applyAnswerInTransaction } from "../contacts/lifecycle.server";
import type { InformationResponse } from "../validation/partner-responses";

export type InformationRequestAccess = { kind: "not_found" } | { kind: "forbidden" };

function mayAnswerFor(user: SessionUser, agencyCode: string): boolean {
  return user.role === "partner" && user.agencyCode !== null && user.agencyCode === agencyCode;
}

/**
 * One page of the requests sent to the partner's own agency (and nothing else). Partners work
 * outside the MASH: which contacts the list showed is audited, in the same transaction as the read.
 */
export async function listAgencyInformationRequests(
  db: Kysely<Database>,
  input: { user: SessionUser & { agencyCode: string }; page: number; pageSize: number; ipAddress: string | null },
) {
  return db.transaction().execute(async (trx) => {
    const result = await listInformationRequestsForAgency(trx, input.user.agencyCode, { page: input.page, pageSize: input.pageSize });
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: "information_requests.listed",
      subjectType: "agency",
      subjectId: input.user.agencyCode,
      ipAddress: input.ipAddress,
      details: { page: input.page, contacts: result.rows.map((r) => r.contact_id), requests: result.rows.map((r) => r.id) },
    });
    return result;
  });
}

/** What the partner needs to answer the request, and nothing more. Every view is audited. */
export async function viewInformationRequest(db: Kysely<Database>, user: SessionUser, requestId: string, ipAddress: string | null) {
  return db.transaction().execute(async (trx) => {
    const row = await findInformationRequestWithContact(trx, requestId);
    if (!row) return { kind: "not_found" } as const;
    if (!mayAnswerFor(user, row.agency_code)) return { kind: "forbidden" } as const;
    await recordAudit(trx, {
      actorUserId: user.id,
      action: "information_request.viewed",
      subjectType: "information_request",
      subjectId: row.id,
      ipAddress,
      details: { contactId: row.contact_id, agency: row.agency_code },
    });
    const snapshot = restoreContactSnapshot(row.snapshot);
    const request = snapshot.context.requests[row.agency_code];
    const lawfulBasis: LawfulBasis = request?.lawfulBasis ?? { kind: "consent" };
    const override = snapshot.context.consent.override;
    const allowed = nextEvents(snapshot, "partner");
    return {
      kind: "found" as const,
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
      child: { first_name: row.first_name, last_name: row.last_name, date_of_birth: row.date_of_birth, postcode: row.postcode },
      lawfulBasis: {
        kind: lawfulBasis.kind,
        reason: lawfulBasis.kind === "override" ? lawfulBasis.reason : null,
        explanation: lawfulBasis.kind === "override" ? lawfulBasis.explanation : null,
        authorisedAt: lawfulBasis.kind === "override" ? (override?.authorisedAt ?? null) : null,
      },
      /** The request is waiting for this partner's answer and the contact can still take one. */
      canAnswer: row.status === "requested" && allowed.includes("PARTNER_INFORMATION_RETURNED"),
    };
  });
}

export type InformationResponseResult = Exclude<ApplyEventResult, { kind: "stale" }> | InformationRequestAccess;

/** A partner's answer, applied to the contact as a machine event (with the contact's version and the form's idempotency key). */
export async function respondToInformationRequest(
  db: Kysely<Database>,
  input: { user: SessionUser; requestId: string; response: InformationResponse; ipAddress: string | null; now?: Date },
): Promise<InformationResponseResult> {
  const at = (input.now ?? new Date()).toISOString();
  const actor = actorOf(input.user);
  const response = input.response;
  return db.transaction().execute(async (trx) => {
    const row = await findInformationRequestWithContact(trx, input.requestId);
    if (!row) return { kind: "not_found" } as const;
    if (!mayAnswerFor(input.user, row.agency_code)) return { kind: "forbidden" } as const;
    const agency = row.agency_code;
    let event: ContactEvent;
    switch (response.intent) {
      case "PARTNER_INFORMATION_RETURNED":
        event = { type: response.intent, agency, rag: response.rag, information: response.information, at, actor };
        break;
      case "PARTNER_NOTHING_KNOWN":
        event = { type: response.intent, agency, ...(response.information ? { information: response.information } : {}), at, actor };
        break;
      case "PARTNER_DECLINED":
        event = { type: response.intent, agency, reason: response.reason, at, actor };
        break;
    }
    return applyAnswerInTransaction(trx, {
      contactId: row.contact_id,
      idempotencyKey: response.idempotencyKey,
      event,
      ipAddress: input.ipAddress,
    });
  });
}
