/**
 * Screening siblings together (issue 11, "Siblings together"; decision 029). The children recorded
 * together are screened in one step: a priority, consent and partners' requests recorded for each
 * chosen child, each keeping its own contact, history, audit and later its own decision.
 *
 * One transaction for the step. For each child, in turn, the same service as the contact page's
 * forms (`performContactActionInTransaction`) builds each event and hands it to the lifecycle
 * service, which asks the machine and writes state, event, projections and audit. A child that has
 * not been started is started first (START_SCREENING). If the machine refuses any child's step, or a
 * child changed since the page was shown, nothing is recorded for any of them: the transaction is
 * rolled back and every such child is named with the reason.
 */
import type { Kysely } from "kysely";
import { lockContact } from "../../db/queries/contacts/contact-events";
import { listGroupForScreening } from "../../db/queries/contacts/contacts";
import { recordAudit } from "../../db/queries/audit";
import type { Database } from "../../db/schema";
import type { Executor } from "../../db/executor";
import { restoreContactSnapshot } from "../../machines/contact.machine";
import type { SessionUser } from "../auth/session-user";
import { agencyChoices } from "../agencies/agencies.server";
import { loadClockSettings } from "../clocks/clock-settings.server";
import type { FieldErrors } from "../ui/form";
import { formatDate, personName } from "../ui/format";
import { CONSENT_STATUSES, labelOf } from "../vocabulary";
import { performContactActionInTransaction } from "./actions.server";
import type { ContactAction } from "./contact-actions.schema";
import type { GroupScreening } from "./group-screening.schema";
import { contactChangedMeanwhile, stateLabel } from "./labels";

/** The states (top level) a child can be screened together from (the machine still decides each step). */
const SCREENABLE = new Set(["received", "screening", "awaiting_partner_information", "ready_for_decision"]);

type GroupRow = NonNullable<Awaited<ReturnType<typeof listGroupForScreening>>>[number];

function childOf(row: GroupRow) {
  const consent = restoreContactSnapshot(row.snapshot).context.consent.status ?? row.referral_consent;
  return {
    id: row.id,
    reference: row.reference,
    name: personName(row),
    born: row.date_of_birth ? formatDate(row.date_of_birth) : null,
    linked: row.person_id !== null,
    state: row.state,
    stateLabel: stateLabel(row.state),
    priority: row.priority,
    consent: consent ? labelOf(CONSENT_STATUSES, consent) : "Not recorded",
    version: row.version,
    /** Whether this page offers it: open and not yet past screening. */
    screenable: row.outcome === null && SCREENABLE.has(row.state.split(".")[0]!),
  };
}
export type GroupChild = ReturnType<typeof childOf>;

/**
 * The children recorded with a contact, for the form; each child's record shown is audited as a
 * view (in the same transaction as the read). Null when the contact does not exist.
 */
export async function viewGroupForScreening(db: Kysely<Database>, input: { user: SessionUser; contactId: string; ipAddress: string | null }) {
  return db.transaction().execute(async (trx) => {
    const rows = await listGroupForScreening(trx, input.contactId);
    if (!rows?.length) return null;
    for (const row of rows) {
      await recordAudit(trx, {
        actorUserId: input.user.id,
        action: "contact.viewed",
        subjectType: "contact",
        subjectId: row.id,
        ipAddress: input.ipAddress,
        details: { page: "screen siblings together", from: input.contactId },
      });
    }
    return { children: rows.map(childOf), agencies: await agencyChoices(trx) };
  });
}

export interface RefusedChild {
  contactId: string;
  reference: string;
  name: string;
  reason: string;
}

export type GroupScreeningResult =
  | { kind: "applied"; contactIds: string[]; replayed: boolean }
  /** Nothing was recorded for any child: each child named here could not take the step. */
  | { kind: "refused"; children: RefusedChild[] }
  | { kind: "invalid"; errors: FieldErrors }
  | { kind: "not_found" };

class GroupRefused extends Error {
  constructor(readonly result: Extract<GroupScreeningResult, { kind: "refused" | "invalid" }>) {
    super("group step refused");
  }
}

/** The forms the contact page would send for one child, in the order they are applied. */
function stepsFor(form: GroupScreening, state: string): Array<Record<string, unknown> & { intent: ContactAction["intent"] }> {
  return [
    ...(state === "received" ? [{ intent: "START_SCREENING" as const }] : []),
    ...(form.priority ? [{ intent: "SET_PRIORITY" as const, priority: form.priority, reason: form.reason }] : []),
    ...(form.consent ? [{ intent: "RECORD_CONSENT" as const, consent: form.consent }] : []),
    ...(form.agencies.length ? [{ intent: "REQUEST_PARTNER_INFORMATION" as const, agencies: form.agencies }] : []),
  ];
}

/** Applies the form to every chosen child of the contact's group, all or nothing (decision 029). */
export async function screenGroup(
  db: Kysely<Database>,
  input: { user: SessionUser; contactId: string; form: GroupScreening; ipAddress: string | null; now?: Date },
): Promise<GroupScreeningResult> {
  const { form } = input;
  const now = input.now ?? new Date();
  const clocks = form.agencies.length ? await loadClockSettings(db) : null;
  try {
    return await db.transaction().execute(async (trx) => {
      const rows = await listGroupForScreening(trx, input.contactId);
      if (!rows?.length) return { kind: "not_found" } as const;
      const byId = new Map(rows.map((r) => [r.id, r]));
      const chosen = [...new Set(form.children)];
      if (chosen.some((id) => !byId.has(id))) return { kind: "invalid", errors: { children: "Choose the children from the list" } } as const;
      // Locked in one order (by id), as any other group step locks them: two steps never wait on each other.
      chosen.sort();
      const refused: RefusedChild[] = [];
      let replayed = true;
      for (const id of chosen) {
        const row = byId.get(id)!;
        const who = { contactId: id, reference: row.reference, name: personName(row) };
        const reason = await applySteps(trx, { ...input, now, clocks, contactId: id, shownVersion: form.versions[id] });
        if (typeof reason === "string") refused.push({ ...who, reason });
        else if ("errors" in reason) throw new GroupRefused({ kind: "invalid", errors: reason.errors });
        else replayed &&= reason.replayed;
      }
      if (refused.length) throw new GroupRefused({ kind: "refused", children: refused });
      return { kind: "applied", contactIds: chosen, replayed } as const;
    });
  } catch (error) {
    if (error instanceof GroupRefused) return error.result;
    throw error;
  }
}

/** One child's steps, in the caller's transaction: the reason it cannot take them, or how it went. */
async function applySteps(
  trx: Executor,
  input: {
    user: SessionUser;
    contactId: string;
    form: GroupScreening;
    ipAddress: string | null;
    now: Date;
    clocks: Awaited<ReturnType<typeof loadClockSettings>> | null;
    shownVersion: number | undefined;
  },
): Promise<string | { replayed: boolean } | { errors: FieldErrors }> {
  const contact = await lockContact(trx, input.contactId);
  if (!contact) return "This contact no longer exists.";
  if (input.shownVersion === undefined) return "It was not on the page when the form was shown: open the page again.";
  let version = input.shownVersion;
  let replayed = true;
  for (const step of stepsFor(input.form, contact.state)) {
    const action = { ...step, version, idempotencyKey: `${input.form.idempotencyKey}:${input.contactId}:${step.intent}` } as ContactAction;
    const result = await performContactActionInTransaction(trx, { ...input, action });
    switch (result.kind) {
      case "applied":
        version = result.version;
        replayed &&= result.replayed;
        break;
      case "refused":
        return result.reason;
      case "stale":
        return `${contactChangedMeanwhile(result)}, after this page was shown. Check it, then try again.`;
      case "not_found":
        return "This contact no longer exists.";
      case "invalid":
        return { errors: result.errors };
    }
  }
  return { replayed };
}
