/**
 * E-mail that the mail server refuses is tried again with back-off a bounded number of times, then
 * recorded as failed and shown to an administrator (decision 028). With the local SMTP server the
 * tests start, made to refuse and then to accept. Both databases.
 */
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EMAIL_ATTEMPTS, nextEmailAttempt, sendNotificationEmails } from "../../app/jobs/email.server";
import { jobsAndEmails } from "../../app/jobs/status.server";
import { insertNotifications } from "../../db/queries/notifications";
import { insertUser } from "../../db/queries/users";
import { describeOnBothDatabases } from "./databases";

const T0 = new Date("2026-03-03T18:00:00Z");
const minutes = (m: number) => new Date(T0.getTime() + m * 60_000);

describeOnBothDatabases("e-mail retried with back-off, then failed and shown to an administrator", (t) => {
  let refusing = true;
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onRcptTo(address, _session, callback) {
      if (refusing) return callback(Object.assign(new Error("Mailbox busy, try again later"), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        received.push(session.envelope.rcptTo.map((r) => r.address).join(","));
        callback();
      });
    },
  });
  let smtp: { host: string; port: number; secure: boolean; auth: null; from: string };
  const send = (now: Date) => sendNotificationEmails(t.handle.db, { smtp, publicUrl: "https://front-door.example", serviceName: "Front door", now });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    smtp = { host: "127.0.0.1", port: (server.server.address() as AddressInfo).port, secure: false, auth: null, from: "MASH <mash@example.org>" };
    await insertUser(t.handle.db, { id: "e-screener", email: "e-screener@example.org", display_name: "Sam Okafor", role: "screener", agency_code: null, hub_code: null, password_hash: "x" });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function notification(reference: string) {
    const { db } = t.handle;
    // Whatever earlier tests left waiting is not this test's business.
    await sql`update notifications set email_state = 'not_sent' where email_state = 'pending'`.execute(db);
    await insertNotifications(db, [
      { userId: "e-screener", kind: "partner_deadline_passed", eventKey: `deadline:${reference}`, contactId: null, requestId: null, details: { reference, agencyName: "Police", dueAt: T0.toISOString(), path: "/notifications" }, at: T0 },
    ]);
    return db.selectFrom("notifications").select("id").where("event_key", "=", `deadline:${reference}`).executeTakeFirstOrThrow();
  }
  async function state(id: string) {
    const row = await t.handle.db.selectFrom("notifications").select(["email_state", "email_attempts", "email_next_attempt_at", "email_error"]).where("id", "=", id).executeTakeFirstOrThrow();
    return { ...row, email_next_attempt_at: row.email_next_attempt_at ? new Date(row.email_next_attempt_at).toISOString() : null };
  }

  it("waits 1, 2, 4 and 8 minutes between attempts, five in all (worked out by hand)", () => {
    expect(EMAIL_ATTEMPTS).toBe(5);
    expect([1, 2, 3, 4, 5].map((attempt) => nextEmailAttempt(attempt, T0)?.toISOString() ?? null)).toEqual([
      "2026-03-03T18:01:00.000Z",
      "2026-03-03T18:02:00.000Z",
      "2026-03-03T18:04:00.000Z",
      "2026-03-03T18:08:00.000Z",
      null,
    ]);
  });

  it("tries a refused e-mail again when it is due, and sends it once the server accepts", async () => {
    const { id } = await notification("MASH-2026-000101");
    refusing = true;
    expect(await send(T0)).toMatchObject({ sent: 0, retrying: 1, failed: 0 });
    expect(await state(id)).toMatchObject({ email_state: "pending", email_attempts: 1, email_next_attempt_at: "2026-03-03T18:01:00.000Z" });
    expect((await state(id)).email_error).toContain("Mailbox busy");
    // Not due yet: not tried.
    expect(await send(minutes(0.5))).toMatchObject({ sent: 0, retrying: 0, failed: 0 });
    expect((await state(id)).email_attempts).toBe(1);
    // Due, still refused: the wait doubles.
    expect(await send(minutes(1))).toMatchObject({ sent: 0, retrying: 1 });
    expect(await state(id)).toMatchObject({ email_state: "pending", email_attempts: 2, email_next_attempt_at: "2026-03-03T18:03:00.000Z" });
    // The server accepts again: sent at the next attempt, once.
    refusing = false;
    const before = received.length;
    expect(await send(minutes(3))).toMatchObject({ sent: 1, retrying: 0, failed: 0 });
    expect(await state(id)).toEqual({ email_state: "sent", email_attempts: 3, email_next_attempt_at: null, email_error: null });
    expect(received.slice(before)).toEqual(["e-screener@example.org"]);
    expect(await send(minutes(60))).toMatchObject({ sent: 0 });
  });

  it("after the fifth refusal records it as failed, shown on the administrator's page, and tries no more", async () => {
    const { id } = await notification("MASH-2026-000102");
    refusing = true;
    // Attempts at 0, 1, 3, 7 and 15 minutes: each when the one before said.
    const results = [];
    for (const at of [0, 1, 3, 7, 15]) results.push(await send(minutes(at)));
    expect(results.map((r) => [r.retrying, r.failed])).toEqual([[1, 0], [1, 0], [1, 0], [1, 0], [0, 1]]);
    const failed = await state(id);
    expect(failed).toMatchObject({ email_state: "failed", email_attempts: 5, email_next_attempt_at: null });
    expect(failed.email_error).toContain("Mailbox busy");
    refusing = false;
    expect(await send(minutes(120))).toMatchObject({ sent: 0, retrying: 0, failed: 0 });

    const page = await jobsAndEmails(t.handle.db, { failedLimit: 100 });
    expect(page.failed).toEqual([
      {
        id,
        at: expect.any(Date),
        title: "Information request overdue: contact MASH-2026-000102",
        to: "Sam Okafor <e-screener@example.org>",
        attempts: 5,
        error: expect.stringContaining("Mailbox busy"),
      },
    ]);
    expect(page.emails.find((e) => e.state === "failed")).toEqual({ state: "failed", label: "Not sent after 5 attempts", count: 1, retrying: 0 });
  });
});
