/**
 * MEASURES.md by hand: small histories inserted through db/ query functions, each expected figure
 * worked out in the comments beside it (never by the code under test). Each scenario uses its own
 * children and its own months, so scenarios never count each other's contacts.
 *
 * Europe/London: GMT (UTC+0) until the last Sunday of March at 01:00 UTC, then BST (UTC+1) until the
 * last Sunday of October. So in BST local midnight of a date is 23:00 UTC the day before.
 */
import { sql } from "kysely";
import { expect, it } from "vitest";
import { insertContact } from "../../db/queries/contacts/contact-events";
import { childLookBack, type MeasureFigure, storeLookBacks } from "../../db/queries/measures/measures";
import { insertPerson, markPersonMerged } from "../../db/queries/people";
import { computeMeasures, listMeasureRecords } from "../../app/measures/measures.server";
import { describeOnBothDatabases } from "./databases";

type Outcome = "referral" | "strategy_discussion" | "early_help" | "nfa" | "advice_signpost" | "existing_case" | "duplicate";

describeOnBothDatabases("measures: hand-worked edge cases", (t) => {
  const db = () => t.handle.db;

  /**
   * The rows below are written directly (as an import writes them), merges included: the stored
   * look-backs of every contact are then worked out once, before the measures read them.
   */
  async function measures(period: { from: string; to: string }) {
    await storeLookBacks(db(), { kind: "all" });
    return computeMeasures(db(), period);
  }

  async function person(id: string) {
    await insertPerson(db(), { id, last_name: "Test", first_name: "Child", sex: "U" });
  }

  /** A contact (reference = id) with its outcome and decision time, or pending. */
  async function contact(id: string, personId: string | null, receivedAt: string, outcome: Outcome | null = null, decidedAt: string | null = null, source = "6") {
    await insertContact(db(), {
      id,
      reference: id,
      person_id: personId,
      received_at: receivedAt,
      source,
      channel: "phone",
      state: outcome ? "closed" : "received",
      outcome,
      decided_at: decidedAt,
      machine_version: 1,
      snapshot: JSON.stringify({}),
      referrer: JSON.stringify({}),
    });
  }

  const members = async (from: string, to: string, figure: MeasureFigure) =>
    (await listMeasureRecords(db(), { from, to }, figure)).map((m) => m.reference).sort();

  it("PostgreSQL's 12 months before takes 29 February to 28 February (and keeps other days)", async () => {
    const r = await sql<{ a: string; b: string; c: string }>`select
      to_char(('2024-02-29'::date - interval '1 year')::date, 'YYYY-MM-DD') as a,
      to_char(('2025-02-28'::date - interval '1 year')::date, 'YYYY-MM-DD') as b,
      to_char(('2025-03-01'::date - interval '1 year')::date, 'YYYY-MM-DD') as c`.execute(db());
    expect(r.rows[0]).toEqual({ a: "2023-02-28", b: "2024-02-28", c: "2024-03-01" });
  });

  it("April–June 2024: British Summer Time, look-backs before the period, instants, pending, duplicates, merges, referral dates", async () => {
    for (const p of ["pA", "pB", "pC", "pD", "pE", "pF", "pG", "pH", "pH2", "pH3", "pR", "pS", "pT", "pU", "pV"]) await person(p);
    // pH3 merged into pH2, pH2 into pH: one child (contacts left on the merged records on purpose).
    await markPersonMerged(db(), "pH2", "pH");
    await markPersonMerged(db(), "pH3", "pH2");

    // A: A1 at 23:30 UTC on 31 March 2023 is 00:30 BST on 1 April 2023 — the boundary day of A2's look-back.
    await contact("A1", "pA", "2023-03-31T23:30:00Z", "nfa", "2023-04-03T10:00:00Z");
    // A2 received Monday 1 April 2024 (Easter Monday): first working day after is Tuesday 2 April, ends 2024-04-02T23:00Z.
    await contact("A2", "pA", "2024-04-01T08:00:00Z", "nfa", "2024-04-01T15:00:00Z", "2A"); // repeat; within
    // B: B1 at 22:30 UTC on 31 March 2023 is 23:30 BST on 31 March — the day before B2's look-back starts.
    await contact("B1", "pB", "2023-03-31T22:30:00Z", "nfa", "2023-04-03T10:00:00Z");
    // B2 decided 23:30 UTC on 2 April = 00:30 BST on 3 April: after the end of Tuesday 2 April (23:00 UTC).
    await contact("B2", "pB", "2024-04-01T10:00:00Z", "nfa", "2024-04-02T23:30:00Z", "2A"); // not repeat; not within
    // C: C1 at 00:30 UTC on Sunday 31 March 2024 is still GMT (clocks change at 01:00 UTC): local 31 March, outside the period.
    await contact("C1", "pC", "2024-03-31T00:30:00Z", "advice_signpost", "2024-03-31T09:00:00Z");
    // C2 at 23:30 UTC on 31 March 2024 is 00:30 BST on Monday 1 April: inside the period.
    await contact("C2", "pC", "2024-03-31T23:30:00Z", "early_help", "2024-04-02T09:00:00Z"); // repeat (C1); within
    // D: 22:59 UTC on 30 June is 23:59 BST on 30 June (in); 23:30 UTC on 30 June is 00:30 on 1 July (out).
    await contact("D1", "pD", "2024-06-30T22:59:00Z"); // pending, in the period
    await contact("D2", "pD", "2024-06-30T23:30:00Z"); // pending, 1 July: not in the period
    // E: two contacts at the same instant — neither is earlier than the other.
    await contact("E1", "pE", "2024-05-10T09:00:00Z", "nfa", "2024-05-10T12:00:00Z");
    await contact("E2", "pE", "2024-05-10T09:00:00Z", "nfa", "2024-05-10T12:00:00Z");
    await contact("E3", "pE", "2024-05-13T09:00:00Z", "nfa", "2024-05-13T12:00:00Z"); // repeat
    // F: a pending earlier contact makes a repeat. F2 received Friday 12 April: due by the end of Monday 15 April (23:00 UTC).
    await contact("F1", "pF", "2024-04-10T09:00:00Z"); // pending
    await contact("F2", "pF", "2024-04-12T09:00:00Z", "nfa", "2024-04-15T22:00:00Z"); // repeat; within
    // G: a duplicate is never counted, nor looked back to.
    await contact("G1", "pG", "2024-04-15T09:00:00Z", "duplicate", "2024-04-15T10:00:00Z");
    await contact("G2", "pG", "2024-04-16T09:00:00Z", "nfa", "2024-04-16T10:00:00Z"); // not repeat
    // H: H1 is on a record merged (through another) into pH.
    await contact("H1", "pH3", "2024-01-10T10:00:00Z", "nfa", "2024-01-10T12:00:00Z");
    await contact("H2", "pH", "2024-05-01T09:00:00Z", "nfa", "2024-05-01T12:00:00Z"); // repeat (H1, same child)
    // R: R2 received in March, referred on 2 April (counted by referral date); R3 received in June, referred in July.
    await contact("R1", "pR", "2023-05-20T09:00:00Z", "referral", "2023-05-21T10:00:00Z");
    await contact("R2", "pR", "2024-03-20T09:00:00Z", "referral", "2024-04-02T09:00:00Z"); // re-referral (R1 on 2023-05-21 ≥ 2023-04-02)
    // R3 received Friday 28 June: due by the end of Monday 1 July; decided 2 July (after the period: still decided, not within).
    await contact("R3", "pR", "2024-06-28T09:00:00Z", "strategy_discussion", "2024-07-02T09:00:00Z", "1A"); // repeat (R2 in March)
    // S: S1's referral date is 2 April 2023 (23:30 UTC on 1 April = 00:30 BST): the boundary day of S2's look-back.
    await contact("S1", "pS", "2023-04-01T20:00:00Z", "referral", "2023-04-01T23:30:00Z");
    await contact("S2", "pS", "2024-04-02T08:00:00Z", "referral", "2024-04-02T10:00:00Z", "5A"); // re-referral; not repeat (S1 received 1 April 2023 local)
    // T: T1's referral date is 1 April 2023 (22:30 UTC = 23:30 BST): before T2's look-back.
    await contact("T1", "pT", "2023-04-01T20:00:00Z", "referral", "2023-04-01T22:30:00Z");
    await contact("T2", "pT", "2024-04-02T08:00:00Z", "referral", "2024-04-02T11:00:00Z", "5A"); // not re-referral; not repeat
    // U: two referrals decided at the same instant: neither is a re-referral. U2 received after U1: a repeat.
    await contact("U1", "pU", "2024-05-20T08:00:00Z", "strategy_discussion", "2024-05-20T12:00:00Z");
    await contact("U2", "pU", "2024-05-20T09:00:00Z", "referral", "2024-05-20T12:00:00Z");
    // V: received at the same instant (no repeat); referred the same day, V2 later in the day: V2 is a re-referral.
    await contact("V1", "pV", "2024-06-03T08:00:00Z", "referral", "2024-06-03T10:00:00Z");
    await contact("V2", "pV", "2024-06-03T08:00:00Z", "referral", "2024-06-03T14:00:00Z");
    // W: a contact not yet linked to a child.
    await contact("W1", null, "2024-06-10T09:00:00Z", null, null, "8");

    // C = A2 B2 C2 D1 E1 E2 E3 F1 F2 G2 H2 R3 S2 T2 U1 U2 V1 V2 W1 = 19 (not A1 B1 C1 D2 G1 H1 R1 R2 S1 T1).
    // Pending: D1 F1 W1 = 3, so D = 16.
    // D's outcomes: nfa A2 B2 E1 E2 E3 F2 G2 H2 = 8; early_help C2 = 1; strategy_discussion R3 U1 = 2;
    //   referral S2 T2 U2 V1 V2 = 5. Not a referral: 8 + 1 = 9 of 16 = 56.25% → 56.3.
    // Repeats: A2 C2 E3 F2 H2 R3 U2 = 7 of 19 = 36.842…% → 36.8.
    // Referrals by referral date in the period: R2 S2 T2 U1 U2 V1 V2 = 7 (R3's is 2 July); strategy discussion: U1 = 1.
    // Re-referrals: R2 S2 V2 = 3 of 7 = 42.857…% → 42.9.
    // Within one working day: all of D but B2 and R3 = 14 of 16 = 87.5%.
    // By source (C): 2A A2 B2; 1A R3 (a referral outcome); 5A S2 T2 (both referrals); 8 W1 (pending);
    //   6 the other 13, of which D1 F1 pending (11 decided) and U1 U2 V1 V2 referrals (4).
    const m = await measures({ from: "2024-04-01", to: "2024-06-30" });
    expect(m).toEqual({
      period: { from: "2024-04-01", to: "2024-06-30" },
      contacts: { total: 19, decided: 16, pending: 3 },
      contacts_not_referral: { numerator: 9, denominator: 16, pct: 56.3 },
      repeat_contacts: { numerator: 7, denominator: 19, pct: 36.8 },
      referrals: { total: 7, strategy_discussion: 1 },
      re_referrals: { numerator: 3, denominator: 7, pct: 42.9 },
      decided_within_one_working_day: { numerator: 14, denominator: 16, pct: 87.5 },
      outcomes: { referral: 5, strategy_discussion: 2, early_help: 1, nfa: 8, advice_signpost: 0, existing_case: 0 },
      by_source: {
        "1A": { contacts: 1, decided: 1, referrals: 1 },
        "2A": { contacts: 2, decided: 2, referrals: 0 },
        "5A": { contacts: 2, decided: 2, referrals: 2 },
        "6": { contacts: 13, decided: 11, referrals: 4 },
        "8": { contacts: 1, decided: 0, referrals: 0 },
      },
    });

    // The records behind the figures.
    const P = ["2024-04-01", "2024-06-30"] as const;
    expect(await members(...P, "repeat_contacts.numerator")).toEqual(["A2", "C2", "E3", "F2", "H2", "R3", "U2"]);
    expect(await members(...P, "contacts.total")).toEqual(
      ["A2", "B2", "C2", "D1", "E1", "E2", "E3", "F1", "F2", "G2", "H2", "R3", "S2", "T2", "U1", "U2", "V1", "V2", "W1"].sort(),
    );
    expect(await members(...P, "contacts.pending")).toEqual(["D1", "F1", "W1"]);
    expect(await members(...P, "referrals.total")).toEqual(["R2", "S2", "T2", "U1", "U2", "V1", "V2"]);
    expect(await members(...P, "re_referrals.numerator")).toEqual(["R2", "S2", "V2"]);
    expect(await members(...P, "re_referrals.denominator")).toEqual(["R2", "S2", "T2", "U1", "U2", "V1", "V2"]);
    expect(await members(...P, "referrals.strategy_discussion")).toEqual(["U1"]);
    expect(await members(...P, "contacts_not_referral.numerator")).toEqual(["A2", "B2", "C2", "E1", "E2", "E3", "F2", "G2", "H2"]);
    expect(await members(...P, "decided_within_one_working_day.numerator")).toEqual(
      ["A2", "C2", "E1", "E2", "E3", "F2", "G2", "H2", "S2", "T2", "U1", "U2", "V1", "V2"].sort(),
    );
    expect(await members(...P, "by_source.6.referrals")).toEqual(["U1", "U2", "V1", "V2"]);
    expect(await members(...P, "outcomes.strategy_discussion")).toEqual(["R3", "U1"]);
    // Annex A List 3's "Number of Referrals in Last 12 Months": R2, S2, V2 one each, the others none.
    const referrals = await listMeasureRecords(db(), { from: P[0], to: P[1] }, "referrals.total");
    expect(Object.fromEntries(referrals.map((r) => [r.reference, r.earlier_referrals]))).toEqual({ R2: 1, S2: 1, T2: 0, U1: 0, U2: 0, V1: 0, V2: 1 });
    // The same flags over one child's whole history (the contact page's marks): H1 and H2 are one child.
    const h = await childLookBack(db(), ["pH", "pH2", "pH3"], new Date("2024-06-01T12:00:00Z"));
    expect(h.contacts.map((r) => [r.reference, r.child, r.repeat])).toEqual([
      ["H1", "pH", false],
      ["H2", "pH", true],
    ]);
    expect(Object.fromEntries(h.earlierContacts)).toEqual({ H2: ["H1"] });
    // Child V: V2 follows V1 the same day. On 1 June 2025 the look-back starts on 1 June 2024: a referral then would follow both (3 June 2024).
    const v = await childLookBack(db(), ["pV"], new Date("2025-06-01T12:00:00Z"));
    expect(Object.fromEntries(v.earlierReferrals)).toEqual({ V2: ["V1"] });
    expect(v.earlierContacts.size).toBe(0); // received at the same instant
    expect(v.referralsBeforeNow).toEqual(["V1", "V2"]);
    // On 4 June 2025 the look-back starts on 4 June 2024: neither.
    expect((await childLookBack(db(), ["pV"], new Date("2025-06-04T12:00:00Z"))).referralsBeforeNow).toEqual([]);
  });

  it("29 February: the look-back from 29 February 2024 starts on 28 February 2023, and from 28 February 2025 on 28 February 2024", async () => {
    for (const p of ["pL", "pM", "pN", "pO"]) await person(p);
    await contact("L1", "pL", "2023-02-28T10:00:00Z", "nfa", "2023-02-28T12:00:00Z");
    await contact("L2", "pL", "2024-02-29T10:00:00Z", "nfa", "2024-02-29T15:00:00Z"); // repeat: L1 on the boundary day 2023-02-28
    await contact("L3", "pL", "2025-02-28T10:00:00Z", "nfa", "2025-02-28T15:00:00Z"); // repeat: L2 on 2024-02-29 ≥ 2024-02-28
    await contact("M1", "pM", "2023-02-27T23:59:00Z", "nfa", "2023-02-28T09:00:00Z"); // 27 February (GMT)
    await contact("M2", "pM", "2024-02-29T11:00:00Z", "nfa", "2024-02-29T15:00:00Z"); // not repeat
    await contact("N1", "pN", "2023-02-28T09:00:00Z", "referral", "2023-02-28T12:00:00Z");
    await contact("N2", "pN", "2024-02-29T09:00:00Z", "referral", "2024-02-29T12:00:00Z"); // re-referral and repeat (N1 on 2023-02-28)
    await contact("N3", "pN", "2025-02-28T09:00:00Z", "referral", "2025-02-28T12:00:00Z"); // re-referral and repeat (N2 on 2024-02-29)
    await contact("O1", "pO", "2024-02-27T12:00:00Z", "nfa", "2024-02-27T15:00:00Z");
    await contact("O2", "pO", "2025-02-28T12:00:00Z", "nfa", "2025-02-28T15:00:00Z"); // not repeat: O1 on 27 February 2024 < 28 February 2024

    // February 2024: C = L2 M2 N2 O1 (4), all decided the same working day (within: 4 of 4 = 100.0).
    // Repeats L2 N2 = 2 of 4 = 50.0. Referrals N2 = 1, re-referral 1 of 1 = 100.0. Not a referral 3 of 4 = 75.0.
    const feb2024 = await measures({ from: "2024-02-01", to: "2024-02-29" });
    expect(feb2024).toEqual({
      period: { from: "2024-02-01", to: "2024-02-29" },
      contacts: { total: 4, decided: 4, pending: 0 },
      contacts_not_referral: { numerator: 3, denominator: 4, pct: 75 },
      repeat_contacts: { numerator: 2, denominator: 4, pct: 50 },
      referrals: { total: 1, strategy_discussion: 0 },
      re_referrals: { numerator: 1, denominator: 1, pct: 100 },
      decided_within_one_working_day: { numerator: 4, denominator: 4, pct: 100 },
      outcomes: { referral: 1, strategy_discussion: 0, early_help: 0, nfa: 3, advice_signpost: 0, existing_case: 0 },
      by_source: { "6": { contacts: 4, decided: 4, referrals: 1 } },
    });
    expect(await members("2024-02-01", "2024-02-29", "repeat_contacts.numerator")).toEqual(["L2", "N2"]);

    // February 2025: C = L3 N3 O2 (3). Repeats L3 N3 = 2 of 3 = 66.666…% → 66.7. Referrals N3, a re-referral: 1 of 1.
    // Not a referral 2 of 3 → 66.7. Friday 28 February, decided the same day: 3 of 3.
    const feb2025 = await measures({ from: "2025-02-01", to: "2025-02-28" });
    expect(feb2025).toEqual({
      period: { from: "2025-02-01", to: "2025-02-28" },
      contacts: { total: 3, decided: 3, pending: 0 },
      contacts_not_referral: { numerator: 2, denominator: 3, pct: 66.7 },
      repeat_contacts: { numerator: 2, denominator: 3, pct: 66.7 },
      referrals: { total: 1, strategy_discussion: 0 },
      re_referrals: { numerator: 1, denominator: 1, pct: 100 },
      decided_within_one_working_day: { numerator: 3, denominator: 3, pct: 100 },
      outcomes: { referral: 1, strategy_discussion: 0, early_help: 0, nfa: 2, advice_signpost: 0, existing_case: 0 },
      by_source: { "6": { contacts: 3, decided: 3, referrals: 1 } },
    });
    expect(await members("2025-02-01", "2025-02-28", "repeat_contacts.numerator")).toEqual(["L3", "N3"]);
  });

  it("working days: Christmas 2024, a Saturday, New Year's Day, Easter 2025", async () => {
    const kids = ["X1", "X2", "X3", "X4", "X5", "X6", "X7", "Y1", "Y2", "Y3", "Y4"];
    for (const k of kids) await person(`p${k}`);
    // December is GMT: the end of a day is 00:00 UTC of the next.
    // Saturday 21 December → first working day after: Monday 23rd; ends 2024-12-24T00:00Z.
    await contact("X1", "pX1", "2024-12-21T10:00:00Z", "nfa", "2024-12-23T23:59:00Z"); // within
    await contact("X2", "pX2", "2024-12-21T11:00:00Z", "nfa", "2024-12-24T00:00:00Z"); // at the end, not before it: not within
    // Monday 23rd → Tuesday 24th, ends 2024-12-25T00:00Z.
    await contact("X3", "pX3", "2024-12-23T10:00:00Z", "nfa", "2024-12-25T10:00:00Z"); // not within
    // Tuesday 24th → 25th and 26th are bank holidays → Friday 27th, ends 2024-12-28T00:00Z.
    await contact("X4", "pX4", "2024-12-24T10:00:00Z", "nfa", "2024-12-27T16:00:00Z"); // within
    // Friday 27th → Monday 30th, ends 2024-12-31T00:00Z.
    await contact("X5", "pX5", "2024-12-27T10:00:00Z", "nfa", "2024-12-30T20:00:00Z"); // within
    // Tuesday 31st → 1 January is a bank holiday → Thursday 2 January, ends 2025-01-03T00:00Z.
    await contact("X6", "pX6", "2024-12-31T10:00:00Z", "nfa", "2025-01-02T23:00:00Z"); // within
    await contact("X7", "pX7", "2024-12-31T11:00:00Z", "nfa", "2025-01-03T09:00:00Z"); // not within
    // 7 decided, within X1 X4 X5 X6 = 4 of 7 = 57.142…% → 57.1.
    const christmas = await measures({ from: "2024-12-20", to: "2024-12-31" });
    expect(christmas.decided_within_one_working_day).toEqual({ numerator: 4, denominator: 7, pct: 57.1 });
    expect(await members("2024-12-20", "2024-12-31", "decided_within_one_working_day.numerator")).toEqual(["X1", "X4", "X5", "X6"]);

    // April 2025 is BST: the end of a day is 23:00 UTC. Good Friday 18 April, Easter Monday 21 April.
    // Thursday 17 April → Tuesday 22 April, ends 2025-04-22T23:00Z.
    await contact("Y1", "pY1", "2025-04-17T14:00:00Z", "nfa", "2025-04-22T22:59:00Z"); // 23:59 BST on Tuesday: within
    await contact("Y2", "pY2", "2025-04-17T14:30:00Z", "nfa", "2025-04-22T23:00:00Z"); // midnight: not within
    // Saturday 19 April → Monday is Easter Monday → Tuesday 22 April.
    await contact("Y3", "pY3", "2025-04-19T10:00:00Z", "nfa", "2025-04-22T12:00:00Z"); // within
    // 23:30 UTC on Wednesday 16 April is 00:30 BST on Thursday 17 April → due by the end of Tuesday 22 April
    // (taking the UTC date, Wednesday, would have made it due by the end of Thursday 17th).
    await contact("Y4", "pY4", "2025-04-16T23:30:00Z", "nfa", "2025-04-18T10:00:00Z"); // within
    // 4 decided, within Y1 Y3 Y4 = 3 of 4 = 75.0.
    const easter = await measures({ from: "2025-04-14", to: "2025-04-27" });
    expect(easter.contacts).toEqual({ total: 4, decided: 4, pending: 0 });
    expect(easter.decided_within_one_working_day).toEqual({ numerator: 3, denominator: 4, pct: 75 });
    expect(await members("2025-04-14", "2025-04-27", "decided_within_one_working_day.numerator")).toEqual(["Y1", "Y3", "Y4"]);
  });

  it("percentages are rounded half up on the exact fraction: 3 of 2000 is 0.15% → 0.2; an empty period has none", async () => {
    // 1994 children with one contact and 3 with two (the second an hour later): 2000 contacts, 3 repeats.
    await db().transaction().execute(async (trx) => {
      for (let i = 0; i < 1997; i++) {
        const p = `pZ${i}`;
        await insertPerson(trx, { id: p, last_name: "Test", sex: "U" });
        await insertContact(trx, {
          id: `Z${i}a`, reference: `Z${i}a`, person_id: p, received_at: "2021-06-01T09:00:00Z", source: "6", channel: "phone",
          state: "closed", outcome: "nfa", decided_at: "2021-06-01T12:00:00Z", machine_version: 1, snapshot: "{}", referrer: "{}",
        });
        if (i < 3) {
          await insertContact(trx, {
            id: `Z${i}b`, reference: `Z${i}b`, person_id: p, received_at: "2021-06-01T10:00:00Z", source: "6", channel: "phone",
            state: "closed", outcome: "nfa", decided_at: "2021-06-01T12:00:00Z", machine_version: 1, snapshot: "{}", referrer: "{}",
          });
        }
      }
    });
    const m = await measures({ from: "2021-06-01", to: "2021-06-30" });
    expect(m.contacts).toEqual({ total: 2000, decided: 2000, pending: 0 });
    expect(m.repeat_contacts).toEqual({ numerator: 3, denominator: 2000, pct: 0.2 });
    expect(m.contacts_not_referral).toEqual({ numerator: 2000, denominator: 2000, pct: 100 });

    const empty = await measures({ from: "2019-01-01", to: "2019-01-31" });
    expect(empty).toEqual({
      period: { from: "2019-01-01", to: "2019-01-31" },
      contacts: { total: 0, decided: 0, pending: 0 },
      contacts_not_referral: { numerator: 0, denominator: 0, pct: null },
      repeat_contacts: { numerator: 0, denominator: 0, pct: null },
      referrals: { total: 0, strategy_discussion: 0 },
      re_referrals: { numerator: 0, denominator: 0, pct: null },
      decided_within_one_working_day: { numerator: 0, denominator: 0, pct: null },
      outcomes: { referral: 0, strategy_discussion: 0, early_help: 0, nfa: 0, advice_signpost: 0, existing_case: 0 },
      by_source: {},
    });
  });
});
