/** The statuses of partners' information requests and of early help step-downs. */
import { codesOf, type Term } from "./term";

export interface RequestStatusTerm extends Term {
  /** How the partner asked reads it on their own list. */
  readonly partnerLabel: string;
}

export const REQUEST_STATUSES = [
  { code: "requested", label: "Waiting", partnerLabel: "Awaiting your information" },
  { code: "returned", label: "Returned", partnerLabel: "Returned" },
  { code: "nothing_known", label: "Nothing known", partnerLabel: "Nothing known" },
  { code: "declined", label: "Declined", partnerLabel: "Declined" },
  // The MASH withdrew the request before it was answered (decision 028): no longer answered.
  { code: "withdrawn", label: "Withdrawn", partnerLabel: "Withdrawn by the MASH" },
] as const satisfies readonly RequestStatusTerm[];

export type RequestStatusCode = (typeof REQUEST_STATUSES)[number]["code"];
export const REQUEST_STATUS_CODES = codesOf<RequestStatusCode>(REQUEST_STATUSES);

/** Why the MASH withdraws an information request it sent (decision 028). */
export const REQUEST_WITHDRAWAL_REASONS = [
  { code: "sent_in_error", label: "Sent in error" },
  { code: "no_longer_needed", label: "No longer needed" },
  { code: "wrong_service", label: "Asked of the wrong agency or service" },
  { code: "other", label: "Other (explain)" },
] as const satisfies readonly Term[];

export type RequestWithdrawalReasonCode = (typeof REQUEST_WITHDRAWAL_REASONS)[number]["code"];
export const REQUEST_WITHDRAWAL_REASON_CODES = codesOf<RequestWithdrawalReasonCode>(REQUEST_WITHDRAWAL_REASONS);

export const STEP_DOWN_STATUSES = [
  { code: "offered", label: "Waiting for the hub" },
  { code: "accepted", label: "Accepted" },
  { code: "declined", label: "Declined" },
] as const satisfies readonly Term[];

export type StepDownStatusCode = (typeof STEP_DOWN_STATUSES)[number]["code"];
export const STEP_DOWN_STATUS_CODES = codesOf<StepDownStatusCode>(STEP_DOWN_STATUSES);
