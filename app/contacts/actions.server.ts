/**
 * Turning a submitted contact form into a machine event and applying it: one transaction that locks
 * the contact, builds the event from the form and the contact as it is (e.g. partners' deadlines from
 * its priority), and applies it through the lifecycle service.
 */
import type { Kysely } from "kysely";
import { lockContact } from "../../db/queries/contacts/contact-events";
import { findContactIdByReference, findContactReference } from "../../db/queries/contacts/contacts";
import type { Database } from "../../db/schema";
import { type Actor, type ContactEvent, restoreContactSnapshot } from "../../machines/contact.machine";
import type { SessionUser } from "../auth/session-user";
import type { FieldErrors } from "../ui/form";
import { partnerDeadline } from "../clocks/clocks";
import { loadClockSettings } from "../clocks/clock-settings.server";
import { isReferralOutcome } from "../vocabulary";
import { agenciesNotInUse, hubInUse } from "../agencies/agencies.server";
import type { ContactAction } from "./contact-actions.schema";
import { type ApplyEventResult, applyEventInTransaction, recordContactChangeInTransaction } from "./lifecycle.server";
import type { Executor } from "../../db/executor";

export type ContactActionResult = ApplyEventResult | { kind: "invalid"; errors: FieldErrors };

export function actorOf(user: SessionUser): Actor {
  return { id: user.id, role: user.role, agency: user.agencyCode ?? undefined, hub: user.hubCode ?? undefined };
}

/**
 * Chasing a partner whose answer is awaited (issue 12, item 5): recorded in the contact's history
 * and the audit trail, beside the request; only while the contact is open and the agency's latest
 * request is unanswered.
 */
async function chasePartner(
  trx: Executor,
  input: {
    contact: NonNullable<Awaited<ReturnType<typeof lockContact>>>;
    action: Extract<ContactAction, { intent: "CHASE_PARTNER" }>;
    actor: Actor;
    at: string;
    ipAddress: string | null;
  },
): Promise<ContactActionResult> {
  const { contact, action } = input;
  const request = restoreContactSnapshot(contact.snapshot).context.requests[action.agency];
  return recordContactChangeInTransaction(trx, {
    contactId: contact.id,
    expectedVersion: action.version,
    idempotencyKey: action.idempotencyKey,
    type: "PARTNER_CHASED",
    payload: { agency: action.agency, ...(action.note ? { note: action.note } : {}) },
    actor: input.actor,
    at: input.at,
    ipAddress: input.ipAddress,
    change: (current): { refused: string } | Record<string, never> => {
      if (current.outcome !== null) return { refused: "This contact is closed; partners are no longer chased." };
      if (!request || request.status !== "requested") return { refused: "There is no unanswered request to this agency to chase." };
      return {};
    },
  });
}

export async function performContactAction(
  db: Kysely<Database>,
  input: { user: SessionUser; contactId: string; action: ContactAction; ipAddress: string | null; now?: Date },
): Promise<ContactActionResult> {
  // Bank holidays and partner timescales as the administrator keeps them (cached; read before the transaction).
  const clocks = input.action.intent === "REQUEST_PARTNER_INFORMATION" ? await loadClockSettings(db) : null;
  return db.transaction().execute((trx) => performContactActionInTransaction(trx, { ...input, clocks }));
}

/**
 * As `performContactAction`, inside a transaction the caller owns: screening siblings together
 * (app/contacts/group-screening.server.ts) applies several in one transaction.
 */
export async function performContactActionInTransaction(
  trx: Executor,
  input: {
    user: SessionUser;
    contactId: string;
    action: ContactAction;
    ipAddress: string | null;
    now?: Date;
    clocks: Awaited<ReturnType<typeof loadClockSettings>> | null;
  },
): Promise<ContactActionResult> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const actor = actorOf(input.user);
  const { action, clocks } = input;
  const contact = await lockContact(trx, input.contactId);
  if (!contact) return { kind: "not_found" } as const;

  let event: ContactEvent;
  switch (action.intent) {
    case "MARK_DUPLICATE": {
      const other = await findContactIdByReference(trx, action.duplicateOfReference);
      if (!other) return { kind: "invalid", errors: { duplicateOfReference: `There is no contact with the reference ${action.duplicateOfReference}` } };
      if (other.id === contact.id) {
        return { kind: "invalid", errors: { duplicateOfReference: `${other.reference} is this contact: enter the reference of the contact it duplicates` } };
      }
      if (other.outcome === "duplicate") {
        // Name the contact that holds the concern, so that following the link never leads to another duplicate.
        const original = other.duplicate_of_contact_id ? await findContactReference(trx, other.duplicate_of_contact_id) : null;
        return {
          kind: "invalid",
          errors: {
            duplicateOfReference: `${other.reference} is itself closed as a duplicate${original ? ` of ${original.reference}: enter ${original.reference}` : ""}`,
          },
        };
      }
      event = { type: "MARK_DUPLICATE", duplicateOf: other.id, at, actor };
      break;
    }
    case "REQUEST_PARTNER_INFORMATION": {
      // Agencies are data: only those in use can be asked.
      const unknown = await agenciesNotInUse(trx, action.agencies);
      if (unknown.length > 0) return { kind: "invalid" as const, errors: { agencies: "Choose agencies from the list: one of them is no longer in use" } as FieldErrors };
      const priority = restoreContactSnapshot(contact.snapshot).context.priority;
      // Without a priority there is no deadline: the machine refuses and says so.
      const dueAt = priority && clocks ? partnerDeadline(priority, now, clocks.holidays, clocks.timescales).toISOString() : at;
      const perAgency = (field: "question" | "summary", agency: string) => {
        const value = action[field]?.[agency];
        return value ? { [field]: value } : {};
      };
      const requests = action.agencies.map((agency) => ({ agency, dueAt, ...perAgency("question", agency), ...perAgency("summary", agency) }));
      event = { type: "REQUEST_PARTNER_INFORMATION", requests, at, actor };
      break;
    }
    case "OVERRIDE_CONSENT":
      event = { type: "OVERRIDE_CONSENT", reason: action.overrideReason, explanation: action.explanation, at, actor };
      break;
    case "REQUEST_CONSENT_OVERRIDE":
      event = { type: "REQUEST_CONSENT_OVERRIDE", reason: action.overrideReason, explanation: action.explanation, at, actor };
      break;
    case "CHASE_PARTNER":
      return chasePartner(trx, { contact, action, actor, at, ipAddress: input.ipAddress });
    case "PROPOSE_DECISION": {
      if (action.outcome === "early_help" && action.hub && !(await hubInUse(trx, action.hub))) {
        return { kind: "invalid" as const, errors: { hub: "Choose an early help hub from the list" } as FieldErrors };
      }
      const { intent: _i, version: _v, idempotencyKey: _k, referralNfa, referralTeam, referralWorker, ...decision } = action;
      // The referral details belong to a referral's decision only.
      const referral = isReferralOutcome(decision.outcome)
        ? { referralNfa: referralNfa === undefined ? undefined : referralNfa === "yes", referralTeam, referralWorker }
        : {};
      event = { type: "PROPOSE_DECISION", ...decision, ...referral, at, actor };
      break;
    }
    default: {
      const { intent, version: _v, idempotencyKey: _k, ...fields } = action;
      event = { type: intent, ...fields, at, actor } as ContactEvent;
    }
  }
  return applyEventInTransaction(trx, {
    contactId: input.contactId,
    expectedVersion: action.version,
    idempotencyKey: action.idempotencyKey,
    event,
    ipAddress: input.ipAddress,
  });
}
