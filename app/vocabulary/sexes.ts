/**
 * The child's sex as the app records it: M, F or U (unborn or not known). Annex A "Gender" wording;
 * `census` is GenderCurrent of the 2022-23 and 2023-24 schema (1 male, 2 female, 0 not known or
 * unborn; 9 "indeterminate" and Annex A's `d) Neither` are never recorded by the front door).
 */
import { codesOf, type Term } from "./term";

export const SEXES = [
  { code: "M", label: "Male", annexA: "a) Male", census: "1" },
  { code: "F", label: "Female", annexA: "b) Female", census: "2" },
  { code: "U", label: "Not known", annexA: "c) Not stated/recorded", census: "0" },
] as const satisfies readonly Term[];

export type SexCode = (typeof SEXES)[number]["code"];
export const SEX_CODES = codesOf<SexCode>(SEXES);
