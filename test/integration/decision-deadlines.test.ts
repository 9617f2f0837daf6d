/**
 * Every contact's stored decision deadline (migration 0015): the end (local midnight) of the first
 * working day after its local received date — the queue's clock and MEASURES.md's "decided within one
 * working day". The application writes it as it records a contact; a row inserted without one (an
 * import's fixture, any code that forgets) gets it from the database. Expected instants worked by hand.
 *
 * Europe/London is GMT until the last Sunday of March, BST (UTC+1) until the last Sunday of October,
 * so in BST the local midnight ending a date is 23:00 UTC that date.
 */
import { type Kysely, sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import type { SessionUser } from "../../app/auth/lucia.server";
import { computeMeasures } from "../../app/measures/measures.server";
import { addBankHoliday, readClockSettings, removeBankHoliday } from "../../app/clocks/clock-settings.server";
import { decisionDeadline } from "../../app/clocks/clocks";
import { insertContact } from "../../db/queries/contacts/contact-events";
import * as migration0015 from "../../db/migrations/0015_oversight_and_decision_deadlines";
import { storeLookBacks } from "../../db/queries/measures/measures";
import { insertUser } from "../../db/queries/users";
import { describeOnBothDatabases } from "./databases";

const admin: SessionUser = { id: "dd-admin", email: "dd-admin@example.org", displayName: "Ada Admin", role: "admin", agencyCode: null, hubCode: null };

describeOnBothDatabases("decision deadlines stored on every contact", (t) => {
  const db = () => t.handle.db;

  async function contact(id: string, receivedAt: string, decidedAt: string | null = null) {
    await insertContact(db(), {
      id,
      reference: id,
      person_id: null,
      received_at: receivedAt,
      source: "6",
      channel: "phone",
      state: decidedAt ? "closed" : "received",
      outcome: decidedAt ? "nfa" : null,
      decided_at: decidedAt,
      machine_version: 1,
      snapshot: JSON.stringify({}),
      referrer: JSON.stringify({}),
    });
  }
  const stored = async (id: string) =>
    new Date((await db().selectFrom("contacts").select("decision_due_at").where("id", "=", id).executeTakeFirstOrThrow()).decision_due_at).toISOString();

  beforeAll(async () => {
    await insertUser(db(), { id: admin.id, email: admin.email, display_name: admin.displayName, role: "admin", agency_code: null, hub_code: null, password_hash: "x" });
  });

  it("a contact inserted without its deadline gets the end of the first working day after its local received date", async () => {
    // Saturday 6 January 2024 → end of Monday 8 January (GMT).
    await contact("dd-sat", "2024-01-06T11:00:00Z");
    expect(await stored("dd-sat")).toBe("2024-01-09T00:00:00.000Z");
    // Thursday before Easter 2024 (28 March; Good Friday 29 March, Easter Monday 1 April) → end of Tuesday 2 April (BST).
    await contact("dd-easter", "2024-03-28T16:00:00Z");
    expect(await stored("dd-easter")).toBe("2024-04-02T23:00:00.000Z");
    // 23:30 on Friday 2 August 2024 local time is 22:30 UTC: still Friday → end of Monday 5 August (BST).
    await contact("dd-late-friday", "2024-08-02T22:30:00Z");
    expect(await stored("dd-late-friday")).toBe("2024-08-05T23:00:00.000Z");
    // 00:30 on Saturday 3 August local is 23:30 UTC on the Friday: Saturday → also end of Monday 5 August.
    await contact("dd-early-saturday", "2024-08-02T23:30:00Z");
    expect(await stored("dd-early-saturday")).toBe("2024-08-05T23:00:00.000Z");
    // Christmas Eve 2025 (Wednesday; 25 and 26 December bank holidays, then the weekend) → end of Monday 29 December.
    await contact("dd-christmas", "2025-12-24T10:00:00Z");
    expect(await stored("dd-christmas")).toBe("2025-12-30T00:00:00.000Z");
  });

  it("the migration gives existing contacts their deadline and their authorising manager", async () => {
    // As a database from before migration 0015: contacts without a deadline, one decided and authorised.
    await migration0015.down(db() as unknown as Kysely<unknown>);
    for (const [id, received] of [["dd-old-sat", "2024-01-06T11:00:00Z"], ["dd-old-easter", "2024-03-28T16:00:00Z"]] as const) {
      await db().insertInto("contacts").values({
        id, reference: id, received_at: received, source: "6", channel: "phone", state: "closed", outcome: "nfa",
        decided_at: "2024-04-03T10:00:00Z", machine_version: 1, referrer: JSON.stringify({}),
        snapshot: JSON.stringify({ context: { authorisedBy: id === "dd-old-sat" ? admin.id : null } }),
      } as never).execute();
    }
    await migration0015.up(db() as unknown as Kysely<unknown>);
    expect(await stored("dd-old-sat")).toBe("2024-01-09T00:00:00.000Z");
    expect(await stored("dd-old-easter")).toBe("2024-04-02T23:00:00.000Z");
    const authorised = await db().selectFrom("contacts").select(["id", "authorised_by"]).where("id", "in", ["dd-old-sat", "dd-old-easter"]).orderBy("id").execute();
    expect(authorised).toEqual([
      { id: "dd-old-easter", authorised_by: null },
      { id: "dd-old-sat", authorised_by: admin.id },
    ]);
  });

  it("the database's rule and the application's clock agree on every day of three years, early and late", async () => {
    const { holidays } = await readClockSettings(db());
    const { rows } = await sql<{ received: Date; due: Date }>`
      select g as received, contact_decision_deadline(g) as due
      from generate_series('2024-01-01T00:30:00Z'::timestamptz, '2026-12-31T23:30:00Z'::timestamptz, interval '11 hours') g`.execute(db());
    expect(rows.length).toBeGreaterThan(2000);
    const differing = rows.filter((r) => new Date(r.due).getTime() !== decisionDeadline(new Date(r.received), holidays).getTime());
    expect(differing).toEqual([]);
  });

  it("a bank holiday added later moves the deadlines it touches and the measure at once; removing it moves them back", async () => {
    // Received Friday 7 August 2026, 10:00 BST; decided Tuesday 11 August, 12:00 BST.
    await contact("dd-august", "2026-08-07T09:00:00Z", "2026-08-11T11:00:00Z");
    await storeLookBacks(db(), { kind: "contacts", contactIds: ["dd-august"] });
    const august = { from: "2026-08-01", to: "2026-08-31" };
    // Due by the end of Monday 10 August: decided on the Tuesday, not within one working day.
    expect(await stored("dd-august")).toBe("2026-08-10T23:00:00.000Z");
    expect((await computeMeasures(db(), august)).decided_within_one_working_day).toMatchObject({ numerator: 0, denominator: 1 });

    const added = await addBankHoliday(db(), { user: admin, ipAddress: null, idempotencyKey: "dd-add", date: "2026-08-10", title: "County day" });
    expect(added).toMatchObject({ kind: "applied", replayed: false });
    // Monday is now a holiday: due by the end of Tuesday 11 August, so decided within one working day.
    expect(await stored("dd-august")).toBe("2026-08-11T23:00:00.000Z");
    expect((await computeMeasures(db(), august)).decided_within_one_working_day).toMatchObject({ numerator: 1, denominator: 1 });

    expect(await removeBankHoliday(db(), { user: admin, ipAddress: null, idempotencyKey: "dd-remove", date: "2026-08-10" })).toMatchObject({ kind: "applied" });
    expect(await stored("dd-august")).toBe("2026-08-10T23:00:00.000Z");
    expect((await computeMeasures(db(), august)).decided_within_one_working_day).toMatchObject({ numerator: 0, denominator: 1 });
  });
});
