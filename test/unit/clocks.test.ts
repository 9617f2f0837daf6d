import { describe, expect, it } from "vitest";
import {
  decisionDeadline,
  ENGLAND_AND_WALES_BANK_HOLIDAYS as holidays,
  londonDate,
  londonMidnight,
  partnerDeadline,
} from "../../app/clocks/clocks";

describe("local dates", () => {
  it("takes the date in Europe/London, never the UTC date", () => {
    expect(londonDate(new Date("2024-06-30T23:30:00Z"))).toBe("2024-07-01");
    expect(londonDate(new Date("2024-12-31T23:30:00Z"))).toBe("2024-12-31");
  });

  it("finds local midnight in winter and in summer time", () => {
    expect(londonMidnight("2024-01-15").toISOString()).toBe("2024-01-15T00:00:00.000Z");
    expect(londonMidnight("2024-07-01").toISOString()).toBe("2024-06-30T23:00:00.000Z");
    // The clocks go forward at 01:00 on 31 March 2024: that day still begins at GMT midnight.
    expect(londonMidnight("2024-03-31").toISOString()).toBe("2024-03-31T00:00:00.000Z");
    expect(londonMidnight("2024-04-01").toISOString()).toBe("2024-03-31T23:00:00.000Z");
  });
});

describe("the decision clock (end of the next working day)", () => {
  it("a Monday contact is due by the end of Tuesday", () => {
    expect(decisionDeadline(new Date("2024-06-03T10:00:00+01:00"), holidays).toISOString()).toBe("2024-06-04T23:00:00.000Z");
  });

  it("received on a Saturday: by the end of Monday", () => {
    expect(decisionDeadline(new Date("2024-06-08T10:00:00+01:00"), holidays).toISOString()).toBe("2024-06-10T23:00:00.000Z");
  });

  it("received the Thursday before Easter: by the end of the Tuesday after Easter Monday", () => {
    // Easter 2024: Good Friday 29 March, Easter Monday 1 April.
    expect(decisionDeadline(new Date("2024-03-28T15:00:00Z"), holidays).toISOString()).toBe("2024-04-02T23:00:00.000Z");
  });

  it("received late on a Friday evening in summer time: the local date counts", () => {
    // 23:30 UTC on Friday 28 June is 00:30 on Saturday 29 June in London → due by the end of Monday 1 July.
    expect(decisionDeadline(new Date("2024-06-28T23:30:00Z"), holidays).toISOString()).toBe("2024-07-01T23:00:00.000Z");
  });

  it("skips Christmas and Boxing Day", () => {
    expect(decisionDeadline(new Date("2024-12-24T16:00:00Z"), holidays).toISOString()).toBe("2024-12-28T00:00:00.000Z");
  });
});

describe("partners' clocks from the priority", () => {
  const friday = new Date("2024-05-03T14:00:00+01:00"); // the Monday after is the Early May bank holiday
  it("Red: four hours, whatever the day", () => {
    expect(partnerDeadline("red", friday, holidays).toISOString()).toBe("2024-05-03T17:00:00.000Z");
  });
  it("Amber: the end of the next working day", () => {
    expect(partnerDeadline("amber", friday, holidays).toISOString()).toBe("2024-05-07T23:00:00.000Z");
  });
  it("Green: the end of the third working day", () => {
    expect(partnerDeadline("green", friday, holidays).toISOString()).toBe("2024-05-09T23:00:00.000Z");
  });
  it("timescales can be configured", () => {
    expect(partnerDeadline("red", friday, holidays, { redHours: 2, amberWorkingDays: 1, greenWorkingDays: 3 }).toISOString()).toBe("2024-05-03T15:00:00.000Z");
  });
});

describe("local date and time to an instant", () => {
  it("reads summer and winter times", async () => {
    const { londonDateTime } = await import("../../app/clocks/clocks");
    expect(londonDateTime("2024-07-01", "09:30").toISOString()).toBe("2024-07-01T08:30:00.000Z");
    expect(londonDateTime("2024-01-15", "09:30").toISOString()).toBe("2024-01-15T09:30:00.000Z");
    // 01:30 happens twice on 27 October 2024: the first (BST) is taken.
    expect(londonDateTime("2024-10-27", "01:30").toISOString()).toBe("2024-10-27T00:30:00.000Z");
  });
});
