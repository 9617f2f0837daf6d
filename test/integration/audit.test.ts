import { sql } from "kysely";
import { expect, it } from "vitest";
import { recordAudit } from "../../db/queries/audit";
import { insertUser } from "../../db/queries/users";
import { createContact } from "../../app/contacts/create.server";
import type { Actor } from "../../machines/contact.machine";
import { describeOnBothDatabases } from "./databases";

const screenerActor: Actor = { id: "u-screener", role: "screener" };

describeOnBothDatabases("the audit trail", (t) => {
  it("sets up users", async () => {
    const { db } = t.handle;
    for (const [id, role] of [["u-screener", "screener"], ["u-manager", "manager"]] as const) {
      await insertUser(db, { id, email: `${id}@example.org`, display_name: `Name of ${id}`, role, agency_code: null, hub_code: null, password_hash: "x" });
    }
  });

  it("refuses to update, delete or truncate audit records and contact events, even for the app's own database user", async () => {
    const { db } = t.handle;
    await recordAudit(db, { actorUserId: "u-screener", action: "contact.viewed", subjectType: "contact", subjectId: "c-append" });
    await createContact(
      db,
      { id: "c-append", reference: "TEST-APPEND", person_id: null, received_at: "2026-03-02T09:00:00Z", source: "2A", channel: "phone", referrer: JSON.stringify({ professional: true }) },
      { actor: screenerActor, recordedAt: "2026-03-02T09:00:00Z" },
    );
    const refused = /append-only/;
    await expect(db.updateTable("audit_events").set({ action: "nothing" }).where("subject_id", "=", "c-append").execute()).rejects.toThrow(refused);
    await expect(db.deleteFrom("audit_events").where("subject_id", "=", "c-append").execute()).rejects.toThrow(refused);
    await expect(sql`truncate audit_events`.execute(db)).rejects.toThrow(refused);
    await expect(db.updateTable("contact_events").set({ type: "NOTHING" }).where("contact_id", "=", "c-append").execute()).rejects.toThrow(refused);
    await expect(db.deleteFrom("contact_events").where("contact_id", "=", "c-append").execute()).rejects.toThrow(refused);
    await expect(sql`truncate contact_events cascade`.execute(db)).rejects.toThrow(refused);
    // Everything is still there, unchanged; adding goes on as before.
    const audits = await db.selectFrom("audit_events").select("action").where("subject_id", "=", "c-append").execute();
    expect(audits.map((a) => a.action)).toEqual(["contact.viewed"]);
    const events = await db.selectFrom("contact_events").select("type").where("contact_id", "=", "c-append").execute();
    expect(events.map((e) => e.type)).toEqual(["CONTACT_RECEIVED"]);
  });
});
