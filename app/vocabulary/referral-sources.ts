/** Who made the contact: CIN census ReferralSource (N00152), in census order, with Annex A's "Contact Source" wording. */
import { codesOf, type Term } from "./term";

export const REFERRAL_SOURCES = [
  { code: "1A", label: "Individual – family member, relative or carer", annexA: "a) 1A: Individual", census: "1A" },
  { code: "1B", label: "Individual – acquaintance (including neighbours and child minders)", annexA: "b) 1B: Individual", census: "1B" },
  { code: "1C", label: "Individual – self", annexA: "c) 1C: Individual", census: "1C" },
  { code: "1D", label: "Individual – other (including strangers, MPs)", annexA: "d) 1D: Individual", census: "1D" },
  { code: "2A", label: "Schools", annexA: "e) 2A: Schools", census: "2A" },
  { code: "2B", label: "Education services", annexA: "f) 2B: Education services", census: "2B" },
  { code: "3A", label: "Health services – GP", annexA: "g) 3A: Health services", census: "3A" },
  { code: "3B", label: "Health services – health visitor", annexA: "h) 3B: Health services", census: "3B" },
  { code: "3C", label: "Health services – school nurse", annexA: "i) 3C: Health services", census: "3C" },
  { code: "3D", label: "Health services – other primary health services", annexA: "j) 3D: Health services", census: "3D" },
  { code: "3E", label: "Health services – A&E", annexA: "k) 3E: Health services", census: "3E" },
  { code: "3F", label: "Health services – other (e.g. hospice)", annexA: "l) 3F: Health services", census: "3F" },
  { code: "4", label: "Housing (LA housing or housing association)", annexA: "m) 4: Housing", census: "4" },
  { code: "5A", label: "LA services – social care (e.g. adult social care)", annexA: "n) 5A: LA services", census: "5A" },
  { code: "5B", label: "LA services – other internal (e.g. youth offending, not housing, social care or early help)", annexA: "o) 5B: LA services", census: "5B" },
  { code: "5C", label: "LA services – external (another local authority)", annexA: "p) 5C: LA services", census: "5C" },
  { code: "5D", label: "LA services – early help", annexA: "p1) 5D: LA services", census: "5D" },
  { code: "6", label: "Police", annexA: "q) 6: Police", census: "6" },
  { code: "7", label: "Other legal agency (courts, probation, immigration, CAFCASS, prison)", annexA: "r) 7: Other legal agency", census: "7" },
  { code: "8", label: "Other (children's centres, independent providers, voluntary organisations)", annexA: "s) 8: Other", census: "8" },
  { code: "9", label: "Anonymous", annexA: "t) 9: Anonymous", census: "9" },
  { code: "10", label: "Unknown", annexA: "u) 10: Unknown", census: "10" },
] as const satisfies readonly Term[];

export type ReferralSourceCode = (typeof REFERRAL_SOURCES)[number]["code"];
export const REFERRAL_SOURCE_CODES = codesOf<ReferralSourceCode>(REFERRAL_SOURCES);
