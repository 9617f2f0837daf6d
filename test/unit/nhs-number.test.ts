import { describe, expect, it } from "vitest";
import { isValidNhsNumber as seedIsValid } from "../../db/seed/synthetic-history";
import { formatNhsNumber, isValidNhsNumber, nhsCheckDigit, nhsNumberProblem, normaliseNhsNumber } from "../../app/people/nhs-number";

describe("NHS numbers", () => {
  it("removes the spaces and dashes people type", () => {
    expect(normaliseNhsNumber(" 943 476 5919 ")).toBe("9434765919");
    expect(normaliseNhsNumber("943-476-5919")).toBe("9434765919");
  });

  it("accepts a number whose last digit is its modulus-11 check digit", () => {
    expect(isValidNhsNumber("9434765919")).toBe(true);
    expect(isValidNhsNumber("943 476 5919")).toBe(true);
    expect(nhsCheckDigit("943476591")).toBe(9);
    expect(nhsNumberProblem("943 476 5919")).toBeNull();
  });

  it("refuses a wrong check digit", () => {
    expect(isValidNhsNumber("9434765918")).toBe(false);
    expect(nhsNumberProblem("9434765918")).toBe("check_digit");
  });

  it("gives check digit 0 when 11 − remainder is 11", () => {
    // 0·10 + … = 0, remainder 0 → 11 − 0 = 11 → 0.
    expect(nhsCheckDigit("000000000")).toBe(0);
    expect(isValidNhsNumber("0000000000")).toBe(true);
  });

  it("treats check digit 10 as never valid, whatever the last digit", () => {
    // 9·10 + 9·9 + 9·8 = 243 = 22·11 + 1 → 11 − 1 = 10: no number starting 999000000 is valid.
    expect(nhsCheckDigit("999000000")).toBeNull();
    for (let last = 0; last <= 9; last++) expect(isValidNhsNumber(`999000000${last}`)).toBe(false);
    expect(nhsNumberProblem("9990000000")).toBe("check_digit");
  });

  it("refuses anything that is not 10 digits", () => {
    for (const bad of ["", "943476591", "94347659190", "94347659a9", "943 476 591 9x"]) {
      expect(isValidNhsNumber(bad)).toBe(false);
      expect(nhsNumberProblem(bad)).toBe("not_ten_digits");
    }
  });

  it("agrees with the synthetic data's rule on every number of a range", () => {
    for (let i = 0; i < 5_000; i++) {
      const candidate = `999${String(i * 37).padStart(7, "0")}`.slice(0, 10);
      expect(isValidNhsNumber(candidate)).toBe(seedIsValid(candidate));
    }
  });

  it("formats as people read it", () => {
    expect(formatNhsNumber("9434765919")).toBe("943 476 5919");
    expect(formatNhsNumber("abc")).toBe("abc");
  });
});
