import { describe, expect, it } from "vitest";
import {
  decisionDeadline,
  ENGLAND_AND_WALES_BANK_HOLIDAYS as holidays,
  decisionDeadlinesByDate,
  londonDate,
  londonMidnight,
  partnerDeadline,
} from "../../app/clocks/clocks";

describe("local dates", () => {
  it("takes the date in Europe/London, never the UTC date", () => {
    expect(londonDate(new Date("2024-06-30T23:30:00Z"))).toBe("2024-07-01");
    expect(londonDate(new Date("2024-12-31T23:30:00Z"))).toBe("2024-12-31");
  });

  it("gives each instant its own local date when many are asked, around both changes of the clocks", () => {
    // Remembered by UTC hour: ask first for instants late in each hour, then early, then every few minutes.
    expect(londonDate(Date.parse("2024-10-26T23:59:59.999Z"))).toBe("2024-10-27"); // BST: 00:59 on the 27th
    expect(londonDate(Date.parse("2024-10-26T23:00:00.000Z"))).toBe("2024-10-27");
    expect(londonDate(Date.parse("2024-10-26T22:59:59.999Z"))).toBe("2024-10-26"); // 23:59 BST
    expect(londonDate(Date.parse("2024-10-27T23:30:00.000Z"))).toBe("2024-10-27"); // GMT again: 23:30
    expect(londonDate(Date.parse("2024-03-30T23:59:59.999Z"))).toBe("2024-03-30"); // GMT: 23:59 on the 30th
    expect(londonDate(Date.parse("2024-03-31T23:00:00.000Z"))).toBe("2024-04-01"); // BST: midnight
    const intl = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });
    const from = Date.parse("2024-03-29T00:00:00Z");
    for (let ms = from + 3 * 86_400_000; ms >= from; ms -= 7 * 60_000 + 13_000) expect(londonDate(ms)).toBe(intl.format(ms));
    for (let ms = Date.parse("2024-10-25T00:00:00Z"); ms < Date.parse("2024-10-29T00:00:00Z"); ms += 11 * 60_000 + 7_000) {
      expect(londonDate(new Date(ms))).toBe(intl.format(ms));
    }
    // Before 1900 London's offset was not whole hours: worked out each time.
    expect(londonDate(Date.parse("1847-12-01T00:00:30Z"))).toBe(intl.format(Date.parse("1847-12-01T00:00:30Z")));
  });

  it("works out many contacts' decision deadlines by their local date received", () => {
    const dueAt = decisionDeadlinesByDate(holidays);
    // Friday 23:30 BST is Saturday in London: due at the end of Monday, 17:00 BST... as decisionDeadline says, for each.
    for (const at of ["2024-06-28T22:30:00Z", "2024-06-28T08:00:00Z", "2024-06-29T10:00:00Z", "2024-12-24T16:00:00Z", "2024-12-24T09:00:00Z"]) {
      expect(dueAt(at)).toBe(decisionDeadline(new Date(at), holidays).toISOString());
    }
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
