import type { AddressInfo } from "node:net";
import express from "express";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "../../db/queries/audit";
import { insertPerson } from "../../db/queries/people";
import { insertUser } from "../../db/queries/users";
import { accessCsv, csvSafe, downloadChildAccess, readChildAccess } from "../../app/audit/child-access.server";
import { recordOfPath, refusedAccessAudit, requestedPath } from "../../app/audit/refused-access.server";
import type { SessionUser } from "../../app/auth/lucia.server";
import { createContact } from "../../app/contacts/create.server";
import { viewContact } from "../../app/contacts/view.server";
import { listHubStepDowns } from "../../app/step-downs/step-downs.server";
import { listAgencyInformationRequests } from "../../app/information-requests/information-requests.server";
import { mergePeople, viewPeopleForMerge } from "../../app/people/merge.server";
import { searchPeopleAudited } from "../../app/people/search.server";
import { readOversight } from "../../app/queue/oversight.server";
import { readQueue } from "../../app/queue/queue.server";
import { childAccessQuerySchema } from "../../app/audit/child-access.schema";
import type { Actor } from "../../machines/contact.machine";
import { describeOnBothDatabases, type TestDatabase } from "./databases";

function sessionUser(id: string, role: SessionUser["role"], displayName: string, team: { agencyCode?: string; hubCode?: string } = {}): SessionUser {
  return { id, email: `${id}@example.org`, displayName, role, agencyCode: team.agencyCode ?? null, hubCode: team.hubCode ?? null };
}

const screener = sessionUser("u-screener", "screener", "Sam Screener");
const manager = sessionUser("u-manager", "manager", "Morgan Manager");
const admin = sessionUser("u-admin", "admin", "Ali Admin");
const police = sessionUser("u-police", "partner", "Pat Police", { agencyCode: "police" }) as SessionUser & { agencyCode: string };
const north = sessionUser("u-north", "early_help", "Nia North", { hubCode: "north" }) as SessionUser & { hubCode: string };
// A name a spreadsheet would run as a formula.
const mischief = sessionUser("u-mischief", "screener", "=HYPERLINK(\"http://evil.example\",\"click\")");
const USERS = [screener, manager, admin, police, north, mischief];

const screenerActor: Actor = { id: "u-screener", role: "screener" };
const ip = "192.0.2.7";

type Db = TestDatabase["handle"]["db"];

async function newContact(db: Db, id: string, personId: string | null, source = "2A") {
  await createContact(
    db,
    { id, reference: `REF-${id}`, person_id: personId, received_at: "2026-11-30T09:00:00Z", source, channel: "phone", referrer: JSON.stringify({ professional: true }) },
    { actor: screenerActor, recordedAt: "2026-11-30T09:00:00Z" },
  );
}

/** The audit records of one action, oldest first. */
async function audits(db: Db, action: string) {
  return db.selectFrom("audit_events").selectAll().where("action", "=", action).orderBy("id").execute();
}

describeOnBothDatabases("the audit trail", (t) => {
  // What the tests read, set up here: the users, two records of Ava and other children with their
  // contacts, and the story of who saw Ava — a view of the unlinked contact, the MASH queue, management
  // oversight, a partner's and a hub's lists, views, a search, a partner's view and a refusal — each
  // list's answer and Ava's trail as it then stood kept for the tests below. The tests that add to the
  // trail afterwards read only their own part of it.
  let queuePage: Awaited<ReturnType<typeof readQueue>>;
  let oversightView: Awaited<ReturnType<typeof readOversight>>;
  let avasTrail: Awaited<ReturnType<typeof readChildAccess>>;
  beforeAll(async () => {
    const { db } = t.handle;
    for (const u of USERS) {
      await insertUser(db, { id: u.id, email: u.email, display_name: u.displayName, role: u.role, agency_code: u.agencyCode, hub_code: u.hubCode, password_hash: "x" });
    }
    await insertPerson(db, { id: "p-ava", first_name: "Ava", last_name: "Quillfeather", date_of_birth: "2015-06-01", sex: "F", postcode: "EX1 1AA" });
    await insertPerson(db, { id: "p-ava-dup", first_name: "Ava", last_name: "Quilfeather", date_of_birth: "2015-06-01", sex: "F", postcode: "EX1 1AA" });
    await insertPerson(db, { id: "p-other", first_name: "Ben", last_name: "Otherchild", date_of_birth: "2012-01-01", sex: "M", postcode: "PL1 1AA" });
    await newContact(db, "c-ava-1", "p-ava");
    await newContact(db, "c-ava-2", "p-ava");
    await newContact(db, "c-dup", "p-ava-dup");
    await newContact(db, "c-other", "p-other");
    await newContact(db, "c-unlinked", null);
    // The append-only test's own contact (another source, so the queue's list below is the five above).
    await newContact(db, "c-append-only", null, "3A");

    await recordAudit(db, { actorUserId: "u-screener", action: "contact.viewed", subjectType: "contact", subjectId: "c-unlinked" });
    queuePage = await readQueue(db, screener, { source: "2A" }, { now: new Date("2026-12-01T10:00:00Z"), ipAddress: ip });
    await db.updateTable("contacts").set({ state: "awaiting_authorisation" }).where("id", "=", "c-ava-2").execute();
    oversightView = await readOversight(db, manager, { now: new Date("2026-12-01T10:00:00Z"), ipAddress: ip });
    await db
      .insertInto("information_requests")
      .values({ id: "ir-ava", contact_id: "c-ava-1", agency_code: "police", requested_at: "2026-11-30T10:00:00Z", due_at: "2026-11-30T14:00:00Z", lawful_basis: "consent" })
      .execute();
    await db.insertInto("step_downs").values({ id: "sd-ava", contact_id: "c-ava-2", hub_code: "north", offered_at: "2026-11-30T11:00:00Z" }).execute();
    await listAgencyInformationRequests(db, { user: police, page: 1, pageSize: 50, ipAddress: ip });
    await listHubStepDowns(db, { user: north, page: 1, pageSize: 50, ipAddress: ip });
    await viewContact(db, screener, "c-ava-1", ip);
    await viewContact(db, screener, "c-other", ip);
    await viewPeopleForMerge(db, { user: manager, personIds: ["p-ava"], ipAddress: ip });
    await searchPeopleAudited(db, { user: screener, criteria: { lastName: "Quillfeather" }, ipAddress: ip, contactId: "c-unlinked" });
    await recordAudit(db, { actorUserId: "u-police", action: "information_request.viewed", subjectType: "information_request", subjectId: "ir-ava", details: { contactId: "c-ava-1" } });
    await recordAudit(db, { actorUserId: "u-north", action: "access.refused", subjectType: "step_down", subjectId: "sd-ava", details: { path: "/step-downs/sd-ava", status: 403 } });
    avasTrail = await readChildAccess(db, { user: manager, subject: { kind: "person", id: "p-ava" }, query: {}, ipAddress: ip });
  });

  it("refuses to update, delete or truncate audit records and contact events, even for the app's own database user", async () => {
    const { db } = t.handle;
    await recordAudit(db, { actorUserId: "u-screener", action: "contact.viewed", subjectType: "contact", subjectId: "c-append-only" });
    const refused = /append-only/;
    await expect(db.updateTable("audit_events").set({ action: "nothing" }).where("subject_id", "=", "c-append-only").execute()).rejects.toThrow(refused);
    await expect(db.deleteFrom("audit_events").where("subject_id", "=", "c-append-only").execute()).rejects.toThrow(refused);
    await expect(sql`truncate audit_events`.execute(db)).rejects.toThrow(refused);
    await expect(db.updateTable("contact_events").set({ type: "NOTHING" }).where("contact_id", "=", "c-append-only").execute()).rejects.toThrow(refused);
    await expect(db.deleteFrom("contact_events").where("contact_id", "=", "c-append-only").execute()).rejects.toThrow(refused);
    await expect(sql`truncate contact_events cascade`.execute(db)).rejects.toThrow(refused);
    // Everything is still there, unchanged; adding goes on as before.
    const kept = await db.selectFrom("audit_events").select("action").where("subject_id", "=", "c-append-only").execute();
    expect(kept.map((a) => a.action)).toEqual(["contact.viewed"]);
    const events = await db.selectFrom("contact_events").select("type").where("contact_id", "=", "c-append-only").execute();
    expect(events.map((e) => e.type)).toEqual(["CONTACT_RECEIVED"]);
  });

  it("records which contacts the MASH queue showed, with the filter chosen", async () => {
    const { db } = t.handle;
    const page = queuePage;
    const [listed] = await audits(db, "queue.listed");
    expect(listed?.actor_user_id).toBe("u-screener");
    expect(listed?.ip_address).toBe(ip);
    expect(new Set((listed?.details as { contacts: string[] }).contacts)).toEqual(new Set(["c-ava-1", "c-ava-2", "c-dup", "c-other", "c-unlinked"]));
    expect((listed?.details as { contacts: string[] }).contacts).toEqual(page.rows.map((r) => r.id));
    expect((listed?.details as { filter: unknown }).filter).toEqual({ source: "2A" });
  });

  it("records which contacts management oversight showed", async () => {
    const { db } = t.handle;
    const view = oversightView;
    expect(view.awaiting.map((c) => c.id)).toEqual(["c-ava-2"]);
    const [listed] = await audits(db, "oversight.listed");
    expect(listed?.actor_user_id).toBe("u-manager");
    expect((listed?.details as { contacts: string[] }).contacts).toEqual(["c-ava-2"]);
  });

  it("records which contacts a partner's and a hub's lists showed", async () => {
    const { db } = t.handle;
    const [requests] = await audits(db, "information_requests.listed");
    expect(requests?.subject_id).toBe("police");
    expect(requests?.details).toEqual({ page: 1, contacts: ["c-ava-1"], requests: ["ir-ava"] });
    const [stepDowns] = await audits(db, "step_downs.listed");
    expect(stepDowns?.subject_id).toBe("north");
    expect(stepDowns?.details).toEqual({ page: 1, contacts: ["c-ava-2"], stepDowns: ["sd-ava"] });
  });

  it("shows a manager everyone who has seen the child: views, lists, searches, changes and refusals on any of their records, and nothing about other children", async () => {
    const view = avasTrail;
    if (!view || !("rows" in view)) throw new Error(`expected the child's trail, got ${JSON.stringify(view)}`);
    expect(view.child?.last_name).toBe("Quillfeather");
    expect(view.references.sort()).toEqual(["REF-c-ava-1", "REF-c-ava-2"]);
    // Newest first; worked out from the story set up above.
    expect(view.rows.map((r) => [r.who, r.what, r.record])).toEqual([
      ["Nia North", "Refused: no permission", "Step-down to North from contact REF-c-ava-2"],
      ["Pat Police", "Viewed the information request", "Information request to Police about contact REF-c-ava-1"],
      ["Sam Screener", "Searched for a child", "Person record, in the search results"],
      ["Morgan Manager", "Viewed the person record (merging person records)", "Person record"],
      ["Sam Screener", "Viewed the contact", "Contact REF-c-ava-1"],
      ["Nia North", "Shown in an early help hub's step-downs", "Contact REF-c-ava-2"],
      ["Pat Police", "Shown in a partner's information requests", "Contact REF-c-ava-1"],
      ["Morgan Manager", "Shown in management oversight", "Contact REF-c-ava-2"],
      ["Sam Screener", "Shown in the MASH queue", "Contacts REF-c-ava-1, REF-c-ava-2"],
    ]);
    expect(view.total).toBe(9);
    expect(view.rows[0]?.role).toBe("Early help hub worker");
    expect(view.users.map((u) => u.name)).toEqual(["Morgan Manager", "Nia North", "Pat Police", "Sam Screener"]);
  });

  it("records each reading of the page, which then shows in the next reading", async () => {
    const { db } = t.handle;
    const before = (await audits(db, "person.access_viewed")).length;
    await readChildAccess(db, { user: admin, subject: { kind: "person", id: "p-ava" }, query: { user: "u-admin" }, ipAddress: ip });
    const viewed = await audits(db, "person.access_viewed");
    expect(viewed.length).toBe(before + 1);
    expect(viewed.at(-1)).toMatchObject({ actor_user_id: "u-admin", subject_type: "person", subject_id: "p-ava", ip_address: ip });
    expect(viewed.at(-1)?.details).toEqual({ filter: { user: "u-admin" }, page: 1, shown: 0 });
    const again = await readChildAccess(db, { user: admin, subject: { kind: "person", id: "p-ava" }, query: { user: "u-admin" }, ipAddress: ip });
    if (!again || !("rows" in again)) throw new Error("expected the child's trail");
    expect(again.rows.map((r) => [r.who, r.what])).toEqual([["Ali Admin", "Viewed who has seen this child"]]);
  });

  it("filters by user, and by whole days in UK time (both ends included)", async () => {
    const { db } = t.handle;
    // 14 June 2001 is in British Summer Time: the day runs from 23:00 UTC on the 13th to 23:00 UTC on the 14th.
    const at = (iso: string, actor: string) => recordAudit(db, { actorUserId: actor, action: "contact.viewed", subjectType: "contact", subjectId: "c-ava-1", at: new Date(iso) });
    await at("2001-06-13T22:59:00Z", "u-screener"); // 23:59 on the 13th: before
    await at("2001-06-13T23:00:00Z", "u-screener"); // 00:00 on the 14th: in
    await at("2001-06-14T22:59:00Z", "u-manager"); // 23:59 on the 14th: in
    await at("2001-06-14T23:00:00Z", "u-screener"); // 00:00 on the 15th: after
    const read = async (query: Parameters<typeof readChildAccess>[1]["query"]) => {
      const view = await readChildAccess(db, { user: manager, subject: { kind: "person", id: "p-ava" }, query, ipAddress: ip });
      if (!view || !("rows" in view)) throw new Error("expected the child's trail");
      return view.rows.map((r) => `${r.at.toISOString()} ${r.who}`);
    };
    const day = childAccessQuerySchema.parse({ from: "14/6/2001", to: "2001-06-14" });
    expect(await read(day)).toEqual(["2001-06-14T22:59:00.000Z Morgan Manager", "2001-06-13T23:00:00.000Z Sam Screener"]);
    expect(await read({ ...day, user: "u-screener" })).toEqual(["2001-06-13T23:00:00.000Z Sam Screener"]);
    expect(await read({ to: "2001-06-13" })).toEqual(["2001-06-13T22:59:00.000Z Sam Screener"]);
  });

  it("downloads the trail as CSV, with formula-like cells made harmless, and records the download", async () => {
    const { db } = t.handle;
    await viewContact(db, mischief, "c-ava-2", ip);
    const download = await downloadChildAccess(db, { user: manager, subject: { kind: "person", id: "p-ava" }, query: { user: "u-mischief" }, ipAddress: ip });
    if (!download || !("csv" in download)) throw new Error("expected a download");
    const lines = download.csv.split("\r\n");
    expect(lines[0]).toBe('"When (UK time)","When (UTC)","Who","Role","What","Record","From address"');
    expect(lines[1]).toMatch(/^"\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d","\d{4}-\d\d-\d\dT[^"]+Z",/);
    expect(lines[1]).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")","MASH screener","Viewed the contact","Contact REF-c-ava-2","192.0.2.7"`);
    expect(lines.slice(2)).toEqual([""]);
    expect(download.rows).toBe(1);
    const [downloaded] = await audits(db, "person.access_downloaded");
    expect(downloaded).toMatchObject({ actor_user_id: "u-manager", subject_id: "p-ava" });
    expect(downloaded?.details).toEqual({ filter: { user: "u-mischief" }, rows: 1 });
  });

  it("after a merge, the surviving child's trail holds the merged record's and the merged record's page shows the same child", async () => {
    const { db } = t.handle;
    await viewContact(db, screener, "c-dup", ip);
    const merged = await mergePeople(db, { user: manager, survivorId: "p-ava", mergedId: "p-ava-dup", reason: "Same child", idempotencyKey: "merge-audit-test", ipAddress: ip });
    expect(merged.kind).toBe("merged");
    for (const id of ["p-ava", "p-ava-dup"]) {
      const view = await readChildAccess(db, { user: manager, subject: { kind: "person", id }, query: {}, ipAddress: ip });
      if (!view || !("rows" in view)) throw new Error("expected the child's trail");
      expect(view.references.sort()).toEqual(["REF-c-ava-1", "REF-c-ava-2", "REF-c-dup"]);
      // Newest first, leaving out the readings of this page itself.
      expect(view.rows.filter((r) => r.what !== "Viewed who has seen this child").slice(0, 4).map((r) => [r.who, r.what, r.record])).toEqual([
        ["Morgan Manager", "Merged person records", "Person record merged into this one"],
        ["Morgan Manager", "Merged person records", "Person record"],
        ["Morgan Manager", "Changed the contact: child's records merged", "Contact REF-c-dup"],
        ["Sam Screener", "Viewed the contact", "Contact REF-c-dup"],
      ]);
    }
  });

  it("with a filter that cannot be read, shows the filter's choices and no records, and records the reading", async () => {
    const { db } = t.handle;
    const view = await readChildAccess(db, { user: manager, subject: { kind: "person", id: "p-ava" }, query: null, ipAddress: ip });
    if (!view || !("rows" in view)) throw new Error("expected the child's trail");
    expect(view.rows).toEqual([]);
    expect(view.total).toBe(0);
    expect(view.users.map((u) => u.name)).toContain("Sam Screener");
    const viewed = await audits(db, "person.access_viewed");
    expect(viewed.at(-1)?.details).toEqual({ filter: "not understood", page: 1, shown: 0 });
  });

  it("a contact not yet linked to a child has its own trail; a linked one points to its child's", async () => {
    const { db } = t.handle;
    const unlinked = await readChildAccess(db, { user: manager, subject: { kind: "contact", id: "c-unlinked" }, query: {}, ipAddress: ip });
    if (!unlinked || !("rows" in unlinked)) throw new Error("expected the contact's trail");
    expect(unlinked.child).toBeNull();
    expect(unlinked.rows.map((r) => r.what)).toEqual([
      "Searched for a child",
      "Shown in the MASH queue",
      "Viewed the contact",
    ]);
    expect(await readChildAccess(db, { user: manager, subject: { kind: "contact", id: "c-ava-1" }, query: {}, ipAddress: ip })).toEqual({ linkedTo: "p-ava" });
    expect(await readChildAccess(db, { user: manager, subject: { kind: "person", id: "p-nobody" }, query: {}, ipAddress: ip })).toBeNull();
  });

  it("records every 403 and 404 answered to a signed-in user, with the record the path names and without the query string", async () => {
    const { db } = t.handle;
    const app = express();
    app.use((req, res, next) => {
      const who = req.get("x-test-user");
      res.locals.auth = { user: USERS.find((u) => u.id === who) ?? null, sessionId: who ? "s" : null };
      next();
    });
    app.use(refusedAccessAudit(db));
    app.get("/contacts/:id", (_req, res) => void res.status(403).send("You do not have permission to see this page."));
    app.get("/queue", (_req, res) => void res.status(200).send("ok"));
    app.use((_req, res) => void res.status(404).send("Not found"));
    const server = app.listen(0);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const get = async (path: string, user?: string) => {
        const response = await fetch(`${base}${path}`, { headers: user ? { "x-test-user": user } : {} });
        await response.text();
        return response.status;
      };
      expect(await get("/contacts/c-ava-1?firstName=Ava&lastName=Quillfeather", "u-police")).toBe(403);
      expect(await get("/contacts/c-ava-2.data?_routes=routes%2Fcontacts", "u-north")).toBe(403);
      expect(await get("/step-downs/sd-missing", "u-north")).toBe(404);
      expect(await get("/nowhere/at/all", "u-screener")).toBe(404);
      expect(await get("/people/p%00x/access", "u-screener")).toBe(404);
      // Not recorded: nobody signed in, an answered page, a missing static file.
      expect(await get("/contacts/c-ava-1")).toBe(403);
      expect(await get("/queue", "u-screener")).toBe(200);
      expect(await get("/favicon.ico", "u-screener")).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const rows = await db
      .selectFrom("audit_events")
      .select(["actor_user_id", "action", "subject_type", "subject_id", "details"])
      .where("action", "in", ["access.refused", "access.not_found"])
      .where("actor_user_id", "!=", "u-north")
      .orderBy("id")
      .execute();
    const north = await db
      .selectFrom("audit_events")
      .select(["action", "subject_type", "subject_id", "details"])
      .where("action", "in", ["access.refused", "access.not_found"])
      .where("actor_user_id", "=", "u-north")
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      { actor_user_id: "u-police", action: "access.refused", subject_type: "contact", subject_id: "c-ava-1", details: { path: "/contacts/c-ava-1", method: "GET", status: 403 } },
      { actor_user_id: "u-screener", action: "access.not_found", subject_type: null, subject_id: null, details: { path: "/nowhere/at/all", method: "GET", status: 404 } },
      { actor_user_id: "u-screener", action: "access.not_found", subject_type: null, subject_id: null, details: { path: "/people/p%00x/access", method: "GET", status: 404 } },
    ]);
    // The first is the one recorded directly in the story set up above.
    expect(north.slice(1)).toEqual([
      { action: "access.refused", subject_type: "contact", subject_id: "c-ava-2", details: { path: "/contacts/c-ava-2", method: "GET", status: 403 } },
      { action: "access.not_found", subject_type: "step_down", subject_id: "sd-missing", details: { path: "/step-downs/sd-missing", method: "GET", status: 404 } },
    ]);
    // And the child's page shows the attempt on their contact.
    const view = await readChildAccess(db, { user: manager, subject: { kind: "person", id: "p-ava" }, query: { user: "u-police" }, ipAddress: ip });
    if (!view || !("rows" in view)) throw new Error("expected the child's trail");
    expect(view.rows[0]).toMatchObject({ who: "Pat Police", what: "Refused: no permission", record: "Contact REF-c-ava-1" });
  });
});

describe("the filter of who has seen this child", () => {
  const errors = (query: Record<string, string>) => {
    const result = childAccessQuerySchema.safeParse(query);
    return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
  };

  it("reads dates as day/month/year or year-month-day, and leaves blanks out", () => {
    expect(childAccessQuerySchema.parse({ from: "7/3/2026", to: "2026-03-09", user: "", page: "2" })).toEqual({ from: "2026-03-07", to: "2026-03-09", page: 2 });
  });

  it("refuses what is not a date the service can hold, with a message", () => {
    expect(errors({ from: "31/2/2026" })).toEqual({ from: "The ‘from’ date must be a real date" });
    expect(errors({ to: "1/1/20260" })).toEqual({ to: "The ‘to’ date must be a date, like 17/5/2026" });
    expect(errors({ from: "1/1/9999" })).toEqual({ from: "The ‘from’ date must be in a year from 2000 to 2100" });
    expect(errors({ from: "yesterday" })).toEqual({ from: "The ‘from’ date must be a date, like 17/5/2026" });
    expect(errors({ from: "\u0000" })).toEqual({ from: "The ‘from’ date must be a date, like 17/5/2026" });
    expect(errors({ from: "9/3/2026", to: "8/3/2026" })).toEqual({ to: "The ‘to’ date must be the same as or after the ‘from’ date" });
    expect(errors({ user: "x'; drop table users" })).toEqual({ user: "Choose a user from the list" });
    expect(childAccessQuerySchema.parse({ page: "0" })).toEqual({});
    expect(childAccessQuerySchema.parse({ page: "__proto__" })).toEqual({});
  });

  it("makes cells a spreadsheet would run as a formula read as text", () => {
    expect(["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "Sam", "1-2"].map(csvSafe)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\t=1", "'\r=1", "Sam", "1-2"]);
    const csv = accessCsv([{ id: 1, at: new Date("2026-07-01T08:30:05Z"), actorUserId: "u", who: "@me", role: "", what: "-x", record: "+y", address: "=z" }]);
    expect(csv.split("\r\n")[1]).toBe(`"01/07/2026 09:30:05","2026-07-01T08:30:05.000Z","'@me","","'-x","'+y","'=z"`);
  });

  it("knows which record a refused path names", () => {
    expect(requestedPath("/contacts/abc.data?_routes=x")).toBe("/contacts/abc");
    expect(recordOfPath("/contacts/abc/child")).toEqual({ subjectType: "contact", subjectId: "abc" });
    expect(recordOfPath("/people/p%20q/access")).toEqual({ subjectType: "person", subjectId: "p q" });
    expect(recordOfPath("/information-requests/ir-1")).toEqual({ subjectType: "information_request", subjectId: "ir-1" });
    expect(recordOfPath("/step-downs/c-1%3A2026-01-01T00%3A00%3A00.000Z")).toEqual({ subjectType: "step_down", subjectId: "c-1:2026-01-01T00:00:00.000Z" });
    expect(recordOfPath("/contacts/new")).toBeNull();
    expect(recordOfPath("/people/merge")).toBeNull();
    expect(recordOfPath("/contacts/%E0%A4%A")).toBeNull();
    expect(recordOfPath("/queue")).toBeNull();
  });
});
