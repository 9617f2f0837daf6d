/** CIN census PrimaryNeedCode (N00101), in census order (N1 … N9, then N0). */
import { codesOf, type Term } from "./term";

export const PRIMARY_NEEDS = [
  { code: "N1", label: "Abuse or neglect", census: "N1" },
  { code: "N2", label: "Child's disability", census: "N2" },
  { code: "N3", label: "Parental disability or illness", census: "N3" },
  { code: "N4", label: "Family in acute stress", census: "N4" },
  { code: "N5", label: "Family dysfunction", census: "N5" },
  { code: "N6", label: "Socially unacceptable behaviour", census: "N6" },
  { code: "N7", label: "Low income", census: "N7" },
  { code: "N8", label: "Absent parenting", census: "N8" },
  { code: "N9", label: "Cases other than children in need", census: "N9" },
  { code: "N0", label: "Not stated", census: "N0" },
] as const satisfies readonly Term[];

export type PrimaryNeedCode = (typeof PRIMARY_NEEDS)[number]["code"];
export const PRIMARY_NEED_CODES = codesOf<PrimaryNeedCode>(PRIMARY_NEEDS);
