/** Consent to share information with partners (and to the contact itself), and the lawful reasons to share without it. */
import { codesOf, type Term } from "./term";

export const CONSENT_STATUSES = [
  { code: "given", label: "Given" },
  { code: "refused", label: "Refused" },
  { code: "not_sought", label: "Not sought" },
] as const satisfies readonly Term[];

export type ConsentStatusCode = (typeof CONSENT_STATUSES)[number]["code"];
export const CONSENT_STATUS_CODES = codesOf<ConsentStatusCode>(CONSENT_STATUSES);

export interface OverrideReasonTerm extends Term {
  /** The end of "… a MASH manager authorised sharing because …", as a partner reads it on the request. */
  readonly because: string;
}

/** Why a manager may authorise asking partners without consent (DOMAIN.md "Consent"). */
export const CONSENT_OVERRIDE_REASONS = [
  { code: "increase_risk_of_harm", label: "Seeking consent would increase the risk of harm to the child", because: "seeking consent would increase the risk of harm to the child" },
  { code: "delay_increases_risk", label: "The delay in seeking consent would increase the risk of harm", because: "the delay in seeking consent would increase the risk of harm to the child" },
  { code: "prejudice_crime", label: "Seeking consent would prejudice the prevention or detection of crime", because: "seeking consent would prejudice the prevention or detection of crime" },
  { code: "significant_harm", label: "The significant harm threshold is met", because: "the significant harm threshold is met" },
  { code: "other", label: "Other (explain)", because: "of another reason" },
] as const satisfies readonly OverrideReasonTerm[];

export type ConsentOverrideReasonCode = (typeof CONSENT_OVERRIDE_REASONS)[number]["code"];
export const CONSENT_OVERRIDE_REASON_CODES = codesOf<ConsentOverrideReasonCode>(CONSENT_OVERRIDE_REASONS);

/** Why consent is sought, at each point it is sought again (issue 12, item 2). */
export const CONSENT_PURPOSES = [
  { code: "partner_information", label: "To share information with partners" },
  { code: "early_help", label: "The family's agreement to early help" },
] as const satisfies readonly Term[];

export type ConsentPurposeCode = (typeof CONSENT_PURPOSES)[number]["code"];
export const CONSENT_PURPOSE_CODES = codesOf<ConsentPurposeCode>(CONSENT_PURPOSES);

/** What a manager decided on a screener's request to share without consent. */
export const CONSENT_OVERRIDE_DECISIONS = [
  { code: "pending", label: "Waiting for a manager" },
  { code: "authorised", label: "Authorised" },
  { code: "refused", label: "Refused" },
] as const satisfies readonly Term[];

export type ConsentOverrideDecisionCode = (typeof CONSENT_OVERRIDE_DECISIONS)[number]["code"];
