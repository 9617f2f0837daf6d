/**
 * The stored stage visits (`contact_stage_visits`, migration 0018, decision 019) are the visits the
 * event history gives, whoever wrote the events: the history import (first into an empty database —
 * its bulk load writes the events before their contacts — then into one that holds contacts), the
 * lifecycle service (contacts driven through loops: a manager's returned decision, a hub's
 * bounce-back, partner information going overdue and coming back) and the demo data (the synthetic
 * history, driven through the machine). Hand-worked visits for the looping contacts; every visit of
 * the database compared with the event history afresh.
 */
import { Readable } from "node:stream";
import { beforeAll, expect, it } from "vitest";
import { createContact } from "../../app/contacts/create.server";
import { applyEventToContact } from "../../app/contacts/lifecycle.server";
import { loadDemoData } from "../../app/demo/demo-data.server";
import { importContactHistory } from "../../app/history-import/import.server";
import { countStageVisitDifferences, stageVisitsFromEvents, storedStageVisits } from "../../db/queries/measures/stage-visits";
import { insertUser } from "../../db/queries/users";
import type { Actor, ContactEvent } from "../../machines/contact.machine";
import { describeOnBothDatabases } from "./databases";

const screener: Actor = { id: "u-screener", role: "screener" };
const manager: Actor = { id: "u-manager", role: "manager" };
const police: Actor = { id: "u-police", role: "partner", agency: "police" };
const north: Actor = { id: "u-north", role: "early_help", hub: "north" };

type Step = Omit<ContactEvent, "actor" | "at"> & { at: string; actor?: Actor };
const at = (time: string) => `2026-03-02T${time}:00Z`;
const iso = (time: string) => new Date(at(time)).toISOString();

const HEADER = "contact_id,child_id,first_name,last_name,date_of_birth,expected_date_of_birth,sex,ethnicity,postcode,received_at,source,decided_at,outcome,primary_need";
/** Imported rows: one decided (nfa an hour after receipt), one still waiting. */
const importFile = (prefix: string) =>
  [
    HEADER,
    `${prefix}-1,${prefix}C1,Alex,Import${prefix},2015-01-01,,F,,,2026-03-02T08:00:00+00:00,6,2026-03-02T09:00:00+00:00,nfa,`,
    `${prefix}-2,${prefix}C2,Sam,Import${prefix},2016-01-01,,M,,,2026-03-02T08:30:00+00:00,2A,,,`,
  ].join("\n") + "\n";

describeOnBothDatabases("stored stage visits", (t) => {
  async function contact(id: string, receivedAt: string, steps: Step[]) {
    const db = t.handle.db;
    await createContact(db, { id, reference: `SV-${id}`, received_at: receivedAt, source: "2A", channel: "phone", referrer: JSON.stringify({ professional: true }) }, { actor: screener, recordedAt: receivedAt });
    let version = 1;
    for (const [i, step] of steps.entries()) {
      const event = { actor: screener, ...step } as ContactEvent;
      const result = await applyEventToContact(db, { contactId: id, expectedVersion: version, idempotencyKey: `${id}-${i}`, event });
      if (result.kind !== "applied") throw new Error(`${id} step ${i} (${event.type}): ${JSON.stringify(result)}`);
      version = result.version;
    }
  }
  const proposal = (outcome: string, time: string, extra: Record<string, unknown>) =>
    ({ type: "PROPOSE_DECISION", outcome, levelOfNeed: outcome === "referral" ? 4 : 2, rationale: "Reasoned.", at: at(time), ...extra }) as Step;
  const screen = (id: string, time: (m: number) => string): Step[] => [
    { type: "LINK_CHILD", personId: `child-${id}`, at: time(1) } as Step,
    { type: "SET_PRIORITY", priority: "amber", reason: "Concerns reported by the school.", at: time(2) } as Step,
    { type: "RECORD_CONSENT", consent: "given", at: time(3) } as Step,
  ];

  beforeAll(async () => {
    const db = t.handle.db;
    // Into an empty database (a bulk load), before anything else.
    const first = await importContactHistory(db, () => Readable.from([importFile("IA")]), { now: new Date("2026-12-01T00:00:00Z") });
    if (first.kind !== "imported") throw new Error(JSON.stringify(first));
    for (const [id, role, agency, hub] of [
      ["u-screener", "screener", null, null],
      ["u-manager", "manager", null, null],
      ["u-police", "partner", "police", null],
      ["u-north", "early_help", null, "north"],
    ] as const) {
      await insertUser(db, { id, email: `${id}@example.org`, display_name: id, role, agency_code: agency, hub_code: hub, password_hash: "x" });
    }
    // R: partner information goes overdue (a substate: the same stage) and comes back; the manager returns the first decision.
    await contact("r", at("09:00"), [
      { type: "START_SCREENING", at: at("10:00") } as Step,
      ...screen("r", (m) => at(`10:0${m}`)),
      { type: "REQUEST_PARTNER_INFORMATION", requests: [{ agency: "police", dueAt: at("12:00") }], at: at("11:00") } as Step,
      { type: "PARTNER_DEADLINE_PASSED", agency: "police", at: at("12:30") } as Step,
      { type: "PARTNER_INFORMATION_RETURNED", agency: "police", rag: "red", information: "Known to police.", at: at("15:00"), actor: police } as Step,
      proposal("nfa", "16:00", { reason: "No concerns remain." }),
      { type: "RETURN_DECISION", comments: "Think again.", to: "ready_for_decision", at: at("17:00"), actor: manager } as Step,
      proposal("referral", "18:00", { primaryNeed: "N1", referralNfa: false, referralTeam: "Assessment Team" }),
      { type: "AUTHORISE_DECISION", at: at("19:00"), actor: manager } as Step,
    ]);
    // B: stepped down to early help, bounced back by the hub, then advice.
    await contact("b", at("09:00"), [
      { type: "START_SCREENING", at: at("09:30") } as Step,
      ...screen("b", (m) => at(`09:3${m}`)),
      { type: "RECORD_CONSENT", consent: "given", purpose: "early_help", at: at("09:40") } as Step,
      { type: "COMPLETE_SCREENING", at: at("10:30") } as Step,
      proposal("early_help", "11:30", { hub: "north" }),
      { type: "AUTHORISE_DECISION", at: at("12:30"), actor: manager } as Step,
      { type: "DECLINE_STEP_DOWN", reason: "Already known to a family worker.", at: at("14:30"), actor: north } as Step,
      proposal("advice_signpost", "16:30", { service: "Parenting course" }),
      { type: "AUTHORISE_DECISION", at: at("17:00"), actor: manager } as Step,
    ]);
    // S: still in screening.
    await contact("s", at("09:00"), [{ type: "START_SCREENING", at: at("12:00") } as Step]);
    // Into a database holding contacts (staged: contacts before their events).
    const second = await importContactHistory(db, () => Readable.from([importFile("IB")]), { now: new Date("2026-12-01T00:00:00Z") });
    if (second.kind !== "imported") throw new Error(JSON.stringify(second));
    // The demo data: a small synthetic history, every contact driven through the machine.
    await loadDemoData(db, { now: new Date("2026-03-31T12:00:00Z"), contactsPerYear: 150 });
  });

  const visit = (stage: string, entered: string | null, next: string | null, left: string | null) => ({
    stage,
    entered_at: entered === null ? null : iso(entered),
    next_stage: next,
    left_at: left === null ? null : iso(left),
  });
  const shape = (rows: Awaited<ReturnType<typeof storedStageVisits>>) =>
    rows.map((r) => ({
      stage: r.stage,
      entered_at: r.entered_at === null ? null : new Date(r.entered_at).toISOString(),
      next_stage: r.next_stage,
      left_at: r.left_at === null ? null : new Date(r.left_at).toISOString(),
    }));

  it("stores a returned decision as a loop, and partner information going overdue as one visit", async () => {
    const rows = await storedStageVisits(t.handle.db, ["r"]);
    expect(shape(rows)).toEqual([
      visit("received", null, "screening", "10:00"),
      visit("screening", "10:00", "awaiting_partner_information", "11:00"),
      visit("awaiting_partner_information", "11:00", "ready_for_decision", "15:00"),
      visit("ready_for_decision", "15:00", "awaiting_authorisation", "16:00"),
      visit("awaiting_authorisation", "16:00", "ready_for_decision", "17:00"),
      visit("ready_for_decision", "17:00", "awaiting_authorisation", "18:00"),
      visit("awaiting_authorisation", "18:00", "closed", "19:00"),
      visit("closed", "19:00", null, null),
    ]);
    // First visits and first moves: the loop back to ready for decision is its second visit, and its move
    // on to awaiting authorisation the second time; the move from there to closed is new.
    expect(rows.map((r) => [r.first_visit, r.first_move])).toEqual([
      [true, true],
      [true, true],
      [true, true],
      [true, true],
      [true, true],
      [false, false],
      [false, true],
      [true, null],
    ]);
    // Every visit carries the contact's source and its outcome now (set when the manager authorised the referral).
    expect(new Set(rows.map((r) => `${r.source} ${r.outcome}`))).toEqual(new Set(["2A referral"]));
    // The first decision (no further action, returned) is on the visit the contact began with, with its receipt.
    expect(rows[0]).toMatchObject({ first_decision: "nfa", received_at: new Date(at("09:00")) });
    expect(rows.slice(1).every((r) => r.first_decision === null && r.decided_sequence === null)).toBe(true);
  });

  it("stores a hub's bounce-back as a loop", async () => {
    const rows = await storedStageVisits(t.handle.db, ["b"]);
    expect(shape(rows)).toEqual([
      visit("received", null, "screening", "09:30"),
      visit("screening", "09:30", "ready_for_decision", "10:30"),
      visit("ready_for_decision", "10:30", "awaiting_authorisation", "11:30"),
      visit("awaiting_authorisation", "11:30", "step_down_offered", "12:30"),
      visit("step_down_offered", "12:30", "ready_for_decision", "14:30"),
      visit("ready_for_decision", "14:30", "awaiting_authorisation", "16:30"),
      visit("awaiting_authorisation", "16:30", "closed", "17:00"),
      visit("closed", "17:00", null, null),
    ]);
    expect(rows[0]!.first_decision).toBe("early_help");
    expect(rows.map((r) => [r.first_visit, r.first_move])).toEqual([
      [true, true],
      [true, true],
      [true, true],
      [true, true],
      [true, true],
      [false, false],
      [false, true],
      [true, null],
    ]);
  });

  it("keeps a contact's last visit open, with nothing decided", async () => {
    const rows = await storedStageVisits(t.handle.db, ["s"]);
    expect(shape(rows)).toEqual([visit("received", null, "screening", "12:00"), visit("screening", "12:00", null, null)]);
    expect(rows[0]).toMatchObject({ first_decision: null, decided_sequence: null });
    expect(rows.map((r) => [r.source, r.outcome])).toEqual([
      ["2A", null],
      ["2A", null],
    ]);
  });

  it("stores imported history, from the bulk load and from a later import, as received then closed or waiting", async () => {
    for (const prefix of ["IA", "IB"]) {
      const [decided, waiting] = await Promise.all(
        [`${prefix}-1`, `${prefix}-2`].map(async (externalId) => {
          const rows = await t.handle.db.selectFrom("contacts").select("id").where("external_id", "=", externalId).execute();
          expect(rows).toHaveLength(1);
          return storedStageVisits(t.handle.db, [rows[0]!.id]);
        }),
      );
      expect(shape(decided!)).toEqual([visit("received", null, "closed", "09:00"), visit("closed", "09:00", null, null)]);
      expect(decided![0]).toMatchObject({ received_at: new Date("2026-03-02T08:00:00Z"), first_decision: "nfa", decided_sequence: 2 });
      expect(decided!.map((r) => [r.first_visit, r.first_move])).toEqual([
        [true, true],
        [true, null],
      ]);
      expect(shape(waiting!)).toEqual([visit("received", null, null, null)]);
      expect(waiting!.map((r) => [r.first_visit, r.first_move])).toEqual([[true, null]]);
      expect(waiting![0]).toMatchObject({ received_at: new Date("2026-03-02T08:30:00Z"), first_decision: null });
    }
  });

  it("stores exactly the visits the event history gives, for every contact of every writer", async () => {
    const db = t.handle.db;
    const stored = await storedStageVisits(db);
    const fromEvents = await stageVisitsFromEvents(db);
    expect(stored.length).toBeGreaterThan(150);
    expect(stored).toEqual(fromEvents);
    expect(await countStageVisitDifferences(db)).toBe(0);
    // Loops made by the demo data are among them.
    const loops = stored.filter((v) => v.stage === "step_down_offered" && v.next_stage === "ready_for_decision");
    expect(loops.length).toBeGreaterThan(0);
  });
});
