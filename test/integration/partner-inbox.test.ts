/**
 * The partner inbox (issue 12, items 6 and 7): waiting requests first, nearest deadline first, then
 * the answered, newest answer first; pages by position (keyset); filters for waiting, overdue and
 * answered; a search by reference or surname; counts of waiting and overdue requests; another
 * agency's requests never shown. Four education requests, worked by hand:
 *
 *   A  due 3 March 18:00, recorded overdue by the deadline job at 18:30   waiting, overdue
 *   B  due 4 March 12:00                                                  waiting
 *   C  due 5 March 12:00, answered 3 March 10:00                          answered
 *   D  due 6 March 12:00, answered 3 March 11:00                          answered (newer)
 *
 * Inbox order: A, B, D, C. A health request on A's contact is never in education's inbox.
 */
import { beforeAll, expect, it } from "vitest";
import { listAgencyInformationRequests, respondToInformationRequest } from "../../app/information-requests/information-requests.server";
import type { SessionUser } from "../../app/auth/lucia.server";
import { createContact } from "../../app/contacts/create.server";
import { applyEventToContact } from "../../app/contacts/lifecycle.server";
import { markPartnerDeadlinesPassed } from "../../app/jobs/partner-deadlines.server";
import { insertUser } from "../../db/queries/users";
import type { Actor, ContactEvent } from "../../machines/contact.machine";
import { describeOnBothDatabases } from "./databases";

const screener: Actor = { id: "i-screener", role: "screener" };
const education: SessionUser & { agencyCode: string } = { id: "i-education", email: "i-education@example.org", displayName: "Eve Education", role: "partner", agencyCode: "education", hubCode: null };
const NOW = new Date("2026-03-03T19:00:00Z");

type Db = Parameters<typeof createContact>[0] & Parameters<typeof applyEventToContact>[0];

async function askEducation(db: Db, name: string, surname: string, dueAt: string, alsoHealth = false) {
  const id = `inbox-${name}`;
  await db.insertInto("people").values({ id: `p-${id}`, first_name: "Sam", last_name: surname, date_of_birth: "2014-01-01", sex: "M" }).execute();
  await createContact(
    db,
    { id, reference: `INBOX-${name}`, person_id: `p-${id}`, received_at: "2026-03-02T09:00:00Z", source: "6", channel: "police_notification", referrer: JSON.stringify({ professional: true }), concern: "A concern." },
    { actor: screener, recordedAt: "2026-03-02T09:05:00Z" },
  );
  const requests = [{ agency: "education", dueAt }, ...(alsoHealth ? [{ agency: "health", dueAt }] : [])];
  const steps: ContactEvent[] = [
    { type: "START_SCREENING", at: "2026-03-02T09:10:00Z", actor: screener },
    { type: "SET_PRIORITY", priority: "green", reason: "School's concern.", at: "2026-03-02T09:11:00Z", actor: screener },
    { type: "RECORD_CONSENT", consent: "given", at: "2026-03-02T09:12:00Z", actor: screener },
    { type: "REQUEST_PARTNER_INFORMATION", requests, at: "2026-03-02T09:13:00Z", actor: screener },
  ];
  let version = 1;
  for (const [i, event] of steps.entries()) {
    const r = await applyEventToContact(db, { contactId: id, expectedVersion: version, idempotencyKey: `${id}-${i}`, event });
    if (r.kind !== "applied") throw new Error(`${event.type}: ${JSON.stringify(r)}`);
    version = r.version;
  }
  return `${id}:education`;
}

describeOnBothDatabases("the partner inbox", (t) => {
  const ids = { A: "", B: "", C: "", D: "" };

  beforeAll(async () => {
    const { db } = t.handle;
    await insertUser(db, { id: "i-screener", email: "i-screener@example.org", display_name: "Screener", role: "screener", agency_code: null, hub_code: null, password_hash: "x" });
    await insertUser(db, { id: "i-education", email: "i-education@example.org", display_name: "Eve Education", role: "partner", agency_code: "education", hub_code: null, password_hash: "x" });
    ids.A = await askEducation(db, "A", "Ashworth", "2026-03-03T18:00:00.000Z", true);
    ids.B = await askEducation(db, "B", "Brennan", "2026-03-04T12:00:00.000Z");
    ids.C = await askEducation(db, "C", "Carter", "2026-03-05T12:00:00.000Z");
    ids.D = await askEducation(db, "D", "Dalton", "2026-03-06T12:00:00.000Z");
    for (const [id, at] of [[ids.C, "2026-03-03T10:00:00Z"], [ids.D, "2026-03-03T11:00:00Z"]] as const) {
      const r = await respondToInformationRequest(db, {
        user: education,
        requestId: id,
        response: { intent: "PARTNER_NOTHING_KNOWN", information: undefined, version: 1, idempotencyKey: `answer-${id}` },
        ipAddress: null,
        now: new Date(at),
      });
      expect(r.kind).toBe("applied");
    }
    await markPartnerDeadlinesPassed(db, new Date("2026-03-03T18:30:00Z"));
  });

  const list = (input: Partial<Parameters<typeof listAgencyInformationRequests>[1]> = {}) =>
    listAgencyInformationRequests(t.handle.db, { user: education, page: 1, pageSize: 50, ipAddress: null, now: NOW, ...input });

  it("shows waiting requests by deadline, then the answered newest first, with the overdue one marked and counted", async () => {
    const inbox = await list();
    expect(inbox.rows.map((r) => [r.id, r.status, r.overdue])).toEqual([
      [ids.A, "requested", true],
      [ids.B, "requested", false],
      [ids.D, "nothing_known", false],
      [ids.C, "nothing_known", false],
    ]);
    expect(inbox.rows[0]!.overdue_at).not.toBeNull();
    expect({ waiting: inbox.waiting, overdue: inbox.overdue, next: inbox.next }).toEqual({ waiting: 2, overdue: 1, next: null });
  });

  it("pages by position: one request a page walks the same order, and the last page has no next", async () => {
    const seen: string[] = [];
    let after: { rank: string; id: string } | null = null;
    for (let page = 1; page <= 5; page++) {
      const inbox = await list({ pageSize: 1, after });
      seen.push(...inbox.rows.map((r) => r.id));
      after = inbox.next;
      if (page < 4) expect(after).not.toBeNull();
      if (page === 4) expect(after).toBeNull();
      if (!after) break;
    }
    expect(seen).toEqual([ids.A, ids.B, ids.D, ids.C]);
  });

  it("filters waiting, overdue and answered requests, and searches by reference or surname in any case", async () => {
    const ofShow = async (show: "waiting" | "overdue" | "answered") => (await list({ show })).rows.map((r) => r.id);
    expect(await ofShow("waiting")).toEqual([ids.A, ids.B]);
    expect(await ofShow("overdue")).toEqual([ids.A]);
    expect(await ofShow("answered")).toEqual([ids.D, ids.C]);
    expect((await list({ search: "inbox-b" })).rows.map((r) => r.id)).toEqual([ids.B]);
    expect((await list({ search: "CARTER" })).rows.map((r) => r.id)).toEqual([ids.C]);
    expect((await list({ search: "Nobody" })).rows).toEqual([]);
  });
});
