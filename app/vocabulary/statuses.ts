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
] as const satisfies readonly RequestStatusTerm[];

export type RequestStatusCode = (typeof REQUEST_STATUSES)[number]["code"];
export const REQUEST_STATUS_CODES = codesOf<RequestStatusCode>(REQUEST_STATUSES);

export const STEP_DOWN_STATUSES = [
  { code: "offered", label: "Waiting for the hub" },
  { code: "accepted", label: "Accepted" },
  { code: "declined", label: "Declined" },
] as const satisfies readonly Term[];

export type StepDownStatusCode = (typeof STEP_DOWN_STATUSES)[number]["code"];
export const STEP_DOWN_STATUS_CODES = codesOf<StepDownStatusCode>(STEP_DOWN_STATUSES);
