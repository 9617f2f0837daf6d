import { describe, expect, it } from "vitest";
import { wholeMonthsOf } from "../../db/queries/measures/measures";

// A period's whole months (counted from the contacts counted by month, decision 035): the first day of
// the first whole month, and the first day of the month after the last (exclusive). Worked by hand.
describe("the whole months of a period", () => {
  it("are all of a period from a 1st to a month's last day", () => {
    expect(wholeMonthsOf({ from: "2025-04-01", to: "2026-03-31" })).toEqual({ from: "2025-04-01", until: "2026-04-01" });
    expect(wholeMonthsOf({ from: "2025-12-01", to: "2025-12-31" })).toEqual({ from: "2025-12-01", until: "2026-01-01" });
  });
  it("leave out a part month at either end", () => {
    expect(wholeMonthsOf({ from: "2025-04-02", to: "2026-03-31" })).toEqual({ from: "2025-05-01", until: "2026-04-01" });
    expect(wholeMonthsOf({ from: "2025-04-01", to: "2026-03-30" })).toEqual({ from: "2025-04-01", until: "2026-03-01" });
    expect(wholeMonthsOf({ from: "2024-12-15", to: "2025-01-31" })).toEqual({ from: "2025-01-01", until: "2025-02-01" });
  });
  it("end February on the 29th in a leap year and the 28th otherwise", () => {
    expect(wholeMonthsOf({ from: "2024-02-01", to: "2024-02-29" })).toEqual({ from: "2024-02-01", until: "2024-03-01" });
    expect(wholeMonthsOf({ from: "2024-02-01", to: "2024-02-28" })).toBeNull();
    expect(wholeMonthsOf({ from: "2023-02-01", to: "2023-02-28" })).toEqual({ from: "2023-02-01", until: "2023-03-01" });
  });
  it("are none in a period inside one month, or across two part months", () => {
    expect(wholeMonthsOf({ from: "2025-06-01", to: "2025-06-01" })).toBeNull();
    expect(wholeMonthsOf({ from: "2025-04-02", to: "2025-05-30" })).toBeNull();
  });
  it("keep years below 100 as they are", () => {
    expect(wholeMonthsOf({ from: "0050-01-01", to: "0050-01-31" })).toEqual({ from: "0050-01-01", until: "0050-02-01" });
  });
});
