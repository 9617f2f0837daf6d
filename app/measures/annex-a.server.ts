/**
 * Ofsted Annex A Lists 1 (contacts) and 3 (referrals), columns, order and wording exactly as
 * spec/annex-a.md, as CSV (csv-stringify) or XLSX (exceljs). The rows come from db/queries/measures/annex-a.ts
 * (the measures' membership), so List 1 has `contacts.total` rows and List 3 `referrals.total`.
 *
 * The CSV and the XLSX hold the same text cell for cell: dates are text `dd/mm/yyyy` (a local
 * Europe/London date, never shifted by a spreadsheet's time zone), the two counts are numbers, and a
 * text cell a spreadsheet would run as a formula (= + - @ tab CR) starts with an apostrophe in both.
 */
import ExcelJS from "exceljs";
import { stringify } from "csv-stringify/sync";
import { type AnnexAChild, type ExportPeriod, listAnnexAContacts, listReferralsInPeriod, type ReferralRow } from "../../db/queries/measures/annex-a";
import type { Executor } from "../../db/executor";
import { csvSafe } from "../audit/child-access.server";
import { ANNEX_A_ETHNICITY, ANNEX_A_GENDER, ANNEX_A_NO, ANNEX_A_SOURCE, ANNEX_A_YES, ETHNICITY_NOT_OBTAINED } from "./export-codes";

export type AnnexAList = 1 | 3;

export const ANNEX_A_COMMON_COLUMNS = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"] as const;
export const ANNEX_A_LIST_1_COLUMNS = [...ANNEX_A_COMMON_COLUMNS, "Date of Contact", "Contact Source"] as const;
export const ANNEX_A_LIST_3_COLUMNS = [
  ...ANNEX_A_COMMON_COLUMNS,
  "Date of referral",
  "Referral Source",
  "Referral NFA?",
  "Number of Referrals in Last 12 Months",
  "Allocated Team",
  "Allocated Worker",
] as const;

/** A cell: text, a whole number, or blank (null). */
export type AnnexACell = string | number | null;

export interface AnnexATable {
  list: AnnexAList;
  /** The worksheet's name in the XLSX. */
  title: string;
  columns: readonly string[];
  rows: AnnexACell[][];
}

/** `YYYY-MM-DD` → `dd/mm/yyyy`; blank stays blank. */
export function ukDate(isoDate: string | null): string | null {
  if (!isoDate) return null;
  const [y, m, d] = isoDate.split("-");
  return `${d}/${m}/${y}`;
}

/**
 * Whole years from `dateOfBirth` to `onDate` (both `YYYY-MM-DD`): the birthday counts on its day,
 * and a 29 February birthday falls on 1 March in other years. Null when not born by then.
 */
export function ageInYears(dateOfBirth: string | null, onDate: string): number | null {
  if (!dateOfBirth || dateOfBirth > onDate) return null;
  const [by, bm, bd] = dateOfBirth.split("-").map(Number) as [number, number, number];
  const [y, m, d] = onDate.split("-").map(Number) as [number, number, number];
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

/** The five columns both lists start with. An unborn child (no date of birth) has a blank date of birth and age. */
function commonCells(row: AnnexAChild, period: ExportPeriod): AnnexACell[] {
  const ethnicity = row.ethnicity ?? ETHNICITY_NOT_OBTAINED;
  return [
    row.child_unique_id,
    ANNEX_A_GENDER[row.sex ?? "U"] ?? ANNEX_A_GENDER.U!,
    ANNEX_A_ETHNICITY[ethnicity] ?? ethnicity,
    ukDate(row.date_of_birth),
    ageInYears(row.date_of_birth, period.to),
  ];
}

/**
 * ReferralNFA as both exports return it: as recorded; else, for a referral with a primary need, false.
 * Only imported history lacks it (the import file has no such column, and a decision in the app always
 * records it): an imported referral is a contact passed to children's social care for assessment, and
 * migration 0010 gave referrals decided before ReferralNFA existed the same value by the same rule.
 * Null (Annex A blank, not returned in the census) when neither is known.
 */
export function referralNfaOf(r: Pick<ReferralRow, "referral_nfa" | "primary_need">): boolean | null {
  if (r.referral_nfa !== null) return r.referral_nfa;
  return r.primary_need ? false : null;
}

/** The period's referrals (Annex A List 3's rows, the census's episodes), ReferralNFA resolved by `referralNfaOf`. */
export async function exportReferrals(db: Executor, period: ExportPeriod): Promise<ReferralRow[]> {
  const rows = await listReferralsInPeriod(db, period);
  return rows.map((r) => ({ ...r, referral_nfa: referralNfaOf(r) }));
}

const source = (code: string) => ANNEX_A_SOURCE[code] ?? code;

/** The list's rows, in the order of db/queries/measures/annex-a.ts: by date, then Child Unique ID. */
export async function annexATable(db: Executor, list: AnnexAList, period: ExportPeriod): Promise<AnnexATable> {
  if (list === 1) {
    const contacts = await listAnnexAContacts(db, period);
    return {
      list,
      title: "List 1 Contacts",
      columns: ANNEX_A_LIST_1_COLUMNS,
      rows: contacts.map((c) => [...commonCells(c, period), ukDate(c.contact_date), source(c.source)]),
    };
  }
  const referrals = await exportReferrals(db, period);
  return {
    list,
    title: "List 3 Referrals",
    columns: ANNEX_A_LIST_3_COLUMNS,
    rows: referrals.map((r) => [
      ...commonCells(r, period),
      ukDate(r.referral_date),
      source(r.source),
      r.referral_nfa === null ? null : r.referral_nfa ? ANNEX_A_YES : ANNEX_A_NO,
      r.referrals_in_last_12_months,
      r.referral_team,
      r.referral_worker,
    ]),
  };
}

/** A cell as both files hold it: text made formula-safe, numbers as they are, blank as null. */
function safeCell(cell: AnnexACell): AnnexACell {
  return typeof cell === "string" ? csvSafe(cell) : cell;
}

/** The table as CSV: UTF-8 with a byte-order mark (so Excel reads it as UTF-8), CRLF line ends, every cell quoted. */
export function annexACsv(table: AnnexATable): string {
  return stringify([[...table.columns], ...table.rows.map((row) => row.map((cell) => safeCell(cell) ?? ""))], {
    bom: true,
    record_delimiter: "windows",
    quoted: true,
    quoted_empty: true,
  });
}

/** The table as an XLSX workbook of one worksheet: a bold, frozen header row and the same cells as the CSV. */
export async function annexAXlsx(table: AnnexATable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Children's front door (MASH)";
  // Fixed, so the same data gives the same workbook.
  workbook.created = new Date(0);
  workbook.modified = new Date(0);
  const sheet = workbook.addWorksheet(table.title, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow([...table.columns]).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map(safeCell));
  table.columns.forEach((name, i) => {
    sheet.getColumn(i + 1).width = Math.max(12, name.length + 2);
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
