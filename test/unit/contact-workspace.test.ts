/** The contact workspace's pure pieces (issue 11 "Design"; issue 12, item 5): age, flags, returns side by side, next action. */
import { describe, expect, it } from "vitest";
import { ageWords, contactFlags, nextAction, partnerReturns, type RequestRow } from "../../app/contacts/workspace";
import { CONTACT_RULES, initialContactSnapshot } from "../../machines/contact.machine";

const now = new Date("2026-03-10T12:00:00Z");

describe("the summary band", () => {
  it("says a child's age in years from two, in months before, in weeks before one month, and unborn", () => {
    expect(ageWords("2016-03-11", null, now)).toBe("9 years"); // the tenth birthday is tomorrow
    expect(ageWords("2016-03-10", null, now)).toBe("10 years");
    expect(ageWords("2025-01-10", null, now)).toBe("14 months");
    expect(ageWords("2026-02-09", null, now)).toBe("1 month");
    expect(ageWords("2026-02-20", null, now)).toBe("2 weeks");
    expect(ageWords(null, "2026-06-01", now)).toBe("Unborn");
    expect(ageWords(null, null, now)).toBeNull();
  });

  it("puts immediate risk first, then bounce-backs, repeat and re-referral", () => {
    expect(contactFlags({ immediateRisk: true, repeat: true, reReferral: "would-be", bounceBacks: 2, overrideWaiting: true }).map((f) => f.label)).toEqual([
      "Immediate risk",
      "Bounce-back (2)",
      "Repeat contact",
      "A referral now would be a re-referral",
      "Consent override waiting",
    ]);
    expect(contactFlags({ immediateRisk: false, repeat: false, reReferral: null, bounceBacks: 0, overrideWaiting: false })).toEqual([]);
  });
});

describe("partners' returns side by side", () => {
  const row = (agency: string, extra: Partial<RequestRow>): RequestRow => ({
    id: `c:${agency}`,
    agency_code: agency,
    agency_name: agency[0]!.toUpperCase() + agency.slice(1),
    requested_at: "2026-03-09T10:00:00Z",
    due_at: "2026-03-10T23:59:00Z",
    status: "requested",
    rag: null,
    information: null,
    responded_at: null,
    ...extra,
  });

  it("marks overdue by the deadline, counts chases after the request, and highlights the highest rating", () => {
    const view = partnerReturns(
      [
        row("police", { status: "returned", rag: "amber", information: "Call-outs.", responded_at: "2026-03-09T15:00:00Z" }),
        row("health", { due_at: "2026-03-10T11:00:00Z" }),
        row("education", { status: "returned", rag: "red", responded_at: "2026-03-09T16:00:00Z" }),
        row("housing", { status: "nothing_known", responded_at: "2026-03-09T17:00:00Z" }),
      ],
      [
        { agency: "health", at: "2026-03-10T09:00:00Z", by: "Sam", note: "Phoned" },
        { agency: "health", at: "2026-03-08T09:00:00Z", by: "Sam", note: "before this request" },
      ],
      now,
    );
    expect(view.rows.map((r) => [r.agency, r.state, r.stateLabel, r.highest, r.chases.length])).toEqual([
      ["education", "returned", "Returned", true, 0],
      ["health", "overdue", "Overdue", false, 1],
      ["housing", "nothing_known", "Nothing known", false, 0],
      ["police", "returned", "Returned", false, 0],
    ]);
    expect(view.highestRag).toBe("red");
    expect(view.counts).toEqual({ requested: 4, returned: 3, overdue: 1, chased: 1 });
  });

  it("shows only the latest request to an agency asked again", () => {
    const view = partnerReturns([row("police", { sequence: 1, status: "returned", rag: "green" }), row("police", { id: "c:police:2", sequence: 2 })], [], now);
    expect(view.rows.map((r) => [r.id, r.state])).toEqual([["c:police:2", "requested"]]);
    expect(view.highestRag).toBeNull();
  });
});

describe("the next action for this role", () => {
  const context = initialContactSnapshot({ receivedAt: "2026-03-10T09:00:00Z", rules: CONTACT_RULES, consent: "refused" }).context;
  it("follows the screening through, and gives the manager the waiting override first", () => {
    const screening = ["SET_PRIORITY", "RECORD_CONSENT", "REQUEST_CONSENT_OVERRIDE", "REQUEST_PARTNER_INFORMATION", "COMPLETE_SCREENING"];
    expect(nextAction(screening, context, "screening")).toBe("SET_PRIORITY");
    const prioritised = { ...context, priority: "amber" as const };
    expect(nextAction(screening, prioritised, "screening")).toBe("REQUEST_CONSENT_OVERRIDE");
    const asked = {
      ...prioritised,
      consent: {
        ...prioritised.consent,
        overrideRequests: [{ reason: "significant_harm" as const, explanation: null, requestedBy: "s", requestedAt: "x", decision: "pending" as const, decidedBy: null, decidedAt: null, comments: null }],
      },
    };
    expect(nextAction(screening, asked, "screening")).toBe("COMPLETE_SCREENING");
    expect(nextAction(["AUTHORISE_CONSENT_OVERRIDE", "REFUSE_CONSENT_OVERRIDE", "AUTHORISE_DECISION"], asked, "screening")).toBe("AUTHORISE_CONSENT_OVERRIDE");
    expect(nextAction(["PROPOSE_DECISION"], prioritised, "ready_for_decision")).toBe("PROPOSE_DECISION");
    expect(nextAction([], prioritised, "awaiting_authorisation")).toBeNull();
  });
});
