import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { contactLifecycleDiagramBlock, withGeneratedDiagram, DIAGRAM_BEGIN, DIAGRAM_END } from "../../../machines/contact.diagram";
import {
  applyContactEvent,
  CONTACT_MACHINE_VERSION,
  CONTACT_STATE_NAMES,
  contactMachine,
  explainRefusal,
  initialContactSnapshot,
  nextEvents,
  persistContactSnapshot,
  replayContactEvents,
  restoreContactSnapshot,
  stateName,
  type ContactEvent,
  type ContactSnapshot,
} from "../../../machines/contact.machine";
import {
  activeStateIds,
  contactPathsText,
  coveringContactPaths,
  formatPath,
  legacyContactPaths,
  machineStateIds,
  machineTransitionKeys,
  SAMPLE_INPUT,
  sampleEvents,
  shortestContactPaths,
  transitionsTaken,
  traversalKey,
  type ContactPath,
  type GeneratedPath,
} from "../../../machines/contact.paths";
import type { Actor, ContactEventOf } from "../../../machines/contact.types";

const PATHS_FILE = fileURLToPath(new URL("../../../docs/contact-lifecycle-paths.txt", import.meta.url));
const DIAGRAM_FILE = fileURLToPath(new URL("../../../docs/contact-lifecycle.md", import.meta.url));

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

const screener: Actor = { id: "s1", role: "screener" };
const manager: Actor = { id: "m1", role: "manager" };
const police: Actor = { id: "p1", role: "partner", agency: "police" };
const health: Actor = { id: "h1", role: "partner", agency: "health" };
const northHub: Actor = { id: "n1", role: "early_help", hub: "north" };
const southHub: Actor = { id: "x1", role: "early_help", hub: "south" };

const input = { receivedAt: "2024-06-03T09:00:00+01:00", contactId: "C-2" };
let minute = 0;
/** Increasing times through the morning of Monday 3 June 2024. */
function t(): string {
  minute += 1;
  return new Date(Date.UTC(2024, 5, 3, 8, minute)).toISOString();
}

function apply(snapshot: ContactSnapshot, event: ContactEvent): ContactSnapshot {
  const result = applyContactEvent(snapshot, event);
  if (!result.ok) throw new Error(`${event.type} refused: ${result.reason}`);
  return result.snapshot;
}

function applyAll(snapshot: ContactSnapshot, events: ContactEvent[]): ContactSnapshot {
  return events.reduce(apply, snapshot);
}

function refused(snapshot: ContactSnapshot, event: ContactEvent): string {
  const result = applyContactEvent(snapshot, event);
  if (result.ok) throw new Error(`${event.type} was accepted (now ${result.state}) but should be refused`);
  return result.reason;
}

const start = (): ContactSnapshot => initialContactSnapshot(input);
const linked = (): ContactSnapshot => apply(start(), { type: "LINK_CHILD", at: t(), actor: screener, personId: "person-7" });
const screening = (): ContactSnapshot => apply(linked(), { type: "START_SCREENING", at: t(), actor: screener });
/** Screening a contact whose child is not linked yet. */
const screeningUnlinked = (): ContactSnapshot => apply(start(), { type: "START_SCREENING", at: t(), actor: screener });
const prioritised = (): ContactSnapshot =>
  apply(screening(), { type: "SET_PRIORITY", at: t(), actor: screener, priority: "amber", reason: "Concerns reported by the school." });
const withConsent = (): ContactSnapshot =>
  apply(prioritised(), { type: "RECORD_CONSENT", at: t(), actor: screener, consent: "given" });

function request(agency: string, hoursToDeadline = 4): ContactEvent {
  const at = t();
  const dueAt = new Date(Date.parse(at) + hoursToDeadline * 3600_000).toISOString();
  return { type: "REQUEST_PARTNER_INFORMATION", at, actor: screener, requests: [{ agency, dueAt }] };
}

const awaitingPolice = (): ContactSnapshot => apply(withConsent(), request("police"));
const readyForDecision = (): ContactSnapshot =>
  apply(prioritised(), { type: "COMPLETE_SCREENING", at: t(), actor: screener });

function propose(outcome: string, extra: Record<string, unknown> = {}): ContactEvent {
  return {
    type: "PROPOSE_DECISION",
    at: t(),
    actor: screener,
    outcome,
    levelOfNeed: 3,
    rationale: "Needs are met at this level.",
    ...extra,
  } as ContactEvent;
}

const awaitingAuthorisation = (outcome = "nfa", extra: Record<string, unknown> = { reason: "Resolved." }) =>
  apply(readyForDecision(), propose(outcome, extra));
const stepDownOffered = (): ContactSnapshot =>
  apply(awaitingAuthorisation("early_help", { hub: "north" }), { type: "AUTHORISE_DECISION", at: t(), actor: manager });
const immediateRisk = (): ContactSnapshot =>
  apply(screening(), { type: "FLAG_IMMEDIATE_RISK", at: t(), actor: screener, rationale: "Injury disclosed today." });

function json(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

// ---------------------------------------------------------------------------
// Generated paths
// ---------------------------------------------------------------------------

describe("paths generated from the machine (xstate/graph)", () => {
  let all: GeneratedPath[];
  let covering: ContactPath[];

  beforeAll(() => {
    all = shortestContactPaths();
    covering = coveringContactPaths(all);
  }, 60_000);

  it("reach every state node of the machine", () => {
    const reached = new Set(covering.flatMap((p) => p.snapshots.flatMap(activeStateIds)));
    const missing = machineStateIds().filter((id) => !reached.has(id));
    expect(missing).toEqual([]);
    expect(machineStateIds().length).toBeGreaterThanOrEqual(9);
  });

  it("of contacts received before the rules of 3 still accept a manager's unprompted override, and replay", () => {
    const legacy = legacyContactPaths();
    expect(legacy.map((p) => stateName(p.snapshots.at(-2)!))).toEqual(["screening", "awaiting_partner_information.outstanding", "ready_for_decision"]);
    for (const path of legacy) {
      const end = path.snapshots.at(-1)!;
      expect(end.context.consent.override).toMatchObject({ reason: "significant_harm", authorisedBy: "manager-1" });
      expect(end.context.rules).toBeUndefined();
      expect(json(replayContactEvents({ receivedAt: SAMPLE_INPUT.receivedAt, contactId: SAMPLE_INPUT.contactId }, path.events))).toEqual(json(end));
    }
  });

  it("take every transition of the machine, guarded branches and eventless ones included", { timeout: 60_000 }, () => {
    const taken = new Set<string>();
    // Contacts received before the rules of 3 take the transitions today's rules refuse (OVERRIDE_CONSENT).
    for (const path of [...covering, ...legacyContactPaths()]) {
      path.events.forEach((event, i) => {
        for (const key of transitionsTaken(path.snapshots[i] as ContactSnapshot, event)) taken.add(key);
      });
    }
    const all = machineTransitionKeys();
    expect(all.length).toBeGreaterThan(40);
    expect(all.filter((key) => !taken.has(key))).toEqual([]);
    // …and nothing outside the definition (keys are computed the same way).
    expect([...taken].filter((key) => !all.includes(key))).toEqual([]);
  });

  it("close contacts with every outcome", () => {
    const outcomes = new Set(
      covering.map((p) => (p.snapshots[p.snapshots.length - 1] as ContactSnapshot).context.outcome).filter(Boolean),
    );
    expect([...outcomes].sort()).toEqual(
      ["advice_signpost", "duplicate", "early_help", "existing_case", "nfa", "referral", "strategy_discussion"],
    );
  });

  it("include sample events the rules refuse, and every refusal is a plain sentence", { timeout: 60_000 }, () => {
    let refusals = 0;
    for (const path of all) {
      const end = path.snapshots[path.snapshots.length - 1] as ContactSnapshot;
      for (const event of sampleEvents(end)) {
        const result = applyContactEvent(end, event);
        if (result.ok) continue;
        refusals += 1;
        expect(result.reason).toMatch(/^[A-Z\u201c].*[.]$/);
        expect(result.reason).not.toMatch(/undefined|null|\[object|guard|xstate/i);
      }
    }
    expect(refusals).toBeGreaterThan(100);
  });

  it("replay: each generated path's events give exactly its snapshot, also through JSON", { timeout: 60_000 }, () => {
    expect(all.length).toBeGreaterThan(100);
    for (const path of all) {
      const end = path.snapshots[path.snapshots.length - 1] as ContactSnapshot;
      // The path reaches the snapshot getShortestPaths reported.
      expect(traversalKey(end)).toBe(traversalKey(path.graphState));
      const replayed = replayContactEvents(SAMPLE_INPUT, path.events);
      expect(json(replayed)).toEqual(json(end));
      const stored = json(persistContactSnapshot(end));
      expect(json(restoreContactSnapshot(stored))).toEqual(json(end));
      expect(json(persistContactSnapshot(replayed))).toEqual(stored);
    }
  });

  it("are committed in docs/contact-lifecycle-paths.txt", () => {
    const generated = contactPathsText(covering);
    if (process.env.UPDATE_PATHS === "1") writeFileSync(PATHS_FILE, generated);
    const committed = readFileSync(PATHS_FILE, "utf8");
    expect(committed, "the workflow changed: run UPDATE_PATHS=1 npx vitest run --project unit").toBe(generated);
    // One line per path, each starting where every contact starts.
    const lines = committed.split("\n").filter((l) => l && !l.startsWith("#"));
    expect(lines.length).toBe(covering.length);
    expect(lines.every((l) => l.startsWith("received → "))).toBe(true);
    expect(lines).toEqual(covering.map(formatPath));
  });
});

describe("the diagram in docs/contact-lifecycle.md", () => {
  it("is exactly the diagram generated from the machine", () => {
    const doc = readFileSync(DIAGRAM_FILE, "utf8");
    if (process.env.UPDATE_DIAGRAM === "1") writeFileSync(DIAGRAM_FILE, withGeneratedDiagram(doc));
    const current = readFileSync(DIAGRAM_FILE, "utf8");
    const start = current.indexOf(DIAGRAM_BEGIN);
    const end = current.indexOf(DIAGRAM_END);
    expect(start, "markers missing in docs/contact-lifecycle.md").toBeGreaterThanOrEqual(0);
    expect(current.slice(start, end + DIAGRAM_END.length), "run UPDATE_DIAGRAM=1 npx vitest run --project unit").toBe(
      contactLifecycleDiagramBlock(),
    );
  });

  it("shows every state and every state-changing event", () => {
    const block = contactLifecycleDiagramBlock();
    for (const name of CONTACT_STATE_NAMES) {
      expect(block).toMatch(new RegExp(`(state |as )${name.replace(".", "__")}\\n`));
    }
    for (const type of ["START_SCREENING", "PROPOSE_DECISION", "AUTHORISE_DECISION", "DECLINE_STEP_DOWN", "CONFIRM_STRATEGY_DISCUSSION"]) {
      expect(block).toContain(type);
    }
  });
});

// ---------------------------------------------------------------------------
// The rules of practice (guards) and their reasons
// ---------------------------------------------------------------------------

describe("rules of practice", () => {
  describe("consent before partner information", () => {
    it("refuses a request until consent is given or a manager authorises an override", () => {
      const expected =
        "Partner information cannot be requested until consent is recorded as given or a manager authorises an override.";
      expect(refused(prioritised(), request("police"))).toBe(expected);
      const consentRefused = apply(prioritised(), { type: "RECORD_CONSENT", at: t(), actor: screener, consent: "refused" });
      expect(refused(consentRefused, request("police"))).toBe(expected);
      const notSought = apply(prioritised(), { type: "RECORD_CONSENT", at: t(), actor: screener, consent: "not_sought" });
      expect(refused(notSought, request("police"))).toBe(expected);
    });

    it("accepts a request with consent given, recording consent as the lawful basis", () => {
      const s = apply(withConsent(), request("police"));
      expect(stateName(s)).toBe("awaiting_partner_information.outstanding");
      expect(s.context.requests.police).toMatchObject({ status: "requested", lawfulBasis: { kind: "consent" } });
    });

    it("only a manager authorises an override, for a listed reason", () => {
      const consentRefused = apply(prioritised(), { type: "RECORD_CONSENT", at: t(), actor: screener, consent: "refused" });
      expect(
        refused(consentRefused, { type: "OVERRIDE_CONSENT", at: t(), actor: screener, reason: "significant_harm" }),
      ).toBe("Only a MASH manager can authorise a consent override.");
      expect(
        refused(consentRefused, { type: "OVERRIDE_CONSENT", at: t(), actor: manager, reason: "because" } as unknown as ContactEvent),
      ).toMatch(/^Choose the reason for requesting information without consent/);
      expect(refused(consentRefused, { type: "OVERRIDE_CONSENT", at: t(), actor: manager, reason: "other" })).toBe(
        "Explain the reason for the override when it is \u201cother\u201d.",
      );
      const overridden = apply(consentRefused, {
        type: "OVERRIDE_CONSENT",
        at: t(),
        actor: manager,
        reason: "other",
        explanation: "Parents are suspects in the police investigation.",
      });
      expect(overridden.context.consent.override).toMatchObject({ reason: "other", authorisedBy: "m1" });
      const s = apply(overridden, request("police"));
      expect(s.context.requests.police?.lawfulBasis).toEqual({
        kind: "override",
        reason: "other",
        explanation: "Parents are suspects in the police investigation.",
        authorisedBy: "m1",
      });
    });

    it("needs no override when consent is given", () => {
      expect(refused(withConsent(), { type: "OVERRIDE_CONSENT", at: t(), actor: manager, reason: "significant_harm" })).toBe(
        "Consent is recorded as given, so no override is needed.",
      );
    });
  });

  describe("information requests", () => {
    it("need the priority first, because it sets the deadlines", () => {
      const s = apply(screening(), { type: "RECORD_CONSENT", at: t(), actor: screener, consent: "given" });
      expect(refused(s, request("police"))).toBe(
        "Set the priority (red, amber or green) before requesting partner information: it sets the partners' deadlines.",
      );
    });

    it("need a deadline after the request, and one outstanding request per agency", () => {
      expect(refused(withConsent(), request("police", -1))).toBe(
        "The deadline for police must be a date and time after the request is made.",
      );
      expect(refused(awaitingPolice(), request("police"))).toBe("There is already a request to police waiting for an answer.");
      expect(
        refused(withConsent(), { type: "REQUEST_PARTNER_INFORMATION", at: t(), actor: screener, requests: [] }),
      ).toBe("Choose at least one agency to ask.");
    });

    it("are answered by the agency asked, with its own RAG rating", () => {
      const s = awaitingPolice();
      expect(
        refused(s, { type: "PARTNER_INFORMATION_RETURNED", at: t(), actor: health, agency: "police", rag: "red", information: "x" }),
      ).toBe("Only police's own officers (or the MASH, on their behalf) can answer police's request.");
      expect(
        refused(s, { type: "PARTNER_NOTHING_KNOWN", at: t(), actor: health, agency: "health" }),
      ).toBe("No information request has been sent to health about this contact.");
      expect(
        refused(s, { type: "PARTNER_INFORMATION_RETURNED", at: t(), actor: police, agency: "police", information: "x" } as unknown as ContactEvent),
      ).toBe("Give your agency's own RAG rating of the information: red, amber or green.");
      expect(refused(s, { type: "PARTNER_DECLINED", at: t(), actor: police, agency: "police", reason: " " })).toBe(
        "Give the reason for declining to share information.",
      );
      expect(
        refused(s, { type: "PARTNER_INFORMATION_RETURNED", at: t(), actor: northHub, agency: "police", rag: "red", information: "x" }),
      ).toBe("Only a partner agency officer, a MASH screener or a MASH manager can return partner information.");
      const returned = apply(s, {
        type: "PARTNER_INFORMATION_RETURNED",
        at: t(),
        actor: police,
        agency: "police",
        rag: "red",
        information: "Known to police: two domestic abuse call-outs.",
      });
      expect(stateName(returned)).toBe("ready_for_decision");
      expect(returned.context.requests.police).toMatchObject({ status: "returned", rag: "red", respondedBy: "p1" });
    });

    it("stay outstanding until every agency answers", () => {
      let s = apply(withConsent(), {
        type: "REQUEST_PARTNER_INFORMATION",
        at: "2024-06-03T09:00:00Z",
        actor: screener,
        requests: [
          { agency: "police", dueAt: "2024-06-03T13:00:00Z" },
          { agency: "health", dueAt: "2024-06-03T13:00:00Z" },
        ],
      });
      s = apply(s, { type: "PARTNER_NOTHING_KNOWN", at: "2024-06-03T10:00:00Z", actor: police, agency: "police" });
      expect(stateName(s)).toBe("awaiting_partner_information.outstanding");
      s = apply(s, { type: "PARTNER_DECLINED", at: "2024-06-03T10:30:00Z", actor: health, agency: "health", reason: "Court order." });
      expect(stateName(s)).toBe("ready_for_decision");
      expect(refused(s, { type: "PARTNER_NOTHING_KNOWN", at: t(), actor: police, agency: "police" })).toBe(
        "The request to police has already been answered (nothing known).",
      );
    });

    it("become overdue only once the deadline has passed (the time comes with the event)", () => {
      const s = apply(withConsent(), {
        type: "REQUEST_PARTNER_INFORMATION",
        at: "2024-06-03T09:00:00+01:00",
        actor: screener,
        requests: [{ agency: "police", dueAt: "2024-06-03T13:00:00+01:00" }],
      });
      const job: Actor = { id: "deadline-job", role: "admin" };
      expect(refused(s, { type: "PARTNER_DEADLINE_PASSED", at: "2024-06-03T12:59:00+01:00", actor: job, agency: "police" })).toBe(
        "The deadline for police (2024-06-03T13:00:00+01:00) has not passed yet.",
      );
      const overdue = apply(s, { type: "PARTNER_DEADLINE_PASSED", at: "2024-06-03T12:00:00Z", actor: job, agency: "police" });
      expect(stateName(overdue)).toBe("awaiting_partner_information.overdue");
      expect(refused(overdue, { type: "PARTNER_DEADLINE_PASSED", at: "2024-06-03T12:30:00Z", actor: job, agency: "police" })).toBe(
        "The deadline for police is already recorded as passed.",
      );
      // The MASH may now go ahead without police's answer; a late answer is still recorded.
      const ready = apply(overdue, { type: "PROCEED_TO_DECISION", at: "2024-06-03T12:10:00Z", actor: screener });
      expect(stateName(ready)).toBe("ready_for_decision");
      const late = apply(ready, {
        type: "PARTNER_INFORMATION_RETURNED",
        at: "2024-06-03T15:00:00Z",
        actor: police,
        agency: "police",
        rag: "amber",
        information: "Late but useful.",
      });
      expect(stateName(late)).toBe("ready_for_decision");
      expect(late.context.requests.police).toMatchObject({ status: "returned", overdueAt: "2024-06-03T12:00:00Z" });
    });

    it("need a reason to go ahead before partners' deadlines have passed", () => {
      const s = apply(withConsent(), {
        type: "REQUEST_PARTNER_INFORMATION",
        at: "2024-06-03T09:00:00Z",
        actor: screener,
        requests: [
          { agency: "police", dueAt: "2024-06-03T13:00:00Z" },
          { agency: "health", dueAt: "2024-06-03T13:00:00Z" },
        ],
      });
      expect(refused(s, { type: "PROCEED_TO_DECISION", at: "2024-06-03T10:00:00Z", actor: screener })).toBe(
        "Still waiting for police and health, whose deadlines have not passed: give a reason to go ahead to a decision without their information.",
      );
      const ready = apply(s, {
        type: "PROCEED_TO_DECISION",
        at: "2024-06-03T10:00:00Z",
        actor: screener,
        reason: "Red: the decision cannot wait.",
      });
      expect(ready.context.proceededWithoutInformation).toEqual({
        at: "2024-06-03T10:00:00Z",
        by: "s1",
        reason: "Red: the decision cannot wait.",
      });
    });
  });

  describe("proposing a decision", () => {
    it("needs the level of need (1 to 4) and a rationale", () => {
      const s = readyForDecision();
      const levelReason =
        "A decision needs the level of need: 1 universal, 2 early help, 3 targeted help or 4 specialist (statutory).";
      expect(refused(s, propose("nfa", { reason: "Resolved.", levelOfNeed: undefined }))).toBe(levelReason);
      expect(refused(s, propose("nfa", { reason: "Resolved.", levelOfNeed: 5 }))).toBe(levelReason);
      expect(refused(s, propose("nfa", { reason: "Resolved.", levelOfNeed: "2" }))).toBe(levelReason);
      expect(refused(s, propose("nfa", { reason: "Resolved.", rationale: "  " }))).toBe("A decision needs a rationale.");
      expect(refused(s, propose("maybe"))).toMatch(/^Choose an outcome: referral, strategy discussion/);
    });

    const outcomeData: Array<[string, Record<string, unknown>, string]> = [
      [
        "referral",
        { primaryNeed: "N1", referralNfa: false, referralTeam: "Assessment Team North", referralWorker: "Amira Hassan" },
        "A referral needs ReferralNFA: say whether the referral itself ends with no further action.",
      ],
      [
        "strategy_discussion",
        { primaryNeed: "N0", referralNfa: false, referralTeam: "Assessment Team North", referralWorker: null },
        "A strategy discussion needs ReferralNFA: say whether the referral itself ends with no further action.",
      ],
      ["early_help", { hub: "north" }, "A step-down to early help needs the hub it goes to."],
      ["nfa", { reason: "Concern resolved." }, "No further action needs a reason."],
      ["advice_signpost", { service: "Young carers service" }, "Advice or signposting needs the service the family is signposted to."],
      ["existing_case", { allocatedTeam: "Exeter CIN team" }, "Passing to the allocated worker needs the allocated worker or team."],
    ];

    it.each(outcomeData)("%s is refused without its own data and accepted with it", (outcome, data, reason) => {
      const s = readyForDecision();
      expect(refused(s, propose(outcome))).toBe(reason);
      const proposed = apply(s, propose(outcome, data));
      expect(stateName(proposed)).toBe("awaiting_authorisation");
      expect(proposed.context.decision).toMatchObject({ outcome, levelOfNeed: 3, proposedBy: "s1", ...data });
    });

    it("refuses a primary need that is not a census code", () => {
      expect(refused(readyForDecision(), propose("referral", { primaryNeed: "N10", referralNfa: false, referralTeam: "Team A" }))).toBe(
        "A referral needs the census primary need (N0 to N9).",
      );
    });

    it("is refused until the contact is linked to a child's record, with the reason in plain words", () => {
      const unlinked = apply(screeningUnlinked(), { type: "SET_PRIORITY", at: t(), actor: screener, priority: "amber", reason: "School concern." });
      const ready = apply(unlinked, { type: "COMPLETE_SCREENING", at: t(), actor: screener });
      expect(stateName(ready)).toBe("ready_for_decision");
      expect(ready.context.child).toBeNull();
      const reason = refused(ready, propose("nfa", { reason: "Resolved." }));
      expect(reason).toBe(
        "Link the contact to a child's record before proposing a decision: use \u201cFind the child\u201d on the contact, so that the decision counts in the child's history and the measures.",
      );
      // Linking it (in any open state) is what lets the decision through.
      const linkedNow = apply(ready, { type: "LINK_CHILD", at: "2024-06-03T12:00:00Z", actor: screener, personId: "person-9" });
      expect(linkedNow.context.child).toEqual({ personId: "person-9", linkedAt: "2024-06-03T12:00:00Z", linkedBy: "s1" });
      expect(stateName(linkedNow)).toBe("ready_for_decision");
      expect(stateName(apply(linkedNow, propose("nfa", { reason: "Resolved." })))).toBe("awaiting_authorisation");
    });

    it("links the child only by the MASH, to a named record, and not to the record already linked", () => {
      expect(refused(start(), { type: "LINK_CHILD", at: t(), actor: police, personId: "person-1" })).toBe(
        "Only a MASH screener or a MASH manager can link the contact to a child's record.",
      );
      expect(refused(start(), { type: "LINK_CHILD", at: t(), actor: screener, personId: " " })).toBe(
        "Say which person record the contact is about.",
      );
      expect(refused(screening(), { type: "LINK_CHILD", at: t(), actor: screener, personId: "person-7" })).toBe(
        "The contact is already linked to this child's record.",
      );
      const closed = apply(screening(), { type: "MARK_DUPLICATE", at: t(), actor: screener, duplicateOf: "C-1" });
      expect(refused(closed, { type: "LINK_CHILD", at: t(), actor: screener, personId: "person-8" })).toMatch(/nothing more can be recorded on it/);
    });

    it("records ReferralNFA, the team and the worker on a referral, by the census rules", () => {
      const s = readyForDecision();
      // PrimaryNeedCode is required when ReferralNFA is false …
      expect(refused(s, propose("referral", { referralNfa: false, referralTeam: "Team A" }))).toBe(
        "A referral needs the census primary need (N0 to N9).",
      );
      // … and may be left out when the referral itself ends with no further action.
      const nfa = apply(s, propose("referral", { referralNfa: true, referralTeam: "Team A" }));
      expect(nfa.context.decision).toMatchObject({ outcome: "referral", primaryNeed: null, referralNfa: true, referralTeam: "Team A", referralWorker: null });
      expect(refused(s, propose("referral", { primaryNeed: "N1", referralNfa: "no", referralTeam: "Team A" }))).toBe(
        "A referral needs ReferralNFA: say whether the referral itself ends with no further action.",
      );
      expect(refused(s, propose("referral", { primaryNeed: "N1", referralNfa: false, referralTeam: " " }))).toBe(
        "A referral needs the team it is passed to.",
      );
      expect(refused(s, propose("strategy_discussion", { primaryNeed: "N1", referralNfa: true, referralTeam: "Team A" }))).toBe(
        "A strategy discussion cannot be a referral closed with no further action: the census allows no section 47 enquiry on an NFA referral.",
      );
    });

    it("is for the MASH only", () => {
      expect(refused(readyForDecision(), { ...propose("nfa", { reason: "x" }), actor: police } as ContactEvent)).toBe(
        "Only a MASH screener or a MASH manager can propose a decision.",
      );
    });
  });

  describe("management oversight", () => {
    it("a manager cannot authorise a decision they proposed themselves", () => {
      const proposedByManager = apply(readyForDecision(), { ...propose("nfa", { reason: "No concerns found." }), actor: manager } as ContactEvent);
      expect(refused(proposedByManager, { type: "AUTHORISE_DECISION", at: t(), actor: manager })).toBe(
        "You proposed this decision, so another manager must authorise it.",
      );
      const otherManager = { ...manager, id: "m2" };
      expect(stateName(apply(proposedByManager, { type: "AUTHORISE_DECISION", at: t(), actor: otherManager }))).toBe("closed");
    });

    it("only a manager authorises a decision; it closes with that outcome", () => {
      const s = awaitingAuthorisation("referral", { primaryNeed: "N4", referralNfa: false, referralTeam: "Assessment Team North" });
      expect(refused(s, { type: "AUTHORISE_DECISION", at: t(), actor: screener })).toBe(
        "Only a MASH manager can authorise a decision.",
      );
      const at = t();
      const closed = apply(s, { type: "AUTHORISE_DECISION", at, actor: manager });
      expect(stateName(closed)).toBe("closed");
      expect(closed.status).toBe("done");
      expect(closed.context).toMatchObject({ outcome: "referral", decidedAt: at, closedAt: at, authorisedBy: "m1" });
      expect(closed.context.decision).toMatchObject({ primaryNeed: "N4", authorisedBy: "m1", authorisedAt: at });
    });

    it("only a manager returns a decision, with comments, to screening or to ready for decision", () => {
      const s = awaitingAuthorisation();
      expect(refused(s, { type: "RETURN_DECISION", at: t(), actor: screener, comments: "No.", to: "screening" })).toBe(
        "Only a MASH manager can return a decision.",
      );
      expect(refused(s, { type: "RETURN_DECISION", at: t(), actor: manager, comments: "", to: "screening" })).toBe(
        "Say why the decision is returned: comments are required.",
      );
      expect(
        refused(s, { type: "RETURN_DECISION", at: t(), actor: manager, comments: "x", to: "closed" } as unknown as ContactEvent),
      ).toBe("Say whether the contact goes back to screening or to ready for decision.");
      const back = apply(s, { type: "RETURN_DECISION", at: t(), actor: manager, comments: "Speak to the school.", to: "screening" });
      expect(stateName(back)).toBe("screening");
      expect(back.context.decision).toBeNull();
      expect(back.context.returns).toHaveLength(1);
      expect(back.context.returns[0]).toMatchObject({
        kind: "decision_returned",
        by: "m1",
        comments: "Speak to the school.",
        to: "screening",
        decision: { outcome: "nfa" },
      });
      const again = apply(awaitingAuthorisation(), {
        type: "RETURN_DECISION",
        at: t(),
        actor: manager,
        comments: "Level of need looks higher.",
        to: "ready_for_decision",
      });
      expect(stateName(again)).toBe("ready_for_decision");
    });
  });

  describe("early help step-down", () => {
    it("is offered to the hub once a manager authorises it", () => {
      const s = stepDownOffered();
      expect(stateName(s)).toBe("step_down_offered");
      expect(s.context.outcome).toBeNull();
      expect(s.context.decidedAt).toBeNull();
    });

    it("is accepted only by the hub it was offered to, naming a lead practitioner", () => {
      const s = stepDownOffered();
      expect(refused(s, { type: "ACCEPT_STEP_DOWN", at: t(), actor: southHub, leadPractitioner: "A" })).toBe(
        "Only the north early help hub can accept a step-down offered to it.",
      );
      expect(refused(s, { type: "ACCEPT_STEP_DOWN", at: t(), actor: manager, leadPractitioner: "A" })).toBe(
        "Only an early help hub worker can accept a step-down.",
      );
      expect(refused(s, { type: "ACCEPT_STEP_DOWN", at: t(), actor: northHub, leadPractitioner: "" })).toBe(
        "Name the lead practitioner to accept the step-down.",
      );
      const at = t();
      const closed = apply(s, { type: "ACCEPT_STEP_DOWN", at, actor: northHub, leadPractitioner: "Family worker B" });
      expect(stateName(closed)).toBe("closed");
      expect(closed.context).toMatchObject({
        outcome: "early_help",
        closedAt: at,
        decidedAt: s.context.decision?.authorisedAt,
        authorisedBy: "m1",
        earlyHelpEpisode: { hub: "north", leadPractitioner: "Family worker B", acceptedBy: "n1", startedAt: at },
      });
    });

    it("declined with a reason, bounces back to the MASH for a new decision", () => {
      const s = stepDownOffered();
      expect(refused(s, { type: "DECLINE_STEP_DOWN", at: t(), actor: northHub, reason: "" })).toBe(
        "Give the reason the hub declines the step-down.",
      );
      const back = apply(s, { type: "DECLINE_STEP_DOWN", at: t(), actor: northHub, reason: "Needs are at level 3." });
      expect(stateName(back)).toBe("ready_for_decision");
      expect(back.context.bounceBacks).toBe(1);
      expect(back.context.decision).toBeNull();
      expect(back.context.stepDownDeclines[0]).toMatchObject({ hub: "north", declinedBy: "n1", reason: "Needs are at level 3." });
      // A new decision, and a second bounce-back is counted too.
      let again = apply(back, propose("early_help", { hub: "north" }));
      again = apply(again, { type: "AUTHORISE_DECISION", at: t(), actor: manager });
      again = apply(again, { type: "DECLINE_STEP_DOWN", at: t(), actor: northHub, reason: "Still level 3." });
      expect(again.context.bounceBacks).toBe(2);
      const closed = applyAll(again, [
        propose("referral", { primaryNeed: "N5", referralNfa: false, referralTeam: "Assessment Team North" }),
        { type: "AUTHORISE_DECISION", at: t(), actor: manager },
      ]);
      expect(closed.context.outcome).toBe("referral");
    });
  });

  describe("immediate risk", () => {
    it("goes straight to a strategy discussion once a manager confirms it", () => {
      expect(refused(screening(), { type: "FLAG_IMMEDIATE_RISK", at: t(), actor: screener, rationale: "" })).toBe(
        "Describe the immediate risk to the child.",
      );
      const s = immediateRisk();
      expect(stateName(s)).toBe("immediate_risk");
      const team = "Assessment Team North";
      expect(refused(s, { type: "CONFIRM_STRATEGY_DISCUSSION", at: t(), actor: screener, primaryNeed: "N1", referralTeam: team })).toBe(
        "Only a MASH manager can confirm a strategy discussion.",
      );
      expect(refused(s, { type: "CONFIRM_STRATEGY_DISCUSSION", at: t(), actor: manager, primaryNeed: "", referralTeam: team })).toBe(
        "A strategy discussion needs the census primary need (N0 to N9).",
      );
      expect(refused(s, { type: "CONFIRM_STRATEGY_DISCUSSION", at: t(), actor: manager, primaryNeed: "N1" })).toBe(
        "A strategy discussion needs the team it is passed to.",
      );
      // Not before the child is linked: a strategy discussion is a referral, counted for the child.
      const unlinked = apply(screeningUnlinked(), { type: "FLAG_IMMEDIATE_RISK", at: t(), actor: screener, rationale: "Injury disclosed today." });
      expect(refused(unlinked, { type: "CONFIRM_STRATEGY_DISCUSSION", at: t(), actor: manager, primaryNeed: "N1", referralTeam: team })).toMatch(
        /^Link the contact to a child's record before confirming a strategy discussion/,
      );
      const at = t();
      const closed = apply(s, { type: "CONFIRM_STRATEGY_DISCUSSION", at, actor: manager, primaryNeed: "N1", referralTeam: team, referralWorker: "Ben Carter" });
      expect(closed.context).toMatchObject({ outcome: "strategy_discussion", decidedAt: at, authorisedBy: "m1" });
      expect(closed.context.decision).toMatchObject({
        outcome: "strategy_discussion",
        levelOfNeed: 4,
        primaryNeed: "N1",
        referralNfa: false,
        referralTeam: "Assessment Team North",
        referralWorker: "Ben Carter",
        rationale: "Injury disclosed today.",
        proposedBy: "s1",
      });
    });

    it("can be flagged from a newly received contact", () => {
      const s = apply(initialContactSnapshot({ ...input, immediateRisk: true }), {
        type: "FLAG_IMMEDIATE_RISK",
        at: t(),
        actor: screener,
        rationale: "Police notification: child at risk tonight.",
      });
      expect(stateName(s)).toBe("immediate_risk");
      expect(s.context.reportedImmediateRisk).toBe(true);
      expect(s.context.screeningStartedAt).not.toBeNull();
    });

    it("is stood down by a manager with comments, back to screening", () => {
      const s = immediateRisk();
      expect(refused(s, { type: "STAND_DOWN_IMMEDIATE_RISK", at: t(), actor: manager, comments: "" })).toBe(
        "Say why there is no immediate risk: comments are required.",
      );
      const back = apply(s, { type: "STAND_DOWN_IMMEDIATE_RISK", at: t(), actor: manager, comments: "Injury explained." });
      expect(stateName(back)).toBe("screening");
      expect(back.context.immediateRisk).toBeNull();
      expect(back.context.returns[0]).toMatchObject({ kind: "immediate_risk_stood_down", comments: "Injury explained." });
    });
  });

  describe("imported history (docs/decisions/008-imported-history.md)", () => {
    const importer: Actor = { id: "history-import", role: "admin" };
    // Received 09:00 BST (08:00 UTC); decided 14:30 UTC the next day.
    const imported = (changes: Partial<ContactEventOf<"HISTORY_IMPORTED">> = {}): ContactEvent => ({
      type: "HISTORY_IMPORTED",
      at: "2024-06-04T14:30:00.000Z",
      actor: importer,
      externalId: "CT-0000331",
      personId: "person-9",
      outcome: "referral",
      primaryNeed: "N4",
      ...changes,
    });

    it("closes a decided contact with its outcome and times, linked to its child", () => {
      const closed = apply(start(), imported());
      expect(stateName(closed)).toBe("closed");
      expect(closed.context).toMatchObject({
        outcome: "referral",
        decidedAt: "2024-06-04T14:30:00.000Z",
        closedAt: "2024-06-04T14:30:00.000Z",
        authorisedBy: null,
        decision: null,
        imported: { externalId: "CT-0000331", primaryNeed: "N4" },
        child: { personId: "person-9", linkedAt: "2024-06-03T09:00:00+01:00", linkedBy: "history-import" },
      });
      expect(refused(closed, { type: "START_SCREENING", at: t(), actor: screener })).toContain("nothing more can be recorded");
    });

    it("leaves a pending contact received, as at its receipt, for the MASH to screen", () => {
      const pending = apply(start(), imported({ at: input.receivedAt, outcome: null, primaryNeed: null }));
      expect(stateName(pending)).toBe("received");
      expect(pending.context.outcome).toBeNull();
      expect(pending.context.imported).toEqual({ externalId: "CT-0000331", primaryNeed: null });
      expect(stateName(apply(pending, { type: "START_SCREENING", at: "2024-06-03T09:30:00+01:00", actor: screener }))).toBe("screening");
    });

    it("is accepted once, as the first event only, from the import only", () => {
      const pending = apply(start(), imported({ at: input.receivedAt, outcome: null, primaryNeed: null }));
      expect(refused(pending, imported())).toBe("This contact's history has already been imported.");
      expect(refused(linked(), imported())).toBe("A contact's history is imported as its first event only.");
      expect(refused(screening(), imported())).toContain("as its first event");
      expect(refused(start(), imported({ actor: screener }))).toBe("Only an administrator can import this contact's history from a previous system.");
    });

    it("needs the rules of the import file: decided not before received, a primary need on referrals only", () => {
      expect(refused(start(), imported({ at: "2024-06-03T07:59:00Z" }))).toBe("An imported contact cannot be decided before it was received.");
      expect(refused(start(), imported({ primaryNeed: null }))).toBe("An imported referral needs the census primary need (N0 to N9).");
      expect(refused(start(), imported({ outcome: "nfa", primaryNeed: "N1" }))).toBe("Only a referral has a primary need.");
      expect(refused(start(), imported({ outcome: "closed" as never }))).toBe("The outcome of an imported contact is not one the app knows.");
      expect(refused(start(), imported({ outcome: null, primaryNeed: null }))).toBe("A pending imported contact is imported as at the time it was received.");
      expect(refused(start(), imported({ externalId: " " }))).toBe("Give the contact's reference in the previous system.");
    });

    it("replays to the same snapshot, also through JSON", () => {
      const closed = apply(start(), imported({ outcome: "duplicate", primaryNeed: null }));
      const replayed = replayContactEvents(input, [JSON.parse(JSON.stringify(imported({ outcome: "duplicate", primaryNeed: null })))]);
      expect(persistContactSnapshot(replayed)).toEqual(persistContactSnapshot(closed));
      expect(restoreContactSnapshot(JSON.stringify(persistContactSnapshot(closed))).context.outcome).toBe("duplicate");
    });
  });

  describe("duplicates", () => {
    it("close as a duplicate of another contact", () => {
      expect(refused(start(), { type: "MARK_DUPLICATE", at: t(), actor: screener, duplicateOf: "" })).toBe(
        "Say which contact this one duplicates.",
      );
      expect(refused(start(), { type: "MARK_DUPLICATE", at: t(), actor: screener, duplicateOf: "C-2" })).toBe(
        "A contact cannot be a duplicate of itself.",
      );
      const s = apply(start(), { type: "MARK_DUPLICATE", at: t(), actor: screener, duplicateOf: "C-1" });
      expect(stateName(s)).toBe("closed");
      expect(s.context).toMatchObject({ outcome: "duplicate", duplicateOf: "C-1" });
    });
  });

  describe("events at the wrong time, or malformed", () => {
    it("say what the contact is doing and when the event is possible", () => {
      expect(refused(screening(), { type: "AUTHORISE_DECISION", at: t(), actor: manager })).toBe(
        "You cannot authorise a decision now: this contact is being screened. A decision is authorised when one has been proposed.",
      );
      expect(refused(readyForDecision(), { type: "START_SCREENING", at: t(), actor: screener })).toBe(
        "You cannot start screening now: this contact is ready for a decision. Screening starts once, when a new contact is picked up.",
      );
      expect(refused(stepDownOffered(), propose("nfa", { reason: "x" }))).toBe(
        "You cannot propose a decision now: this contact has been offered to the north early help hub as a step-down. A decision is proposed when the contact is ready for a decision.",
      );
    });

    it("refuse everything on a closed contact", () => {
      const closed = apply(awaitingAuthorisation(), { type: "AUTHORISE_DECISION", at: t(), actor: manager });
      expect(nextEvents(closed)).toEqual([]);
      expect(refused(closed, { type: "FLAG_IMMEDIATE_RISK", at: t(), actor: screener, rationale: "x" })).toBe(
        "This contact is closed (outcome: no further action); nothing more can be recorded on it.",
      );
    });

    it("refuse events without a valid sender or time, and unknown events", () => {
      expect(refused(start(), { type: "START_SCREENING", at: "yesterday", actor: screener })).toBe(
        "This change has no valid date and time.",
      );
      expect(refused(start(), { type: "START_SCREENING", at: t() } as unknown as ContactEvent)).toBe(
        "This change does not say who made it.",
      );
      expect(
        refused(start(), { type: "START_SCREENING", at: t(), actor: { id: "x", role: "visitor" } } as unknown as ContactEvent),
      ).toBe("This change does not say who made it.");
      expect(refused(start(), { type: "DELETE_CONTACT", at: t(), actor: manager } as unknown as ContactEvent)).toBe(
        "This is not something that can be recorded on a contact.",
      );
    });

    it("leave the snapshot unchanged", () => {
      const s = screening();
      const before = JSON.stringify(s);
      expect(applyContactEvent(s, { type: "AUTHORISE_DECISION", at: t(), actor: manager }).ok).toBe(false);
      expect(JSON.stringify(s)).toBe(before);
      expect(explainRefusal(s, { type: "SET_PRIORITY", at: t(), actor: screener, priority: "red", reason: "Concerns reported by the school." })).toBeNull();
    });
  });
});

// ---------------------------------------------------------------------------
// The API the server uses
// ---------------------------------------------------------------------------

describe("the server's API", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it("has a version", () => {
    // Version 2: decisions need a linked child (LINK_CHILD), referrals carry ReferralNFA, team and worker (decision 007).
    expect(CONTACT_MACHINE_VERSION).toBe(2);
  });

  it("starts a contact as received, with the times it was given", () => {
    const s = initialContactSnapshot({ receivedAt: "2024-06-30T23:30:00Z" });
    expect(stateName(s)).toBe("received");
    expect(s.context).toMatchObject({
      receivedAt: "2024-06-30T23:30:00Z",
      lastEventAt: "2024-06-30T23:30:00Z",
      outcome: null,
      bounceBacks: 0,
      requests: {},
    });
  });

  it("names states as flat dotted names", () => {
    expect(CONTACT_STATE_NAMES).toEqual([
      "received",
      "screening",
      "awaiting_partner_information.outstanding",
      "awaiting_partner_information.overdue",
      "ready_for_decision",
      "awaiting_authorisation",
      "step_down_offered",
      "immediate_risk",
      "closed",
    ]);
    const applied = applyContactEvent(withConsent(), request("police"));
    expect(applied).toMatchObject({ ok: true, state: "awaiting_partner_information.outstanding" });
  });

  it("lists the events allowed now, for buttons, optionally for one role", () => {
    expect(nextEvents(start(), "screener")).toEqual(["START_SCREENING", "LINK_CHILD", "MARK_DUPLICATE", "FLAG_IMMEDIATE_RISK"]);
    // A manager may also record a partner's answer given by phone, or withdraw a request still unanswered (decision 028).
    expect(nextEvents(awaitingAuthorisation(), "manager")).toEqual([
      "LINK_CHILD",
      "PARTNER_INFORMATION_RETURNED",
      "PARTNER_NOTHING_KNOWN",
      "PARTNER_DECLINED",
      "WITHDRAW_PARTNER_REQUEST",
      "AUTHORISE_DECISION",
      "RETURN_DECISION",
    ]);
    expect(nextEvents(awaitingAuthorisation(), "partner")).toEqual([
      "PARTNER_INFORMATION_RETURNED",
      "PARTNER_NOTHING_KNOWN",
      "PARTNER_DECLINED",
    ]);
    expect(nextEvents(stepDownOffered(), "early_help")).toEqual(["ACCEPT_STEP_DOWN", "DECLINE_STEP_DOWN"]);
  });

  it("restores a stored snapshot (object or text) that carries on where it stopped", () => {
    const s = awaitingPolice();
    const stored = persistContactSnapshot(s);
    expect(stored).not.toHaveProperty("machine");
    for (const form of [stored, JSON.stringify(stored), json(s)]) {
      const restored = restoreContactSnapshot(form);
      expect(json(restored)).toEqual(json(s));
      expect(nextEvents(restored)).toEqual(nextEvents(s));
      const after = apply(restored, { type: "PARTNER_NOTHING_KNOWN", at: t(), actor: police, agency: "police" });
      expect(stateName(after)).toBe("ready_for_decision");
    }
    const closed = restoreContactSnapshot(persistContactSnapshot(apply(awaitingAuthorisation(), { type: "AUTHORISE_DECISION", at: t(), actor: manager })));
    expect(closed.status).toBe("done");
    expect(applyContactEvent(closed, { type: "START_SCREENING", at: t(), actor: screener }).ok).toBe(false);
  });

  it("refuses to restore something that is not a snapshot of this machine", () => {
    expect(() => restoreContactSnapshot({ hello: 1 })).toThrow(/not a machine snapshot/);
    expect(() => restoreContactSnapshot({ value: "archived", context: {} })).toThrow(/does not fit the contact machine/);
  });

  it("replays events, and says which one was refused", () => {
    const events: ContactEvent[] = [
      { type: "START_SCREENING", at: "2024-06-03T09:01:00Z", actor: screener },
      { type: "SET_PRIORITY", at: "2024-06-03T09:02:00Z", actor: screener, priority: "green", reason: "Concerns reported by the school." },
      { type: "COMPLETE_SCREENING", at: "2024-06-03T09:03:00Z", actor: screener },
    ];
    const s = replayContactEvents(input, events);
    expect(stateName(s)).toBe("ready_for_decision");
    expect(s.context.lastEventAt).toBe("2024-06-03T09:03:00Z");
    expect(() =>
      replayContactEvents(input, [...events, { type: "AUTHORISE_DECISION", at: "2024-06-03T09:04:00Z", actor: manager }]),
    ).toThrow("Event 4 (AUTHORISE_DECISION at 2024-06-03T09:04:00Z) was refused: You cannot authorise a decision now");
  });

  it("never reads the clock", () => {
    vi.spyOn(Date, "now").mockImplementation(() => {
      throw new Error("the machine read the clock (Date.now)");
    });
    const RealDate = Date;
    class NoClockDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) throw new Error("the machine read the clock (new Date())");
        super(...(args as [string]));
      }
    }
    vi.stubGlobal("Date", NoClockDate);
    const events: ContactEvent[] = [
      { type: "START_SCREENING", at: "2024-06-03T09:01:00Z", actor: screener },
      { type: "LINK_CHILD", at: "2024-06-03T09:01:30Z", actor: screener, personId: "person-7" },
      { type: "SET_PRIORITY", at: "2024-06-03T09:02:00Z", actor: screener, priority: "red", reason: "Concerns reported by the school." },
      { type: "RECORD_CONSENT", at: "2024-06-03T09:03:00Z", actor: screener, consent: "given" },
      {
        type: "REQUEST_PARTNER_INFORMATION",
        at: "2024-06-03T09:04:00Z",
        actor: screener,
        requests: [{ agency: "police", dueAt: "2024-06-03T13:04:00Z" }],
      },
      { type: "PARTNER_DEADLINE_PASSED", at: "2024-06-03T13:05:00Z", actor: manager, agency: "police" },
      { type: "PROCEED_TO_DECISION", at: "2024-06-03T13:06:00Z", actor: screener },
      { ...propose("early_help", { hub: "north" }), at: "2024-06-03T13:10:00Z" } as ContactEvent,
      { type: "AUTHORISE_DECISION", at: "2024-06-03T13:20:00Z", actor: manager },
      { type: "ACCEPT_STEP_DOWN", at: "2024-06-04T10:00:00Z", actor: northHub, leadPractitioner: "C" },
    ];
    const s = replayContactEvents(input, events);
    expect(s.context).toMatchObject({ outcome: "early_help", decidedAt: "2024-06-03T13:20:00Z", closedAt: "2024-06-04T10:00:00Z" });
    expect(nextEvents(s)).toEqual([]);
  });

  it("is one machine with the id `contact`", () => {
    expect(contactMachine.id).toBe("contact");
  });
});
