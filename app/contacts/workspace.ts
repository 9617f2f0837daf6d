/**
 * The contact page as a case-work workspace (issue 11 "Design"; issue 12, item 5): pure functions
 * that turn what the contact's rows and snapshot say into what the page shows — the summary band's
 * age and flags, the partners' returns side by side with the highest rating, and the next action for
 * the user's role. No I/O; the view model (view.server.ts) calls them.
 */
import type { ContactContext, ContactEventType } from "../../machines/contact.machine";
import { labelOf, RAG_RATINGS, REQUEST_STATUSES, REQUEST_WITHDRAWAL_REASONS } from "../vocabulary";

// ---------------------------------------------------------------------------
// The summary band
// ---------------------------------------------------------------------------

/** A child's age in words at `now`: "9 years", "7 months", "2 weeks"; "unborn" before the expected date. */
export function ageWords(dateOfBirth: string | Date | null, expectedDateOfBirth: string | Date | null, now: Date): string | null {
  if (!dateOfBirth) return expectedDateOfBirth ? "Unborn" : null;
  const born = new Date(dateOfBirth);
  if (born.getTime() > now.getTime()) return "Unborn";
  let months = (now.getUTCFullYear() - born.getUTCFullYear()) * 12 + (now.getUTCMonth() - born.getUTCMonth());
  if (now.getUTCDate() < born.getUTCDate()) months -= 1;
  if (months >= 24) return `${Math.floor(months / 12)} years`;
  if (months >= 1) return `${months} month${months === 1 ? "" : "s"}`;
  const weeks = Math.floor((now.getTime() - born.getTime()) / (7 * 24 * 3600_000));
  return weeks >= 1 ? `${weeks} week${weeks === 1 ? "" : "s"}` : "Under a week";
}

export type FlagColour = "red" | "orange" | "purple" | "pink" | "yellow";
export interface Flag {
  key: "immediate-risk" | "repeat" | "re-referral" | "bounce-back" | "override-waiting";
  label: string;
  colour: FlagColour;
}

/** The flags of the summary band, most urgent first. */
export function contactFlags(input: {
  immediateRisk: boolean;
  repeat: boolean;
  reReferral: "referred" | "would-be" | null;
  bounceBacks: number;
  overrideWaiting: boolean;
}): Flag[] {
  const flags: Flag[] = [];
  if (input.immediateRisk) flags.push({ key: "immediate-risk", label: "Immediate risk", colour: "red" });
  if (input.bounceBacks > 0) {
    flags.push({ key: "bounce-back", label: input.bounceBacks > 1 ? `Bounce-back (${input.bounceBacks})` : "Bounce-back", colour: "pink" });
  }
  if (input.repeat) flags.push({ key: "repeat", label: "Repeat contact", colour: "orange" });
  if (input.reReferral) {
    flags.push({ key: "re-referral", label: input.reReferral === "referred" ? "Re-referral" : "A referral now would be a re-referral", colour: "purple" });
  }
  if (input.overrideWaiting) flags.push({ key: "override-waiting", label: "Consent override waiting", colour: "yellow" });
  return flags;
}

// ---------------------------------------------------------------------------
// Partners' returns side by side
// ---------------------------------------------------------------------------

/** An information request as the existing query gives it (db/queries/contacts/contacts.ts). */
export interface RequestRow {
  id: string;
  agency_code: string;
  agency_name: string;
  requested_at: Date | string;
  due_at: Date | string;
  status: string;
  rag: string | null;
  information: string | null;
  responded_at: Date | string | null;
  overdue_at?: Date | string | null;
  rag_rationale?: string | null;
  sequence?: number | null;
  /** Earlier answers a correction replaced (issue 12, item 4), oldest first. */
  answer_versions?: unknown;
}

/** One recorded chase of an agency (the PARTNER_CHASED events of the contact's history). */
export interface Chase {
  agency: string;
  at: string;
  by: string | null;
  note: string | null;
}

export type ReturnState = "requested" | "overdue" | "returned" | "nothing_known" | "declined" | "withdrawn";

/** The MASH withdrawing an agency's latest request (decision 028), as the card shows it: when, who, why. */
export interface WithdrawalView {
  at: string;
  by: string | null;
  reason: string;
  explanation: string | null;
}

/** The withdrawals of the latest request to each agency, from the contact's snapshot, with names for who withdrew. */
export function withdrawalsOf(context: Pick<ContactContext, "requests">, nameOf: (id: string) => string | null): Record<string, WithdrawalView> {
  const shown: Record<string, WithdrawalView> = {};
  for (const request of Object.values(context.requests)) {
    const w = request.withdrawal;
    if (request.status !== "withdrawn" || !w) continue;
    shown[request.agency] = { at: w.at, by: nameOf(w.by), reason: labelOf(REQUEST_WITHDRAWAL_REASONS, w.reason), explanation: w.explanation };
  }
  return shown;
}

export interface PartnerReturnView {
  id: string;
  agency: string;
  agencyName: string;
  state: ReturnState;
  /** The state in words, for the tag. */
  stateLabel: string;
  stateColour: "blue" | "red" | "green" | "grey" | "orange" | "purple";
  requestedAt: string;
  dueAt: string;
  respondedAt: string | null;
  rag: string | null;
  ragLabel: string | null;
  ragRationale: string | null;
  information: string | null;
  chases: Chase[];
  /** How many earlier answers a correction replaced (each kept, shown on the request). */
  corrections: number;
  /** This return carries the highest rating of all the returns. */
  highest: boolean;
  outstanding: boolean;
  /** Withdrawn by the MASH before it was answered (decision 028). */
  withdrawal: WithdrawalView | null;
}

export interface PartnerReturns {
  rows: PartnerReturnView[];
  highestRag: string | null;
  counts: { requested: number; returned: number; overdue: number; chased: number };
}

const RAG_ORDER: Record<string, number> = { red: 3, amber: 2, green: 1 };
const ISO = (v: Date | string) => new Date(v).toISOString();

/**
 * Every agency asked, side by side (the latest request to each; earlier ones are in the history):
 * requested, returned, overdue (its deadline recorded as passed, or gone by now), chased; the
 * highest rating returned is marked.
 */
export function partnerReturns(requests: readonly RequestRow[], chases: readonly Chase[], now: Date, withdrawals: Readonly<Record<string, WithdrawalView>> = {}): PartnerReturns {
  const latest = new Map<string, RequestRow>();
  for (const r of requests) {
    const seen = latest.get(r.agency_code);
    if (!seen || (r.sequence ?? 1) > (seen.sequence ?? 1)) latest.set(r.agency_code, r);
  }
  const rows: PartnerReturnView[] = [...latest.values()]
    .sort((a, b) => a.agency_name.localeCompare(b.agency_name))
    .map((r) => {
      const outstanding = r.status === "requested";
      const overdue = outstanding && (Boolean(r.overdue_at) || new Date(r.due_at).getTime() < now.getTime());
      const state: ReturnState = overdue ? "overdue" : (r.status as ReturnState);
      const mine = chases.filter((c) => c.agency === r.agency_code && Date.parse(c.at) >= new Date(r.requested_at).getTime());
      return {
        id: r.id,
        agency: r.agency_code,
        agencyName: r.agency_name,
        state,
        stateLabel: overdue ? "Overdue" : outstanding ? "Requested" : labelOf(REQUEST_STATUSES, r.status),
        stateColour: overdue ? "red" : outstanding ? "blue" : r.status === "returned" ? "green" : r.status === "declined" ? "orange" : r.status === "withdrawn" ? "purple" : "grey",
        requestedAt: ISO(r.requested_at),
        dueAt: ISO(r.due_at),
        respondedAt: r.responded_at ? ISO(r.responded_at) : null,
        rag: r.rag,
        ragLabel: r.rag ? labelOf(RAG_RATINGS, r.rag) : null,
        ragRationale: r.rag_rationale ?? null,
        information: r.information,
        chases: mine,
        corrections: Array.isArray(r.answer_versions) ? r.answer_versions.length : 0,
        highest: false,
        outstanding,
        withdrawal: r.status === "withdrawn" ? (withdrawals[r.agency_code] ?? null) : null,
      };
    });
  const highestRank = Math.max(0, ...rows.map((r) => (r.rag ? (RAG_ORDER[r.rag] ?? 0) : 0)));
  const highestRag = highestRank > 0 ? (Object.keys(RAG_ORDER).find((k) => RAG_ORDER[k] === highestRank) ?? null) : null;
  for (const row of rows) row.highest = highestRag !== null && row.rag === highestRag;
  return {
    rows,
    highestRag,
    counts: {
      requested: rows.length,
      returned: rows.filter((r) => !r.outstanding && r.state !== "withdrawn").length,
      overdue: rows.filter((r) => r.state === "overdue").length,
      chased: rows.filter((r) => r.chases.length > 0).length,
    },
  };
}

// ---------------------------------------------------------------------------
// The next action for this role
// ---------------------------------------------------------------------------

/**
 * The one action this user should take next on the contact, among those the machine allows them
 * now (`allowed`, in the lifecycle's order), or null when there is nothing for them to do.
 */
export function nextAction(allowed: readonly string[], context: ContactContext, state: string): ContactEventType | null {
  const may = (type: ContactEventType) => allowed.includes(type);
  const pendingOverride = context.consent.overrideRequests?.at(-1)?.decision === "pending";
  const consentOk = context.consent.status === "given" || context.consent.override !== null;
  const order: ContactEventType[] = [];
  if (state === "immediate_risk") order.push("CONFIRM_STRATEGY_DISCUSSION");
  if (state === "awaiting_authorisation") order.push("AUTHORISE_DECISION");
  if (pendingOverride) order.push("AUTHORISE_CONSENT_OVERRIDE");
  if (state === "received") order.push("START_SCREENING");
  if (state === "screening") {
    if (context.priority === null) order.push("SET_PRIORITY");
    else if (context.consent.status === null) order.push("RECORD_CONSENT");
    else if (!consentOk && !pendingOverride) order.push("REQUEST_CONSENT_OVERRIDE");
    else if (consentOk && Object.keys(context.requests).length === 0) order.push("REQUEST_PARTNER_INFORMATION");
    else order.push("COMPLETE_SCREENING");
  }
  if (state.startsWith("awaiting_partner_information")) order.push("PROCEED_TO_DECISION");
  if (state === "ready_for_decision") order.push("PROPOSE_DECISION");
  return order.find(may) ?? null;
}
