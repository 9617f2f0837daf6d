import { describe, expect, it } from "vitest";
import { earlierReferralsWithinYear, isReReferral, isRepeatContact, twelveMonthsBefore } from "../../app/measures/look-back";

const c = (id: string, receivedAt: string, outcome: string | null = "nfa", decidedAt: string | null = null) => ({ id, receivedAt, outcome, decidedAt: decidedAt ?? (outcome ? receivedAt : null) });

describe("twelve months before", () => {
  it("is the same day of the month a year earlier", () => {
    expect(twelveMonthsBefore("2024-07-01")).toBe("2023-07-01");
  });
  it("takes 29 February to 28 February", () => {
    expect(twelveMonthsBefore("2024-02-29")).toBe("2023-02-28");
  });
});

describe("repeat contacts", () => {
  it("an earlier contact on the boundary day counts", () => {
    const now = c("b", "2024-07-01T10:00:00+01:00");
    expect(isRepeatContact(now, [c("a", "2023-07-01T09:00:00+01:00")])).toBe(true);
    expect(isRepeatContact(now, [c("a", "2023-06-30T23:30:00Z")])).toBe(true); // 00:30 on 1 July in London
    expect(isRepeatContact(now, [c("a", "2023-06-30T22:00:00Z")])).toBe(false); // 23:00 on 30 June in London
  });
  it("a pending earlier contact counts; a duplicate never does; a later one never does", () => {
    const now = c("b", "2024-07-01T10:00:00+01:00");
    expect(isRepeatContact(now, [c("a", "2024-06-01T10:00:00+01:00", null)])).toBe(true);
    expect(isRepeatContact(now, [c("a", "2024-06-01T10:00:00+01:00", "duplicate")])).toBe(false);
    expect(isRepeatContact(now, [c("a", "2024-07-01T11:00:00+01:00")])).toBe(false);
  });
  it("the same moment is not earlier", () => {
    expect(isRepeatContact(c("b", "2024-07-01T10:00:00Z"), [c("a", "2024-07-01T10:00:00Z")])).toBe(false);
  });
});

describe("re-referrals", () => {
  const referral = (id: string, decidedAt: string, outcome = "referral") => c(id, "2023-01-01T00:00:00Z", outcome, decidedAt);
  it("counts an earlier referral within twelve months of the referral date, strategy discussions included", () => {
    const r = referral("b", "2024-05-10T12:00:00+01:00");
    expect(isReReferral(r, [referral("a", "2023-05-10T09:00:00+01:00", "strategy_discussion")])).toBe(true);
    expect(isReReferral(r, [referral("a", "2023-05-09T23:30:00+01:00")])).toBe(false);
  });
  it("orders by referral date, then decision time", () => {
    const r = referral("b", "2024-05-10T12:00:00+01:00");
    expect(earlierReferralsWithinYear(r, [referral("a", "2024-05-10T11:00:00+01:00")]).map((x) => x.id)).toEqual(["a"]);
    expect(isReReferral(r, [referral("a", "2024-05-10T13:00:00+01:00")])).toBe(false);
  });
  it("a contact that is not a referral is never a re-referral", () => {
    expect(isReReferral(c("b", "2024-05-10T12:00:00Z", "nfa"), [referral("a", "2024-01-01T10:00:00Z")])).toBe(false);
  });
});
