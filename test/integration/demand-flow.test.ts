/**
 * The demand flow and process map (issue 9 item 6) on contacts driven through the real services
 * (createContact, applyEventToContact) in March 2026 (GMT: UTC times are local times), with
 * hand-worked expectations: each contact's path and the hours it spent in each state are written
 * beside it. Every box and arrow's count is then its list's count at /measures/records.
 */
import { beforeAll, expect, it } from "vitest";
import type { SessionUser } from "../../app/auth/lucia.server";
import { createContact } from "../../app/contacts/create.server";
import { applyEventToContact } from "../../app/contacts/lifecycle.server";
import { readMeasureRecords } from "../../app/measures/dashboard.server";
import { readDemandFlow } from "../../app/measures/demand-flow.server";
import { PROCESS_STATES } from "../../db/queries/measures/demand-flow";
import { isMeasureFigure, listMeasureMembers, type MeasureFigure } from "../../db/queries/measures/measures";
import { insertUser } from "../../db/queries/users";
import { type Actor, CONTACT_STATE_NAMES, type ContactEvent } from "../../machines/contact.machine";
import { describeOnBothDatabases } from "./databases";

const screener: Actor = { id: "u-screener", role: "screener" };
const manager: Actor = { id: "u-manager", role: "manager" };
const police: Actor = { id: "u-police", role: "partner", agency: "police" };
const north: Actor = { id: "u-north", role: "early_help", hub: "north" };
const lead: SessionUser = { id: "u-lead", email: "u-lead@example.org", displayName: "Lee", role: "performance", agencyCode: null, hubCode: null };
const period = { from: "2026-03-01", to: "2026-03-31" };

type Step = Omit<ContactEvent, "actor" | "at"> & { at: string; actor?: Actor };
const day = (time: string) => `2026-03-02T${time}:00Z`;

describeOnBothDatabases("demand flow and process map", (t) => {
  async function contact(id: string, source: string, receivedAt: string, recordedAt: string, steps: Step[]) {
    const db = t.handle.db;
    await createContact(db, { id, reference: `DF-${id}`, received_at: receivedAt, source, channel: "phone", referrer: JSON.stringify({ professional: true }) }, { actor: screener, recordedAt });
    let version = 1;
    for (const [i, step] of steps.entries()) {
      const event = { actor: screener, ...step } as ContactEvent;
      const result = await applyEventToContact(db, { contactId: id, expectedVersion: version, idempotencyKey: `${id}-${i}`, event });
      if (result.kind !== "applied") throw new Error(`${id} step ${i} (${event.type}): ${JSON.stringify(result)}`);
      version = result.version;
    }
  }
  const screen = (id: string, at: (m: number) => string): Step[] => [
    { type: "LINK_CHILD", personId: `child-${id}`, at: at(1) } as Step,
    { type: "SET_PRIORITY", priority: "amber", reason: "Concerns reported by the school.", at: at(2) } as Step,
    { type: "RECORD_CONSENT", consent: "given", at: at(3) } as Step,
  ];

  // Set up in a hook, before any test: each test below reads it and stands on its own.
  beforeAll(async () => {
    for (const [id, role, agency, hub] of [
      ["u-screener", "screener", null, null],
      ["u-manager", "manager", null, null],
      ["u-police", "partner", "police", null],
      ["u-north", "early_help", null, "north"],
      ["u-lead", "performance", null, null],
    ] as const) {
      await insertUser(t.handle.db, { id, email: `${id}@example.org`, display_name: id, role, agency_code: agency, hub_code: hub, password_hash: "x" });
    }
    const proposal = (outcome: string, at: string, extra: Record<string, unknown>) =>
      ({ type: "PROPOSE_DECISION", outcome, levelOfNeed: outcome === "referral" ? 4 : 2, rationale: "Reasoned.", at, ...extra }) as Step;

    // A (school): received 1 h → screening 1 h → partners 4 h → ready 1 h → authorisation 2 h → closed: referral.
    await contact("a", "2A", day("09:00"), day("09:05"), [
      { type: "START_SCREENING", at: day("10:00") } as Step,
      ...screen("a", (m) => day(`10:0${m}`)),
      { type: "REQUEST_PARTNER_INFORMATION", requests: [{ agency: "police", dueAt: day("17:00") }], at: day("11:00") } as Step,
      { type: "PARTNER_INFORMATION_RETURNED", agency: "police", rag: "red", information: "Known to police.", at: day("15:00"), actor: police } as Step,
      proposal("referral", day("16:00"), { primaryNeed: "N1", referralNfa: false, referralTeam: "Assessment Team" }),
      { type: "AUTHORISE_DECISION", at: day("18:00"), actor: manager } as Step,
    ]);
    // B (school): received 0.5 h → screening 1 h → ready 1 h → authorisation 1 h → step-down 2 h → (bounce-back) ready 2 h →
    // authorisation 0.5 h → (returned) ready 3 h → authorisation 1 h → closed: advice. First decision: early help.
    await contact("b", "2A", day("09:00"), day("09:00"), [
      { type: "START_SCREENING", at: day("09:30") } as Step,
      ...screen("b", (m) => day(`09:3${m}`)),
      { type: "COMPLETE_SCREENING", at: day("10:30") } as Step,
      // The family's agreement to early help, sought before the step-down (issue 12, item 2); no change of state.
      { type: "RECORD_CONSENT", consent: "given", purpose: "early_help", at: day("10:40") } as Step,
      proposal("early_help", day("11:30"), { hub: "north" }),
      { type: "AUTHORISE_DECISION", at: day("12:30"), actor: manager } as Step,
      { type: "DECLINE_STEP_DOWN", reason: "Already known to a family worker.", at: day("14:30"), actor: north } as Step,
      proposal("nfa", day("16:30"), { reason: "No concerns remain." }),
      { type: "RETURN_DECISION", comments: "Think again.", to: "ready_for_decision", at: day("17:00"), actor: manager } as Step,
      proposal("advice_signpost", day("20:00"), { service: "Parenting course" }),
      { type: "AUTHORISE_DECISION", at: day("21:00"), actor: manager } as Step,
    ]);
    // C (police): received 0.25 h (linking the child keeps it there) → immediate risk 0.5 h → closed: strategy discussion.
    await contact("c", "6", day("09:00"), day("09:01"), [
      { type: "LINK_CHILD", personId: "child-c", at: day("09:05") } as Step,
      { type: "FLAG_IMMEDIATE_RISK", rationale: "Child injured at home.", at: day("09:15") } as Step,
      { type: "CONFIRM_STRATEGY_DISCUSSION", primaryNeed: "N1", referralTeam: "Assessment Team", at: day("09:45"), actor: manager } as Step,
    ]);
    // D (police), recorded half an hour after it was received: received 3 h (from receipt) → screening, still there.
    await contact("d", "6", day("09:00"), day("09:30"), [{ type: "START_SCREENING", at: day("12:00") } as Step]);
    // Not in the period: received on 28 February; and a duplicate.
    await contact("e", "6", "2026-02-28T09:00:00Z", "2026-02-28T09:00:00Z", [{ type: "START_SCREENING", at: "2026-02-28T10:00:00Z" } as Step]);
    await contact("f", "6", day("09:00"), day("09:00"), [
      { type: "START_SCREENING", at: day("09:10") } as Step,
      { type: "MARK_DUPLICATE", duplicateOf: "c", at: day("09:20") } as Step,
    ]);
  });

  it("knows every top-level state of the contact machine", () => {
    expect([...PROCESS_STATES].sort()).toEqual([...new Set(CONTACT_STATE_NAMES.map((s) => s.split(".")[0]!))].sort());
  });

  it("gives the flow from source to first decision to outcome", async () => {
    const flow = await readDemandFlow(t.handle.db, period);
    expect(flow.total).toBe(4);
    expect(flow.links).toEqual([
      { source: "2A", decision: "referral", outcome: "referral", contacts: 1 },
      { source: "2A", decision: "early_help", outcome: "advice_signpost", contacts: 1 },
      { source: "6", decision: "strategy_discussion", outcome: "strategy_discussion", contacts: 1 },
      { source: "6", decision: "none", outcome: "pending", contacts: 1 },
    ]);
    expect(flow.sources).toEqual([
      { code: "2A", contacts: 2 },
      { code: "6", contacts: 2 },
    ]);
    expect(flow.decisions.map((d) => [d.code, d.contacts])).toEqual([
      ["referral", 1],
      ["strategy_discussion", 1],
      ["early_help", 1],
      ["none", 1],
    ]);
    expect(flow.ends.map((d) => [d.code, d.contacts])).toEqual([
      ["referral", 1],
      ["strategy_discussion", 1],
      ["advice_signpost", 1],
      ["pending", 1],
    ]);
  });

  it("gives each state's contacts, visits, contacts there now and median and 90th percentile hours", async () => {
    const flow = await readDemandFlow(t.handle.db, period);
    const rows = Object.fromEntries(flow.states.map((s) => [s.state, [s.contacts, s.visits, s.waiting, s.medianHours, s.p90Hours]]));
    const r = (n: number | null) => (n === null ? null : Math.round(n * 1000) / 1000);
    for (const k of Object.keys(rows)) rows[k] = rows[k]!.map((v, i) => (i >= 3 ? r(v as number | null) : v));
    expect(rows).toEqual({
      // 0.25, 0.5, 1, 3 hours: median 0.75; 90th percentile (interpolated) 1 + 0.7 × 2 = 2.4.
      received: [4, 4, 0, 0.75, 2.4],
      // A 1, B 1 (D still there).
      screening: [3, 3, 1, 1, 1],
      immediate_risk: [1, 1, 0, 0.5, 0.5],
      awaiting_partner_information: [1, 1, 0, 4, 4],
      // A 1; B 1, 2, 3: median 1.5; 90th percentile 2 + 0.7 × 1 = 2.7.
      ready_for_decision: [2, 4, 0, 1.5, 2.7],
      // A 2; B 1, 0.5, 1: median 1; 90th percentile 1 + 0.7 × 1 = 1.7.
      awaiting_authorisation: [2, 4, 0, 1, 1.7],
      step_down_offered: [1, 1, 0, 2, 2],
      closed: [3, 3, 0, null, null],
    });
  });

  it("gives each move's contacts and times, loops included", async () => {
    const flow = await readDemandFlow(t.handle.db, period);
    expect(flow.transitions.map((m) => [m.from, m.to, m.contacts, m.moves])).toEqual([
      ["received", "screening", 3, 3],
      ["received", "immediate_risk", 1, 1],
      ["screening", "awaiting_partner_information", 1, 1],
      ["screening", "ready_for_decision", 1, 1],
      ["immediate_risk", "closed", 1, 1],
      ["awaiting_partner_information", "ready_for_decision", 1, 1],
      ["ready_for_decision", "awaiting_authorisation", 2, 4],
      ["awaiting_authorisation", "ready_for_decision", 1, 1],
      ["awaiting_authorisation", "step_down_offered", 1, 1],
      ["awaiting_authorisation", "closed", 2, 2],
      ["step_down_offered", "ready_for_decision", 1, 1],
    ]);
  });

  it("lists exactly the contacts each box and arrow counts, through the measures' records list (audited)", async () => {
    const db = t.handle.db;
    const flow = await readDemandFlow(db, period);
    const figures: [MeasureFigure, number][] = [
      ...flow.links.map((l): [MeasureFigure, number] => [`flow_outcome.${l.decision}.${l.outcome}`, l.contacts]),
      ...flow.sources.map((s): [MeasureFigure, number] => [`by_source.${s.code}.contacts`, s.contacts]),
      ...flow.decisions.map((d): [MeasureFigure, number] => [`flow_decision.${d.code}`, d.contacts]),
      ["flow_source.2A.early_help", 1],
      ["flow_source.6.none", 1],
      ["flow_source.6.referral", 0],
      ...flow.states.map((s): [MeasureFigure, number] => [`state.${s.state}`, s.contacts]),
      ...flow.states.filter((s) => s.state !== "closed").map((s): [MeasureFigure, number] => [`waiting.${s.state}`, s.waiting]),
      ...flow.transitions.map((m): [MeasureFigure, number] => [`transition.${m.from}.${m.to}`, m.contacts]),
    ];
    for (const [figure, count] of figures) {
      expect(isMeasureFigure(figure)).toBe(true);
      const members = await listMeasureMembers(db, period, figure);
      expect({ figure, count: members.length }).toEqual({ figure, count });
    }
    expect((await listMeasureMembers(db, period, "transition.step_down_offered.ready_for_decision")).map((m) => m.reference)).toEqual(["DF-b"]);
    expect((await listMeasureMembers(db, period, "waiting.screening")).map((m) => m.reference)).toEqual(["DF-d"]);
    expect((await listMeasureMembers(db, period, "state.received")).map((m) => m.reference).sort()).toEqual(["DF-a", "DF-b", "DF-c", "DF-d"]);
    for (const bad of ["state.nowhere", "transition.received", "flow_decision.duplicate", "waiting.closed", "flow_source.2a.nfa", "state.received.extra"]) {
      expect(isMeasureFigure(bad)).toBe(false);
    }

    const listed = await readMeasureRecords(db, lead, { figure: "transition.awaiting_authorisation.ready_for_decision", period, page: 1, ipAddress: null });
    if (listed.kind !== "found") throw new Error("expected a list");
    expect(listed.total).toBe(1);
    expect(listed.label).toBe("Contacts that went from \u201cAwaiting authorisation\u201d to \u201cReady for decision\u201d");
    const audit = await db.selectFrom("audit_events").select("details").where("action", "=", "measures.records_listed").orderBy("id", "desc").executeTakeFirstOrThrow();
    const details = (typeof audit.details === "string" ? JSON.parse(audit.details) : audit.details) as { figure: string; contacts: string[] };
    expect(details).toMatchObject({ figure: "transition.awaiting_authorisation.ready_for_decision", contacts: ["b"] });
  });

  it("counts the repeat contacts by the measures' rule, and nothing outside the period", async () => {
    const flow = await readDemandFlow(t.handle.db, { from: "2026-02-01", to: "2026-02-28" });
    expect(flow.total).toBe(1);
    expect(flow.states.find((s) => s.state === "screening")).toMatchObject({ contacts: 1, waiting: 1 });
    expect(flow.repeatContacts).toEqual({ numerator: 0, denominator: 1, pct: 0 });
  });
});
