import { describe, expect, it } from "vitest";
import { durationWords, formatLongDate, timeLeft } from "../../app/clocks/time-left";

const now = new Date("2026-03-02T10:00:00Z");
const at = (ms: number) => new Date(now.getTime() + ms);
const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;

describe("time left to a deadline, in words", () => {
  it("under a day: hours and minutes", () => {
    expect(timeLeft(at(2 * H + 10 * MIN), now).words).toBe("due in 2 h 10 min");
    expect(timeLeft(at(45 * MIN), now).words).toBe("due in 45 min");
    expect(timeLeft(at(3 * H), now).words).toBe("due in 3 h");
    expect(timeLeft(at(23 * H + 59 * MIN + 59_000), now).words).toBe("due in 23 h 59 min");
  });

  it("rounds down, never promising more time than there is", () => {
    expect(timeLeft(at(2 * H + 10 * MIN + 59_000), now).words).toBe("due in 2 h 10 min");
    expect(timeLeft(at(59_000), now).words).toBe("due in less than a minute");
  });

  it("from a day to three: days and hours; from three days: days", () => {
    expect(timeLeft(at(DAY + 4 * H + 30 * MIN), now).words).toBe("due in 1 day 4 h");
    expect(timeLeft(at(2 * DAY), now).words).toBe("due in 2 days");
    expect(timeLeft(at(3 * DAY + 5 * H), now).words).toBe("due in 3 days");
    expect(timeLeft(at(10 * DAY), now).words).toBe("due in 10 days");
  });

  it("past the deadline: overdue by, the same way", () => {
    expect(timeLeft(at(-DAY), now)).toMatchObject({ overdue: true, words: "overdue by 1 day" });
    expect(timeLeft(at(-(DAY + 20 * MIN)), now).words).toBe("overdue by 1 day");
    expect(timeLeft(at(-(DAY + 4 * H)), now).words).toBe("overdue by 1 day 4 h");
    expect(timeLeft(at(-(2 * H + 10 * MIN)), now).words).toBe("overdue by 2 h 10 min");
    expect(timeLeft(at(-4 * DAY), now).words).toBe("overdue by 4 days");
  });

  it("a deadline that is now is overdue; one a minute away is not", () => {
    expect(timeLeft(now, now)).toMatchObject({ overdue: true, words: "overdue by less than a minute" });
    expect(timeLeft(at(MIN), now)).toMatchObject({ overdue: false, words: "due in 1 min" });
  });

  it("accepts the deadline as an ISO string", () => {
    expect(timeLeft("2026-03-02T12:10:00.000Z", now).words).toBe("due in 2 h 10 min");
    expect(durationWords(-90 * MIN)).toBe("1 h 30 min");
  });
});

describe("dates in full", () => {
  it("names the weekday", () => {
    expect(formatLongDate("2027-05-03")).toBe("Monday 3 May 2027");
  });
});
