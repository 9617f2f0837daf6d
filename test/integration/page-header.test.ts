/**
 * Every page's header beyond the session (`findHeaderFacts`, app/root.tsx): the user's team and their
 * unread notifications, in one statement. Migration 0019 names the police "Police" and the North hub "North".
 */
import { expect, it } from "vitest";
import { insertNotifications } from "../../db/queries/notifications";
import { findHeaderFacts, insertUser } from "../../db/queries/users";
import { describeOnBothDatabases } from "./databases";

const AT = new Date("2026-03-03T18:00:00Z");

describeOnBothDatabases("the page header's facts", (t) => {
  it("names a partner's agency, a hub's team (\"… hub\") and no team for the MASH's own staff, with each one's unread notifications", async () => {
    const { db } = t.handle;
    const user = (id: string, role: "screener" | "partner" | "early_help", agency: string | null, hub: string | null) =>
      insertUser(db, { id, email: `${id}@example.org`, display_name: id, role, agency_code: agency, hub_code: hub, password_hash: "x" });
    await user("h-screener", "screener", null, null);
    await user("h-police", "partner", "police", null);
    await user("h-north", "early_help", null, "north");
    const notice = (userId: string, key: string) => ({ userId, kind: "partner_deadline_passed" as const, eventKey: key, contactId: null, requestId: null, details: {}, at: AT });
    await insertNotifications(db, [notice("h-police", "a"), notice("h-police", "b"), notice("h-screener", "c")]);
    await db.updateTable("notifications").set({ read_at: AT }).where("event_key", "=", "b").execute();

    expect(await findHeaderFacts(db, { id: "h-screener", agencyCode: null, hubCode: null })).toEqual({ team: null, unread: 1 });
    expect(await findHeaderFacts(db, { id: "h-police", agencyCode: "police", hubCode: null })).toEqual({ team: "Police", unread: 1 });
    expect(await findHeaderFacts(db, { id: "h-north", agencyCode: null, hubCode: "north" })).toEqual({ team: "North hub", unread: 0 });
  });
});
