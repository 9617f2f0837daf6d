import { describe, expect, it } from "vitest";
import { decisionDeadline, partnerDeadline } from "../../app/clocks/clocks";
import { timescalesFrom } from "../../app/clocks/clock-settings.server";
import { addBankHolidaySchema, partnerTimescalesSchema } from "../../app/clocks/clock-settings.schema";
import holidayFile from "../../db/migrations/data/bank-holidays-england-and-wales.json";
import appHolidayFile from "../../app/clocks/bank-holidays-england-and-wales.json";

/** The bank holidays as loaded from the database: rows of `date`, made into the set the clocks take. */
const fromRows = (rows: { date: string }[]) => new Set(rows.map((r) => r.date));

describe("clocks with bank holidays loaded from the database", () => {
  const seeded = fromRows(holidayFile.events);

  it("the migration seeds the same bank holidays the app bundles", () => {
    expect(holidayFile.events).toEqual(appHolidayFile.events);
  });

  it("a holiday the administrator adds moves the decision deadline", () => {
    // Tuesday 2 March 2027 received → due by the end of Wednesday 3 March.
    const received = new Date("2027-03-02T10:00:00Z");
    expect(decisionDeadline(received, seeded).toISOString()).toBe("2027-03-04T00:00:00.000Z");
    const withExtra = new Set([...seeded, "2027-03-03"]);
    expect(decisionDeadline(received, withExtra).toISOString()).toBe("2027-03-05T00:00:00.000Z");
  });

  it("a removed holiday is a working day again", () => {
    // Christmas Eve 2026 (Thursday): Christmas Day and Boxing Day (substitute Monday 28th) are holidays.
    const received = new Date("2026-12-24T10:00:00Z");
    expect(decisionDeadline(received, seeded).toISOString()).toBe("2026-12-30T00:00:00.000Z");
    const without = new Set([...seeded].filter((d) => d !== "2026-12-28"));
    expect(decisionDeadline(received, without).toISOString()).toBe("2026-12-29T00:00:00.000Z");
  });

  it("partner deadlines use the stored timescales", () => {
    const friday = new Date("2024-05-03T14:00:00+01:00"); // Monday 6 May 2024 is a bank holiday
    const timescales = timescalesFrom({ redHours: 2, amberWorkingDays: 2, greenWorkingDays: 5 });
    expect(partnerDeadline("red", friday, seeded, timescales).toISOString()).toBe("2024-05-03T15:00:00.000Z");
    expect(partnerDeadline("amber", friday, seeded, timescales).toISOString()).toBe("2024-05-08T23:00:00.000Z");
    expect(partnerDeadline("green", friday, seeded, timescales).toISOString()).toBe("2024-05-13T23:00:00.000Z");
  });
});

describe("stored timescales", () => {
  it("reads the stored value, as an object or as JSON text", () => {
    expect(timescalesFrom({ redHours: 6, amberWorkingDays: 2, greenWorkingDays: 4 })).toEqual({ redHours: 6, amberWorkingDays: 2, greenWorkingDays: 4 });
    expect(timescalesFrom('{"redHours":3,"amberWorkingDays":1,"greenWorkingDays":3}')).toEqual({ redHours: 3, amberWorkingDays: 1, greenWorkingDays: 3 });
  });

  it("falls back to the defaults for anything missing or malformed", () => {
    expect(timescalesFrom(null)).toEqual({ redHours: 4, amberWorkingDays: 1, greenWorkingDays: 3 });
    expect(timescalesFrom({ redHours: -1, amberWorkingDays: "2", greenWorkingDays: 2.5 })).toEqual({ redHours: 4, amberWorkingDays: 1, greenWorkingDays: 3 });
    expect(timescalesFrom("not json")).toEqual({ redHours: 4, amberWorkingDays: 1, greenWorkingDays: 3 });
  });
});

describe("the administrator's forms", () => {
  const key = { idempotencyKey: "abcdefgh-1", version: "1" };
  it("accepts whole numbers in range, Green at least Amber", () => {
    expect(partnerTimescalesSchema.parse({ ...key, redHours: "4", amberWorkingDays: "1", greenWorkingDays: "3" })).toMatchObject({ redHours: 4, amberWorkingDays: 1, greenWorkingDays: 3, version: 1 });
  });

  it("refuses blanks, fractions, out-of-range values and Green shorter than Amber, naming the field", () => {
    const issues = (v: Record<string, string>) => partnerTimescalesSchema.safeParse({ ...key, ...v }).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues({ redHours: "", amberWorkingDays: "1", greenWorkingDays: "3" })).toEqual([["redHours", "Enter the hours for Red"]]);
    expect(issues({ redHours: "1.5", amberWorkingDays: "1", greenWorkingDays: "3" })).toEqual([["redHours", "The hours for Red must be a whole number, like 1"]]);
    expect(issues({ redHours: "4", amberWorkingDays: "11", greenWorkingDays: "12" })).toEqual([["amberWorkingDays", "The working days for Amber must be between 1 and 10"]]);
    expect(issues({ redHours: "4", amberWorkingDays: "3", greenWorkingDays: "2" })).toEqual([["greenWorkingDays", "Green must allow at least as many working days as Amber"]]);
  });

  it("a bank holiday needs a real date and a name", () => {
    const base = { idempotencyKey: "abcdefgh-1", intent: "add", title: "Coronation" };
    expect(addBankHolidaySchema.parse({ ...base, day: "8", month: "5", year: "2023" })).toMatchObject({ date: "2023-05-08", title: "Coronation" });
    expect(addBankHolidaySchema.safeParse({ ...base, day: "30", month: "2", year: "2027" }).error?.issues[0]).toMatchObject({ path: ["day"], message: "The date must be a real date" });
    expect(addBankHolidaySchema.safeParse({ ...base, day: "1", month: "13", year: "2027" }).error?.issues[0]).toMatchObject({ path: ["month"] });
    expect(addBankHolidaySchema.safeParse({ ...base, day: "1", month: "1", year: "27" }).error?.issues[0]).toMatchObject({ path: ["year"], message: "The year must be 4 numbers, like 2027" });
    expect(addBankHolidaySchema.safeParse({ ...base, day: "1", month: "1", year: "2027", title: " " }).error?.issues[0]).toMatchObject({ path: ["title"], message: "Enter the name of the bank holiday" });
  });
});
