import { describe, expect, it } from "vitest";
import { againstTarget, exactPct, figureLabel, HEADLINES, monthsBetween, presetOf, presetPeriod, trendMonths } from "../../app/measures/dashboard-terms";
import { readPeriodQuery } from "../../app/measures/measures.schema";

describe("period presets", () => {
  it("gives each preset's dates, both ends included", () => {
    expect(presetPeriod("this-month", "2025-03-18")).toEqual({ from: "2025-03-01", to: "2025-03-18" });
    expect(presetPeriod("last-month", "2025-01-15")).toEqual({ from: "2024-12-01", to: "2024-12-31" });
    expect(presetPeriod("last-month", "2024-03-31")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(presetPeriod("last-12-months", "2025-03-18")).toEqual({ from: "2024-03-19", to: "2025-03-18" });
    // 29 February: a year before is 28 February (MEASURES.md), so the 12 months start on 1 March.
    expect(presetPeriod("last-12-months", "2024-02-29")).toEqual({ from: "2023-03-01", to: "2024-02-29" });
    expect(presetPeriod("this-financial-year", "2025-03-31")).toEqual({ from: "2024-04-01", to: "2025-03-31" });
    expect(presetPeriod("this-financial-year", "2025-04-01")).toEqual({ from: "2025-04-01", to: "2025-04-01" });
    expect(presetOf({ from: "2024-12-01", to: "2024-12-31" }, "2025-01-15")).toBe("last-month");
    expect(presetOf({ from: "2024-12-02", to: "2024-12-31" }, "2025-01-15")).toBeUndefined();
  });

  it("gives 24 calendar months to the period's end, the last cut at the end", () => {
    const months = trendMonths("2025-03-18");
    expect(months).toHaveLength(24);
    expect(months[0]).toEqual({ from: "2023-04-01", to: "2023-04-30" });
    expect(months[10]).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(months[23]).toEqual({ from: "2025-03-01", to: "2025-03-18" });
    expect(monthsBetween("2024-11-15", "2025-01-02").map((m) => m.from)).toEqual(["2024-11-01", "2024-12-01", "2025-01-01"]);
  });
});

describe("percentages and targets", () => {
  it("rounds the exact fraction to one decimal place, halves up (MEASURES.md's examples)", () => {
    expect(exactPct(9, 16)).toBe(56.3);
    expect(exactPct(3, 2000)).toBe(0.2);
    expect(exactPct(1, 3)).toBe(33.3);
    expect(exactPct(2, 3)).toBe(66.7);
    expect(exactPct(0, 5)).toBe(0);
    expect(exactPct(5, 0)).toBeNull();
  });

  it("says whether a target is met, lower being better except for decisions in time", () => {
    const repeat = HEADLINES.find((h) => h.key === "repeat_contacts")!;
    const inTime = HEADLINES.find((h) => h.key === "decided_within_one_working_day")!;
    expect(againstTarget(repeat, 28.8, 20)).toBe("missed");
    expect(againstTarget(repeat, 20, 20)).toBe("met");
    expect(againstTarget(inTime, 69.8, 95)).toBe("missed");
    expect(againstTarget(inTime, null, 95)).toBeNull();
    expect(againstTarget(repeat, 20, null)).toBeNull();
    expect(HEADLINES.map((h) => h.baseline)).toEqual([78, 38, 31, null]);
  });

  it("names figures in words, sources and outcomes by their labels", () => {
    expect(figureLabel("by_source.2A.referrals")).toBe("Contacts from Schools that became referrals");
    expect(figureLabel("outcomes.nfa")).toBe("Decided contacts with the outcome “No further action”");
    expect(figureLabel("re_referrals.denominator")).toBe("Re-referrals: referrals");
  });
});

describe("the period in the address", () => {
  const fallback = { from: "2024-01-01", to: "2024-12-31" };
  it("reads from and to, refusing impossible dates and a reversed period with messages", () => {
    const p = (q: string) => readPeriodQuery(new URLSearchParams(q), "2025-01-15", fallback);
    expect(p("from=2023-01-01&to=2023-12-31")).toEqual({ kind: "period", period: { from: "2023-01-01", to: "2023-12-31" } });
    expect(p("")).toEqual({ kind: "period", period: fallback });
    expect(p("from=2023-02-29&to=2023-12-31")).toMatchObject({ kind: "invalid", errors: { fromDay: "Start date must be a real date" } });
    expect(p("from=2023-12-31&to=2023-01-01")).toMatchObject({ kind: "invalid", errors: { toDay: "End date must be the same as or after the start date" } });
    expect(p("from=2023-01-01")).toMatchObject({ kind: "invalid", errors: { toDay: "Enter the end date" } });
    expect(p("preset=last-month")).toEqual({ kind: "chosen", period: { from: "2024-12-01", to: "2024-12-31" } });
    expect(p("preset=yesterday")).toMatchObject({ kind: "invalid", errors: { preset: "Choose a period" } });
    expect(p("preset=custom&fromDay=1&fromMonth=4&fromYear=2024&toDay=31&toMonth=3&toYear=2025")).toEqual({ kind: "chosen", period: { from: "2024-04-01", to: "2025-03-31" } });
    expect(p("preset=custom&fromDay=31&fromMonth=4&fromYear=2024&toDay=31&toMonth=3&toYear=2025")).toMatchObject({ kind: "invalid", errors: { fromDay: expect.stringContaining("real date") } });
  });
});
