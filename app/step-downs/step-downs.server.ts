/**
 * An early help hub's side of a step-down, as data for the one answer mechanism
 * (answers.server.ts): a hub worker sees and answers only their own hub's step-downs; the page
 * shows the level of need and rationale of the decision the step-down came from; accepting and
 * declining are machine events. Only the contact's current offer can be answered: the machine
 * knows one offer at a time, so an earlier offer the hub declined is refused here.
 */
import type { Kysely } from "kysely";
import { findProposalBefore, findStepDownWithContact, listStepDownsForHub } from "../../db/queries/answers";
import type { Executor } from "../../db/queries/users";
import type { Database } from "../../db/schema";
import type { ContactEvent, ContactSnapshot } from "../../machines/contact.machine";
import type { SessionUser } from "../auth/lucia.server";
import { labelOf, STEP_DOWN_STATUSES } from "../vocabulary";
import { answerSlice, applyAnswer, listAnswers, viewAnswer } from "../answers/answers.server";
import type { StepDownResponse } from "./step-downs";

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

export const stepDowns = answerSlice({
  answerer: { ability: "step-down.answer", scope: "hub", codeOfRow: (row) => row.hub_code },
  audit: { listed: "step_downs.listed", listedIds: "stepDowns", viewed: "step_down.viewed", subjectType: "step_down" },
  list: listStepDownsForHub,
  find: findStepDownWithContact,
  isOpen: (row, snapshot) => row.status === "offered" && isCurrentOffer(row.id, row.contact_id, snapshot),
  answerEvent: "ACCEPT_STEP_DOWN",
  // An earlier offer the hub has answered cannot be answered again (the contact may have a newer offer).
  refuseClosed: (row) => `This step-down has already been answered (${labelOf(STEP_DOWN_STATUSES, row.status).toLowerCase()}).`,
  view: async (row, snapshot, trx) => ({
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
    decision: await decisionOf(trx, row, snapshot),
  }),
  eventOf: (_row, response: StepDownResponse, actor, at): ContactEvent =>
    response.intent === "ACCEPT_STEP_DOWN"
      ? { type: "ACCEPT_STEP_DOWN", leadPractitioner: response.leadPractitioner, at, actor }
      : { type: "DECLINE_STEP_DOWN", reason: response.reason, at, actor },
});

/** One page of the step-downs offered to the worker's own hub (and nothing else); audited. */
export function listHubStepDowns(db: Kysely<Database>, input: { user: SessionUser & { hubCode: string }; page: number; pageSize: number; ipAddress: string | null }) {
  return listAnswers(db, stepDowns, { ...input, code: input.user.hubCode, query: { page: input.page, pageSize: input.pageSize } });
}

/** What the hub needs to decide on the step-down. Every view is audited. */
export function viewStepDown(db: Kysely<Database>, user: SessionUser, stepDownId: string, ipAddress: string | null) {
  return viewAnswer(db, stepDowns, user, stepDownId, ipAddress);
}

/** The hub's answer, applied to the contact as a machine event (with the form's idempotency key). */
export function respondToStepDown(
  db: Kysely<Database>,
  input: { user: SessionUser; stepDownId: string; response: StepDownResponse; ipAddress: string | null; now?: Date },
) {
  const { stepDownId, response, ...rest } = input;
  return applyAnswer(db, stepDowns, { ...rest, id: stepDownId, answer: response });
}
