/**
 * Time-driven work (issue 12, item 6; decision 017): two job runners on the same database — two
 * app servers on PostgreSQL, two runners in one process on PGlite — mark a passed deadline overdue
 * exactly once through the lifecycle service, remind the agency before its deadline and the
 * screener when a return arrives or the deadline passes, send those by e-mail through a local SMTP
 * server started here, and remove expired sessions.
 */
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { SMTPServer } from "smtp-server";
import { beforeAll, beforeEach, expect, it } from "vitest";
import { respondToInformationRequest } from "../../app/information-requests/information-requests.server";
import type { SessionUser } from "../../app/auth/lucia.server";
import { createContact } from "../../app/contacts/create.server";
import { applyEventToContact } from "../../app/contacts/lifecycle.server";
import { sendNotificationEmails } from "../../app/jobs/email.server";
import { markPartnerDeadlinesPassed } from "../../app/jobs/partner-deadlines.server";
import { appJobs, JOB_NAMES, JobRunner } from "../../app/jobs/runner.server";
import { markNotificationsReadUpTo, readNotifications, unreadNotificationCount } from "../../app/notifications/notifications.server";
import { listContactEvents } from "../../db/queries/contacts/contact-events";
import { listJobs } from "../../db/queries/jobs";
import { insertUser } from "../../db/queries/users";
import type { Actor, ContactEvent } from "../../machines/contact.machine";
import { describeOnBothDatabases } from "./databases";

const screener: Actor = { id: "j-screener", role: "screener" };
const police: SessionUser = { id: "j-police", email: "j-police@example.org", displayName: "Pat Police", role: "partner", agencyCode: "police", hubCode: null };

/** Requested at 09:13 on 2 March, due 18:00 on 3 March: 32 h 47 min, the last quarter starts at 09:48:15 on 3 March. */
const REQUESTED_AT = "2026-03-02T09:13:00.000Z";
const DUE_AT = "2026-03-03T18:00:00.000Z";

type Db = Parameters<typeof createContact>[0] & Parameters<typeof applyEventToContact>[0];

let n = 0;
async function awaitingPoliceAndHealth(db: Db) {
  n += 1;
  const id = `job-${n}-${Math.random().toString(36).slice(2, 8)}`;
  await db.insertInto("people").values({ id: `p-${id}`, first_name: "Ava", last_name: `Jobtest${n}`, date_of_birth: "2015-06-01", sex: "F" }).execute();
  await createContact(
    db,
    { id, reference: `JOB-${n}-${id.slice(-6)}`, person_id: `p-${id}`, received_at: "2026-03-02T09:00:00Z", source: "6", channel: "police_notification", referrer: JSON.stringify({ professional: true }), concern: "Police attended a domestic incident." },
    { actor: screener, recordedAt: "2026-03-02T09:05:00Z" },
  );
  const steps: ContactEvent[] = [
    { type: "START_SCREENING", at: "2026-03-02T09:10:00Z", actor: screener },
    { type: "SET_PRIORITY", priority: "amber", reason: "Concerns reported by the school.", at: "2026-03-02T09:11:00Z", actor: screener },
    { type: "RECORD_CONSENT", consent: "given", at: "2026-03-02T09:12:00Z", actor: screener },
    { type: "REQUEST_PARTNER_INFORMATION", requests: [{ agency: "police", dueAt: DUE_AT }, { agency: "health", dueAt: DUE_AT }], at: REQUESTED_AT, actor: screener },
  ];
  let version = 1;
  for (const [i, event] of steps.entries()) {
    const r = await applyEventToContact(db, { contactId: id, expectedVersion: version, idempotencyKey: `${id}-${i}`, event });
    if (r.kind !== "applied") throw new Error(`${event.type}: ${JSON.stringify(r)}`);
    version = r.version;
  }
  const contact = await db.selectFrom("contacts").select("reference").where("id", "=", id).executeTakeFirstOrThrow();
  return { contactId: id, reference: contact.reference, police: `${id}:police`, health: `${id}:health` };
}

const at = (iso: string) => () => new Date(iso);

describeOnBothDatabases("time-driven jobs", (t) => {
  beforeAll(async () => {
    const users: [string, SessionUser["role"], string | null][] = [
      ["j-screener", "screener", null],
      ["j-police", "partner", "police"],
      ["j-police-2", "partner", "police"],
      ["j-health", "partner", "health"],
    ];
    for (const [id, role, agency] of users) {
      await insertUser(t.handle.db, { id, email: `${id}@example.org`, display_name: `Name of ${id}`, role, agency_code: agency, hub_code: null, password_hash: "x" });
    }
    // A partner who has left: told nothing.
    await insertUser(t.handle.db, { id: "j-police-left", email: "j-police-left@example.org", display_name: "Left", role: "partner", agency_code: "police", hub_code: null, password_hash: "x", active: false });
  });

  // Every job is due at the start of each test (another test's clock may have moved them on).
  beforeEach(async () => {
    await sql`update jobs set run_at = '2000-01-01T00:00:00Z', locked_until = null, locked_by = null`.execute(t.handle.db);
  });

  async function deadlineEvents(contactId: string) {
    return (await listContactEvents(t.handle.db, contactId)).filter((e) => e.type === "PARTNER_DEADLINE_PASSED");
  }

  it("two runners at the same moment mark each passed deadline overdue exactly once, and each job runs once", async () => {
    const { db } = t.handle;
    const c = await awaitingPoliceAndHealth(db);
    const jobs = appJobs({ smtp: null, publicUrl: "http://localhost", serviceName: "Front door" });
    const before = new Map((await listJobs(db)).map((j) => [j.name, j.runs]));
    const a = new JobRunner(db, jobs, { intervalSeconds: 60, clock: at("2026-03-03T18:05:00Z"), id: "runner-a" });
    const b = new JobRunner(db, jobs, { intervalSeconds: 60, clock: at("2026-03-03T18:05:00Z"), id: "runner-b" });
    const [ranA, ranB] = await Promise.all([a.runDueJobs(), b.runDueJobs()]);

    // Five jobs, each run by one runner or the other, none by both.
    expect([...ranA, ...ranB].sort()).toEqual([...JOB_NAMES].sort());
    const after = await listJobs(db);
    for (const job of after) expect(job.runs - (before.get(job.name) ?? 0)).toBe(1);
    expect(after.every((j) => j.locked_by === null && j.last_error === null)).toBe(true);

    const events = await deadlineEvents(c.contactId);
    expect(events.map((e) => (e as { payload?: { agency?: string } }).payload?.agency ?? null).length).toBe(2);
    const contact = await db.selectFrom("contacts").select(["state"]).where("id", "=", c.contactId).executeTakeFirstOrThrow();
    expect(contact.state).toBe("awaiting_partner_information.overdue");
    const requests = await db.selectFrom("information_requests").select(["id", "overdue_at", "waiting"]).where("contact_id", "=", c.contactId).orderBy("id").execute();
    expect(requests.map((r) => [r.id, new Date(r.overdue_at!).toISOString(), r.waiting])).toEqual([
      [c.health, "2026-03-03T18:05:00.000Z", true],
      [c.police, "2026-03-03T18:05:00.000Z", true],
    ]);
    // Recorded by the system: no user named, audited like any change.
    const rows = await db.selectFrom("contact_events").select(["actor_user_id"]).where("contact_id", "=", c.contactId).where("type", "=", "PARTNER_DEADLINE_PASSED").execute();
    expect(rows).toEqual([{ actor_user_id: null }, { actor_user_id: null }]);
    const audit = await db.selectFrom("audit_events").select(["actor_user_id"]).where("subject_id", "=", c.contactId).where("action", "=", "contact.partner_deadline_passed").execute();
    expect(audit).toHaveLength(2);

    // The screener who asked is told once per agency.
    const told = await db.selectFrom("notifications").select(["user_id", "kind", "request_id"]).where("contact_id", "=", c.contactId).where("kind", "=", "partner_deadline_passed").orderBy("request_id").execute();
    expect(told).toEqual([
      { user_id: "j-screener", kind: "partner_deadline_passed", request_id: c.health },
      { user_id: "j-screener", kind: "partner_deadline_passed", request_id: c.police },
    ]);

    // Both runners again, an hour on: nothing more to mark.
    await sql`update jobs set run_at = '2000-01-01T00:00:00Z'`.execute(db);
    const a2 = new JobRunner(db, jobs, { intervalSeconds: 60, clock: at("2026-03-03T19:05:00Z"), id: "runner-a" });
    const b2 = new JobRunner(db, jobs, { intervalSeconds: 60, clock: at("2026-03-03T19:05:00Z"), id: "runner-b" });
    await Promise.all([a2.runDueJobs(), b2.runDueJobs()]);
    expect(await deadlineEvents(c.contactId)).toHaveLength(2);
  });

  it("the deadline work itself, started twice at once (no lease between them), records each deadline once", async () => {
    const { db } = t.handle;
    const c = await awaitingPoliceAndHealth(db);
    const now = new Date("2026-03-03T18:01:00Z");
    const [first, second] = await Promise.all([markPartnerDeadlinesPassed(db, now), markPartnerDeadlinesPassed(db, now)]);
    expect(await deadlineEvents(c.contactId)).toHaveLength(2);
    // Between them: each of this contact's two requests marked once (other tests' contacts may be in the counts too).
    expect(first.marked + second.marked).toBeGreaterThanOrEqual(2);
    const told = await db.selectFrom("notifications").select("id").where("contact_id", "=", c.contactId).where("kind", "=", "partner_deadline_passed").execute();
    expect(told).toHaveLength(2);
  });

  it("before the deadline nothing is marked; in its last quarter the agency's active partners are reminded once", async () => {
    const { db } = t.handle;
    const c = await awaitingPoliceAndHealth(db);
    const jobs = appJobs({ smtp: null, publicUrl: "http://localhost", serviceName: "Front door" });

    await new JobRunner(db, jobs, { intervalSeconds: 60, clock: at("2026-03-03T09:45:00Z") }).runDueJobs();
    expect(await deadlineEvents(c.contactId)).toHaveLength(0);
    expect(await db.selectFrom("notifications").select("id").where("contact_id", "=", c.contactId).execute()).toHaveLength(0);

    await sql`update jobs set run_at = '2000-01-01T00:00:00Z'`.execute(db);
    await new JobRunner(db, jobs, { intervalSeconds: 60, clock: at("2026-03-03T09:50:00Z") }).runDueJobs();
    await sql`update jobs set run_at = '2000-01-01T00:00:00Z'`.execute(db);
    await new JobRunner(db, jobs, { intervalSeconds: 60, clock: at("2026-03-03T12:00:00Z") }).runDueJobs();

    const reminded = await db.selectFrom("notifications").select(["user_id", "kind", "request_id"]).where("contact_id", "=", c.contactId).orderBy("user_id").execute();
    expect(reminded).toEqual([
      { user_id: "j-health", kind: "partner_deadline_near", request_id: c.health },
      { user_id: "j-police", kind: "partner_deadline_near", request_id: c.police },
      { user_id: "j-police-2", kind: "partner_deadline_near", request_id: c.police },
    ]);
    expect(await deadlineEvents(c.contactId)).toHaveLength(0);
  });

  it("a return tells the screener once; the notifications page reads without writing, and marks read only the user's own", async () => {
    const { db } = t.handle;
    const c = await awaitingPoliceAndHealth(db);
    const unreadBefore = await unreadNotificationCount(db, { id: "j-screener" });
    const answer = { intent: "PARTNER_INFORMATION_RETURNED" as const, rag: "red" as const, ragRationale: "Two callouts in a year.", information: "Known to police: two callouts this year.", version: 1, idempotencyKey: `ans-${c.contactId}` };
    const first = await respondToInformationRequest(db, { user: police, requestId: c.police, response: answer, ipAddress: null, now: new Date("2026-03-03T10:00:00Z") });
    const again = await respondToInformationRequest(db, { user: police, requestId: c.police, response: answer, ipAddress: null, now: new Date("2026-03-03T10:00:05Z") });
    expect(first).toMatchObject({ kind: "applied", replayed: false });
    expect(again).toMatchObject({ kind: "applied", replayed: true });
    const told = await db.selectFrom("notifications").select(["user_id", "kind"]).where("contact_id", "=", c.contactId).execute();
    expect(told).toEqual([{ user_id: "j-screener", kind: "partner_answer_arrived" }]);
    expect(await unreadNotificationCount(db, { id: "j-screener" })).toBe(unreadBefore + 1);

    const countRows = async () => Number((await sql<{ n: number }>`select count(*)::int as n from notifications where read_at is not null`.execute(db)).rows[0]!.n);
    const readBefore = await countRows();
    const page = await readNotifications(db, { id: "j-screener" });
    const mine = page.filter((p) => p.path === `/contacts/${c.contactId}`);
    expect(mine).toEqual([
      {
        id: expect.any(String),
        kind: "partner_answer_arrived",
        title: `Partner information returned: contact ${c.reference}`,
        body: `Police has answered the request about contact ${c.reference}.`,
        path: `/contacts/${c.contactId}`,
        at: "2026-03-03T10:00:00.000Z",
        unread: true,
      },
    ]);
    expect(await countRows()).toBe(readBefore);

    // Another user cannot mark the screener's as read.
    const newest = page.map((p) => BigInt(p.id)).reduce((a, b) => (a > b ? a : b)).toString();
    await markNotificationsReadUpTo(db, { id: "j-police" }, newest);
    expect(await unreadNotificationCount(db, { id: "j-screener" })).toBe(unreadBefore + 1);
    expect(await markNotificationsReadUpTo(db, { id: "j-screener" }, newest)).toBe(unreadBefore + 1);
    expect(await unreadNotificationCount(db, { id: "j-screener" })).toBe(0);
  });

  it("e-mails notifications through SMTP once, naming the contact's reference and never the child", async () => {
    const { db } = t.handle;
    const received: { to: string; data: string }[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, session, callback) {
        let data = "";
        stream.on("data", (chunk: Buffer) => (data += chunk.toString("utf8")));
        stream.on("end", () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), data });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.server.address() as AddressInfo).port;
    try {
      // Whatever earlier tests left waiting is not this test's business.
      await sql`update notifications set email_state = 'not_sent' where email_state = 'pending'`.execute(db);
      const c = await awaitingPoliceAndHealth(db);
      await markPartnerDeadlinesPassed(db, new Date("2026-03-03T18:02:00Z"));
      const smtp = { host: "127.0.0.1", port, secure: false, auth: null, from: "MASH <mash@example.org>" };
      const first = await sendNotificationEmails(db, { smtp, publicUrl: "https://front-door.example", serviceName: "Front door", now: new Date("2026-03-03T18:03:00Z") });
      const second = await sendNotificationEmails(db, { smtp, publicUrl: "https://front-door.example", serviceName: "Front door", now: new Date("2026-03-03T18:04:00Z") });
      expect(first.sent).toBeGreaterThanOrEqual(2);
      expect(second.sent).toBe(0);

      // Soft line breaks of quoted-printable and folded headers undone.
      const plain = (data: string) => data.replace(/=\r\n/g, "").replace(/\r\n[ \t]+/g, " ").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      const mine = received.map((m) => ({ ...m, data: plain(m.data) })).filter((m) => m.data.includes(c.reference));
      expect(mine).toHaveLength(2);
      for (const m of mine) {
        expect(m.to).toBe("j-screener@example.org");
        expect(m.data).toContain(`Subject: Information request overdue: contact ${c.reference} - Front door`);
        expect(m.data).toMatch(/(Police|Health) has not answered the request about contact .*, which was due by 3 March 2026 at 6:00 pm\./);
        expect(m.data).toContain(`https://front-door.example/contacts/${c.contactId}`);
        expect(m.data).not.toContain("Ava");
        expect(m.data).not.toContain("Jobtest");
      }
      const states = await db.selectFrom("notifications").select(["email_state"]).where("contact_id", "=", c.contactId).execute();
      expect(states).toEqual([{ email_state: "sent" }, { email_state: "sent" }]);

      // With no mail server configured, they are shown in the app only.
      const d = await awaitingPoliceAndHealth(db);
      await markPartnerDeadlinesPassed(db, new Date("2026-03-03T18:02:00Z"));
      await sendNotificationEmails(db, { smtp: null, publicUrl: "https://front-door.example", serviceName: "Front door", now: new Date() });
      const notSent = await db.selectFrom("notifications").select(["email_state"]).where("contact_id", "=", d.contactId).execute();
      expect(notSent).toEqual([{ email_state: "not_sent" }, { email_state: "not_sent" }]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("removes sessions past their expiry and keeps the others", async () => {
    const { db } = t.handle;
    const now = new Date("2026-03-03T12:00:00Z");
    await db.insertInto("user_sessions").values([
      { id: "s-expired", user_id: "j-screener", expires_at: new Date("2026-03-03T11:00:00Z"), absolute_expires_at: new Date("2026-03-03T20:00:00Z"), ip_address: null, user_agent: null },
      { id: "s-current", user_id: "j-screener", expires_at: new Date("2026-03-03T12:30:00Z"), absolute_expires_at: new Date("2026-03-03T20:00:00Z"), ip_address: null, user_agent: null },
    ]).execute();
    await new JobRunner(db, appJobs({ smtp: null, publicUrl: "http://localhost", serviceName: "Front door" }), { intervalSeconds: 60, clock: () => now }).runDueJobs();
    const left = await db.selectFrom("user_sessions").select("id").where("id", "in", ["s-expired", "s-current"]).execute();
    expect(left).toEqual([{ id: "s-current" }]);
  });
});
