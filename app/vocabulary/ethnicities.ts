/** CIN census ethnicity codes, in census order, with Annex A's "Ethnicity" wording (`a) WBRI` … `t) NOBT`). */
import { codesOf, type Term } from "./term";

export const ETHNICITIES = [
  { code: "WBRI", label: "White British", annexA: "a) WBRI", census: "WBRI" },
  { code: "WIRI", label: "White Irish", annexA: "b) WIRI", census: "WIRI" },
  { code: "WIRT", label: "Traveller of Irish heritage", annexA: "c) WIRT", census: "WIRT" },
  { code: "WOTH", label: "Any other White background", annexA: "d) WOTH", census: "WOTH" },
  { code: "WROM", label: "Gypsy or Roma", annexA: "e) WROM", census: "WROM" },
  { code: "MWBC", label: "White and Black Caribbean", annexA: "f) MWBC", census: "MWBC" },
  { code: "MWBA", label: "White and Black African", annexA: "g) MWBA", census: "MWBA" },
  { code: "MWAS", label: "White and Asian", annexA: "h) MWAS", census: "MWAS" },
  { code: "MOTH", label: "Any other mixed background", annexA: "i) MOTH", census: "MOTH" },
  { code: "AIND", label: "Indian", annexA: "j) AIND", census: "AIND" },
  { code: "APKN", label: "Pakistani", annexA: "k) APKN", census: "APKN" },
  { code: "ABAN", label: "Bangladeshi", annexA: "l) ABAN", census: "ABAN" },
  { code: "AOTH", label: "Any other Asian background", annexA: "m) AOTH", census: "AOTH" },
  { code: "BCRB", label: "Black Caribbean", annexA: "n) BCRB", census: "BCRB" },
  { code: "BAFR", label: "Black African", annexA: "o) BAFR", census: "BAFR" },
  { code: "BOTH", label: "Any other Black background", annexA: "p) BOTH", census: "BOTH" },
  { code: "CHNE", label: "Chinese", annexA: "q) CHNE", census: "CHNE" },
  { code: "OOTH", label: "Any other ethnic group", annexA: "r) OOTH", census: "OOTH" },
  { code: "REFU", label: "Refused", annexA: "s) REFU", census: "REFU" },
  { code: "NOBT", label: "Information not yet obtained", annexA: "t) NOBT", census: "NOBT" },
] as const satisfies readonly Term[];

export type EthnicityCode = (typeof ETHNICITIES)[number]["code"];
export const ETHNICITY_CODES = codesOf<EthnicityCode>(ETHNICITIES);
/** A child whose ethnicity is not recorded is returned as "information not yet obtained". */
export const ETHNICITY_NOT_OBTAINED: EthnicityCode = "NOBT";
