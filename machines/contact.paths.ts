/**
 * Paths through the contact lifecycle, generated from the machine with
 * `xstate/graph` — for the tests (every state and every transition is exercised)
 * and for docs/contact-lifecycle-paths.txt (so a change to the workflow shows in
 * review).
 *
 * The traversal supplies concrete sample events for each snapshot, including
 * ones the rules of practice refuse. Snapshots are told apart by `traversalKey`
 * (the state and the facts the rules depend on), so the graph is finite; loops
 * that could repeat for ever (a decision returned, a step-down bounced back, an
 * immediate-risk flag stood down) are offered once.
 */
import { createActor, getStateNodes, transition, type AnyStateNode, type AnyTransitionDefinition } from "xstate";
import { getShortestPaths } from "xstate/graph";
import { contactMachine, initialContactSnapshot, stateName, type ContactSnapshot } from "./contact.machine";
import { isOverdue, pendingOverride } from "./contact.explain";
import { CONTACT_RULES } from "./contact.rules";
import {
  DECISION_OUTCOMES,
  type Actor,
  type ContactContext,
  type ContactEvent,
  type ContactInput,
  type DecisionOutcome,
} from "./contact.types";

// ---------------------------------------------------------------------------
// Sample data
// ---------------------------------------------------------------------------

/** A contact received under today's rules of practice (decision 022), as every new contact is. */
export const SAMPLE_INPUT: ContactInput = { receivedAt: "2024-06-03T09:00:00+01:00", contactId: "contact-0002", rules: CONTACT_RULES };

const actors = {
  screener: { id: "screener-1", role: "screener" },
  manager: { id: "manager-1", role: "manager" },
  police: { id: "police-1", role: "partner", agency: "police" },
  health: { id: "health-1", role: "partner", agency: "health" },
  northHub: { id: "north-1", role: "early_help", hub: "north" },
  southHub: { id: "south-1", role: "early_help", hub: "south" },
  deadlineJob: { id: "deadline-job", role: "admin" },
  historyImport: { id: "history-import", role: "admin" },
} satisfies Record<string, Actor>;

/** `minutes` after `time` (arithmetic on given times; no clock is read). */
function later(time: string, minutes: number): string {
  return new Date(Date.parse(time) + minutes * 60_000).toISOString();
}

/** Partners' deadline in the samples: four hours, as for a Red priority. */
const DEADLINE_MINUTES = 240;

/** What a sample event is called in a path line, e.g. `PROPOSE_DECISION(nfa)`. */
export function describeEvent(event: ContactEvent): string {
  switch (event.type) {
    case "SET_PRIORITY":
      return `${event.type}(${event.priority})`;
    case "RECORD_CONSENT":
      return `${event.type}(${event.consent}${event.purpose === "early_help" ? ", early help" : ""})`;
    case "REQUEST_CONSENT_OVERRIDE":
      return `${event.type}(${event.reason})`;
    case "OVERRIDE_CONSENT":
      return `${event.type}(${event.reason})`;
    case "REQUEST_PARTNER_INFORMATION":
      return `${event.type}(${event.requests.map((r) => r.agency).join("+")})`;
    case "PARTNER_INFORMATION_RETURNED":
    case "PARTNER_NOTHING_KNOWN":
    case "PARTNER_DECLINED":
    case "PARTNER_DEADLINE_PASSED":
      return `${event.type}(${event.agency})`;
    case "WITHDRAW_PARTNER_REQUEST":
      return `${event.type}(${event.agency}, ${event.reason})`;
    case "PROCEED_TO_DECISION":
      return `${event.type}(${event.reason ? "with reason" : "without reason"})`;
    case "PROPOSE_DECISION":
      return `${event.type}(${event.outcome})`;
    case "RETURN_DECISION":
      return `${event.type}(to ${event.to})`;
    case "HISTORY_IMPORTED":
      return `${event.type}(${event.outcome ?? "pending"})`;
    default:
      return event.type;
  }
}

function proposal(outcome: DecisionOutcome, at: string): ContactEvent {
  const base = {
    type: "PROPOSE_DECISION" as const,
    at,
    actor: actors.screener,
    outcome,
    rationale: "Rationale recorded by the screener.",
  };
  switch (outcome) {
    case "referral":
      return { ...base, levelOfNeed: 4, primaryNeed: "N1", referralNfa: false, referralTeam: "Assessment Team North", referralWorker: "social-worker-3" };
    case "strategy_discussion":
      return { ...base, levelOfNeed: 4, primaryNeed: "N1", referralNfa: false, referralTeam: "Assessment Team North" };
    case "early_help":
      return { ...base, levelOfNeed: 2, hub: "north" };
    case "nfa":
      return { ...base, levelOfNeed: 1, reason: "Concern resolved by the family." };
    case "advice_signpost":
      return { ...base, levelOfNeed: 1, service: "Family Information Service" };
    case "existing_case":
      return { ...base, levelOfNeed: 4, allocatedWorker: "social-worker-7" };
  }
}

/**
 * Sample events for a snapshot: the ones a MASH would send next, plus some the
 * rules refuse (a refused event leaves the snapshot unchanged, so it adds no path).
 */
export function sampleEvents(snapshot: ContactSnapshot): ContactEvent[] {
  const c: ContactContext = snapshot.context;
  const events: ContactEvent[] = [];
  const add = (...e: ContactEvent[]) => events.push(...e);
  const onceOnly = c.returns.length === 0;
  // Every sample happens five minutes after the contact's last event, so histories run forward in time.
  const now = later(c.lastEventAt, 5);

  // Every contact counts: until the child is linked only linking (or importing a history) is
  // explored, so the graph does not double; the unit tests show decisions refused before it.
  if (c.child === null && c.imported === undefined) {
    add(
      { type: "LINK_CHILD", at: now, actor: actors.screener, personId: "person-1" },
      { type: "LINK_CHILD", at: now, actor: actors.police, personId: "person-1" }, // refused: not the MASH
      { type: "LINK_CHILD", at: now, actor: actors.screener, personId: " " }, // refused: no person record
    );
    // A contact from a previous system: decided there (closed with its outcome) or pending (stays received).
    if (stateName(snapshot) === "received" && c.imported === undefined && c.child === null) {
      const decided = later(c.receivedAt, 60);
      const imported = { type: "HISTORY_IMPORTED" as const, actor: actors.historyImport, externalId: "CT-0001", personId: "person-1" };
      add(
        { ...imported, at: decided, outcome: "referral", primaryNeed: "N1" },
        { ...imported, at: c.receivedAt, outcome: null, primaryNeed: null },
        { ...imported, at: decided, outcome: "referral", primaryNeed: null }, // refused: no primary need
        { ...imported, at: later(c.receivedAt, -60), outcome: "nfa", primaryNeed: null }, // refused: decided before received
        { ...imported, at: decided, outcome: "nfa", primaryNeed: null, actor: actors.screener }, // refused: not the import
      );
    }
    return events;
  }
  // The link corrected to another record (the same record again is refused).
  if (c.child?.personId === "person-1" && c.outcome === null) {
    add(
      { type: "LINK_CHILD", at: now, actor: actors.screener, personId: "person-2" },
      { type: "LINK_CHILD", at: now, actor: actors.screener, personId: "person-1" }, // refused: already linked to it
    );
  }

  add(
    { type: "START_SCREENING", at: now, actor: actors.screener },
    { type: "START_SCREENING", at: now, actor: actors.police }, // refused: not the MASH
    { type: "MARK_DUPLICATE", at: now, actor: actors.screener, duplicateOf: "contact-0001" },
    { type: "MARK_DUPLICATE", at: now, actor: actors.screener, duplicateOf: "contact-0002" }, // refused: itself
  );
  if (onceOnly) {
    add(
      { type: "FLAG_IMMEDIATE_RISK", at: now, actor: actors.screener, rationale: "Child disclosed an injury today." },
      { type: "FLAG_IMMEDIATE_RISK", at: now, actor: actors.screener, rationale: "" }, // refused: no rationale
    );
  }
  if (c.priority === null) {
    add(
      { type: "SET_PRIORITY", at: now, actor: actors.screener, priority: "amber", reason: "Bruising seen by the school." },
      { type: "SET_PRIORITY", at: now, actor: actors.screener, priority: "amber", reason: " " }, // refused: no reason
      { type: "SET_PRIORITY", at: now, actor: actors.health, priority: "amber", reason: "Health concern." }, // refused: not the MASH
    );
  }
  // Consent after priority, so the two are not explored in both orders.
  if (c.consent.status === null && c.priority !== null) {
    add(
      { type: "RECORD_CONSENT", at: now, actor: actors.screener, consent: "given" },
      { type: "RECORD_CONSENT", at: now, actor: actors.screener, consent: "refused" },
    );
  }
  const state = stateName(snapshot);
  const waitingForPartners = state.startsWith("awaiting_partner_information");
  // Consent withdrawn while partners are being asked (then a manager may override).
  if (waitingForPartners && c.consent.status === "given" && !c.requests.health) {
    add({ type: "RECORD_CONSENT", at: now, actor: actors.screener, consent: "refused" });
  }
  if (c.consent.status === "refused" && c.consent.override === null) {
    // The screener asks, another manager authorises or refuses (issue 12, item 2); asked once per path.
    const asked = c.consent.overrideRequests ?? [];
    if (asked.length === 0) {
      add(
        { type: "REQUEST_CONSENT_OVERRIDE", at: now, actor: actors.screener, reason: "significant_harm" },
        { type: "REQUEST_CONSENT_OVERRIDE", at: now, actor: actors.screener, reason: "other" }, // refused: not explained
        { type: "OVERRIDE_CONSENT", at: now, actor: actors.manager, reason: "significant_harm" }, // refused: asked for, not recorded unprompted
      );
    }
    if (pendingOverride(c)) {
      add(
        { type: "AUTHORISE_CONSENT_OVERRIDE", at: now, actor: actors.manager, comments: "Police hold information on the household." },
        { type: "AUTHORISE_CONSENT_OVERRIDE", at: now, actor: actors.screener }, // refused: not a manager
        { type: "REFUSE_CONSENT_OVERRIDE", at: now, actor: actors.manager, comments: "Seek consent again first." },
        { type: "REFUSE_CONSENT_OVERRIDE", at: now, actor: actors.manager, comments: "" }, // refused: no comments
      );
    }
  }
  // Before a step-down the family's agreement to early help is sought (rules of 3).
  const agreement = (c.consent.answers ?? []).filter((a) => a.purpose === "early_help").at(-1);
  if (agreement === undefined && c.priority !== null && c.consent.status !== null && stateName(snapshot) === "ready_for_decision") {
    add({ type: "RECORD_CONSENT", at: now, actor: actors.screener, consent: "given", purpose: "early_help" });
  }
  const afterDeadline = (dueAt: string) => (Date.parse(now) > Date.parse(dueAt) ? now : later(dueAt, 5));
  const police = c.requests.police;
  const health = c.requests.health;
  if (!police) {
    add(
      { type: "REQUEST_PARTNER_INFORMATION", at: now, actor: actors.screener, requests: [{ agency: "police", dueAt: later(now, DEADLINE_MINUTES) }] },
      { type: "REQUEST_PARTNER_INFORMATION", at: now, actor: actors.police, requests: [{ agency: "police", dueAt: later(now, DEADLINE_MINUTES) }] }, // refused
    );
  } else if (police.status === "withdrawn" && (waitingForPartners || state === "ready_for_decision" || state === "screening")) {
    // Asking an agency again after its request was withdrawn (decision 028): a new request.
    add({ type: "REQUEST_PARTNER_INFORMATION", at: now, actor: actors.screener, requests: [{ agency: "police", dueAt: later(now, DEADLINE_MINUTES) }] });
  } else if (!health && (waitingForPartners || state === "ready_for_decision")) {
    add({ type: "REQUEST_PARTNER_INFORMATION", at: now, actor: actors.screener, requests: [{ agency: "health", dueAt: later(now, DEADLINE_MINUTES) }] });
  }
  // The MASH withdraws the first request to police, unanswered, with a reason (decision 028).
  if (police?.status === "requested" && police.sequence === undefined) {
    add(
      { type: "WITHDRAW_PARTNER_REQUEST", at: now, actor: actors.screener, agency: "police", reason: "sent_in_error" },
      { type: "WITHDRAW_PARTNER_REQUEST", at: now, actor: actors.police, agency: "police", reason: "no_longer_needed" }, // refused: not the MASH
      { type: "WITHDRAW_PARTNER_REQUEST", at: now, actor: actors.screener, agency: "police", reason: "other" }, // refused: not explained
    );
  }
  if (police?.status === "withdrawn") {
    add(
      { type: "PARTNER_INFORMATION_RETURNED", at: now, actor: actors.police, agency: "police", rag: "red", information: "Too late: withdrawn." }, // refused
      { type: "WITHDRAW_PARTNER_REQUEST", at: now, actor: actors.screener, agency: "police", reason: "sent_in_error" }, // refused: already withdrawn
    );
  }
  if (police?.status === "requested") {
    add(
      { type: "PARTNER_INFORMATION_RETURNED", at: now, actor: actors.police, agency: "police", rag: "amber", information: "Two call-outs to the address this year." },
      { type: "PARTNER_INFORMATION_RETURNED", at: now, actor: actors.health, agency: "police", rag: "amber", information: "x" }, // refused
      { type: "PARTNER_INFORMATION_RETURNED", at: now, actor: actors.police, agency: "police", rag: "amber", information: "" }, // refused
    );
    if (police.overdueAt === null) {
      add(
        { type: "PARTNER_DEADLINE_PASSED", at: afterDeadline(police.dueAt), actor: actors.deadlineJob, agency: "police" },
        { type: "PARTNER_DEADLINE_PASSED", at: now, actor: actors.deadlineJob, agency: "police" }, // refused while before the deadline
      );
    }
  }
  if (health?.status === "requested") {
    if (health.overdueAt === null && police?.overdueAt) {
      add({ type: "PARTNER_DEADLINE_PASSED", at: afterDeadline(health.dueAt), actor: actors.deadlineJob, agency: "health" });
    }
    add(
      { type: "PARTNER_NOTHING_KNOWN", at: now, actor: actors.health, agency: "health" },
      { type: "PARTNER_DECLINED", at: now, actor: actors.health, agency: "health", reason: "Information held under a court order." },
      { type: "PARTNER_DECLINED", at: now, actor: actors.health, agency: "health", reason: "" }, // refused
    );
  }
  add(
    { type: "COMPLETE_SCREENING", at: now, actor: actors.screener },
    { type: "PROCEED_TO_DECISION", at: now, actor: actors.screener }, // refused until the deadlines have passed
    { type: "PROCEED_TO_DECISION", at: now, actor: actors.screener, reason: "Red priority: decision cannot wait." },
  );
  // Every outcome from a plain contact; a step-down while partners are still to answer
  // (so late answers reach the later states); otherwise no further action.
  const noRequests = Object.keys(c.requests).length === 0;
  const plain = noRequests && c.bounceBacks === 0 && onceOnly;
  const outcomes: readonly DecisionOutcome[] = plain
    ? DECISION_OUTCOMES
    : Object.values(c.requests).some((r) => r.status === "requested")
      ? ["early_help"]
      : ["nfa"];
  for (const outcome of outcomes) add(proposal(outcome, now));
  add(
    { ...proposal("referral", now), levelOfNeed: 0 } as ContactEvent, // refused: no level of need
    { ...proposal("referral", now), primaryNeed: undefined } as ContactEvent, // refused: no primary need
    { ...proposal("referral", now), referralNfa: undefined } as ContactEvent, // refused: no ReferralNFA
    { ...proposal("referral", now), referralTeam: "" } as ContactEvent, // refused: no team
    { type: "AUTHORISE_DECISION", at: now, actor: actors.manager },
    { type: "AUTHORISE_DECISION", at: now, actor: actors.screener }, // refused: not a manager
  );
  if (onceOnly && noRequests && c.decision?.outcome !== "early_help") {
    add(
      { type: "RETURN_DECISION", at: now, actor: actors.manager, comments: "Check the school's view first.", to: "screening" },
      { type: "RETURN_DECISION", at: now, actor: actors.manager, comments: "Rationale does not match the level.", to: "ready_for_decision" },
      { type: "RETURN_DECISION", at: now, actor: actors.manager, comments: "", to: "screening" }, // refused
    );
  }
  add(
    { type: "ACCEPT_STEP_DOWN", at: now, actor: actors.northHub, leadPractitioner: "Family support worker A" },
    { type: "ACCEPT_STEP_DOWN", at: now, actor: actors.southHub, leadPractitioner: "Someone" }, // refused: other hub
  );
  if (c.bounceBacks === 0) {
    add({ type: "DECLINE_STEP_DOWN", at: now, actor: actors.northHub, reason: "Needs are above early help: level 3." });
  }
  add(
    { type: "CONFIRM_STRATEGY_DISCUSSION", at: now, actor: actors.manager, primaryNeed: "N1", referralTeam: "Assessment Team North" },
    { type: "CONFIRM_STRATEGY_DISCUSSION", at: now, actor: actors.screener, primaryNeed: "N1", referralTeam: "Assessment Team North" }, // refused
    { type: "CONFIRM_STRATEGY_DISCUSSION", at: now, actor: actors.manager, primaryNeed: "N1" }, // refused: no team
    { type: "STAND_DOWN_IMMEDIATE_RISK", at: now, actor: actors.manager, comments: "Injury explained; no immediate risk." },
  );
  return events;
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------
// The machine's own inventory of states and transitions
// ---------------------------------------------------------------------------

function allStateNodes(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states as Record<string, AnyStateNode>).flatMap((child) => [child, ...allStateNodes(child)]);
}

/** Every state node id of the machine, e.g. `contact.awaiting_partner_information.overdue`. */
export function machineStateIds(): string[] {
  return allStateNodes(contactMachine.root).map((n) => n.id);
}

/** A readable key for one transition of the machine definition. */
export function transitionKey(t: AnyTransitionDefinition): string {
  const eventType = t.eventType === "" ? "(always)" : t.eventType;
  const sourceList = t.eventType === "" ? t.source.always ?? [] : t.source.transitions.get(t.eventType) ?? [];
  const index = sourceList.indexOf(t);
  const targets = t.target?.map((n) => n.id).join(",") ?? "(stays)";
  return `${t.source.id} --${eventType}#${index}--> ${targets}`;
}

/** Every transition of the machine definition (event transitions and eventless ones). */
export function machineTransitionKeys(): string[] {
  const keys: string[] = [];
  for (const node of [contactMachine.root, ...allStateNodes(contactMachine.root)]) {
    for (const list of node.transitions.values()) for (const t of list) keys.push(transitionKey(t));
    for (const t of node.always ?? []) keys.push(transitionKey(t));
  }
  return keys;
}

/** The machine's transitions taken by one event from a snapshot (including eventless ones that follow). */
export function transitionsTaken(snapshot: ContactSnapshot, event: ContactEvent): string[] {
  const taken: string[] = [];
  const actor = createActor(contactMachine, {
    snapshot,
    input: undefined as never,
    inspect: (inspection) => {
      if (inspection.type === "@xstate.microstep") {
        for (const t of inspection._transitions) taken.push(transitionKey(t));
      }
    },
  });
  actor.start();
  actor.send(event);
  actor.stop();
  return taken;
}

/** The ids of the state nodes active in a snapshot (a compound state and its child). */
export function activeStateIds(snapshot: ContactSnapshot): string[] {
  return getStateNodes(contactMachine.root, snapshot.value).map((n) => n.id);
}

// ---------------------------------------------------------------------------
// Generated paths
// ---------------------------------------------------------------------------

export interface ContactPath {
  /** The events, in order, from `SAMPLE_INPUT`'s initial snapshot. */
  events: ContactEvent[];
  /** The snapshot after each event (`snapshots[0]` is the initial one), as the traversal computed them. */
  snapshots: ContactSnapshot[];
}

function stateLabel(snapshot: ContactSnapshot): string {
  const name = stateName(snapshot);
  return name === "closed" ? `closed(${snapshot.context.outcome ?? "?"})` : name;
}

/** One line: `received → START_SCREENING → screening → …`. */
export function formatPath(path: ContactPath): string {
  const parts: string[] = [stateLabel(path.snapshots[0] as ContactSnapshot)];
  path.events.forEach((event, i) => {
    parts.push(describeEvent(event), stateLabel(path.snapshots[i + 1] as ContactSnapshot));
  });
  return parts.join(" → ");
}

/**
 * What tells two snapshots apart for the traversal: the state and the facts the
 * rules and the sample events depend on (not times, not free text). Without it
 * every interleaving of partners' answers with the MASH's work would be a new
 * snapshot, and the graph would have thousands of them.
 */
export function traversalKey(snapshot: ContactSnapshot): string {
  const c = snapshot.context;
  if (snapshot.status === "done") {
    return stableStringify({ state: stateName(snapshot), outcome: c.outcome, ...(c.imported ? { imported: true } : {}) });
  }
  return stableStringify({
    state: stateName(snapshot),
    linked: c.child !== null,
    priority: c.priority !== null,
    consent: c.consent.status,
    override: c.consent.override !== null,
    overrideAsked: c.consent.overrideRequests?.at(-1)?.decision ?? null,
    agreement: (c.consent.answers ?? []).filter((a) => a.purpose === "early_help").at(-1)?.status ?? null,
    requests: Object.fromEntries(
      Object.values(c.requests).map((r) => [r.agency, isOverdue(r) ? "overdue" : r.status]),
    ),
    decision: c.decision?.outcome ?? null,
    returned: c.returns.length > 0,
    bouncedBack: c.bounceBacks > 0,
    outcome: c.outcome,
  });
}

/** Fold events from the initial snapshot with XState's own `transition` (no checks). */
function foldEvents(events: ContactEvent[]): ContactSnapshot[] {
  const snapshots = [initialContactSnapshot(SAMPLE_INPUT)];
  for (const event of events) {
    const [next] = transition(contactMachine, snapshots[snapshots.length - 1] as ContactSnapshot, event);
    snapshots.push(next);
  }
  return snapshots;
}

export interface GeneratedPath extends ContactPath {
  /** The snapshot at the end of the path as `getShortestPaths` reports it (same traversal key as the path's end). */
  graphState: ContactSnapshot;
}

/**
 * The shortest path, as `getShortestPaths` from `xstate/graph` finds it, to every
 * distinct snapshot (by `traversalKey`) the sample events reach. The snapshots
 * along each path are computed again from its events, so each path is exactly
 * what replaying its events gives.
 */
export function shortestContactPaths(): GeneratedPath[] {
  const paths = getShortestPaths(contactMachine, {
    input: SAMPLE_INPUT,
    events: (snapshot) => sampleEvents(snapshot),
    serializeState: (snapshot) => traversalKey(snapshot),
  });
  return paths.map((p) => {
    // steps[0] is the initial snapshot (event `xstate.init`); each later step follows its event.
    const events = p.steps.slice(1).map((s) => s.event);
    return { events, snapshots: foldEvents(events), graphState: p.state };
  });
}

function compareLines(a: { line: string; length: number }, b: { line: string; length: number }): number {
  return a.length - b.length || (a.line < b.line ? -1 : a.line > b.line ? 1 : 0);
}

/**
 * A small set of paths that together take every transition of the machine and
 * close a contact with every outcome: for each transition, the shortest path
 * ending with it (and the shortest path to each outcome). Paths that are the
 * beginning of another chosen path are left out. Sorted, so the list is stable.
 */
export function coveringContactPaths(all: ContactPath[] = shortestContactPaths()): ContactPath[] {
  type Candidate = { path: ContactPath; line: string; length: number; lastTransitions: string[] };
  const best = new Map<string, Candidate>();
  const consider = (goal: string, candidate: Candidate) => {
    const current = best.get(goal);
    if (!current || compareLines(candidate, current) < 0) best.set(goal, candidate);
  };

  for (const path of all) {
    const end = path.snapshots[path.snapshots.length - 1] as ContactSnapshot;
    // Every accepted sample from this snapshot is an edge of the graph: the path plus that edge is a candidate.
    for (const event of sampleEvents(end)) {
      if (!end.can(event)) continue;
      const taken = transitionsTaken(end, event);
      const extended = extendPath(path, event);
      const candidate = { path: extended, line: formatPath(extended), length: extended.events.length, lastTransitions: taken };
      for (const key of taken) consider(`transition ${key}`, candidate);
      // An agency asked again after its request was withdrawn (decision 028).
      if (event.type === "REQUEST_PARTNER_INFORMATION" && event.requests.some((r) => end.context.requests[r.agency]?.status === "withdrawn")) {
        consider("asked again after a withdrawal", candidate);
      }
      const last = extended.snapshots[extended.snapshots.length - 1] as ContactSnapshot;
      if (last.status === "done") consider(`outcome ${last.context.outcome ?? "?"}`, candidate);
    }
  }

  const chosen = [...new Map([...best.values()].map((c) => [c.line, c])).values()];
  const kept = chosen.filter(
    (c) => !chosen.some((other) => other !== c && other.length > c.length && other.line.startsWith(`${c.line} → `)),
  );
  return kept.sort(compareLines).map((c) => c.path);
}

function extendPath(path: ContactPath, event: ContactEvent): ContactPath {
  const end = path.snapshots[path.snapshots.length - 1] as ContactSnapshot;
  const [next] = transition(contactMachine, end, event);
  return { events: [...path.events, event], snapshots: [...path.snapshots, next] };
}

/** The committed path list: one line per path. */
export function contactPathsText(paths: ContactPath[] = coveringContactPaths()): string {
  const header = [
    "# Paths through the contact lifecycle, generated from machines/contact.machine.ts",
    "# by machines/contact.paths.ts (xstate/graph shortest paths, then one path per transition).",
    "# Regenerate: UPDATE_PATHS=1 npx vitest run --project unit test/unit/machines",
    "",
  ];
  return `${[...header, ...paths.map(formatPath)].join("\n")}\n`;
}

/**
 * Contacts received before the rules of 3 (no `rules` in their input) keep their rules: a manager's
 * unprompted OVERRIDE_CONSENT is still accepted for them, so their histories replay. Under today's rules
 * it is refused, so the generated paths never take those transitions; these three paths do, one per
 * state that accepts it.
 */
export function legacyContactPaths(): ContactPath[] {
  const input: ContactInput = { receivedAt: SAMPLE_INPUT.receivedAt, contactId: SAMPLE_INPUT.contactId };
  let time = input.receivedAt;
  const next = () => (time = later(time, 5));
  const screening = (): ContactEvent[] => [
    { type: "LINK_CHILD", at: next(), actor: actors.screener, personId: "person-1" },
    { type: "START_SCREENING", at: next(), actor: actors.screener },
    { type: "SET_PRIORITY", at: next(), actor: actors.screener, priority: "amber", reason: "Bruising seen by the school." },
  ];
  const override = (): ContactEvent => ({ type: "OVERRIDE_CONSENT", at: next(), actor: actors.manager, reason: "significant_harm" });
  const refuse = (): ContactEvent => ({ type: "RECORD_CONSENT", at: next(), actor: actors.screener, consent: "refused" });
  const histories: ContactEvent[][] = [
    [...screening(), refuse(), override()],
    [
      ...screening(),
      { type: "RECORD_CONSENT", at: next(), actor: actors.screener, consent: "given" },
      { type: "REQUEST_PARTNER_INFORMATION", at: next(), actor: actors.screener, requests: [{ agency: "police", dueAt: later(time, DEADLINE_MINUTES) }] },
      refuse(),
      override(),
    ],
    [...screening(), { type: "COMPLETE_SCREENING", at: next(), actor: actors.screener }, refuse(), override()],
  ];
  return histories.map((events) => {
    const snapshots = [initialContactSnapshot(input)];
    for (const event of events) snapshots.push(transition(contactMachine, snapshots.at(-1)!, event)[0]);
    return { events, snapshots };
  });
}
