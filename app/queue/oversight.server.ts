/** Management oversight: the last week's figures and the decisions waiting for authorisation. */
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import { countContactsSince, countOpenContactsByState, listOpenContacts } from "../../db/queries/contacts/contacts";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../auth/session-user";

export const OVERSIGHT_PAGE_SIZE = 25;

/** What the oversight page shows. Which contacts it listed is audited, in the same transaction as the read. */
export async function readOversight(db: Kysely<Database>, user: SessionUser, options: { now: Date; ipAddress: string | null }) {
  const since = new Date(options.now.getTime() - 7 * 24 * 3600_000);
  return db.transaction().execute(async (trx) => {
    const [lastSevenDays, byState, awaiting] = await Promise.all([
      countContactsSince(trx, since),
      countOpenContactsByState(trx),
      listOpenContacts(trx, { page: 1, pageSize: OVERSIGHT_PAGE_SIZE }, { states: ["awaiting_authorisation", "immediate_risk"] }),
    ]);
    await recordAudit(trx, {
      actorUserId: user.id,
      action: "oversight.listed",
      ipAddress: options.ipAddress,
      details: { contacts: awaiting.rows.map((c) => c.id) },
    });
    return { lastSevenDays, byState, awaiting: awaiting.rows, awaitingTotal: awaiting.total };
  });
}
