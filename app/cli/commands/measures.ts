/**
 * `npm run cli -- measures --from YYYY-MM-DD --to YYYY-MM-DD [--json]`: the front-door measures of
 * MEASURES.md for a period, computed now from the operational records (app/measures/measures.server.ts).
 * `--json` prints one JSON object with the keys of shared/data/sample-measures-*.json; without it, a
 * table with the numerator and denominator beside every percentage. Only counts are printed, never a child.
 */
import { computeMeasures, type Measures, measuresToJson, type Ratio, sourcesInCensusOrder } from "../../measures/measures.server";
import { withDatabase } from "../database";
import { booleanOption, PERIOD_OPTIONS, parseCommandArgs, parsePeriod, requirePositionals } from "../args";
import type { Command } from "../types";

export const measuresCommand: Command = {
  name: "measures",
  summary: "print the front-door measures of a period (MEASURES.md)",
  usage: "measures --from YYYY-MM-DD --to YYYY-MM-DD [--json]",
  options: {
    ...PERIOD_OPTIONS,
    json: { type: "boolean", description: "print one JSON object (the keys of shared/data/sample-measures-*.json) instead of a table" },
  },
  description: `
Counts the contacts received in the period (local Europe/London dates, both inclusive) and the
referrals whose referral date is in it, by the exact definitions of MEASURES.md: contacts not
becoming referrals, repeat contacts, re-referrals, decisions within one working day, outcomes and
referral sources. Duplicates are never counted. A decision made after the period still counts.`,
  async run(args, io) {
    const parsed = parseCommandArgs(measuresCommand, args);
    requirePositionals(parsed, []);
    const period = parsePeriod(parsed);
    const json = booleanOption(parsed, "json");
    const measures = await withDatabase(io, (database) => computeMeasures(database.db, period));
    io.stdout.write(json ? `${measuresToJson(measures)}\n` : measuresTable(measures));
    return 0;
  },
};

const LABELS = {
  contacts_not_referral: "Contacts not becoming a referral",
  repeat_contacts: "Repeat contacts (12 months)",
  re_referrals: "Re-referrals (12 months)",
  decided_within_one_working_day: "Decided within one working day",
} as const;

const OUTCOME_LABELS: Record<keyof Measures["outcomes"], string> = {
  referral: "Referral to children's social care",
  strategy_discussion: "Strategy discussion",
  early_help: "Step-down to early help",
  nfa: "No further action",
  advice_signpost: "Advice or signposting",
  existing_case: "Passed to the allocated worker",
};

const formatPct = (pct: number | null) => (pct === null ? "–" : `${pct.toFixed(1)}%`);

/** The measures as a plain-text table: numerator, denominator and percentage side by side. */
export function measuresTable(m: Measures): string {
  const lines: string[] = [];
  lines.push(`Front-door measures, ${m.period.from} to ${m.period.to} (local dates, inclusive)`, "");
  const countRows: [string, number][] = [
    ["Contacts received", m.contacts.total],
    ["  decided", m.contacts.decided],
    ["  pending", m.contacts.pending],
    ["Referrals (by referral date)", m.referrals.total],
    ["  of which strategy discussions", m.referrals.strategy_discussion],
  ];
  const width = 34;
  for (const [label, n] of countRows) lines.push(`${label.padEnd(width)}${String(n).padStart(8)}`);
  lines.push("");
  lines.push(`${"Measure".padEnd(width)}${"number".padStart(8)}${"out of".padStart(8)}${"%".padStart(9)}`);
  for (const key of Object.keys(LABELS) as (keyof typeof LABELS)[]) {
    const r: Ratio = m[key];
    lines.push(`${LABELS[key].padEnd(width)}${String(r.numerator).padStart(8)}${String(r.denominator).padStart(8)}${formatPct(r.pct).padStart(9)}`);
  }
  lines.push("");
  lines.push(`${"Outcome of decided contacts".padEnd(width)}${"number".padStart(8)}`);
  for (const [key, label] of Object.entries(OUTCOME_LABELS) as [keyof Measures["outcomes"], string][]) {
    lines.push(`${label.padEnd(width)}${String(m.outcomes[key]).padStart(8)}`);
  }
  lines.push("");
  lines.push(`${"Referral source (census code)".padEnd(width)}${"contacts".padStart(9)}${"decided".padStart(9)}${"referrals".padStart(10)}`);
  const sources = sourcesInCensusOrder(m);
  if (sources.length === 0) lines.push("(no contacts in the period)");
  for (const [code, s] of sources) {
    lines.push(`${code.padEnd(width)}${String(s.contacts).padStart(9)}${String(s.decided).padStart(9)}${String(s.referrals).padStart(10)}`);
  }
  lines.push("", "Referrals by source count decided contacts received in the period, so they need not add up to the referrals above.", "");
  return lines.join("\n");
}
