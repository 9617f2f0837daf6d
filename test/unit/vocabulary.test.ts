/**
 * The one vocabulary: census lists in census order (spec/cin-census.md), Annex A wording as
 * spec/annex-a.md writes it. Expected values are typed from the specs, not computed from the code.
 */
import { describe, expect, it } from "vitest";
import {
  choicesOf,
  codesOf,
  DISABILITIES,
  disabilitiesProblem,
  ETHNICITIES,
  FACTORS,
  inCensusOrder,
  labelOf,
  LEVELS_OF_NEED,
  OUTCOMES,
  PRIMARY_NEEDS,
  REFERRAL_SOURCES,
  SEXES,
} from "../../app/vocabulary";
import * as vocabulary from "../../app/vocabulary";
import type { Term } from "../../app/vocabulary";

describe("census lists in census order, never in JavaScript key order", () => {
  it("referral sources run 1A … 10 as the census lists them", () => {
    expect(codesOf(REFERRAL_SOURCES)).toEqual([
      "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10",
    ]);
    // What an object would have done: integer-like keys first.
    expect(Object.keys({ "1A": 1, "10": 2, "4": 3 })).toEqual(["4", "10", "1A"]);
    expect(choicesOf(REFERRAL_SOURCES).map((c) => c.value).slice(-3)).toEqual(["8", "9", "10"]);
  });

  it("primary needs run N1 … N9 then N0", () => {
    expect(codesOf(PRIMARY_NEEDS)).toEqual(["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9", "N0"]);
  });

  it("factors run in census order, 20 and 21 between 19C and 22A", () => {
    expect(codesOf(FACTORS)).toEqual([
      "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C", "6A", "6B", "6C",
      "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A",
      "18B", "18C", "19B", "19C", "20", "21", "22A", "23A", "24A",
    ]);
  });

  it("disabilities and ethnicities as the census lists them", () => {
    expect(codesOf(DISABILITIES)).toEqual(["NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"]);
    expect(codesOf(ETHNICITIES)).toEqual([
      "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
      "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
    ]);
    expect(inCensusOrder(["LD", "NONE", "MOB"])).toEqual(["NONE", "MOB", "LD"]);
  });
});

describe("Annex A wording and census codes", () => {
  it("writes contact sources as Annex A does, 5D as p1)", () => {
    const annexA = Object.fromEntries(REFERRAL_SOURCES.map((t) => [t.code, t.annexA]));
    expect(annexA).toMatchObject({ "1A": "a) 1A: Individual", "5C": "p) 5C: LA services", "5D": "p1) 5D: LA services", "6": "q) 6: Police", "10": "u) 10: Unknown" });
  });

  it("writes ethnicity as a) WBRI … t) NOBT", () => {
    expect(ETHNICITIES[0]!.annexA).toBe("a) WBRI");
    expect(ETHNICITIES.find((t) => t.code === "CHNE")!.annexA).toBe("q) CHNE");
    expect(ETHNICITIES.at(-1)!.annexA).toBe("t) NOBT");
  });

  it("maps sex to Annex A gender and to GenderCurrent 1/2/0", () => {
    expect(SEXES.map((t) => [t.code, t.annexA, t.census])).toEqual([
      ["M", "a) Male", "1"],
      ["F", "b) Female", "2"],
      ["U", "c) Not stated/recorded", "0"],
    ]);
  });
});

describe("one definition per code", () => {
  const lists = Object.entries(vocabulary).filter(
    ([, v]) => Array.isArray(v) && v.length > 0 && typeof v[0] === "object" && v[0] !== null && "code" in v[0] && "label" in v[0],
  ) as [string, readonly Term<string | number>[]][];

  it("finds the lists", () => {
    expect(lists.map(([name]) => name)).toEqual(expect.arrayContaining(["REFERRAL_SOURCES", "CHANNELS", "OUTCOMES", "PRIMARY_NEEDS", "ETHNICITIES", "SEXES", "DISABILITIES", "FACTORS", "LEVELS_OF_NEED", "RAG_RATINGS", "CONSENT_STATUSES", "REQUEST_STATUSES", "STEP_DOWN_STATUSES"]));
  });

  it.each(lists)("%s has each code once, each with a label", (_name, list) => {
    expect(new Set(list.map((t) => t.code)).size).toBe(list.length);
    for (const term of list) expect(term.label.trim()).not.toBe("");
  });

  it("shows labels, and an unknown code as it is", () => {
    expect(labelOf(OUTCOMES, "existing_case")).toBe("Passed to allocated worker");
    expect(labelOf(LEVELS_OF_NEED, 3)).toBe("3 – Targeted help");
    expect(labelOf(REFERRAL_SOURCES, "99")).toBe("99");
  });

  it("takes NONE only on its own", () => {
    expect(disabilitiesProblem(["NONE"])).toBeNull();
    expect(disabilitiesProblem(["MOB", "LD"])).toBeNull();
    expect(disabilitiesProblem([])).toBeNull();
    expect(disabilitiesProblem(["NONE", "LD"])).toBe("Choose \u201cNo disability\u201d on its own, or the child's disabilities");
    expect(disabilitiesProblem(["XYZ"])).toBe("Choose disabilities from the list");
  });
});
