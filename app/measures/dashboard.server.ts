/**
 * The leaders' dashboard (issue 9): the measures of a period with the plan's baselines and the
 * administrator's targets, 24 months of trends, and every figure's list of records (audited) with
 * its CSV and XLSX. Every count comes from app/measures/measures.server.ts / db/queries/measures/measures.ts,
 * the one implementation of MEASURES.md: nothing here counts a contact or decides membership.
 */
import { stringify } from "csv-stringify/sync";
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import { type AgencyTimeliness, decisionCounts, type HubStepDowns, monthlyMeasureCounts, partnerInformationOnTime, stepDownsByHub } from "../../db/queries/measures/dashboard";
import { changeAlreadyRecorded, findSetting, findSettings, updateSetting } from "../../db/queries/clocks";
import { isMeasureFigure, type MeasureFigure, type MeasureMember, pageMeasureMembers, readMeasureMembersInBatches } from "../../db/queries/measures/measures";
import type { Database } from "../../db/schema";
import { csvSafe } from "../audit/child-access.server";
import type { SessionUser } from "../auth/session-user";
import { spreadsheetDateTime } from "../ui/format";
import { labelOf, OUTCOMES, REFERRAL_SOURCES } from "../vocabulary";
import { exactPct, figureLabel, HEADLINE_KEYS, type HeadlineKey, type Period, type Targets, trendMonths } from "./dashboard-terms";
import { computeMeasures, inMeasuresTransaction, type Measures } from "./measures.server";
import { organisationFigureLabel } from "./referrers.server";

export const MEASURE_TARGETS_KEY = "measure_targets";
export const CHILD_POPULATION_KEY = "child_population";

export interface MeasureSettings {
  targets: Targets;
  /** Children living in the area (the referral rate per 10,000 children); null when not set. */
  children: number | null;
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

function parseJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

const numberOrNull = (v: unknown, max: number) => (typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= max ? v : null);

/** The targets and child population as the administrator keeps them (anything unreadable counts as not set). */
export async function readMeasureSettings(db: Kysely<Database>): Promise<MeasureSettings> {
  // Both in one statement: the dashboard reads them on every view.
  const rows = await findSettings(db, [MEASURE_TARGETS_KEY, CHILD_POPULATION_KEY]);
  const targets = rows.find((r) => r.key === MEASURE_TARGETS_KEY);
  const population = rows.find((r) => r.key === CHILD_POPULATION_KEY);
  const t = (parseJson(targets?.value) ?? {}) as Record<string, unknown>;
  const p = (parseJson(population?.value) ?? {}) as Record<string, unknown>;
  return {
    targets: Object.fromEntries(HEADLINE_KEYS.map((k) => [k, numberOrNull(t[k], 100)])) as Targets,
    children: numberOrNull(p.children, 1_000_000_000),
    version: targets?.version ?? 1,
    updatedAt: targets?.updated_at ? new Date(targets.updated_at) : null,
    updatedBy: targets?.updated_by_name ?? null,
  };
}

export type TargetsChangeResult = { kind: "applied" } | { kind: "stale"; changedBy: string | null; changedAt: Date | null } | { kind: "not_found" };

/** Changes the targets and the child population together, refusing a stale form, audited. */
export async function changeMeasureTargets(
  db: Kysely<Database>,
  input: { user: SessionUser; version: number; idempotencyKey: string; targets: Targets; children: number | null; ipAddress: string | null; now?: Date },
): Promise<TargetsChangeResult> {
  return db.transaction().execute(async (trx): Promise<TargetsChangeResult> => {
    const current = await findSetting(trx, MEASURE_TARGETS_KEY, { forUpdate: true });
    const population = await findSetting(trx, CHILD_POPULATION_KEY, { forUpdate: true });
    if (!current || !population) return { kind: "not_found" };
    if (current.version !== input.version) {
      // The same form sent twice (a double click) is not a conflict with itself.
      const subject = { type: "settings", id: MEASURE_TARGETS_KEY };
      if (current.version === input.version + 1 && (await changeAlreadyRecorded(trx, subject, input.idempotencyKey))) return { kind: "applied" };
      return { kind: "stale", changedBy: current.updated_by_name ?? null, changedAt: current.updated_at ? new Date(current.updated_at) : null };
    }
    const at = input.now ?? new Date();
    const targets = Object.fromEntries(HEADLINE_KEYS.map((k) => [k, input.targets[k]])) as Targets;
    await updateSetting(trx, { key: MEASURE_TARGETS_KEY, value: targets, version: current.version + 1, updatedBy: input.user.id, at });
    await updateSetting(trx, { key: CHILD_POPULATION_KEY, value: { children: input.children }, version: population.version + 1, updatedBy: input.user.id, at });
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: "settings.measure_targets_changed",
      subjectType: "settings",
      subjectId: MEASURE_TARGETS_KEY,
      ipAddress: input.ipAddress,
      details: { from: parseJson(current.value), to: targets, children: input.children, version: current.version + 1, idempotencyKey: input.idempotencyKey },
    });
    return { kind: "applied" };
  });
}

// ---------------------------------------------------------------------------------------------
// The dashboard

export interface TrendPoint {
  /** The month (first day … last day, the last month cut at the period's end). */
  month: Period;
  numerator: number;
  denominator: number;
  pct: number | null;
}

export interface Dashboard {
  period: Period;
  measures: Measures;
  settings: MeasureSettings;
  /** Referrals × 10,000 / child population, to one decimal place; null without a population. */
  referralRatePer10000: number | null;
  computedAt: Date;
}

/**
 * Each headline measure month by month over the 24 months to the period's end: the measures'
 * own CTE evaluated once over the range and bucketed by month (db/queries/measures/dashboard.ts).
 */
export async function readTrends(db: Kysely<Database>, period: Period): Promise<Record<HeadlineKey, TrendPoint[]>> {
  const months = trendMonths(period.to);
  const rows = await inMeasuresTransaction(db, (trx) => monthlyMeasureCounts(trx, { from: months[0]!.from, to: period.to }));
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  const point = (month: Period, n: (r: (typeof rows)[number]) => number, d: (r: (typeof rows)[number]) => number): TrendPoint => {
    const r = byMonth.get(month.from);
    const numerator = r ? n(r) : 0;
    const denominator = r ? d(r) : 0;
    return { month, numerator, denominator, pct: exactPct(numerator, denominator) };
  };
  return {
    contacts_not_referral: months.map((m) => point(m, (r) => r.not_referral, (r) => r.decided)),
    repeat_contacts: months.map((m) => point(m, (r) => r.repeat, (r) => r.contacts)),
    re_referrals: months.map((m) => point(m, (r) => r.re_referrals, (r) => r.referrals)),
    decided_within_one_working_day: months.map((m) => point(m, (r) => r.within_one_working_day, (r) => r.decided)),
  };
}

/** The dashboard of a period: the measures and the plan figures (trends: `readTrends`). */
export async function readDashboard(db: Kysely<Database>, period: Period, now: Date = new Date()): Promise<Dashboard> {
  const measures = await computeMeasures(db, period);
  const settings = await readMeasureSettings(db);
  return {
    period,
    measures,
    settings,
    referralRatePer10000: settings.children ? exactPct(measures.referrals.total * 100, settings.children) : null,
    computedAt: now,
  };
}

// ---------------------------------------------------------------------------------------------
// Breakdowns and the live measures of MEASURES.md's second list

export interface Breakdowns {
  period: Period;
  agencies: (AgencyTimeliness & { pct: number | null })[];
  hubs: (HubStepDowns & { acceptedPct: number | null })[];
  /** Repeat contacts (the figure's members) whose outcome was no further action or advice: failure demand that produced no service. */
  repeatNoService: { numerator: number; denominator: number; pct: number | null };
  /** Decided contacts (the figure's members) whose decision a manager authorised. */
  oversight: { numerator: number; denominator: number; pct: number | null };
  /** Median hours from receipt to decision over the decided contacts; null when none. */
  medianHoursToDecision: number | null;
}

/** The breakdowns of a period, on the figures' own membership (counted in one statement) and the partners' and hubs' records. */
export async function readBreakdowns(db: Kysely<Database>, period: Period): Promise<Breakdowns> {
  return inMeasuresTransaction(db, async (trx) => {
    const agencies = await partnerInformationOnTime(trx, period);
    const hubs = await stepDownsByHub(trx, period);
    const counts = await decisionCounts(trx, period);
    const median = counts.medianHoursToDecision;
    return {
      period,
      agencies: agencies.map((a) => ({ ...a, pct: exactPct(a.on_time, a.due) })),
      hubs: hubs.map((h) => ({ ...h, acceptedPct: exactPct(h.accepted, h.decided) })),
      repeatNoService: { numerator: counts.repeatsWithoutService, denominator: counts.repeats, pct: exactPct(counts.repeatsWithoutService, counts.repeats) },
      oversight: { numerator: counts.authorised, denominator: counts.decided, pct: exactPct(counts.authorised, counts.decided) },
      medianHoursToDecision: median === null ? null : Math.round(median * 10) / 10,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The records behind a figure

export const RECORDS_PAGE_SIZE = 100;

export interface RecordRow {
  id: string;
  reference: string;
  receivedAt: string;
  source: string;
  outcome: string | null;
  decidedAt: string | null;
  referralDate: string | null;
  repeat: boolean;
  reReferral: boolean | null;
  withinOneWorkingDay: boolean | null;
}

function rowOf(m: MeasureMember): RecordRow {
  return {
    id: m.id,
    reference: m.reference,
    receivedAt: m.received_at.toISOString(),
    source: m.source,
    outcome: m.outcome,
    decidedAt: m.decided_at ? m.decided_at.toISOString() : null,
    referralDate: m.referral_date,
    repeat: m.repeat,
    reReferral: m.earlier_referrals === null ? null : m.earlier_referrals > 0,
    withinOneWorkingDay: m.within_one_working_day,
  };
}

export type RecordsResult =
  | { kind: "found"; figure: MeasureFigure; label: string; period: Period; total: number; page: number; pageSize: number; rows: RecordRow[] }
  | { kind: "unknown_figure" };

/**
 * One page of the contacts a figure of a period counts (its whole membership is counted: `total` is
 * the figure). Which contacts the page showed is audited in the same transaction as the read.
 */
export async function readMeasureRecords(
  db: Kysely<Database>,
  user: SessionUser,
  input: { figure: string; period: Period; page: number; ipAddress: string | null },
): Promise<RecordsResult> {
  if (!isMeasureFigure(input.figure)) return { kind: "unknown_figure" };
  const figure = input.figure;
  return inMeasuresTransaction(db, async (trx) => {
    const { total, page, rows: shown } = await pageMeasureMembers(trx, input.period, figure, { size: RECORDS_PAGE_SIZE, number: input.page });
    await recordAudit(trx, {
      actorUserId: user.id,
      action: "measures.records_listed",
      ipAddress: input.ipAddress,
      details: { figure, from: input.period.from, to: input.period.to, page, contacts: shown.map((m) => m.id) },
    });
    // An organisation's figure is titled with its name as the period's contacts spell it (./referrers.server.ts).
    const label = (await organisationFigureLabel(trx, figure, input.period)) ?? figureLabel(figure);
    return { kind: "found", figure, label, period: input.period, total, page, pageSize: RECORDS_PAGE_SIZE, rows: shown.map(rowOf) };
  });
}

/** `dd/mm/yyyy hh:mm`, local (Europe/London) time. */
function ukDateTime(iso: string | null): string {
  return iso ? spreadsheetDateTime(new Date(iso), { seconds: false }) : "";
}
function ukDate(date: string | null): string {
  if (!date) return "";
  const [y, m, d] = date.split("-");
  return `${d}/${m}/${y}`;
}
const yesNo = (v: boolean | null) => (v === null ? "" : v ? "Yes" : "No");

export const RECORDS_COLUMNS = [
  "Reference",
  "Received (local time)",
  "Referral source",
  "Decided (local time)",
  "Outcome",
  "Referral date",
  "Repeat contact",
  "Re-referral",
  "Decided within one working day",
] as const;

function cells(r: RecordRow): string[] {
  return [
    r.reference,
    ukDateTime(r.receivedAt),
    labelOf(REFERRAL_SOURCES, r.source),
    ukDateTime(r.decidedAt),
    r.outcome ? labelOf(OUTCOMES, r.outcome) : "Pending",
    ukDate(r.referralDate),
    yesNo(r.repeat),
    yesNo(r.reReferral),
    yesNo(r.withinOneWorkingDay),
  ];
}

export type RecordsExport = { kind: "found"; body: Buffer; contentType: string; filename: string; rows: number } | { kind: "unknown_figure" };

/** Rows read from the database at a time while a download is written: a year of contacts is never all in memory. */
const RECORDS_EXPORT_BATCH = 2_000;

/**
 * Every contact a figure of a period counts, as CSV (csv-stringify, formula-safe) or XLSX (exceljs's
 * streaming writer): the same columns and text cell for cell. Read through a cursor a batch at a time
 * and written as it is read, so the server's memory does not grow with the figure (a year's contacts
 * at a regional MASH is 100,000 rows; exceljs's whole-workbook model took 1.5 GB resident for them). Audited
 * with every contact it holds, in the same transaction as the reading.
 */
export async function exportMeasureRecords(
  db: Kysely<Database>,
  user: SessionUser,
  input: { figure: string; period: Period; format: "csv" | "xlsx"; ipAddress: string | null },
): Promise<RecordsExport> {
  if (!isMeasureFigure(input.figure)) return { kind: "unknown_figure" };
  const figure = input.figure;
  const file = input.format === "csv" ? csvRecordsFile() : xlsxRecordsFile();
  const contacts = await inMeasuresTransaction(db, async (trx) => {
    const ids: string[] = [];
    for await (const batch of readMeasureMembersInBatches(trx, input.period, figure, RECORDS_EXPORT_BATCH)) {
      for (const member of batch) ids.push(member.id);
      file.add(batch.map((member) => cells(rowOf(member)).map(csvSafe)));
    }
    await recordAudit(trx, {
      actorUserId: user.id,
      action: "measures.records_downloaded",
      ipAddress: input.ipAddress,
      details: { figure, from: input.period.from, to: input.period.to, format: input.format, contacts: ids },
    });
    return ids.length;
  });
  const filename = `${figure.replace(/[^a-z0-9_.-]/gi, "_")}_${input.period.from}_${input.period.to}.${input.format}`;
  return { kind: "found", body: await file.finish(), contentType: file.contentType, filename, rows: contacts };
}

/** A records file written a batch of rows at a time: the column headings first, the bytes at the end. */
interface RecordsFile {
  contentType: string;
  add(rows: string[][]): void;
  finish(): Promise<Buffer>;
}

function csvRecordsFile(): RecordsFile {
  const options = { record_delimiter: "windows", quoted: true, quoted_empty: true } as const;
  const pieces = [Buffer.from(stringify([[...RECORDS_COLUMNS]], { ...options, bom: true }))];
  return {
    contentType: "text/csv; charset=utf-8",
    add: (rows) => void pieces.push(Buffer.from(stringify(rows, options))),
    finish: async () => Buffer.concat(pieces),
  };
}

function xlsxRecordsFile(): RecordsFile {
  const pieces: Buffer[] = [];
  const stream = new PassThrough();
  stream.on("data", (piece: Buffer) => pieces.push(piece));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet("Records");
  sheet.columns = RECORDS_COLUMNS.map(() => ({ width: 22 }));
  const heading = sheet.addRow([...RECORDS_COLUMNS]);
  heading.font = { bold: true };
  heading.commit();
  return {
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    add: (rows) => {
      for (const row of rows) sheet.addRow(row).commit();
    },
    finish: async () => {
      sheet.commit();
      await workbook.commit();
      return Buffer.concat(pieces);
    },
  };
}
