/**
 * Red, amber, green: the priority a screener sets (it sets partners' deadlines: Red 4 hours, Amber
 * the end of the next working day, Green the end of the third working day), and each partner
 * agency's own rating of the information it returns.
 */
import { codesOf, type Term } from "./term";

export const RAG_RATINGS = [
  { code: "red", label: "Red" },
  { code: "amber", label: "Amber" },
  { code: "green", label: "Green" },
] as const satisfies readonly Term[];

export type RagCode = (typeof RAG_RATINGS)[number]["code"];
export const RAG_CODES = codesOf<RagCode>(RAG_RATINGS);
