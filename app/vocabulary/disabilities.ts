/** CIN census disability codes, in census order. A child has NONE alone, or any of the others. */
import { codesOf, type Term } from "./term";

export const DISABILITIES = [
  { code: "NONE", label: "No disability", census: "NONE" },
  { code: "MOB", label: "Mobility", census: "MOB" },
  { code: "HAND", label: "Hand function", census: "HAND" },
  { code: "PC", label: "Personal care", census: "PC" },
  { code: "INC", label: "Incontinence", census: "INC" },
  { code: "COMM", label: "Communication", census: "COMM" },
  { code: "LD", label: "Learning", census: "LD" },
  { code: "HEAR", label: "Hearing", census: "HEAR" },
  { code: "VIS", label: "Vision", census: "VIS" },
  { code: "BEH", label: "Behaviour", census: "BEH" },
  { code: "CON", label: "Consciousness", census: "CON" },
  { code: "AUT", label: "Autism or Asperger syndrome", census: "AUT" },
  { code: "DDA", label: "Other disability (Equality Act)", census: "DDA" },
] as const satisfies readonly Term[];

export type DisabilityCode = (typeof DISABILITIES)[number]["code"];
export const DISABILITY_CODES = codesOf<DisabilityCode>(DISABILITIES);
export const NO_DISABILITY: DisabilityCode = "NONE";

/** Why a set of disability codes cannot be recorded, or null: NONE alone, known codes, each once. */
export function disabilitiesProblem(codes: readonly string[]): string | null {
  if (codes.some((c) => !(DISABILITY_CODES as readonly string[]).includes(c))) return "Choose disabilities from the list";
  if (new Set(codes).size !== codes.length) return "Choose each disability once";
  if (codes.includes(NO_DISABILITY) && codes.length > 1) return "Choose \u201cNo disability\u201d on its own, or the child's disabilities";
  return null;
}

/** The codes in census order (how pages list them and the census returns them). */
export function inCensusOrder(codes: readonly string[]): DisabilityCode[] {
  return DISABILITY_CODES.filter((c) => codes.includes(c));
}
