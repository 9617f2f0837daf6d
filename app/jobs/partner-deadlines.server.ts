/**
 * The partners' deadlines, by the clock: a request still waiting when its deadline passes is
 * recorded as overdue — the machine's PARTNER_DEADLINE_PASSED, sent by the system through the
 * lifecycle service like any other change (locked contact, event, projections, audit) — and the
 * screener is told; a request in the last quarter of its time reminds the agency's partners.
 *
 * Exactly once, even with two runners: the event carries an idempotency key made of the request
 * and its deadline, so a second attempt (another server, a retry) is answered as the first was
 * (`replayed`) and tells nobody again; the contact's lock orders the two.
 */
import type { Kysely } from "kysely";
import { listRequestsNearDeadline, listRequestsPastDeadline } from "../../db/queries/jobs";
import type { Database } from "../../db/schema";
import { applyAnswerInTransaction, SYSTEM_ACTOR } from "../contacts/lifecycle.server";
import { notifyDeadlineNear, notifyDeadlinePassed } from "../notifications/notify.server";

/** At most this many requests per run (the next run takes the rest). */
const BATCH = 500;

export async function markPartnerDeadlinesPassed(db: Kysely<Database>, now: Date): Promise<{ marked: number; already: number; refused: number }> {
  const due = await listRequestsPastDeadline(db, now, BATCH);
  const counts = { marked: 0, already: 0, refused: 0 };
  for (const request of due) {
    const result = await db.transaction().execute(async (trx) => {
      const applied = await applyAnswerInTransaction(trx, {
        contactId: request.contact_id,
        idempotencyKey: `deadline:${request.id}:${new Date(request.due_at).getTime()}`,
        event: { type: "PARTNER_DEADLINE_PASSED", agency: request.agency_code, at: now.toISOString(), actor: SYSTEM_ACTOR },
      });
      if (applied.kind === "applied" && !applied.replayed) await notifyDeadlinePassed(trx, request.id, now);
      return applied;
    });
    if (result.kind === "applied") counts[result.replayed ? "already" : "marked"] += 1;
    else counts.refused += 1;
  }
  return counts;
}

export async function remindPartnersBeforeDeadline(db: Kysely<Database>, now: Date): Promise<{ reminded: number }> {
  const near = await listRequestsNearDeadline(db, now, BATCH);
  let reminded = 0;
  for (const request of near) {
    reminded += await db.transaction().execute((trx) => notifyDeadlineNear(trx, request.id, now));
  }
  return { reminded };
}
