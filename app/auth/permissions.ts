/**
 * Who may see or do what: the one permission table of the front door (decision 018).
 *
 * Every loader, action, service and the contact machine's event rules ask this table; no other
 * module lists roles. Pure data and functions (no I/O, no server-only import), so the machine
 * (machines/, which must stay pure) and browser code may import it.
 *
 * The order of an ability's roles is the order they are named in a refusal
 * ("Only a MASH screener or a MASH manager can …"), so keep it when editing.
 *
 * A partner agency officer acts only for their own agency and an early help hub worker only for
 * their own hub: such a role's grant is scoped (`ROLE_SCOPES`), and the user must belong to an
 * agency or hub — and, where the thing acted on was sent to one, to that one.
 */
import type { ContactEventType } from "../../machines/contact.types";
import { ROLES, type Role } from "../../db/schema";

export { ROLES, type Role };

/** Whom a role's work is limited to: its own agency, its own hub, or nothing (the whole front door). */
export type RoleScope = "agency" | "hub" | null;

export const ROLE_SCOPES: Readonly<Record<Role, RoleScope>> = {
  screener: null,
  manager: null,
  partner: "agency",
  early_help: "hub",
  admin: null,
  performance: null,
};

const MASH = ["screener", "manager"] as const satisfies readonly Role[];
const MANAGER = ["manager"] as const satisfies readonly Role[];

/** Each ability and the roles that have it, in the order a refusal names them. */
export const PERMISSIONS = {
  // --- The MASH's own pages -------------------------------------------------------------
  /** See the MASH queue (and be allocated contacts from it). */
  "queue.view": MASH,
  /** Open a contact's own page, its child's record and its chronology. */
  "contact.view": MASH,
  /** Record a new contact. */
  "contact.record": MASH,
  /** Allocate a contact to a worker. */
  "contact.allocate": MANAGER,
  /** Pick up an unallocated contact oneself. */
  "contact.pick-up": ["screener"],
  /** Management oversight. */
  "oversight.view": MANAGER,
  /** Merge two person records of the same child. */
  "people.merge": MANAGER,
  /** The audit trail of who saw which child's record. */
  "audit.view": ["manager", "admin"],

  // --- Events on a contact (the machine's event rules) ----------------------------------
  /** Screen a contact: start, link the child, priority, consent, ask partners, close as duplicate, go to decision, flag risk. */
  "contact.screen": MASH,
  /** Authorise or refuse a consent override a screener asked for. */
  "consent.override": MANAGER,
  /** Propose a decision. */
  "decision.propose": MASH,
  /** Authorise or return a proposed decision. */
  "decision.authorise": MANAGER,
  /** Confirm a strategy discussion or stand down an immediate-risk flag. */
  "immediate-risk.confirm": MANAGER,
  /** Record a partner's answer: the partner's own officer, or the MASH on their behalf (by phone). */
  "partner-answer.record": ["partner", "screener", "manager"],
  /** Record a partner's deadline as passed (the MASH, or an administrator's job). */
  "partner-deadline.record": ["screener", "manager", "admin"],
  /** Bring a contact's history over from a previous system (an administrator's command). */
  "history.import": ["admin"],

  // --- Partners and hubs ----------------------------------------------------------------
  /** See and answer the information requests sent to one's own agency. */
  "information-request.answer": ["partner"],
  /** See and accept or decline the step-downs offered to one's own hub. */
  "step-down.answer": ["early_help"],

  // --- Measures and settings ------------------------------------------------------------
  /** Read the front-door measures and open any figure as its list of records. */
  "measures.view": ["performance", "manager"],
  /** Download a figure's records. */
  "records.download": ["performance", "manager"],
  /** Users, timescales, bank holidays and measure targets. */
  "admin.settings": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Ability = keyof typeof PERMISSIONS;

/** The ability each event on a contact needs (the machine refuses an event sent by a role without it). */
export const EVENT_ABILITIES: Readonly<Record<ContactEventType, Ability>> = {
  START_SCREENING: "contact.screen",
  LINK_CHILD: "contact.screen",
  MARK_DUPLICATE: "contact.screen",
  SET_PRIORITY: "contact.screen",
  RECORD_CONSENT: "contact.screen",
  OVERRIDE_CONSENT: "consent.override",
  REQUEST_CONSENT_OVERRIDE: "contact.screen",
  AUTHORISE_CONSENT_OVERRIDE: "consent.override",
  REFUSE_CONSENT_OVERRIDE: "consent.override",
  REQUEST_PARTNER_INFORMATION: "contact.screen",
  PARTNER_INFORMATION_RETURNED: "partner-answer.record",
  PARTNER_NOTHING_KNOWN: "partner-answer.record",
  PARTNER_DECLINED: "partner-answer.record",
  PARTNER_DEADLINE_PASSED: "partner-deadline.record",
  WITHDRAW_PARTNER_REQUEST: "contact.screen",
  COMPLETE_SCREENING: "contact.screen",
  PROCEED_TO_DECISION: "contact.screen",
  PROPOSE_DECISION: "decision.propose",
  AUTHORISE_DECISION: "decision.authorise",
  RETURN_DECISION: "decision.authorise",
  ACCEPT_STEP_DOWN: "step-down.answer",
  DECLINE_STEP_DOWN: "step-down.answer",
  FLAG_IMMEDIATE_RISK: "contact.screen",
  CONFIRM_STRATEGY_DISCUSSION: "immediate-risk.confirm",
  STAND_DOWN_IMMEDIATE_RISK: "immediate-risk.confirm",
  HISTORY_IMPORTED: "history.import",
};

/** The roles with an ability, in the order a refusal names them. */
export function rolesWith(ability: Ability): readonly Role[] {
  return PERMISSIONS[ability];
}

/** The abilities a role has, in the table's order. */
export function abilitiesOf(role: Role): Ability[] {
  return (Object.keys(PERMISSIONS) as Ability[]).filter((ability) => rolesWith(ability).includes(role));
}

/** Who is asking: a role, and the agency or hub a scoped role belongs to. */
export interface Grantee {
  role: Role;
  agencyCode?: string | null;
  hubCode?: string | null;
}

/** Where the thing acted on was sent, for a scoped role: it must be the user's own agency or hub. */
export interface Target {
  agencyCode?: string;
  hubCode?: string;
}

/**
 * Whether the user may do it. A scoped role must belong to an agency or hub, and, when `target`
 * names one, to that one; an unscoped role's grant covers the whole front door.
 */
export function can(user: Grantee | Role, ability: Ability, target: Target = {}): boolean {
  const grantee: Grantee = typeof user === "string" ? { role: user } : user;
  if (!rolesWith(ability).includes(grantee.role)) return false;
  if (typeof user === "string") return true; // the role alone: the page decides with the whole user
  switch (ROLE_SCOPES[grantee.role]) {
    case "agency":
      return !!grantee.agencyCode && (target.agencyCode === undefined || grantee.agencyCode === target.agencyCode);
    case "hub":
      return !!grantee.hubCode && (target.hubCode === undefined || grantee.hubCode === target.hubCode);
    default:
      return true;
  }
}

// --- The roles in words, and the pages each sees ------------------------------------------

/** Each role's name, as a label ("MASH screener"); in a sentence it is `roleInSentence`. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  screener: "MASH screener",
  manager: "MASH manager",
  partner: "Partner agency officer",
  early_help: "Early help hub worker",
  admin: "Administrator",
  performance: "Performance lead",
};

/** The role as a sentence names it: "a MASH screener", "an early help hub worker". */
export function roleInSentence(role: Role): string {
  const label = ROLE_LABELS[role];
  const noun = /^[A-Z]{2}/.test(label) ? label : `${label[0]!.toLowerCase()}${label.slice(1)}`;
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}

/** A page in the service navigation. */
export interface NavigationItem {
  href: string;
  text: string;
}

/**
 * The pages of the service navigation, in the order they are shown, with the ability each needs.
 * A role sees the pages it has the ability for; the first is where it lands after signing in.
 */
export const PAGES: readonly (NavigationItem & { ability: Ability })[] = [
  { href: "/oversight", text: "Management oversight", ability: "oversight.view" },
  { href: "/queue", text: "MASH queue", ability: "queue.view" },
  { href: "/contacts/new", text: "Record a contact", ability: "contact.record" },
  { href: "/people/merge", text: "Merge records", ability: "people.merge" },
  { href: "/measures", text: "Measures", ability: "measures.view" },
  { href: "/information-requests", text: "Information requests", ability: "information-request.answer" },
  { href: "/step-downs", text: "Step-downs", ability: "step-down.answer" },
  { href: "/admin/users", text: "Users", ability: "admin.settings" },
  { href: "/admin/agencies", text: "Agencies", ability: "admin.settings" },
  { href: "/admin/hubs", text: "Hubs", ability: "admin.settings" },
  { href: "/admin/timescales", text: "Timescales", ability: "admin.settings" },
  { href: "/admin/bank-holidays", text: "Bank holidays", ability: "admin.settings" },
  { href: "/admin/measure-targets", text: "Measure targets", ability: "admin.settings" },
  { href: "/admin/jobs", text: "Jobs and e-mail", ability: "admin.settings" },
];

/** The pages a role sees in the service navigation, in order. */
export function navigationFor(role: Role): NavigationItem[] {
  return PAGES.filter((page) => rolesWith(page.ability).includes(role)).map(({ href, text }) => ({ href, text }));
}
