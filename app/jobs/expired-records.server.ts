/** Records kept only while they are of use: sessions past their expiry, and public-form rate-limit records older than a day. */
import { deletePublicReportAttemptsBefore } from "../../db/queries/contacts/contacts";
import { deleteExpiredSessions } from "../../db/queries/auth/sessions";
import type { Executor } from "../../db/executor";

export async function removeExpiredRecords(db: Executor, now: Date): Promise<{ sessions: number }> {
  const sessions = await deleteExpiredSessions(db, now);
  await deletePublicReportAttemptsBefore(db, new Date(now.getTime() - 24 * 3600_000));
  return { sessions };
}
