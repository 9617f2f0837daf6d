/**
 * NHS numbers: 10 digits, the last a modulus-11 check digit. Each of the first nine digits is
 * weighted 10 down to 2; the check digit is 11 minus the remainder of the sum divided by 11,
 * where 11 becomes 0 and 10 means the number is not valid (never issued).
 * Same rule as db/seed/synthetic-history.ts `isValidNhsNumber`. Shared by browser and server.
 */

/** Spaces and dashes removed, as people type them ("943 476 5919", "943-476-5919"). */
export function normaliseNhsNumber(value: string): string {
  return value.replace(/[\s-]/g, "");
}

/** The check digit of nine digits, or null when there is none (the remainder gives 10). */
export function nhsCheckDigit(nine: string): number | null {
  if (!/^\d{9}$/.test(nine)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return check === 11 ? 0 : check;
}

/** Why a typed NHS number is not valid, or null when it is (spaces and dashes are allowed). */
export function nhsNumberProblem(value: string): "not_ten_digits" | "check_digit" | null {
  const digits = normaliseNhsNumber(value);
  if (!/^\d{10}$/.test(digits)) return "not_ten_digits";
  return nhsCheckDigit(digits.slice(0, 9)) === Number(digits[9]) ? null : "check_digit";
}

export function isValidNhsNumber(value: string): boolean {
  return nhsNumberProblem(value) === null;
}

/** The messages for each problem, in the GOV.UK style. */
export const NHS_NUMBER_MESSAGES = {
  not_ten_digits: "Enter a valid NHS number: it has 10 digits, like 943 476 5919",
  check_digit: "Enter a valid NHS number: the check digit does not match",
} as const;

/** As people read it: "943 476 5919". Anything that is not 10 digits is returned as it is. */
export function formatNhsNumber(value: string): string {
  const digits = normaliseNhsNumber(value);
  return /^\d{10}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : value;
}
