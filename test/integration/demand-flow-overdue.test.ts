/**
 * The process map's box for partner information overdue (the machine's substate
 * `awaiting_partner_information.overdue`, drawn inside its stage), on contacts driven through the
 * real services on 2 March 2026 (GMT: UTC times are local times). Hand-worked:
 * - P: asked 11:00 (due 12:00), deadline passed 12:15, answered 13:15 → overdue 1 h;
 * - R: asked 11:00 (due 12:00), deadline passed 12:30, answered 15:00 → overdue 2.5 h;
 * - Q: asked 11:00 (due 12:00), deadline passed 12:30, still waiting → overdue now;
 * - W: asked, answered before its deadline → never overdue;
 * - F (28 February, overdue) is outside the period.
 * So: 3 contacts, 3 stays, 1 there now; of the stays that ended (1 h, 2.5 h) the median is 1.75 h and
 * the 90th percentile 1 + 0.9 × 1.5 = 2.35 h. Each figure's list holds exactly its contacts.
 */
import { beforeAll, expect, it } from "vitest";
import { createContact } from "../../app/contacts/create.server";
import { applyEventToContact } from "../../app/contacts/lifecycle.server";
import { readDemandFlow } from "../../app/measures/demand-flow.server";
import { isMeasureFigure, listMeasureMembers } from "../../db/queries/measures/measures";
import { insertUser } from "../../db/queries/users";
import type { Actor, ContactEvent } from "../../machines/contact.machine";
import { describeOnBothDatabases } from "./databases";

const screener: Actor = { id: "u-screener", role: "screener" };
const police: Actor = { id: "u-police", role: "partner", agency: "police" };
const period = { from: "2026-03-01", to: "2026-03-31" };

type Step = Omit<ContactEvent, "actor" | "at"> & { at: string; actor?: Actor };

describeOnBothDatabases("demand flow: partner information overdue", (t) => {
  async function contact(id: string, date: string, steps: (at: (time: string) => string) => Step[]) {
    const db = t.handle.db;
    const at = (time: string) => `${date}T${time}:00Z`;
    await createContact(db, { id, reference: `OD-${id}`, received_at: at("09:00"), source: "2A", channel: "phone", referrer: JSON.stringify({ professional: true }) }, { actor: screener, recordedAt: at("09:00") });
    let version = 1;
    for (const [i, step] of steps(at).entries()) {
      const event = { actor: screener, ...step } as ContactEvent;
      const result = await applyEventToContact(db, { contactId: id, expectedVersion: version, idempotencyKey: `${id}-${i}`, event });
      if (result.kind !== "applied") throw new Error(`${id} step ${i} (${event.type}): ${JSON.stringify(result)}`);
      version = result.version;
    }
  }
  const asked = (id: string, at: (time: string) => string): Step[] => [
    { type: "START_SCREENING", at: at("10:00") } as Step,
    { type: "LINK_CHILD", personId: `child-${id}`, at: at("10:01") } as Step,
    { type: "SET_PRIORITY", priority: "amber", reason: "Concerns reported by the school.", at: at("10:02") } as Step,
    { type: "RECORD_CONSENT", consent: "given", at: at("10:03") } as Step,
    { type: "REQUEST_PARTNER_INFORMATION", requests: [{ agency: "police", dueAt: at("12:00") }], at: at("11:00") } as Step,
  ];
  const overdue = (time: string) => (at: (time: string) => string) => ({ type: "PARTNER_DEADLINE_PASSED", agency: "police", at: at(time) }) as Step;
  const answered = (time: string) => (at: (time: string) => string) =>
    ({ type: "PARTNER_INFORMATION_RETURNED", agency: "police", rag: "amber", information: "Known to police.", at: at(time), actor: police }) as Step;

  beforeAll(async () => {
    for (const [id, role, agency] of [
      ["u-screener", "screener", null],
      ["u-police", "partner", "police"],
    ] as const) {
      await insertUser(t.handle.db, { id, email: `${id}@example.org`, display_name: id, role, agency_code: agency, hub_code: null, password_hash: "x" });
    }
    await contact("p", "2026-03-02", (at) => [...asked("p", at), overdue("12:15")(at), answered("13:15")(at)]);
    await contact("r", "2026-03-02", (at) => [...asked("r", at), overdue("12:30")(at), answered("15:00")(at)]);
    await contact("q", "2026-03-02", (at) => [...asked("q", at), overdue("12:30")(at)]);
    await contact("w", "2026-03-02", (at) => [...asked("w", at), answered("11:30")(at)]);
    await contact("f", "2026-02-28", (at) => [...asked("f", at), overdue("12:30")(at)]);
  });

  it("draws partner information overdue as a box of its own: contacts, stays, time overdue and how many are overdue now", async () => {
    const flow = await readDemandFlow(t.handle.db, period);
    expect(flow.substates).toHaveLength(1);
    const box = flow.substates[0]!;
    expect(box).toMatchObject({ substate: "partner_information_overdue", contacts: 3, visits: 3, waiting: 1 });
    expect(box.medianHours).toBeCloseTo(1.75, 6);
    expect(box.p90Hours).toBeCloseTo(2.35, 6);
    // The stage around it counts all four contacts that were awaiting partner information.
    expect(flow.states.find((s) => s.state === "awaiting_partner_information")).toMatchObject({ contacts: 4, visits: 4, waiting: 1 });
  });

  it("lists exactly the contacts its box and its 'there now' count", async () => {
    const db = t.handle.db;
    expect(isMeasureFigure("state.partner_information_overdue")).toBe(true);
    expect(isMeasureFigure("waiting.partner_information_overdue")).toBe(true);
    expect(isMeasureFigure("state.partner_information_overdue.x")).toBe(false);
    expect((await listMeasureMembers(db, period, "state.partner_information_overdue")).map((m) => m.reference).sort()).toEqual(["OD-p", "OD-q", "OD-r"]);
    expect((await listMeasureMembers(db, period, "waiting.partner_information_overdue")).map((m) => m.reference)).toEqual(["OD-q"]);
  });

  it("counts nothing overdue in a period whose contacts never went overdue", async () => {
    const flow = await readDemandFlow(t.handle.db, { from: "2026-03-03", to: "2026-03-31" });
    expect(flow.substates).toEqual([{ substate: "partner_information_overdue", contacts: 0, visits: 0, waiting: 0, medianHours: null, p90Hours: null }]);
  });
});
