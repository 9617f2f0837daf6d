/**
 * The funnel plot's control limits (app/measures/funnel.ts), against values worked by hand:
 * limits = p ± z·√(p(1−p)/n), clamped to 0–1, with z = 1.96 (95%) and 3.09 (99.8%).
 */
import { describe, expect, it } from "vitest";
import { controlLimits, funnelStatus, isOutsideLimits, limitCurve, limitsAt, Z95, Z998 } from "../../app/measures/funnel";

const close = (actual: { lower: number; upper: number }, lower: number, upper: number) => {
  expect(actual.lower).toBeCloseTo(lower, 10);
  expect(actual.upper).toBeCloseTo(upper, 10);
};

describe("control limits", () => {
  it("uses z = 1.96 and z = 3.09", () => {
    expect(Z95).toBe(1.96);
    expect(Z998).toBe(3.09);
  });

  it("p = 0.5, n = 16: √(0.25/16) = 0.125; 1.96 × 0.125 = 0.245; 3.09 × 0.125 = 0.38625", () => {
    const l = controlLimits(0.5, 16);
    close(l.inner, 0.255, 0.745);
    close(l.outer, 0.11375, 0.88625);
  });

  it("p = 0.2, n = 100: √(0.16/100) = 0.04; 1.96 × 0.04 = 0.0784; 3.09 × 0.04 = 0.1236", () => {
    const l = controlLimits(0.2, 100);
    close(l.inner, 0.1216, 0.2784);
    close(l.outer, 0.0764, 0.3236);
  });

  it("p = 0.5, n = 8: √(0.25/8) = 0.1767767; 95% ± 0.3464823, 99.8% ± 0.5462400 (the lower one clamped to 0)", () => {
    const l = controlLimits(0.5, 8);
    expect(l.inner.lower).toBeCloseTo(0.1535177, 6);
    expect(l.inner.upper).toBeCloseTo(0.8464823, 6);
    expect(l.outer.lower).toBe(0);
    expect(l.outer.upper).toBe(1);
  });

  it("clamps to 0–100%: p = 0.1, n = 4 (√(0.09/4) = 0.15) and p = 0.9, n = 1 (√0.09 = 0.3)", () => {
    // 0.1 ± 0.294 → −0.194 (clamped to 0) … 0.394; 0.1 ± 0.4635 → 0 … 0.5635.
    close(controlLimits(0.1, 4).inner, 0, 0.394);
    close(controlLimits(0.1, 4).outer, 0, 0.5635);
    // 0.9 ± 0.588 → 0.312 … 1.488 (clamped to 1).
    close(limitsAt(0.9, 1, Z95), 0.312, 1);
  });

  it("has no width when every contact or none became a referral", () => {
    close(limitsAt(0, 50, Z998), 0, 0);
    close(limitsAt(1, 50, Z998), 1, 1);
  });

  it("refuses a group with no contacts and a proportion outside 0–1", () => {
    expect(() => limitsAt(0.5, 0, Z95)).toThrow();
    expect(() => limitsAt(1.2, 10, Z95)).toThrow();
  });
});

describe("where a share lies", () => {
  it("p = 0.5, n = 16 (95%: 0.255–0.745; 99.8%: 0.11375–0.88625)", () => {
    expect(funnelStatus(15, 16, 0.5)).toBe("well_above"); // 0.9375
    expect(funnelStatus(14, 16, 0.5)).toBe("above"); // 0.875
    expect(funnelStatus(12, 16, 0.5)).toBe("above"); // 0.75 > 0.745
    expect(funnelStatus(11, 16, 0.5)).toBe("within"); // 0.6875
    expect(funnelStatus(8, 16, 0.5)).toBe("within");
    expect(funnelStatus(5, 16, 0.5)).toBe("within"); // 0.3125
    expect(funnelStatus(4, 16, 0.5)).toBe("below"); // 0.25 < 0.255
    expect(funnelStatus(2, 16, 0.5)).toBe("below"); // 0.125 > 0.11375
    expect(funnelStatus(1, 16, 0.5)).toBe("well_below"); // 0.0625
    expect(funnelStatus(0, 16, 0.5)).toBe("well_below");
  });

  it("a share on a clamped limit is not outside it", () => {
    // p = 0.1, n = 4: 0 is the (clamped) lower limit itself; 0.5 > 0.394; 0.75 > 0.5635.
    expect(funnelStatus(0, 4, 0.1)).toBe("within");
    expect(funnelStatus(2, 4, 0.1)).toBe("above");
    expect(funnelStatus(3, 4, 0.1)).toBe("well_above");
    // p = 0.5, n = 1: limits 0–1 (clamped): neither 0 nor 1 is outside.
    expect(funnelStatus(0, 1, 0.5)).toBe("within");
    expect(funnelStatus(1, 1, 0.5)).toBe("within");
  });

  it("has nothing to compare without decided contacts", () => {
    expect(funnelStatus(0, 0, 0.5)).toBe("no_decided");
    expect(isOutsideLimits("no_decided")).toBe(false);
    expect(isOutsideLimits("within")).toBe(false);
    expect(isOutsideLimits("below")).toBe(true);
    expect(isOutsideLimits("well_above")).toBe(true);
  });
});

describe("limit curves for drawing", () => {
  it("runs from n = 1 to the largest group, in order, with the limits at each n", () => {
    const curve = limitCurve(0.5, Z95, 16, 10);
    expect(curve[0]!.n).toBe(1);
    expect(curve[curve.length - 1]!.n).toBe(16);
    for (let i = 1; i < curve.length; i++) expect(curve[i]!.n).toBeGreaterThan(curve[i - 1]!.n);
    close(curve[curve.length - 1]!, 0.255, 0.745);
    // At n = 1 the 95% limits are 0.5 ± 0.98, clamped: 0 … 1.
    close(curve[0]!, 0, 1);
    expect(limitCurve(0.5, Z95, 0)).toEqual([]);
  });
});
