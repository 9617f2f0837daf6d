import { describe, expect, it } from "vitest";
import {
  childLinkSchema,
  dateText,
  formatPostcode,
  newPersonSchema,
  parseDateText,
  personMergeSchema,
  personSearchSchema,
  todayInLondon,
} from "../../app/people/person-search.schema";
import { fieldErrors } from "../../app/ui/forms";

const errorsOf = (result: { success: boolean; error?: unknown }) => (result.success ? {} : fieldErrors(result.error as never));

describe("the person search form", () => {
  it("needs a surname, an NHS number, or a date of birth and a postcode", () => {
    const message = "Enter the child's last name, their NHS number, or their date of birth and postcode";
    expect(errorsOf(personSearchSchema.safeParse({}))).toEqual({ lastName: message });
    expect(errorsOf(personSearchSchema.safeParse({ firstName: "John", dateOfBirth: "1/2/2015" }))).toEqual({ lastName: message });
    expect(personSearchSchema.safeParse({ lastName: "Smyth" }).success).toBe(true);
    expect(personSearchSchema.safeParse({ nhsNumber: "943 476 5919" }).success).toBe(true);
    expect(personSearchSchema.safeParse({ dateOfBirth: "27/3/2015", postcode: "ex1 1aa" }).success).toBe(true);
  });

  it("normalises what it is given", () => {
    const parsed = personSearchSchema.parse({ firstName: "  Jon ", lastName: "Smyth", dateOfBirth: "27/3/2015", postcode: "ex11aa", nhsNumber: "943-476-5919" });
    expect(parsed).toEqual({ firstName: "Jon", lastName: "Smyth", dateOfBirth: "2015-03-27", postcode: "EX1 1AA", nhsNumber: "9434765919" });
    expect(personSearchSchema.parse({ lastName: "Smith", firstName: "", postcode: "" })).toEqual({ lastName: "Smith" });
  });

  it("explains an NHS number whose check digit does not match", () => {
    expect(errorsOf(personSearchSchema.safeParse({ nhsNumber: "943 476 5918" }))).toMatchObject({
      nhsNumber: "Enter a valid NHS number: the check digit does not match",
    });
    expect(errorsOf(personSearchSchema.safeParse({ nhsNumber: "12345" })).nhsNumber).toMatch(/10 digits/);
  });

  it("refuses dates that do not exist and postcodes that are not whole", () => {
    expect(errorsOf(personSearchSchema.safeParse({ lastName: "Smith", dateOfBirth: "31/2/2015" })).dateOfBirth).toMatch(/real date/);
    expect(errorsOf(personSearchSchema.safeParse({ lastName: "Smith", postcode: "EX1" })).postcode).toMatch(/full postcode/);
    expect(errorsOf(personSearchSchema.safeParse({ lastName: "Sm1th" })).lastName).toMatch(/letters/);
  });
});

describe("dates and postcodes as typed", () => {
  it("reads the ways people write dates", () => {
    for (const text of ["27/3/2015", "27/03/2015", "27-03-2015", "27.3.2015", "27 3 2015", "2015-03-27"]) expect(parseDateText(text)).toBe("2015-03-27");
    expect(parseDateText("29/2/2023")).toBeNull();
    expect(parseDateText("29/2/2024")).toBe("2024-02-29");
    expect(parseDateText("March 2015")).toBeNull();
    expect(dateText("2015-03-27")).toBe("27/03/2015");
  });

  it("writes postcodes with their space", () => {
    expect(formatPostcode("ex11aa")).toBe("EX1 1AA");
    expect(formatPostcode("SW1A2AA")).toBe("SW1A 2AA");
  });
});

describe("a new person", () => {
  const base = { lastName: "Vosper", sex: "F" };
  it("needs a last name and the sex", () => {
    expect(errorsOf(newPersonSchema.safeParse({}))).toMatchObject({ lastName: "Enter the child's last name", sex: "Choose the child's sex, or Not known" });
  });

  it("takes a date of birth or an expected date of birth, never both", () => {
    const today = todayInLondon();
    const soon = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    expect(errorsOf(newPersonSchema.safeParse({ ...base, dateOfBirth: "1/1/2015", expectedDateOfBirth: soon }))).toEqual({
      expectedDateOfBirth: "Enter a date of birth or an expected date of birth, not both",
    });
    expect(newPersonSchema.safeParse({ ...base, expectedDateOfBirth: soon, sex: "U" }).success).toBe(true);
    expect(errorsOf(newPersonSchema.safeParse({ ...base, dateOfBirth: soon })).dateOfBirth).toMatch(/today or in the past/);
    expect(errorsOf(newPersonSchema.safeParse({ ...base, expectedDateOfBirth: "1/1/2015" })).expectedDateOfBirth).toMatch(/future/);
    expect(newPersonSchema.safeParse({ ...base, dateOfBirth: today }).success).toBe(true);
  });

  it("accepts CIN census ethnicity codes only", () => {
    expect(newPersonSchema.safeParse({ ...base, ethnicity: "WBRI" }).success).toBe(true);
    expect(errorsOf(newPersonSchema.safeParse({ ...base, ethnicity: "XXXX" })).ethnicity).toBe("Choose an ethnicity from the list");
  });
});

describe("linking and merging", () => {
  it("carries the contact's version and a submission key", () => {
    expect(childLinkSchema.parse({ intent: "link", personId: "p1", version: "3", idempotencyKey: "k".repeat(20) })).toEqual({
      intent: "link",
      personId: "p1",
      version: 3,
      idempotencyKey: "k".repeat(20),
    });
    expect(childLinkSchema.safeParse({ intent: "link", personId: "p1" }).success).toBe(false);
    const created = childLinkSchema.safeParse({ intent: "create", version: "1", idempotencyKey: "k".repeat(20), lastName: "Vosper", sex: "M", dateOfBirth: "1/1/2015", expectedDateOfBirth: "1/1/2030" });
    expect(errorsOf(created).expectedDateOfBirth).toMatch(/not both/);
  });

  it("refuses merging a record into itself and needs a reason", () => {
    expect(errorsOf(personMergeSchema.safeParse({ survivorId: "a", mergedId: "a", reason: "same", idempotencyKey: "k".repeat(20) }))).toEqual({
      mergedId: "Choose two different records: a record cannot be merged into itself",
    });
    expect(errorsOf(personMergeSchema.safeParse({ survivorId: "a", mergedId: "b", reason: " ", idempotencyKey: "k".repeat(20) })).reason).toMatch(/same child/);
  });
});

describe("every problem at once", () => {
  it("reports both dates given even when the sex is missing", () => {
    expect(errorsOf(newPersonSchema.safeParse({ lastName: "Vosper", dateOfBirth: "1/1/2015", expectedDateOfBirth: "1/1/2030" }))).toEqual({
      sex: "Choose the child's sex, or Not known",
      expectedDateOfBirth: "Enter a date of birth or an expected date of birth, not both",
    });
  });
});
