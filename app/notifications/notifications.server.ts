/** A user's notifications: the header's count, the notifications page, and marking them read. */
import type { Kysely } from "kysely";
import { countUnreadNotifications, listNotificationsForUser, markNotificationsRead } from "../../db/queries/notifications";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../auth/session-user";
import { type NotificationDetails, notificationText } from "./notifications";

/** How many notifications the page shows. */
export const NOTIFICATIONS_SHOWN = 100;

export function unreadNotificationCount(db: Kysely<Database>, user: Pick<SessionUser, "id">): Promise<number> {
  return countUnreadNotifications(db, user.id);
}

/** The user's latest notifications as the page shows them (a read, so nothing is written). */
export async function readNotifications(db: Kysely<Database>, user: Pick<SessionUser, "id">) {
  const rows = await listNotificationsForUser(db, user.id, NOTIFICATIONS_SHOWN);
  return rows.map((r) => {
    const details = (typeof r.details === "string" ? JSON.parse(r.details) : r.details) as NotificationDetails;
    return {
      id: String(r.id),
      kind: r.kind,
      ...notificationText(r.kind, details),
      path: typeof details.path === "string" && details.path.startsWith("/") ? details.path : null,
      at: new Date(r.at).toISOString(),
      unread: r.read_at === null,
    };
  });
}

/** Marks the user's notifications up to the newest one they were shown as read (never another user's). */
export function markNotificationsReadUpTo(db: Kysely<Database>, user: Pick<SessionUser, "id">, upToId: string, now = new Date()): Promise<number> {
  return db.transaction().execute((trx) => markNotificationsRead(trx, user.id, upToId, now));
}
