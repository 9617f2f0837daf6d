/**
 * Withdrawing an information request (decision 028): the MASH withdraws an unanswered request to an
 * agency with a reason; the agency can no longer answer it; the agency may then be asked again, as a
 * new request beside the withdrawn one.
 */
import { describe, expect, it } from "vitest";
import {
  applyContactEvent,
  CONTACT_RULES,
  type ContactEvent,
  type ContactSnapshot,
  initialContactSnapshot,
  nextEvents,
  persistContactSnapshot,
  replayContactEvents,
  stateName,
} from "../../../machines/contact.machine";
import type { Actor } from "../../../machines/contact.types";

const screener: Actor = { id: "s1", role: "screener" };
const manager: Actor = { id: "m1", role: "manager" };
const police: Actor = { id: "p1", role: "partner", agency: "police" };

const input = { receivedAt: "2026-03-02T09:00:00Z", contactId: "C-1", rules: CONTACT_RULES, consent: "given" as const };
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString();
const DUE = "2026-03-03T23:59:00Z";

function apply(snapshot: ContactSnapshot, event: ContactEvent): ContactSnapshot {
  const result = applyContactEvent(snapshot, event);
  if (!result.ok) throw new Error(`${event.type} refused: ${result.reason}`);
  return result.snapshot;
}
function refusal(snapshot: ContactSnapshot, event: ContactEvent): string {
  const result = applyContactEvent(snapshot, event);
  if (result.ok) throw new Error(`${event.type} was accepted but should be refused`);
  return result.reason;
}

const askPolice = (minute: number): ContactEvent => ({ type: "REQUEST_PARTNER_INFORMATION", at: at(minute), actor: screener, requests: [{ agency: "police", dueAt: DUE }] });
const withdraw = (minute: number, fields: Partial<Extract<ContactEvent, { type: "WITHDRAW_PARTNER_REQUEST" }>> = {}): ContactEvent => ({
  type: "WITHDRAW_PARTNER_REQUEST",
  at: at(minute),
  actor: screener,
  agency: "police",
  reason: "wrong_service",
  ...fields,
});

/** Events up to police (and health) asked, waiting for both. */
const asked: ContactEvent[] = [
  { type: "LINK_CHILD", at: at(1), actor: screener, personId: "person-1" },
  { type: "START_SCREENING", at: at(2), actor: screener },
  { type: "SET_PRIORITY", at: at(3), actor: screener, priority: "amber", reason: "Bruising seen at school." },
  { type: "REQUEST_PARTNER_INFORMATION", at: at(4), actor: screener, requests: [{ agency: "police", dueAt: DUE }, { agency: "health", dueAt: DUE }] },
];
const waiting = () => replayContactEvents(input, asked);

describe("withdrawing an information request", () => {
  it("records who withdrew it, when and why; the request is no longer outstanding", () => {
    const s = apply(waiting(), withdraw(10));
    expect(s.context.requests.police).toMatchObject({
      status: "withdrawn",
      respondedAt: null,
      withdrawal: { at: at(10), by: "s1", reason: "wrong_service", explanation: null },
    });
    // Health is still awaited: still waiting for partners.
    expect(stateName(s)).toBe("awaiting_partner_information.outstanding");
    // With the last outstanding request withdrawn, the contact is ready for a decision.
    const both = apply(s, withdraw(11, { agency: "health", reason: "other", explanation: "Health visiting already shared." }));
    expect(stateName(both)).toBe("ready_for_decision");
    expect(both.context.requests.health?.withdrawal).toEqual({ at: at(11), by: "s1", reason: "other", explanation: "Health visiting already shared." });
  });

  it("needs the MASH, a listed reason, and an explanation for other", () => {
    const s = waiting();
    expect(refusal(s, withdraw(10, { actor: police }))).toBe("Only a MASH screener or a MASH manager can withdraw an information request.");
    expect(refusal(s, withdraw(10, { reason: "bored" as never }))).toBe(
      "Choose why the request is withdrawn: sent in error, no longer needed, asked of the wrong agency or service, or other (explain).",
    );
    expect(refusal(s, withdraw(10, { reason: "other", explanation: "  " }))).toBe("Explain why the request is withdrawn when the reason is \u201cother\u201d.");
    expect(refusal(s, withdraw(10, { agency: "education" }))).toBe("No information request has been sent to education about this contact.");
    expect(apply(s, withdraw(10, { actor: manager })).context.requests.police?.withdrawal?.by).toBe("m1");
  });

  it("is refused once the request is answered or already withdrawn", () => {
    const answered = apply(waiting(), { type: "PARTNER_NOTHING_KNOWN", at: at(10), actor: police, agency: "police" });
    expect(refusal(answered, withdraw(11))).toBe(
      "The request to police has already been answered (nothing known), so it cannot be withdrawn: its answer stays in the contact's record.",
    );
    const withdrawn = apply(waiting(), withdraw(10));
    expect(refusal(withdrawn, withdraw(11))).toBe("The request to police has already been withdrawn.");
  });

  it("leaves nothing for the agency to answer, correct, or be overdue on", () => {
    const s = apply(waiting(), withdraw(10));
    const words = "The MASH withdrew its request to police, so it can no longer be answered.";
    expect(refusal(s, { type: "PARTNER_INFORMATION_RETURNED", at: at(11), actor: police, agency: "police", rag: "red", information: "Known to us." })).toBe(words);
    expect(refusal(s, { type: "PARTNER_NOTHING_KNOWN", at: at(11), actor: police, agency: "police", correction: true })).toBe(words);
    expect(refusal(s, { type: "PARTNER_DEADLINE_PASSED", at: "2026-03-04T00:00:00Z", actor: { id: "job", role: "admin" }, agency: "police" })).toBe(
      `${words} Its deadline no longer matters.`,
    );
  });

  it("is possible in every open state with the request unanswered, and never on a closed contact", () => {
    // Gone ahead to a decision while police had not answered: still withdrawn from ready for decision.
    const ready = apply(waiting(), { type: "PROCEED_TO_DECISION", at: at(10), actor: screener, reason: "Cannot wait." });
    expect(stateName(ready)).toBe("ready_for_decision");
    expect(nextEvents(ready, "screener")).toContain("WITHDRAW_PARTNER_REQUEST");
    expect(nextEvents(ready, "partner")).not.toContain("WITHDRAW_PARTNER_REQUEST");
    const flagged = apply(waiting(), { type: "FLAG_IMMEDIATE_RISK", at: at(10), actor: screener, rationale: "Disclosed an injury." });
    expect(nextEvents(flagged, "manager")).toContain("WITHDRAW_PARTNER_REQUEST");
    const closed = apply(flagged, { type: "CONFIRM_STRATEGY_DISCUSSION", at: at(11), actor: manager, primaryNeed: "N1", referralTeam: "Assessment Team North" });
    expect(closed.context.requests.police?.status).toBe("requested");
    expect(refusal(closed, withdraw(12))).toMatch(/^This contact is closed \(outcome: .+\); nothing more can be recorded on it\.$/);
  });

  it("lets the agency be asked again: a new request, the withdrawn one kept beside it", () => {
    const s = waiting();
    // Before the withdrawal the agency cannot be asked again while it has not answered.
    expect(refusal(s, askPolice(9))).toBe("There is already a request to police waiting for an answer.");
    const again = apply(apply(s, withdraw(10)), askPolice(12));
    expect(stateName(again)).toBe("awaiting_partner_information.outstanding");
    expect(again.context.requests.police).toMatchObject({ status: "requested", sequence: 2, requestedAt: at(12) });
    expect(again.context.requests.police?.withdrawal).toBeUndefined();
    expect(again.context.earlierRequests).toEqual([
      expect.objectContaining({ agency: "police", status: "withdrawn", withdrawal: { at: at(10), by: "s1", reason: "wrong_service", explanation: null } }),
    ]);
    // The new request is answered as any other.
    const answered = apply(again, { type: "PARTNER_INFORMATION_RETURNED", at: at(13), actor: police, agency: "police", rag: "amber", information: "One call-out." });
    expect(answered.context.requests.police).toMatchObject({ status: "returned", sequence: 2 });
  });

  it("replays to the same snapshot", () => {
    const events = [...asked, withdraw(10), askPolice(12)];
    const direct = events.reduce(apply, initialContactSnapshot(input));
    expect(JSON.stringify(persistContactSnapshot(replayContactEvents(input, events)))).toBe(JSON.stringify(persistContactSnapshot(direct)));
  });
});
