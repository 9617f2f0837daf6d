/** Reading the MASH queue: one page of open contacts by nearest decision deadline, with the counts around it. */
import type { Kysely } from "kysely";
import {
  countAllocatedTo,
  countOpenByState,
  countQueue,
  listAllocatableWorkers,
  listQueuePage,
  type QueueFilter,
} from "../../db/queries/queue";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../auth/lucia.server";
import { ensureOpenDecisionDeadlines } from "../settings/clocks.server";
import type { QueueQuery } from "../validation/queue";

export const QUEUE_PAGE_SIZE = 50;

/** The filter a queue query asks for ("my work" is the signed-in worker's allocation). */
export function queueFilter(user: SessionUser, query: QueueQuery): QueueFilter {
  return {
    state: query.state,
    priority: query.priority,
    source: query.source,
    allocatedTo: query.view === "mine" ? user.id : query.allocated,
    repeatOnly: query.repeat === "yes",
  };
}

export async function readQueue(db: Kysely<Database>, user: SessionUser, query: QueueQuery, options: { now: Date; pageSize?: number }) {
  const pageSize = options.pageSize ?? QUEUE_PAGE_SIZE;
  // Contacts recorded without their deadline get it now, so none sorts out of place.
  await ensureOpenDecisionDeadlines(db);
  const filter = queueFilter(user, query);
  const [page, counts, byState, mine, workers] = await Promise.all([
    listQueuePage(db, filter, {
      pageSize,
      after: query.after,
      before: query.after ? undefined : query.before,
      // A page asked for by number alone (a typed or old link): by offset.
      offset: query.after || query.before ? undefined : ((query.page ?? 1) - 1) * pageSize,
    }),
    countQueue(db, filter, options.now),
    countOpenByState(db),
    countAllocatedTo(db, user.id),
    listAllocatableWorkers(db),
  ]);
  const pages = Math.max(1, Math.ceil(counts.total / pageSize));
  // The page number is for "page 3 of 9" only; the position is the cursor.
  const pageNumber = page.hasPrevious ? Math.min(Math.max(query.page ?? 2, 2), pages) : 1;
  return { ...page, ...counts, byState, mine, workers, pageNumber, pages, pageSize };
}
