/**
 * The live measures of MEASURES.md's second list, on a hand-made May 2024 (British Summer Time, so
 * an instant of 23:30 UTC is the next local day), with hand-worked expectations.
 */
import { expect, it } from "vitest";
import { readBreakdowns } from "../../app/measures/dashboard.server";
import { addUser } from "../../app/users/add-user.server";
import { insertContact } from "../../db/queries/contacts/contact-events";
import { storeMissingLookBacks } from "../../db/queries/measures/measures";
import { insertPerson } from "../../db/queries/people";
import { describeOnBothDatabases } from "./databases";

describeOnBothDatabases("measures breakdowns", (t) => {
  it("counts partner information on time per agency, step-downs per hub, repeat contacts with no service, oversight and the median time to decision", async () => {
    const db = t.handle.db;
    const manager = await addUser(db, { email: "m@example.org", name: "Mo", role: "manager", password: "a-long-enough-password" });
    if (manager.kind !== "created") throw new Error("no manager");
    for (const id of ["p1", "p2"]) await insertPerson(db, { id, first_name: "A", last_name: id, sex: "F" } as never);
    const contact = (id: string, person: string, received: string, decided: string | null, outcome: string | null, authorisedBy: string | null = null) =>
      insertContact(db, {
        id,
        reference: `REF-${id}`,
        person_id: person,
        received_at: received,
        source: "2A",
        channel: "phone",
        referrer: "{}",
        state: outcome ? "closed" : "received",
        outcome: outcome as never,
        decided_at: decided,
        authorised_by: authorisedBy,
        machine_version: 1,
        snapshot: "{}",
      } as never);
    await contact("a", "p1", "2024-05-10T09:00:00Z", "2024-05-10T15:00:00Z", "nfa"); // 6 hours
    await contact("b", "p1", "2024-05-20T09:00:00Z", "2024-05-22T09:00:00Z", "advice_signpost"); // a repeat of a; 48 hours
    await contact("c", "p2", "2024-05-21T09:00:00Z", "2024-05-21T21:00:00Z", "referral", manager.id); // 12 hours, authorised
    await contact("d", "p2", "2024-05-25T09:00:00Z", null, null); // pending: a repeat, no outcome
    await storeMissingLookBacks(db); // rows written directly, as an import does
    const request = (id: string, agency: string, due: string, responded: string | null, sequence = 1) =>
      db
        .insertInto("information_requests")
        .values({ id, contact_id: "a", agency_code: agency, requested_at: "2024-04-30T09:00:00Z", due_at: due, lawful_basis: "consent", status: responded ? "returned" : "requested", responded_at: responded, sequence } as never)
        .execute();
    await request("r1", "police", "2024-05-10T13:00:00Z", "2024-05-10T12:00:00Z"); // on time
    await request("r2", "health", "2024-05-11T23:00:00Z", "2024-05-12T10:00:00Z"); // late (due 12 May 00:00 local)
    await request("r3", "education", "2024-05-31T23:30:00Z", null); // due 1 June 00:30 local: not in May
    await request("r4", "police", "2024-04-30T23:30:00Z", null, 2); // police asked again; due 1 May 00:30 local: in May, unanswered
    const stepDown = (id: string, hub: string, offered: string, status: string, responded: string | null) =>
      db.insertInto("step_downs").values({ id, contact_id: "a", hub_code: hub, offered_at: offered, status, responded_at: responded } as never).execute();
    await stepDown("s1", "north", "2024-05-10T16:00:00Z", "accepted", "2024-05-15T10:00:00Z");
    await stepDown("s2", "north", "2024-05-30T10:00:00Z", "declined", "2024-05-31T23:30:00Z"); // answered 1 June local
    await stepDown("s3", "exeter", "2024-04-30T10:00:00Z", "declined", "2024-05-02T10:00:00Z");
    await stepDown("s4", "north", "2024-05-28T10:00:00Z", "offered", null);

    const b = await readBreakdowns(db, { from: "2024-05-01", to: "2024-05-31" });
    expect(b.agencies.map((a) => [a.agency_code, a.due, a.on_time, a.late, a.unanswered, a.pct])).toEqual([
      ["health", 1, 0, 1, 0, 0],
      ["police", 2, 1, 0, 1, 50],
    ]);
    const hubs = Object.fromEntries(b.hubs.map((h) => [h.hub_code, [h.decided, h.accepted, h.declined, h.waiting, h.acceptedPct]]));
    expect(hubs.north).toEqual([1, 1, 0, 1, 100]);
    expect(hubs.exeter).toEqual([1, 0, 1, 0, 0]);
    // Repeat contacts: b (advice) and d (pending): one of two ended with no service.
    expect(b.repeatNoService).toEqual({ numerator: 1, denominator: 2, pct: 50 });
    // Decided: a, b, c; only c authorised by a manager.
    expect(b.oversight).toEqual({ numerator: 1, denominator: 3, pct: 33.3 });
    // 6, 12 and 48 hours: the median is 12.
    expect(b.medianHoursToDecision).toBe(12);
  });
});
