/**
 * The front-door measures of MEASURES.md for a period, as one object with exactly the keys of
 * shared/data/sample-measures-*.json, and the records behind every figure. Computed live by the SQL
 * of db/queries/measures/measures.ts (the one implementation); nothing here counts or decides membership.
 */
import type { Kysely, Transaction } from "kysely";
import {
  type CountedFigure,
  isMeasureFigure,
  listMeasureMembers,
  MEASURE_OUTCOMES,
  type MeasureFigure,
  type MeasureMember,
  type MeasureOutcome,
  type MeasurePeriod,
  measureCounts,
  RATIOS,
  setMeasuresSettings,
  type RatioKey,
} from "../../db/queries/measures/measures";
import type { Database } from "../../db/schema";

export type { MeasureFigure, MeasureMember, MeasurePeriod } from "../../db/queries/measures/measures";
export { isMeasureFigure } from "../../db/queries/measures/measures";

export interface Ratio {
  numerator: number;
  denominator: number;
  /** 100 × numerator / denominator to one decimal place, halves up; null when the denominator is 0. */
  pct: number | null;
}

export interface SourceCounts {
  contacts: number;
  decided: number;
  referrals: number;
}

export interface Measures {
  period: MeasurePeriod;
  contacts: { total: number; decided: number; pending: number };
  contacts_not_referral: Ratio;
  repeat_contacts: Ratio;
  referrals: { total: number; strategy_discussion: number };
  re_referrals: Ratio;
  decided_within_one_working_day: Ratio;
  outcomes: Record<MeasureOutcome, number>;
  /** Keyed by census referral source code; only sources present in the period's contacts. Iterate with `sourcesInCensusOrder`. */
  by_source: Record<string, SourceCounts>;
}

/** Census order of referral source codes (1A … 1D, 2A, …, 4, 5A … 5D, 6, …, 10), never JavaScript key order. */
export function compareSourceCodes(a: string, b: string): number {
  const [, an = "0", as = ""] = /^(\d+)(.*)$/.exec(a) ?? [];
  const [, bn = "0", bs = ""] = /^(\d+)(.*)$/.exec(b) ?? [];
  return Number(an) - Number(bn) || (as < bs ? -1 : as > bs ? 1 : 0);
}

export function sourcesInCensusOrder(measures: Pick<Measures, "by_source">): [string, SourceCounts][] {
  return Object.entries(measures.by_source).sort(([a], [b]) => compareSourceCodes(a, b));
}

/**
 * A transaction for reading measures: the statements' settings (memory for their hash joins, no JIT
 * compilation, no parallel workers — `setMeasuresSettings`) hold for its statements only. Every read of measures, lists,
 * trends, breakdowns, flows and referrers runs in one.
 */
export function inMeasuresTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await setMeasuresSettings(trx);
    return work(trx);
  });
}

/** The measures of a period (dates `YYYY-MM-DD`, local, inclusive), computed now from the operational records. */
export async function computeMeasures(db: Kysely<Database>, period: MeasurePeriod): Promise<Measures> {
  // One statement, one snapshot, in a transaction of its own for the statement's settings.
  const row = await inMeasuresTransaction(db, (trx) => measureCounts(trx, period));
  const count = (figure: CountedFigure) => row.counts[figure];
  const ratio = (key: RatioKey): Ratio => ({
    numerator: count(RATIOS[key].numerator),
    denominator: count(RATIOS[key].denominator),
    pct: row.pcts[key] === null ? null : Number(row.pcts[key]),
  });
  const bySource: Record<string, SourceCounts> = {};
  for (const s of [...row.bySource].sort((a, b) => compareSourceCodes(a.source, b.source))) {
    bySource[s.source] = { contacts: s.contacts, decided: s.decided, referrals: s.referrals };
  }
  return {
    period: { from: period.from, to: period.to },
    contacts: { total: count("contacts.total"), decided: count("contacts.decided"), pending: count("contacts.pending") },
    contacts_not_referral: ratio("contacts_not_referral"),
    repeat_contacts: ratio("repeat_contacts"),
    referrals: { total: count("referrals.total"), strategy_discussion: count("referrals.strategy_discussion") },
    re_referrals: ratio("re_referrals"),
    decided_within_one_working_day: ratio("decided_within_one_working_day"),
    outcomes: Object.fromEntries(MEASURE_OUTCOMES.map((o) => [o, count(`outcomes.${o}`)])) as Record<MeasureOutcome, number>,
    by_source: bySource,
  };
}

/**
 * The records one figure of a period counts — e.g. `repeat_contacts.numerator`, `re_referrals.denominator`,
 * `referrals.total` (Annex A List 3), `contacts.total` (List 1), `outcomes.nfa`, `by_source.2A.referrals`.
 * The dashboard links every figure to this list; the exports read their rows from it.
 */
export async function listMeasureRecords(db: Kysely<Database>, period: MeasurePeriod, figure: MeasureFigure): Promise<MeasureMember[]> {
  if (!isMeasureFigure(figure)) throw new Error(`Not a measure figure: ${figure}`);
  return inMeasuresTransaction(db, (trx) => listMeasureMembers(trx, period, figure));
}

/**
 * The measures as JSON text with `by_source` in census order (JSON.stringify would put "4", "6" … "10"
 * before "1A", the order JavaScript keeps integer-like keys in).
 */
export function measuresToJson(measures: Measures, indent = 2): string {
  const { by_source, ...rest } = measures;
  const pad = " ".repeat(indent);
  const body = JSON.stringify({ ...rest, by_source: "\u0000" }, null, indent);
  const sources = sourcesInCensusOrder({ by_source });
  const inner = sources.length
    ? `{\n${sources.map(([code, c]) => `${pad}${pad}${JSON.stringify(code)}: ${JSON.stringify(c, null, indent).replace(/\n/g, `\n${pad}${pad}`)}`).join(",\n")}\n${pad}}`
    : "{}";
  return body.replace('"\\u0000"', inner);
}
