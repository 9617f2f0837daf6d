/**
 * The partner agencies and locality early help hubs a new installation starts with. They are rows of
 * the `agencies` and `hubs` tables (db/seed/reference-data.ts inserts these), referenced by foreign
 * keys rather than CHECK constraints, so an administrator can add more.
 */
import { codesOf, type Term } from "./term";

export const PARTNER_AGENCIES = [
  { code: "police", label: "Police" },
  { code: "health", label: "Health" },
  { code: "education", label: "Education" },
  { code: "probation", label: "Probation" },
  { code: "housing", label: "Housing" },
] as const satisfies readonly Term[];

export type PartnerAgencyCode = (typeof PARTNER_AGENCIES)[number]["code"];
export const PARTNER_AGENCY_CODES = codesOf<PartnerAgencyCode>(PARTNER_AGENCIES);

export const HUBS = [
  { code: "north", label: "North" },
  { code: "exeter", label: "Exeter" },
  { code: "mid_east", label: "Mid & East" },
  { code: "south_west", label: "South & West" },
] as const satisfies readonly Term[];

export type HubCode = (typeof HUBS)[number]["code"];
export const HUB_CODES = codesOf<HubCode>(HUBS);
