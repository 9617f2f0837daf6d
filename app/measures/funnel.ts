/**
 * The funnel plot's control limits (issue 9 item 7, decision 013). Pure: shared by the referrers
 * service, the page and its chart, and tested by hand-worked values (test/unit/funnel.test.ts).
 *
 * Each group (a referral source, a referring organisation) has `n` decided contacts of which `x` became
 * referrals. If every group's contacts became referrals at the county's rate `p` (all decided
 * contacts of the period), a group's share x/n would lie, by the normal approximation to the binomial,
 * within `p ± z·√(p(1−p)/n)` — for z = 1.96 in 95 of 100 groups, for z = 3.09 in 998 of 1,000. The
 * limits are clamped to 0–100%. A share outside them is further from the county's than chance alone
 * would usually make it.
 */

/** 95% limits (two-sided): z = 1.96. */
export const Z95 = 1.96;
/** 99.8% limits (two-sided): z = 3.09. */
export const Z998 = 3.09;

/** One pair of limits, as proportions from 0 to 1. */
export interface Limits {
  lower: number;
  upper: number;
}

export interface ControlLimits {
  /** 95% limits. */
  inner: Limits;
  /** 99.8% limits. */
  outer: Limits;
}

const clamp = (v: number) => Math.min(1, Math.max(0, v));

/** `p ± z·√(p(1−p)/n)`, clamped to 0–1, for a proportion `p` (0–1) and `n` ≥ 1 decided contacts. */
export function limitsAt(p: number, n: number, z: number): Limits {
  if (!(n >= 1)) throw new Error(`limitsAt needs at least one contact, not ${n}`);
  if (!(p >= 0 && p <= 1)) throw new Error(`limitsAt needs a proportion from 0 to 1, not ${p}`);
  const spread = z * Math.sqrt((p * (1 - p)) / n);
  return { lower: clamp(p - spread), upper: clamp(p + spread) };
}

/** The 95% and 99.8% limits around `p` for a group of `n` decided contacts. */
export function controlLimits(p: number, n: number): ControlLimits {
  return { inner: limitsAt(p, n, Z95), outer: limitsAt(p, n, Z998) };
}

/**
 * Where a group's share lies:
 * - `well_below` / `well_above`: outside the 99.8% limits;
 * - `below` / `above`: outside the 95% limits (but inside the 99.8% ones);
 * - `within`: on or inside the 95% limits;
 * - `no_decided`: no decided contacts, so no share to compare.
 */
export type FunnelStatus = "well_below" | "below" | "within" | "above" | "well_above" | "no_decided";

/** Where `referrals` of `decided` lies against the limits around `p`. */
export function funnelStatus(referrals: number, decided: number, p: number): FunnelStatus {
  if (decided === 0) return "no_decided";
  const share = referrals / decided;
  const { inner, outer } = controlLimits(p, decided);
  if (share < outer.lower) return "well_below";
  if (share > outer.upper) return "well_above";
  if (share < inner.lower) return "below";
  if (share > inner.upper) return "above";
  return "within";
}

/** Whether a status lies outside the 95% limits. */
export function isOutsideLimits(status: FunnelStatus): boolean {
  return status === "well_below" || status === "below" || status === "above" || status === "well_above";
}

/** The status in words (the page's tags and the chart's accessible names). */
export const FUNNEL_STATUS_WORDS: Record<FunnelStatus, string> = {
  well_below: "Well below expected",
  below: "Below expected",
  within: "As expected",
  above: "Above expected",
  well_above: "Well above expected",
  no_decided: "Nothing decided yet",
};

/**
 * The points of one limit curve, for drawing: from n = 1 to `maxN`, denser where the curve bends
 * (small n), each `{ n, lower, upper }` with the limits as proportions.
 */
export function limitCurve(p: number, z: number, maxN: number, steps = 80): { n: number; lower: number; upper: number }[] {
  if (maxN < 1) return [];
  const ns = new Set<number>();
  // Evenly spaced in √n: the curves change fastest at small n.
  const top = Math.sqrt(maxN);
  for (let i = 0; i <= steps; i++) ns.add(Math.max(1, (1 + ((top - 1) * i) / steps) ** 2));
  ns.add(maxN);
  return [...ns].sort((a, b) => a - b).map((n) => ({ n, ...limitsAt(p, n, z) }));
}

/** A referral source or an organisation on the funnel plot, as the service works it out and the page draws it. */
export interface ReferrerGroup {
  /** `source` or `organisation`. */
  kind: "source" | "organisation";
  /** The census source code, or the organisation's key (`none`: no organisation given). */
  key: string;
  /** The figures' prefix: `by_source.<code>` or `by_organisation.<key>` (add `.contacts`, `.decided`, `.referrals`). */
  figure: string;
  /** In words: the source's label, or the organisation's most common spelling. */
  label: string;
  /** The census code, for a source. */
  code: string | null;
  contacts: number;
  decided: number;
  referrals: number;
  /** 100 × referrals / decided, one decimal place (null when nothing is decided). */
  pct: number | null;
  /** The 95% and 99.8% limits at this group's number of decided contacts (null when nothing is decided). */
  limits: ControlLimits | null;
  status: FunnelStatus;
}

/** The whole period on the funnel plot: every decided contact and those that became referrals. */
export interface ReferrersOverall {
  contacts: number;
  decided: number;
  referrals: number;
  pct: number | null;
  p: number | null;
}
