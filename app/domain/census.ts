/** Children in Need census codes the front door records (../shared/spec/cin-census.md). */

export const REFERRAL_SOURCES = {
  "1A": "Individual – family member, relative or carer",
  "1B": "Individual – acquaintance (including neighbours and child minders)",
  "1C": "Individual – self",
  "1D": "Individual – other (including strangers, MPs)",
  "2A": "Schools",
  "2B": "Education services",
  "3A": "Health services – GP",
  "3B": "Health services – health visitor",
  "3C": "Health services – school nurse",
  "3D": "Health services – other primary health services",
  "3E": "Health services – A&E",
  "3F": "Health services – other (e.g. hospice)",
  "4": "Housing (LA housing or housing association)",
  "5A": "LA services – social care (e.g. adult social care)",
  "5B": "LA services – other internal",
  "5C": "LA services – external (another local authority)",
  "5D": "LA services – early help",
  "6": "Police",
  "7": "Other legal agency (courts, probation, immigration, CAFCASS, prison)",
  "8": "Other (children's centres, independent providers, voluntary organisations)",
  "9": "Anonymous",
  "10": "Unknown",
} as const;

export type ReferralSource = keyof typeof REFERRAL_SOURCES;
export const REFERRAL_SOURCE_CODES = Object.keys(REFERRAL_SOURCES) as ReferralSource[];

export const PRIMARY_NEEDS = {
  N1: "Abuse or neglect",
  N2: "Child's disability",
  N3: "Parental disability or illness",
  N4: "Family in acute stress",
  N5: "Family dysfunction",
  N6: "Socially unacceptable behaviour",
  N7: "Low income",
  N8: "Absent parenting",
  N9: "Cases other than children in need",
  N0: "Not stated",
} as const;

export type PrimaryNeed = keyof typeof PRIMARY_NEEDS;

export function sourceLabel(code: string): string {
  return REFERRAL_SOURCES[code as ReferralSource] ?? code;
}
