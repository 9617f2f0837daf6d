/** The county's continuum of need (DOMAIN.md): 1 universal, 2 early help, 3 targeted help, 4 specialist or statutory. */
import { codesOf, type Term } from "./term";

export const LEVELS_OF_NEED = [
  { code: 1, label: "1 – Universal" },
  { code: 2, label: "2 – Early help" },
  { code: 3, label: "3 – Targeted help" },
  { code: 4, label: "4 – Specialist or statutory" },
] as const satisfies readonly Term<number>[];

export type LevelOfNeedCode = (typeof LEVELS_OF_NEED)[number]["code"];
export const LEVEL_OF_NEED_CODES = codesOf<LevelOfNeedCode>(LEVELS_OF_NEED);
