/**
 * What the measures dashboard says about periods and figures. Pure: shared by the pages (browser and
 * server) and the services. The measures themselves are counted only by db/queries/measures/measures.ts.
 */
import { labelOf, OUTCOMES, REFERRAL_SOURCES } from "../vocabulary";
import { demandFlowFigureLabel } from "./demand-flow-terms";

export interface Period {
  from: string;
  to: string;
}

export const PERIOD_PRESETS = [
  { code: "this-month", label: "This month" },
  { code: "last-month", label: "Last month" },
  { code: "last-12-months", label: "Last 12 months" },
  { code: "this-financial-year", label: "This financial year (April to March)" },
] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number]["code"];
export const PERIOD_PRESET_CODES = PERIOD_PRESETS.map((p) => p.code) as [PeriodPreset, ...PeriodPreset[]];

const pad = (n: number) => String(n).padStart(2, "0");
const ymd = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
};
const parts = (date: string) => date.split("-").map(Number) as [number, number, number];

/** The last day of a month (`m` 1–12, may overflow into the next year). */
export function lastDayOfMonth(y: number, m: number): string {
  return ymd(y, m + 1, 0);
}

/** A preset's period on `today` (a local date, `YYYY-MM-DD`). Both ends inclusive. */
export function presetPeriod(preset: PeriodPreset, today: string): Period {
  const [y, m, d] = parts(today);
  switch (preset) {
    case "this-month":
      return { from: ymd(y, m, 1), to: today };
    case "last-month":
      return { from: ymd(y, m - 1, 1), to: ymd(y, m, 0) };
    case "last-12-months": {
      // The 12 months to today: from the day after the same date a year ago (29 February → 1 March).
      const sameDayLastYear = d === 29 && m === 2 ? ymd(y - 1, 2, 28) : ymd(y - 1, m, d);
      const [ly, lm, ld] = parts(sameDayLastYear);
      return { from: ymd(ly, lm, ld + 1), to: today };
    }
    case "this-financial-year":
      return { from: ymd(m >= 4 ? y : y - 1, 4, 1), to: today };
  }
}

/** The preset a period is on `today`, if it is one. */
export function presetOf(period: Period, today: string): PeriodPreset | undefined {
  return PERIOD_PRESET_CODES.find((p) => {
    const q = presetPeriod(p, today);
    return q.from === period.from && q.to === period.to;
  });
}

/** The calendar months (first and last day) from the month of `from` to the month of `to`. */
export function monthsBetween(from: string, to: string): Period[] {
  const [fy, fm] = parts(from);
  const [ty, tm] = parts(to);
  const months: Period[] = [];
  for (let y = fy, m = fm; y < ty || (y === ty && m <= tm); m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    months.push({ from: ymd(y, m, 1), to: lastDayOfMonth(y, m) });
  }
  return months;
}

/** The 24 calendar months ending with the month of `to` (the last one cut at `to`). */
export function trendMonths(to: string): Period[] {
  const [y, m] = parts(to);
  const months = monthsBetween(ymd(y, m - 23, 1), to);
  months[months.length - 1] = { from: months[months.length - 1]!.from, to };
  return months;
}

const monthName = new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
/** "Mar 2024" for a month's first day. */
export function monthLabel(firstDay: string): string {
  return monthName.format(new Date(`${firstDay}T12:00:00Z`));
}

// ---------------------------------------------------------------------------------------------
// The headline measures and their plan figures

export const HEADLINE_KEYS = ["contacts_not_referral", "repeat_contacts", "re_referrals", "decided_within_one_working_day"] as const;
export type HeadlineKey = (typeof HEADLINE_KEYS)[number];

export interface HeadlineTerm {
  key: HeadlineKey;
  label: string;
  /** What the numerator and denominator count, in words. */
  numeratorWords: string;
  denominatorWords: string;
  /** The Partnership Action Plan's baseline (MEASURES.md), a percentage, where the plan gives one. */
  baseline: number | null;
  /** Whether a lower percentage is better. */
  lowerIsBetter: boolean;
}

export const HEADLINES: readonly HeadlineTerm[] = [
  {
    key: "contacts_not_referral",
    label: "Contacts not becoming a referral",
    numeratorWords: "decided contacts that were not a referral",
    denominatorWords: "decided contacts",
    baseline: 78,
    lowerIsBetter: true,
  },
  {
    key: "repeat_contacts",
    label: "Repeat contacts",
    numeratorWords: "contacts about a child with another contact in the 12 months before",
    denominatorWords: "contacts received",
    baseline: 38,
    lowerIsBetter: true,
  },
  {
    key: "re_referrals",
    label: "Re-referrals",
    numeratorWords: "referrals of a child referred in the 12 months before",
    denominatorWords: "referrals",
    baseline: 31,
    lowerIsBetter: true,
  },
  {
    key: "decided_within_one_working_day",
    label: "Decided within one working day",
    numeratorWords: "decided contacts decided by the end of the next working day",
    denominatorWords: "decided contacts",
    baseline: null,
    lowerIsBetter: false,
  },
];

export type Targets = Record<HeadlineKey, number | null>;

/** How a percentage stands against its target: null when either is missing. */
export function againstTarget(term: Pick<HeadlineTerm, "lowerIsBetter">, pct: number | null, target: number | null): "met" | "missed" | null {
  if (pct === null || target === null) return null;
  return (term.lowerIsBetter ? pct <= target : pct >= target) ? "met" : "missed";
}

/** `100 × n / d` to one decimal place, halves up, on the exact fraction (as the measures' SQL rounds); null when d = 0. */
export function exactPct(n: number, d: number): number | null {
  if (d === 0) return null;
  // Whole numbers: 1000 × n / d rounded half up, in integers (no binary float rounding).
  const tenths = (2000n * BigInt(n) + BigInt(d)) / (2n * BigInt(d));
  return Number(tenths) / 10;
}

/** A percentage as shown: one decimal place, or a dash when there is nothing to divide by. */
export function formatPct(pct: number | null): string {
  return pct === null ? "–" : `${pct.toFixed(1)}%`;
}

// ---------------------------------------------------------------------------------------------
// Figures (the names `listMeasureRecords` takes) in words

const COUNT_LABELS: Record<string, string> = {
  "contacts.total": "Contacts received",
  "contacts.decided": "Contacts decided",
  "contacts.pending": "Contacts waiting for a decision",
  "referrals.total": "Referrals (by referral date)",
  "referrals.strategy_discussion": "Referrals with a strategy discussion",
};

/** A figure in words, e.g. "Repeat contacts" or "Contacts from Schools that became referrals". */
export function figureLabel(figure: string): string {
  if (COUNT_LABELS[figure]) return COUNT_LABELS[figure];
  const ratio = /^([a-z_]+)\.(numerator|denominator)$/.exec(figure);
  const headline = ratio ? HEADLINES.find((h) => h.key === ratio[1]) : undefined;
  if (ratio && headline) {
    const words = ratio[2] === "numerator" ? headline.numeratorWords : headline.denominatorWords;
    return `${headline.label}: ${words}`;
  }
  const outcome = /^outcomes\.([a-z_]+)$/.exec(figure);
  if (outcome) return `Decided contacts with the outcome “${labelOf(OUTCOMES, outcome[1])}”`;
  const source = /^by_source\.([0-9A-Z]{1,3})\.(contacts|decided|referrals)$/.exec(figure);
  if (source) {
    const name = labelOf(REFERRAL_SOURCES, source[1]);
    return { contacts: `Contacts from ${name}`, decided: `Decided contacts from ${name}`, referrals: `Contacts from ${name} that became referrals` }[
      source[2] as "contacts" | "decided" | "referrals"
    ];
  }
  const organisation = /^by_organisation\.([0-9a-z]+)\.(contacts|decided|referrals)$/.exec(figure);
  if (organisation) {
    // The records list names the organisation (organisationFigureLabel in ./referrers.server.ts); this is the label without it.
    const who = organisation[1] === "none" ? "with no referring organisation given" : "from one referring organisation";
    return { contacts: `Contacts ${who}`, decided: `Decided contacts ${who}`, referrals: `Contacts ${who} that became referrals` }[
      organisation[2] as "contacts" | "decided" | "referrals"
    ];
  }
  return demandFlowFigureLabel(figure) ?? figure;
}

/** The address of a figure's list of records for a period. */
export function recordsHref(figure: string, period: Period, format?: "csv" | "xlsx"): string {
  const params = new URLSearchParams({ figure, from: period.from, to: period.to });
  return `/measures/records${format ? `.${format}` : ""}?${params}`;
}
