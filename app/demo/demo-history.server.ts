/**
 * Synthetic history for the demo, made the way real history is made: every contact is received, then
 * driven through the contact machine event by event, and stored with its events, snapshot and projections.
 * So the demo passes the same replay check as live data.
 */
import type { Insertable } from "kysely";
import type { DemoRows } from "../../db/queries/demo";
import type { ContactsTable } from "../../db/schema";
import type { SyntheticContact, SyntheticHistory } from "../../db/seed/synthetic-history";
import { type Actor, applyContactEvent, type ContactEvent, type ContactSnapshot } from "../../machines/contact.machine";
import { receivedContactRows } from "../contacts/create.server";
import { eventRow } from "../contacts/lifecycle.server";
import { projectContact, projectionRows } from "../contacts/projection.server";

export interface DemoActors {
  screener: Actor;
  manager: Actor;
  partners: Record<string, Actor>;
  hubs: Record<string, Actor>;
}

const MINUTE = 60_000;
const PARTNER_HOURS: Record<string, number> = { red: 4, amber: 24, green: 72 };

/** Services a screener signposts to, and reasons for no further action, as a MASH would write them. */
const SIGNPOSTS = ["School nursing service", "Family Information Service", "Parenting support group", "Young carers service", "GP"];
const NFA_REASONS = ["Concern already addressed by the school", "No safeguarding concerns identified after checks", "Family already receiving appropriate support"];

/** Where referrals are passed, and the social workers allocated (a worker is not always allocated at once). */
const REFERRAL_TEAMS = ["Assessment Team North", "Assessment Team Exeter", "Assessment Team Mid & East", "Assessment Team South & West"];
const SOCIAL_WORKERS = ["Amira Hassan", "Ben Carter", "Chloe Evans", "Dan Morris", "Ellie Shaw", null, null];

/** The child's disabilities (census codes): mostly none, a few recorded, some not yet asked. */
const DEMO_DISABILITIES: readonly string[][] = [
  ["NONE"], ["NONE"], ["NONE"], ["NONE"], ["NONE"], ["NONE"], ["NONE"], ["NONE"], ["NONE"], ["NONE"],
  ["NONE"], ["NONE"], [], [], ["LD"], ["AUT"], ["COMM", "LD"], ["BEH"], ["HEAR"], ["MOB", "PC"],
];

const PRIORITY_REASONS = {
  red: "Risk of significant harm today: partners' information needed within hours.",
  amber: "Concerns need partners' information before a decision, but no one is at risk today.",
  green: "Low-level concerns; partners' information can follow within three working days.",
} as const;

function pick<T>(items: readonly T[], key: string): T {
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return items[Math.abs(h) % items.length]!;
}

/**
 * The events of one synthetic contact, in order, with times between its receipt and now.
 * A pending contact stops part-way, at a stage chosen from its id, so the queue shows every state.
 */
export function demoEvents(c: SyntheticContact, actors: DemoActors, now: Date): ContactEvent[] {
  const events: ContactEvent[] = [];
  const received = new Date(c.receivedAt).getTime();
  const decided = c.decidedAt ? new Date(c.decidedAt).getTime() : null;
  let cursor = received;
  const at = (desired: number) => {
    cursor = Math.min(Math.max(cursor + MINUTE, desired), now.getTime() - MINUTE);
    return new Date(cursor).toISOString();
  };
  // A pending contact stops at stage 0 (received) … 4 (awaiting authorisation).
  const stopAt = c.outcome === null ? Number.parseInt(c.id.replace(/[^0-9]/g, "").slice(-2) || "0", 10) % 5 : 99;
  const span = decided ? Math.max(decided - received, 10 * MINUTE) : 2 * 3600_000;
  const step = (fraction: number) => at(received + span * fraction);

  // Every contact is linked to its child before anything is decided (the machine refuses a decision otherwise).
  events.push({ type: "LINK_CHILD", personId: c.personId, at: step(0.02), actor: actors.screener });
  if (stopAt === 0) return events;
  if (c.outcome === "duplicate") {
    events.push({ type: "MARK_DUPLICATE", duplicateOf: c.duplicateOf ?? "unknown", at: at(decided!), actor: actors.screener });
    return events;
  }
  events.push({ type: "START_SCREENING", at: step(0.05), actor: actors.screener });

  if (c.outcome === "strategy_discussion" && c.immediateRisk) {
    events.push({ type: "FLAG_IMMEDIATE_RISK", rationale: "Child at immediate risk of significant harm.", at: step(0.1), actor: actors.screener });
    events.push({
      type: "CONFIRM_STRATEGY_DISCUSSION",
      primaryNeed: c.primaryNeed ?? "N1",
      referralTeam: pick(REFERRAL_TEAMS, c.personId),
      referralWorker: pick(SOCIAL_WORKERS, c.id) ?? undefined,
      at: at(decided!),
      actor: actors.manager,
    });
    return events;
  }

  events.push({ type: "SET_PRIORITY", priority: c.priority, reason: PRIORITY_REASONS[c.priority], at: step(0.1), actor: actors.screener });
  events.push({ type: "RECORD_CONSENT", consent: c.consent, at: step(0.12), actor: actors.screener });
  if (stopAt === 1) return events;

  if (c.informationRequests.length > 0) {
    if (c.consent !== "given") {
      // The screener asks, a manager authorises (issue 12, item 2).
      events.push({ type: "REQUEST_CONSENT_OVERRIDE", reason: "significant_harm", at: step(0.13), actor: actors.screener });
      events.push({ type: "AUTHORISE_CONSENT_OVERRIDE", at: step(0.14), actor: actors.manager });
    }
    const requestedAt = step(0.15);
    const due = new Date(new Date(requestedAt).getTime() + PARTNER_HOURS[c.priority]! * 3600_000).toISOString();
    events.push({
      type: "REQUEST_PARTNER_INFORMATION",
      requests: c.informationRequests.map((r) => ({ agency: r.agencyCode, dueAt: due })),
      at: requestedAt,
      actor: actors.screener,
    });
    for (const r of c.informationRequests) {
      if (r.status === "requested" || stopAt === 2) continue;
      // Without a demo user of that agency, the MASH records the answer on its behalf (as by phone).
      const partner = actors.partners[r.agencyCode] ?? actors.screener;
      const when = at(r.respondedAt ? new Date(r.respondedAt).getTime() : received + span * 0.5);
      events.push(
        r.status === "returned" && r.rag
          ? { type: "PARTNER_INFORMATION_RETURNED", agency: r.agencyCode, rag: r.rag, information: r.information ?? "Information returned.", at: when, actor: partner }
          : { type: "PARTNER_NOTHING_KNOWN", agency: r.agencyCode, at: when, actor: partner },
      );
    }
    if (stopAt === 2 || c.informationRequests.some((r) => r.status === "requested")) return events;
  } else {
    events.push({ type: "COMPLETE_SCREENING", at: step(0.5), actor: actors.screener });
  }
  if (stopAt === 3) return events;

  const outcome = c.outcome ?? pick(["nfa", "advice_signpost", "early_help", "referral"] as const, c.id);
  const levelOfNeed = c.levelOfNeed ?? (outcome === "referral" ? 3 : outcome === "early_help" ? 2 : 1);
  const hub = c.hubCode ?? pick(Object.keys(actors.hubs), c.personId);
  const referral = outcome === "referral" || outcome === "strategy_discussion";
  // About one referral in ten ends with no further action itself (ReferralNFA); never a strategy discussion.
  const referralNfa = referral ? outcome === "referral" && pick([true, false, false, false, false, false, false, false, false, false], `${c.id}nfa`) : undefined;
  // Early help is consensual: the family's agreement is sought again before a step-down.
  if (outcome === "early_help") events.push({ type: "RECORD_CONSENT", consent: "given", purpose: "early_help", at: step(0.55), actor: actors.screener });
  events.push({
    type: "PROPOSE_DECISION",
    outcome,
    levelOfNeed,
    rationale: `Screened with partners' information; level ${levelOfNeed} of the continuum of need.`,
    primaryNeed: referral ? (c.primaryNeed ?? "N1") : undefined,
    referralNfa,
    referralTeam: referral ? pick(REFERRAL_TEAMS, c.personId) : undefined,
    referralWorker: referral ? (pick(SOCIAL_WORKERS, c.id) ?? undefined) : undefined,
    hub: outcome === "early_help" ? hub : undefined,
    reason: outcome === "nfa" ? pick(NFA_REASONS, c.id) : undefined,
    service: outcome === "advice_signpost" ? pick(SIGNPOSTS, c.id) : undefined,
    allocatedTeam: outcome === "existing_case" ? "Exeter Children's Social Work Team" : undefined,
    at: decided ? at(decided - 30 * MINUTE) : step(0.8),
    actor: actors.screener,
  });
  if (c.outcome === null) return events;
  events.push({ type: "AUTHORISE_DECISION", at: at(decided!), actor: actors.manager });

  if (outcome === "early_help") {
    const hubWorker = actors.hubs[hub]!;
    // Step-downs of the last three days are still waiting for the hub.
    if (now.getTime() - decided! < 3 * 24 * 3600_000) return events;
    const answer = decided! + 20 * 3600_000;
    if (pick([true, false, false, false, false, false, false, false, false, false], `${c.id}bounce`)) {
      // A bounce-back: the hub declines, the MASH decides again and the hub accepts the second time.
      events.push({ type: "DECLINE_STEP_DOWN", reason: "Needs are above early help: the family needs a social work assessment.", at: at(answer), actor: hubWorker });
      events.push({ type: "PROPOSE_DECISION", outcome: "early_help", levelOfNeed: 2, rationale: "Discussed with the hub: targeted early help with a lead practitioner.", hub, at: at(answer + 2 * 3600_000), actor: actors.screener });
      events.push({ type: "AUTHORISE_DECISION", at: at(answer + 3 * 3600_000), actor: actors.manager });
    }
    events.push({ type: "ACCEPT_STEP_DOWN", leadPractitioner: pick(["Jo Bennett", "Ravi Kumar", "Claire Dawson", "Tom Price"], c.id), at: at(answer + 4 * 3600_000), actor: hubWorker });
  }
  return events;
}

export type { DemoRows };

/** Every row of the synthetic history, ready to insert. Pure. */
export function demoRows(history: SyntheticHistory, actors: DemoActors, now: Date): DemoRows {
  const rows: DemoRows = { people: [], contacts: [], events: [], requests: [], stepDowns: [] };
  for (const p of history.people) {
    rows.people.push({
      id: p.id,
      child_id: p.childId,
      first_name: p.firstName,
      last_name: p.lastName,
      date_of_birth: p.dateOfBirth,
      expected_date_of_birth: p.expectedDateOfBirth,
      sex: p.sex,
      ethnicity: p.ethnicity,
      disabilities: pick(DEMO_DISABILITIES, p.id),
      postcode: p.postcode,
      nhs_number: p.nhsNumber,
    });
  }
  for (const c of history.contacts) {
    const received = receivedContactRows(
      {
        id: c.id,
        reference: c.reference,
        group_id: c.groupId,
        person_id: c.personId,
        received_at: c.receivedAt,
        source: c.source,
        channel: c.channel,
        referrer: JSON.stringify(c.referrer),
        concern: c.concern,
        immediate_risk: c.immediateRisk,
      },
      { actor: actors.screener, recordedAt: c.receivedAt },
    );
    rows.events.push(received.event);
    let snapshot: ContactSnapshot = received.snapshot;
    let sequence = 1;
    for (const event of demoEvents(c, actors, now)) {
      const result = applyContactEvent(snapshot, event);
      if (!result.ok) throw new Error(`Demo contact ${c.reference}: ${event.type} refused: ${result.reason}`);
      sequence += 1;
      rows.events.push(eventRow({ contactId: c.id, sequence, event, stateBefore: received.row.state, next: result.snapshot, idempotencyKey: null }));
      snapshot = result.snapshot;
    }
    // state_before of each event is the state after the one before it.
    const mine = rows.events.slice(rows.events.length - sequence);
    mine.forEach((e, i) => (e.state_before = i === 0 ? null : mine[i - 1]!.state_after));
    rows.contacts.push({ ...received.row, ...projectContact(snapshot), version: sequence, updated_at: mine.at(-1)!.at } as Insertable<ContactsTable>);
    const projected = projectionRows(c.id, snapshot);
    rows.requests.push(...projected.requests);
    rows.stepDowns.push(...projected.stepDowns);
  }
  return rows;
}
