/** Management oversight: the last week's figures and what is waiting for a manager to authorise. */
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import { countQueueFigures, listAwaitingAuthorisation } from "../../db/queries/queue";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../auth/session-user";
import { londonDate } from "../clocks/clocks";
import { consentOverridesWaiting } from "../contacts/consent-overrides.server";
import { stateLabel } from "../contacts/labels";
import { computeMeasures } from "../measures/measures.server";
import { recordsHref } from "../measures/dashboard-terms";
import { personName } from "../ui/format";
import { labelOf, LEVELS_OF_NEED, OUTCOMES } from "../vocabulary";
import { queueTags, type QueueTag } from "./queue-view";

export const OVERSIGHT_PAGE_SIZE = 25;

/** One contact waiting for a manager, as the oversight page shows it: what is being authorised, in words. */
export interface AwaitingView {
  id: string;
  reference: string;
  href: string;
  childName: string;
  immediateRisk: boolean;
  tags: QueueTag[];
  stateLabel: string;
  /** What the manager is asked to authorise: the proposed outcome, or the strategy discussion an immediate-risk flag asks for. */
  proposedOutcome: string;
  levelOfNeed: string | null;
  proposedBy: string | null;
  /** Since when it has waited (the proposal or the flag), ISO. */
  waitingSince: string | null;
  priority: string | null;
  dueAt: string | null;
}

/** A figure of the page and the list behind it. */
export interface OversightFigure {
  key: string;
  label: string;
  value: number;
  href: string;
}

/** What the oversight page shows. Which contacts it listed is audited, in the same transaction as the read. */
export async function readOversight(db: Kysely<Database>, user: SessionUser, options: { now: Date; ipAddress: string | null }) {
  // The last 7 days, today included, as the measures count them, so each figure opens the list it counts.
  const to = londonDate(options.now);
  const from = londonDate(new Date(options.now.getTime() - 6 * 24 * 3600_000));
  const period = { from, to };
  const measures = await computeMeasures(db, period);
  return db.transaction().execute(async (trx) => {
    const [{ byState, marks }, awaiting, overrides] = await Promise.all([
      // The open contacts by state and the queue's marks: the queue page's own counts, in one pass.
      countQueueFigures(trx, { filter: {}, me: user.id, now: options.now }),
      listAwaitingAuthorisation(trx, OVERSIGHT_PAGE_SIZE),
      // The consent overrides waiting for a manager (issue 12, item 2).
      consentOverridesWaiting(trx),
    ]);
    await recordAudit(trx, {
      actorUserId: user.id,
      action: "oversight.listed",
      ipAddress: options.ipAddress,
      details: { contacts: [...new Set([...awaiting.rows.map((c) => c.id), ...overrides.map((o) => o.contactId)])] },
    });
    const open = Object.values(byState).reduce((a, b) => a + b, 0);
    const lastSevenDays: OversightFigure[] = [
      { key: "received", label: "Contacts received", value: measures.contacts.total, href: recordsHref("contacts.total", period) },
      { key: "decided", label: "Contacts decided", value: measures.contacts.decided, href: recordsHref("contacts.decided", period) },
      { key: "referrals", label: "Referrals to children's social care", value: measures.referrals.total, href: recordsHref("referrals.total", period) },
    ];
    const current: OversightFigure[] = [
      { key: "open", label: "Open contacts", value: open, href: "/queue" },
      { key: "awaiting", label: "Waiting for authorisation", value: awaiting.total, href: "#awaiting" },
      { key: "immediate-risk", label: "Immediate risk", value: marks.immediateRisk, href: "/queue?risk=yes" },
      { key: "overdue", label: "Overdue", value: marks.overdue, href: "/queue?overdue=yes" },
      { key: "bounce-backs", label: "Bounce-backs", value: marks.bounceBacks, href: "/queue?bounce=yes" },
    ];
    const rows: AwaitingView[] = awaiting.rows.map((c) => {
      const flagged = c.asked_type === "FLAG_IMMEDIATE_RISK" || c.state === "immediate_risk";
      return {
        id: c.id,
        reference: c.reference,
        href: `/contacts/${c.id}`,
        childName: personName(c),
        immediateRisk: c.risk_rank === 0,
        tags: queueTags({ state: c.state, immediate_risk: c.immediate_risk, bounce_back: false, repeat: false }),
        stateLabel: stateLabel(c.state),
        proposedOutcome: flagged ? "Strategy discussion now (immediate risk)" : c.proposed_outcome ? labelOf(OUTCOMES, c.proposed_outcome) : "Not known",
        levelOfNeed: !flagged && c.level_of_need ? labelOf(LEVELS_OF_NEED, Number(c.level_of_need)) : null,
        proposedBy: c.asked_by ?? null,
        waitingSince: c.asked_at ? new Date(c.asked_at).toISOString() : null,
        priority: c.priority,
        dueAt: c.decision_due_at ? new Date(c.decision_due_at).toISOString() : null,
      };
    });
    return { period, lastSevenDays, current, awaiting: rows, awaitingTotal: awaiting.total, overrides };
  });
}
