/**
 * An early help hub's side of a step-down: reading it (audited, in the same transaction as the read)
 * and accepting or declining it (a machine event applied through the lifecycle service). A hub
 * worker sees and answers only their own hub's step-downs; the service refuses anyone else.
 */
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import { findEventByIdempotencyKey } from "../../db/queries/contact-events";
import { findProposalBefore, findStepDownWithContact, listStepDownsForHub } from "../../db/queries/contacts";
import type { Executor } from "../../db/queries/users";
import type { Database } from "../../db/schema";
import { type ContactEvent, type ContactSnapshot, nextEvents, restoreContactSnapshot, stateName } from "../../machines/contact.machine";
import type { SessionUser } from "../auth/lucia.server";
import { actorOf } from "../contacts/actions.server";
import { type ApplyEventResult, applyAnswerInTransaction } from "../contacts/lifecycle.server";
import { labelOf, STEP_DOWN_STATUSES } from "../vocabulary";
import type { StepDownResponse } from "../validation/partner-responses";

export type StepDownAccess = { kind: "not_found" } | { kind: "forbidden" };

function isHubWorkerOf(user: SessionUser, hubCode: string): boolean {
  return user.role === "early_help" && user.hubCode !== null && user.hubCode === hubCode;
}

/** The row is the contact's current offer (not an earlier one the hub declined). */
function isCurrentOffer(stepDownId: string, contactId: string, snapshot: ContactSnapshot): boolean {
  const offeredAt = snapshot.context.stepDownOfferedAt;
  return offeredAt !== null && `${contactId}:${offeredAt}` === stepDownId;
}

/** The level of need and rationale of the decision this step-down came from. */
async function decisionOf(trx: Executor, row: { id: string; contact_id: string; offered_at: Date }, snapshot: ContactSnapshot) {
  const decision = snapshot.context.decision;
  if (isCurrentOffer(row.id, row.contact_id, snapshot) && decision?.outcome === "early_help") {
    return { levelOfNeed: decision.levelOfNeed as number, rationale: decision.rationale };
  }
  // An earlier offer the hub declined: its decision was cleared when it bounced back, so read the proposal it came from.
  const proposal = await findProposalBefore(trx, row.contact_id, row.offered_at);
  const payload = (proposal?.payload ?? {}) as { levelOfNeed?: unknown; rationale?: unknown };
  return {
    levelOfNeed: typeof payload.levelOfNeed === "number" ? payload.levelOfNeed : null,
    rationale: typeof payload.rationale === "string" ? payload.rationale : null,
  };
}

/**
 * One page of the step-downs offered to the worker's own hub (and nothing else). Hubs work outside
 * the MASH: which contacts the list showed is audited, in the same transaction as the read.
 */
export async function listHubStepDowns(
  db: Kysely<Database>,
  input: { user: SessionUser & { hubCode: string }; page: number; pageSize: number; ipAddress: string | null },
) {
  return db.transaction().execute(async (trx) => {
    const result = await listStepDownsForHub(trx, input.user.hubCode, { page: input.page, pageSize: input.pageSize });
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: "step_downs.listed",
      subjectType: "hub",
      subjectId: input.user.hubCode,
      ipAddress: input.ipAddress,
      details: { page: input.page, contacts: result.rows.map((r) => r.contact_id), stepDowns: result.rows.map((r) => r.id) },
    });
    return result;
  });
}

/** What the hub needs to decide on the step-down. Every view is audited. */
export async function viewStepDown(db: Kysely<Database>, user: SessionUser, stepDownId: string, ipAddress: string | null) {
  return db.transaction().execute(async (trx) => {
    const row = await findStepDownWithContact(trx, stepDownId);
    if (!row) return { kind: "not_found" } as const;
    if (!isHubWorkerOf(user, row.hub_code)) return { kind: "forbidden" } as const;
    await recordAudit(trx, {
      actorUserId: user.id,
      action: "step_down.viewed",
      subjectType: "step_down",
      subjectId: row.id,
      ipAddress,
      details: { contactId: row.contact_id, hub: row.hub_code },
    });
    const snapshot = restoreContactSnapshot(row.snapshot);
    const current = isCurrentOffer(row.id, row.contact_id, snapshot);
    return {
      kind: "found" as const,
      stepDown: {
        id: row.id,
        hubCode: row.hub_code,
        hubName: row.hub_name,
        offeredAt: row.offered_at,
        status: row.status,
        respondedAt: row.responded_at,
        leadPractitioner: row.lead_practitioner,
        declineReason: row.decline_reason,
      },
      contact: { reference: row.reference, version: row.version },
      child: { first_name: row.first_name, last_name: row.last_name, date_of_birth: row.date_of_birth, postcode: row.postcode },
      decision: await decisionOf(trx, row, snapshot),
      /** The offer is waiting for this hub's answer. */
      canAnswer: row.status === "offered" && current && nextEvents(snapshot, "early_help").includes("ACCEPT_STEP_DOWN"),
    };
  });
}

export type StepDownResponseResult = Exclude<ApplyEventResult, { kind: "stale" }> | StepDownAccess;

/** The hub's answer, applied to the contact as a machine event (with the contact's version and the form's idempotency key). */
export async function respondToStepDown(
  db: Kysely<Database>,
  input: { user: SessionUser; stepDownId: string; response: StepDownResponse; ipAddress: string | null; now?: Date },
): Promise<StepDownResponseResult> {
  const at = (input.now ?? new Date()).toISOString();
  const actor = actorOf(input.user);
  const response = input.response;
  return db.transaction().execute(async (trx) => {
    const row = await findStepDownWithContact(trx, input.stepDownId);
    if (!row) return { kind: "not_found" } as const;
    if (!isHubWorkerOf(input.user, row.hub_code)) return { kind: "forbidden" } as const;
    const snapshot = restoreContactSnapshot(row.snapshot);
    // An earlier offer the hub has answered cannot be answered again (the contact may have a newer offer).
    // A repeated submission goes through, to be answered as the first was.
    const repeated = await findEventByIdempotencyKey(trx, response.idempotencyKey);
    if (!repeated && (row.status !== "offered" || !isCurrentOffer(row.id, row.contact_id, snapshot))) {
      const status = labelOf(STEP_DOWN_STATUSES, row.status).toLowerCase();
      return { kind: "refused", reason: `This step-down has already been answered (${status}).`, version: row.version, state: stateName(snapshot) } as const;
    }
    return applyAnswerInTransaction(trx, {
      contactId: row.contact_id,
      idempotencyKey: response.idempotencyKey,
      event: eventOf(response, actor, at),
      ipAddress: input.ipAddress,
    });
  });
}

function eventOf(response: StepDownResponse, actor: ContactEvent["actor"], at: string): ContactEvent {
  return response.intent === "ACCEPT_STEP_DOWN"
    ? { type: "ACCEPT_STEP_DOWN", leadPractitioner: response.leadPractitioner, at, actor }
    : { type: "DECLINE_STEP_DOWN", reason: response.reason, at, actor };
}
