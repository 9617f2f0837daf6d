/** Reading the MASH queue: one page of open contacts by nearest decision deadline, with the counts around it. */
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import { countQueueFigures, listAllocatableWorkers, listQueuePage, type QueueFilter } from "../../db/queries/queue";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../auth/session-user";
import type { QueueQuery } from "./queue.schema";
import { type QueueRowData, queueEnds, queueRowsView } from "./queue-view";

export const QUEUE_PAGE_SIZE = 50;

/** The filter a queue query asks for ("my work" is the signed-in worker's allocation). */
export function queueFilter(user: SessionUser, query: QueueQuery, now: Date): QueueFilter {
  return {
    state: query.state,
    priority: query.priority,
    source: query.source,
    allocatedTo: query.view === "mine" ? user.id : query.allocated,
    repeatOnly: query.repeat === "yes",
    immediateRiskOnly: query.risk === "yes",
    bounceBackOnly: query.bounce === "yes",
    overdueAt: query.overdue === "yes" ? now : undefined,
  };
}

/** One page of the queue. Which contacts it showed is audited, in the same transaction as the read. */
export async function readQueue(
  db: Kysely<Database>,
  user: SessionUser,
  query: QueueQuery,
  options: { now: Date; pageSize?: number; ipAddress?: string | null },
) {
  const pageSize = options.pageSize ?? QUEUE_PAGE_SIZE;
  const filter = queueFilter(user, query, options.now);
  return db.transaction().execute(async (trx) => {
    const [page, counts, workers] = await Promise.all([
      listQueuePage(trx, filter, {
        pageSize,
        after: query.after,
        before: query.after ? undefined : query.before,
        // A page asked for by number alone (a typed or old link): by offset.
        offset: query.after || query.before ? undefined : ((query.page ?? 1) - 1) * pageSize,
      }),
      // The filter's total, the summary band (the whole queue, or the worker's own: not the filter
      // chosen below it), the states and "my work": one pass over the open contacts.
      countQueueFigures(trx, { filter, bandAllocatedTo: query.view === "mine" ? user.id : undefined, me: user.id, now: options.now }),
      listAllocatableWorkers(trx),
    ]);
    const pages = Math.max(1, Math.ceil(counts.total / pageSize));
    // The page number is for "page 3 of 9" only; the position is the cursor.
    const pageNumber = page.hasPrevious ? Math.min(Math.max(query.page ?? 2, 2), pages) : 1;
    await recordAudit(trx, {
      actorUserId: user.id,
      action: "queue.listed",
      ipAddress: options.ipAddress ?? null,
      details: { contacts: page.rows.map((r) => r.id), page: pageNumber, filter: auditedQueueFilter(query) },
    });
    const rows = page.rows as QueueRowData[];
    return {
      rows: queueRowsView(rows),
      /** Where the previous and next pages start (the first and last rows' positions). */
      ends: queueEnds(rows),
      hasNext: page.hasNext,
      hasPrevious: page.hasPrevious,
      ...counts,
      workers,
      pageNumber,
      pages,
      pageSize,
    };
  });
}

/** The queue's filter as chosen (codes and ids only: nothing typed about a child). */
function auditedQueueFilter(query: QueueQuery): Record<string, string> {
  const { view, state, priority, source, allocated, repeat, risk, bounce, overdue } = query;
  return Object.fromEntries(Object.entries({ view, state, priority, source, allocated, repeat, risk, bounce, overdue }).filter((e): e is [string, string] => typeof e[1] === "string"));
}
