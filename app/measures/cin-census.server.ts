/**
 * The period's referral episodes as Children in Need census XML, valid against CIN_schema_2024.xsd
 * (the 2022-23 and 2023-24 collections), built with xmlbuilder2.
 *
 * Every referral whose local referral date is in the period (the same rows as Annex A List 3, with
 * the same ReferralNFA: `referralNfaOf`) is
 * either returned as a CINdetails episode or reported by its contact reference with the reason it
 * cannot be returned — never dropped in silence. The census rules enforced (spec/cin-census.md):
 * ReferralNFA always present; PrimaryNeedCode when ReferralNFA is false; no section 47 on an NFA
 * episode (a strategy discussion is the section 47 route); only one open non-NFA episode per child;
 * a referral not more than 280 days before the (expected) date of birth; the child linked to a
 * person record with a date of birth or an expected one; codes the schema knows.
 */
import { create } from "xmlbuilder2";
import type { ExportPeriod, ReferralRow } from "../../db/queries/measures/annex-a";
import type { Executor } from "../../db/executor";
import { addDays } from "../clocks/clocks";
import { exportReferrals } from "./annex-a.server";
import {
  CENSUS_DISABILITY,
  CENSUS_ETHNICITY,
  CENSUS_GENDER_CURRENT,
  CENSUS_PRIMARY_NEED,
  CENSUS_REFERRAL_SOURCE,
  DISABILITIES_IN_CENSUS_ORDER,
  ETHNICITY_NOT_OBTAINED,
  REASON_FOR_CLOSURE_NFA,
} from "./export-codes";

/** The demo council's: Devon. */
export const DEFAULT_LA_CODE = "878";

export interface CensusOptions extends ExportPeriod {
  /** The local authority's three-digit code (LEA). */
  laCode: string;
  /** When the file was made (the header's DateTime). */
  generatedAt: Date;
  /** The app's version (the header's Release). */
  release?: string;
}

export interface CensusProblem {
  /** The contact's reference. */
  reference: string;
  /** Its reference in the system it was imported from, if imported. */
  externalId: string | null;
  reason: string;
}

export interface CensusResult {
  /** The XML, or null when no episode could be returned (the schema needs at least one child). */
  xml: string | null;
  /** Referrals in the period. */
  referrals: number;
  /** Episodes returned, and the children they belong to. */
  episodes: number;
  children: number;
  /** Referrals that could not be returned, in the order of the period's referrals. */
  problems: CensusProblem[];
}

export function isLaCode(value: string): boolean {
  return /^\d{3}$/.test(value);
}

/** Why this referral, on its own, cannot be a census episode; null when it can. */
export function episodeProblem(r: ReferralRow): string | null {
  if (!r.person_id || !r.child_unique_id) return "the contact is not linked to a child's record";
  if (!/^[A-Za-z0-9]{1,20}$/.test(r.child_unique_id)) return "the child's identifier is not 1–20 letters and digits (LAchildID)";
  const birth = r.date_of_birth ?? r.expected_date_of_birth;
  if (!birth) return "the child has neither a date of birth nor an expected date of birth";
  if (r.referral_nfa === null) return "ReferralNFA is not recorded and there is no primary need to tell it by (ReferralNFA must be present on every referral)";
  if (!r.referral_nfa && !r.primary_need) return "no primary need (PrimaryNeedCode is required when ReferralNFA is false)";
  if (r.primary_need && !CENSUS_PRIMARY_NEED[r.primary_need]) return `primary need ${r.primary_need} is not a census code`;
  if (r.referral_nfa && r.outcome === "strategy_discussion") {
    return "recorded as ReferralNFA but decided as a strategy discussion (section 47 route): an NFA episode can have no section 47";
  }
  if (r.referral_date < addDays(birth, -280)) {
    return `the referral date is more than 280 days before the child's ${r.date_of_birth ? "date of birth" : "expected date of birth"}`;
  }
  if (!CENSUS_REFERRAL_SOURCE[r.source]) return `referral source ${r.source} is not a census code`;
  if (r.ethnicity && !CENSUS_ETHNICITY[r.ethnicity]) return `ethnicity ${r.ethnicity} is not a census code`;
  const unknown = r.disabilities.find((d) => !CENSUS_DISABILITY[d]);
  if (unknown) return `disability ${unknown} is not a census code`;
  if (r.disabilities.includes("NONE") && r.disabilities.length > 1) return "disability NONE is recorded beside other disabilities";
  if (!CENSUS_GENDER_CURRENT[r.sex ?? ""]) return `sex ${r.sex ?? "(none)"} has no census GenderCurrent`;
  return null;
}

/**
 * Checks every referral and groups the returnable ones by child. A child with more than one open
 * (non-NFA) episode in the period keeps the latest; each earlier one is reported, since its closure
 * (date and reason) is recorded by children's social care, not at the front door.
 */
export function censusEpisodes(referrals: readonly ReferralRow[]): { children: Map<string, ReferralRow[]>; problems: CensusProblem[] } {
  const problemOf = new Map<string, string>();
  const byChild = new Map<string, ReferralRow[]>();
  for (const r of referrals) {
    const problem = episodeProblem(r);
    if (problem) problemOf.set(r.contact_id, problem);
    else byChild.set(r.child_unique_id!, [...(byChild.get(r.child_unique_id!) ?? []), r]);
  }
  for (const episodes of byChild.values()) {
    // Rows come by referral date then decision time: the last open one is the latest.
    const open = episodes.filter((e) => e.referral_nfa === false);
    const latest = open.at(-1);
    for (const earlier of open.slice(0, -1)) {
      problemOf.set(
        earlier.contact_id,
        `another open (non-NFA) referral of the same child follows in the period (${referenceOf(latest!)}); only one open episode per child, and this one's closure is not recorded at the front door`,
      );
    }
  }
  const children = new Map<string, ReferralRow[]>();
  for (const id of [...byChild.keys()].sort(byCodeUnits)) {
    const kept = byChild.get(id)!.filter((e) => !problemOf.has(e.contact_id));
    if (kept.length > 0) children.set(id, kept);
  }
  const problems = referrals.filter((r) => problemOf.has(r.contact_id)).map((r) => ({ reference: r.reference, externalId: r.external_id, reason: problemOf.get(r.contact_id)! }));
  return { children, problems };
}

/** The contact's reference, with the one it was imported under when there is one: `MASH-2023-100260 (CT-0000131)`. */
export function referenceOf(r: { reference: string; external_id: string | null }): string {
  return r.external_id ? `${r.reference} (${r.external_id})` : r.reference;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The census XML of these children's episodes (at least one child). */
export function censusXml(children: Map<string, ReferralRow[]>, options: CensusOptions): string {
  const message = create({ version: "1.0", encoding: "UTF-8" }).ele("Message");
  const header = message.ele("Header");
  const collection = header.ele("CollectionDetails");
  collection.ele("Collection").txt("CIN");
  collection.ele("Year").txt(options.to.slice(0, 4));
  collection.ele("ReferenceDate").txt(options.to);
  const source = header.ele("Source");
  source.ele("SourceLevel").txt("L");
  source.ele("LEA").txt(options.laCode);
  source.ele("SoftwareCode").txt("front-door");
  source.ele("Release").txt(options.release ?? "0.1.0");
  source.ele("SerialNo").txt("001");
  source.ele("DateTime").txt(options.generatedAt.toISOString().replace(/\.\d{3}Z$/, "Z"));

  const childrenElement = message.ele("Children");
  for (const [childId, episodes] of children) {
    const first = episodes[0]!;
    const child = childrenElement.ele("Child");
    const identifiers = child.ele("ChildIdentifiers");
    identifiers.ele("LAchildID").txt(childId);
    if (first.date_of_birth) identifiers.ele("PersonBirthDate").txt(first.date_of_birth);
    else identifiers.ele("ExpectedPersonBirthDate").txt(first.expected_date_of_birth!);
    identifiers.ele("GenderCurrent").txt(CENSUS_GENDER_CURRENT[first.sex!]!);

    const characteristics = child.ele("ChildCharacteristics");
    characteristics.ele("Ethnicity").txt(CENSUS_ETHNICITY[first.ethnicity ?? ETHNICITY_NOT_OBTAINED]!);
    const disabilities = DISABILITIES_IN_CENSUS_ORDER.filter((d) => first.disabilities.includes(d));
    if (disabilities.length > 0) {
      const element = characteristics.ele("Disabilities");
      for (const d of disabilities) element.ele("Disability").txt(CENSUS_DISABILITY[d]!);
    }

    for (const e of episodes) {
      const details = child.ele("CINdetails");
      details.ele("CINreferralDate").txt(e.referral_date);
      details.ele("ReferralSource").txt(CENSUS_REFERRAL_SOURCE[e.source]!);
      if (e.primary_need) details.ele("PrimaryNeedCode").txt(CENSUS_PRIMARY_NEED[e.primary_need]!);
      if (e.referral_nfa) {
        // Closed at the front door on the day it was made: closed with no further action.
        details.ele("CINclosureDate").txt(e.referral_date);
        details.ele("ReasonForClosure").txt(REASON_FOR_CLOSURE_NFA);
      }
      details.ele("ReferralNFA").txt(e.referral_nfa ? "true" : "false");
    }
  }
  return message.end({ prettyPrint: true }) + "\n";
}

/** The census return of the period: the XML of every returnable episode and the referrals that could not be returned. */
export async function cinCensus(db: Executor, options: CensusOptions): Promise<CensusResult> {
  if (!isLaCode(options.laCode)) throw new Error(`The local authority code must be three digits (got "${options.laCode}").`);
  const referrals = await exportReferrals(db, options);
  const { children, problems } = censusEpisodes(referrals);
  let episodes = 0;
  for (const list of children.values()) episodes += list.length;
  return {
    xml: children.size > 0 ? censusXml(children, options) : null,
    referrals: referrals.length,
    episodes,
    children: children.size,
    problems,
  };
}
