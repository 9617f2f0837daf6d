/**
 * The rules of 3 (issue 12, items 2 and 5; decision 022): a consent override asked for by a screener
 * and decided by another manager, consent sought again with every answer kept, a step-down only with
 * the family's agreement, and a reason whenever the MASH goes ahead while a request is unanswered.
 */
import { describe, expect, it } from "vitest";
import {
  applyContactEvent,
  CONTACT_RULES,
  type ContactEvent,
  type ContactSnapshot,
  initialContactSnapshot,
  replayContactEvents,
  stateName,
} from "../../../machines/contact.machine";
import type { Actor } from "../../../machines/contact.types";

const screener: Actor = { id: "s1", role: "screener" };
const managerA: Actor = { id: "m1", role: "manager" };
const managerB: Actor = { id: "m2", role: "manager" };
const police: Actor = { id: "p1", role: "partner", agency: "police" };

const input = { receivedAt: "2026-03-02T09:00:00Z", contactId: "C-1", rules: CONTACT_RULES, consent: "refused" as const };
let minute = 0;
function t(): string {
  minute += 1;
  return new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString();
}

function apply(snapshot: ContactSnapshot, event: ContactEvent): ContactSnapshot {
  const result = applyContactEvent(snapshot, event);
  if (!result.ok) throw new Error(`${event.type} refused: ${result.reason}`);
  return result.snapshot;
}
function refused(snapshot: ContactSnapshot, event: ContactEvent): string {
  const result = applyContactEvent(snapshot, event);
  if (result.ok) throw new Error(`${event.type} was accepted but should be refused`);
  return result.reason;
}

/** Screening a contact whose referrer refused consent at intake, priority amber. */
function screening(): ContactSnapshot {
  let s = initialContactSnapshot(input);
  s = apply(s, { type: "LINK_CHILD", at: t(), actor: screener, personId: "person-1" });
  s = apply(s, { type: "START_SCREENING", at: t(), actor: screener });
  return apply(s, { type: "SET_PRIORITY", at: t(), actor: screener, priority: "amber", reason: "Bruising seen at school." });
}
const ask = (actor: Actor = screener): ContactEvent => ({ type: "REQUEST_CONSENT_OVERRIDE", at: t(), actor, reason: "prejudice_crime" });
const requestPolice = (): ContactEvent => ({ type: "REQUEST_PARTNER_INFORMATION", at: t(), actor: screener, requests: [{ agency: "police", dueAt: "2026-03-03T23:59:00Z" }] });

describe("a consent override, asked for and authorised", () => {
  it("keeps the referrer's answer at intake as the first of the consent answers", () => {
    const s = initialContactSnapshot(input);
    expect(s.context.rules).toBe(3);
    expect(s.context.consent.answers).toEqual([{ status: "refused", at: input.receivedAt, by: null, purpose: "partner_information" }]);
    expect(s.context.consent.overrideRequests).toEqual([]);
  });

  it("waits for a manager: partners cannot be asked while it is pending", () => {
    const s = apply(screening(), ask());
    expect(s.context.consent.overrideRequests).toEqual([
      { reason: "prejudice_crime", explanation: null, requestedBy: "s1", requestedAt: s.context.lastEventAt, decision: "pending", decidedBy: null, decidedAt: null, comments: null },
    ]);
    expect(s.context.consent.override).toBeNull();
    expect(refused(s, requestPolice())).toBe(
      "Partner information cannot be requested yet: the consent override asked for is waiting for a manager to authorise it.",
    );
    expect(refused(s, ask())).toBe("A consent override has already been asked for and is waiting for a manager.");
  });

  it("is authorised by a manager, and partners then see the override as the lawful basis", () => {
    const asked = apply(screening(), ask());
    const authorised = apply(asked, { type: "AUTHORISE_CONSENT_OVERRIDE", at: t(), actor: managerA, comments: "Police inquiry under way." });
    expect(authorised.context.consent.override).toEqual({
      reason: "prejudice_crime",
      explanation: null,
      authorisedBy: "m1",
      authorisedAt: authorised.context.lastEventAt,
      requestedBy: "s1",
      comments: "Police inquiry under way.",
    });
    expect(authorised.context.consent.overrideRequests?.[0]?.decision).toBe("authorised");
    const sent = apply(authorised, requestPolice());
    expect(stateName(sent)).toBe("awaiting_partner_information.outstanding");
    expect(sent.context.requests.police?.lawfulBasis).toEqual({ kind: "override", reason: "prejudice_crime", explanation: null, authorisedBy: "m1" });
  });

  it("cannot be decided by whoever asked for it, and only by a manager", () => {
    const askedByManager = apply(screening(), ask(managerA));
    expect(refused(askedByManager, { type: "AUTHORISE_CONSENT_OVERRIDE", at: t(), actor: managerA })).toBe(
      "You asked for this consent override, so another manager must decide it.",
    );
    expect(refused(askedByManager, { type: "REFUSE_CONSENT_OVERRIDE", at: t(), actor: managerA, comments: "No." })).toBe(
      "You asked for this consent override, so another manager must decide it.",
    );
    expect(refused(askedByManager, { type: "AUTHORISE_CONSENT_OVERRIDE", at: t(), actor: screener })).toBe(
      "Only a MASH manager can authorise a consent override.",
    );
    expect(apply(askedByManager, { type: "AUTHORISE_CONSENT_OVERRIDE", at: t(), actor: managerB }).context.consent.override?.authorisedBy).toBe("m2");
  });

  it("refused with comments: no override, partners still cannot be asked, and it can be asked for again", () => {
    const asked = apply(screening(), ask());
    expect(refused(asked, { type: "REFUSE_CONSENT_OVERRIDE", at: t(), actor: managerA, comments: " " })).toBe(
      "Say why the override is refused: comments are required.",
    );
    const refusedOverride = apply(asked, { type: "REFUSE_CONSENT_OVERRIDE", at: t(), actor: managerA, comments: "Seek consent again first." });
    expect(refusedOverride.context.consent.override).toBeNull();
    expect(refusedOverride.context.consent.overrideRequests?.map((r) => [r.decision, r.decidedBy, r.comments])).toEqual([["refused", "m1", "Seek consent again first."]]);
    expect(refused(refusedOverride, requestPolice())).toBe(
      "Partner information cannot be requested until consent is recorded as given or a manager authorises an override.",
    );
    expect(refused(refusedOverride, { type: "AUTHORISE_CONSENT_OVERRIDE", at: t(), actor: managerB })).toBe(
      "No consent override is waiting for a manager on this contact.",
    );
    const again = apply(refusedOverride, { ...ask(), reason: "other", explanation: "Father is the alleged perpetrator." } as ContactEvent);
    expect(again.context.consent.overrideRequests?.map((r) => r.decision)).toEqual(["refused", "pending"]);
  });

  it("is no longer recorded by a manager unprompted", () => {
    expect(refused(screening(), { type: "OVERRIDE_CONSENT", at: t(), actor: managerA, reason: "significant_harm" })).toMatch(
      /^A consent override is asked for by the screener and authorised by a manager/,
    );
  });

  it("needs an explanation for other, and is not needed once consent is given", () => {
    expect(refused(screening(), { type: "REQUEST_CONSENT_OVERRIDE", at: t(), actor: screener, reason: "other" })).toBe(
      "Explain the reason for the override when it is \u201cother\u201d.",
    );
    const given = apply(screening(), { type: "RECORD_CONSENT", at: t(), actor: screener, consent: "given" });
    expect(refused(given, ask())).toBe("Consent is recorded as given, so no override is needed.");
  });
});

describe("consent sought again", () => {
  it("keeps every answer with who recorded it, when, and what it was sought for", () => {
    let s = screening();
    const a1 = t();
    s = apply(s, { type: "RECORD_CONSENT", at: a1, actor: screener, consent: "given" });
    s = apply(s, { type: "COMPLETE_SCREENING", at: t(), actor: screener });
    const a2 = t();
    s = apply(s, { type: "RECORD_CONSENT", at: a2, actor: screener, consent: "refused", purpose: "early_help" });
    expect(s.context.consent.status).toBe("refused");
    expect(s.context.consent.answers).toEqual([
      { status: "refused", at: input.receivedAt, by: null, purpose: "partner_information" },
      { status: "given", at: a1, by: "s1", purpose: "partner_information" },
      { status: "refused", at: a2, by: "s1", purpose: "early_help" },
    ]);
  });

  it("a step-down needs the family's agreement to early help recorded as given", () => {
    let s = apply(screening(), { type: "RECORD_CONSENT", at: t(), actor: screener, consent: "given" });
    s = apply(s, { type: "COMPLETE_SCREENING", at: t(), actor: screener });
    const stepDown: ContactEvent = { type: "PROPOSE_DECISION", at: t(), actor: screener, outcome: "early_help", levelOfNeed: 2, rationale: "Parenting support.", hub: "north" };
    // Consent to share with partners is not agreement to early help.
    expect(refused(s, stepDown)).toMatch(/^A step-down needs the family's agreement to early help/);
    const declined = apply(s, { type: "RECORD_CONSENT", at: t(), actor: screener, consent: "refused", purpose: "early_help" });
    expect(refused(declined, { ...stepDown, at: t() })).toMatch(/^The family's agreement to early help is recorded as refused/);
    const agreed = apply(declined, { type: "RECORD_CONSENT", at: t(), actor: screener, consent: "given", purpose: "early_help" });
    expect(stateName(apply(agreed, { ...stepDown, at: t() }))).toBe("awaiting_authorisation");
  });
});

describe("going ahead to a decision while a partner has not answered", () => {
  function overdue(): ContactSnapshot {
    let s = apply(screening(), { type: "RECORD_CONSENT", at: t(), actor: screener, consent: "given" });
    s = apply(s, { type: "REQUEST_PARTNER_INFORMATION", at: "2026-03-02T10:00:00Z", actor: screener, requests: [{ agency: "police", dueAt: "2026-03-02T14:00:00Z" }] });
    return apply(s, { type: "PARTNER_DEADLINE_PASSED", at: "2026-03-02T14:01:00Z", actor: { id: "system", role: "admin" }, agency: "police" });
  }

  it("always needs a reason, even after the deadline has passed", () => {
    const s = overdue();
    expect(stateName(s)).toBe("awaiting_partner_information.overdue");
    expect(refused(s, { type: "PROCEED_TO_DECISION", at: "2026-03-02T14:05:00Z", actor: screener })).toBe(
      "Still waiting for police: give a reason to go ahead to a decision without its information.",
    );
    const ahead = apply(s, { type: "PROCEED_TO_DECISION", at: "2026-03-02T14:05:00Z", actor: screener, reason: "Police chased twice; decision cannot wait." });
    expect(ahead.context.proceededWithoutInformation).toEqual({ at: "2026-03-02T14:05:00Z", by: "s1", reason: "Police chased twice; decision cannot wait." });
  });

  it("but a contact received before the rules of 3 keeps its rules: no reason once the deadline has passed", () => {
    const events: ContactEvent[] = [
      { type: "LINK_CHILD", at: "2026-03-02T09:01:00Z", actor: screener, personId: "person-1" },
      { type: "START_SCREENING", at: "2026-03-02T09:02:00Z", actor: screener },
      { type: "SET_PRIORITY", at: "2026-03-02T09:03:00Z", actor: screener, priority: "amber", reason: "x" },
      { type: "RECORD_CONSENT", at: "2026-03-02T09:04:00Z", actor: screener, consent: "given" },
      { type: "REQUEST_PARTNER_INFORMATION", at: "2026-03-02T10:00:00Z", actor: screener, requests: [{ agency: "police", dueAt: "2026-03-02T14:00:00Z" }] },
      { type: "PARTNER_DEADLINE_PASSED", at: "2026-03-02T14:01:00Z", actor: { id: "system", role: "admin" }, agency: "police" },
      { type: "PROCEED_TO_DECISION", at: "2026-03-02T14:05:00Z", actor: screener },
    ];
    const legacy = replayContactEvents({ receivedAt: input.receivedAt, contactId: "C-0" }, events);
    expect(stateName(legacy)).toBe("ready_for_decision");
    expect(legacy.context.consent.answers).toBeUndefined();
    // A partner's late answer is still taken.
    expect(applyContactEvent(legacy, { type: "PARTNER_NOTHING_KNOWN", at: "2026-03-02T15:00:00Z", actor: police, agency: "police" }).ok).toBe(true);
  });
});
