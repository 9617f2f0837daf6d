/**
 * The wording the Ofsted Annex A lists and the CIN census XML give each code, read from the single
 * vocabulary (app/vocabulary: `annexA` and `census` of each term). The exports use only these
 * tables, so the vocabulary stays the one place a wording is defined.
 */
import { DISABILITIES, ETHNICITIES, ETHNICITY_NOT_OBTAINED, PRIMARY_NEEDS, REFERRAL_SOURCES, SEXES, type Term } from "../vocabulary";

export { ETHNICITY_NOT_OBTAINED };

function table(list: readonly Term[], field: "annexA" | "census"): Record<string, string> {
  const entries: [string, string][] = [];
  for (const term of list) {
    const value = term[field];
    if (value !== undefined) entries.push([String(term.code), value]);
  }
  return Object.fromEntries(entries);
}

/** Annex A "Gender" from the app's sex (M, F, U). The app never records `d) Neither`. */
export const ANNEX_A_GENDER = table(SEXES, "annexA");

/** Annex A "Ethnicity": `a) WBRI` … `t) NOBT`. */
export const ANNEX_A_ETHNICITY = table(ETHNICITIES, "annexA");

/** Annex A "Contact Source" / "Referral Source": `a) 1A: Individual` … `u) 10: Unknown`. */
export const ANNEX_A_SOURCE = table(REFERRAL_SOURCES, "annexA");

/** Annex A "Referral NFA?". */
export const ANNEX_A_YES = "a) Yes";
export const ANNEX_A_NO = "b) No";

/** CIN census `GenderCurrent` (2022-23 and 2023-24 schema): 1 male, 2 female, 0 not known or unborn. */
export const CENSUS_GENDER_CURRENT = table(SEXES, "census");

/** Census codes of each list, keyed by the app's code (the same codes today). */
export const CENSUS_ETHNICITY = table(ETHNICITIES, "census");
export const CENSUS_REFERRAL_SOURCE = table(REFERRAL_SOURCES, "census");
export const CENSUS_PRIMARY_NEED = table(PRIMARY_NEEDS, "census");
export const CENSUS_DISABILITY = table(DISABILITIES, "census");

/** The app's disability codes in census order (the order the XML lists a child's disabilities in). */
export const DISABILITIES_IN_CENSUS_ORDER: readonly string[] = DISABILITIES.map((d) => d.code);

/** ReasonForClosure of a referral closed at the front door with no further action: "case closed after assessment, no further action". */
export const REASON_FOR_CLOSURE_NFA = "RC8";
