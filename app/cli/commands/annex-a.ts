/** `npm run cli -- annex-a --list 1|3 --from … --to … --out FILE.csv|FILE.xlsx`: Ofsted Annex A List 1 or 3. */
import { writeFile } from "node:fs/promises";
import { annexACsv, annexATable, annexAXlsx, type AnnexAList } from "../../measures/annex-a.server";
import { outOption, PERIOD_OPTIONS, parseCommandArgs, parseOutFile, parsePeriod, requirePositionals, requiredStringOption } from "../args";
import { withDatabase } from "../database";
import { type Command, UsageError } from "../types";

export const annexACommand: Command = {
  name: "annex-a",
  summary: "Ofsted Annex A List 1 (contacts) or List 3 (referrals) for a period, as CSV or XLSX",
  usage: "annex-a --list 1|3 --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.csv|FILE.xlsx",
  options: {
    list: { type: "string", valueName: "1|3", description: "1: contacts received in the period; 3: referrals whose referral date is in the period" },
    ...PERIOD_OPTIONS,
    ...outOption("the file to write, .csv or .xlsx (replaced if it exists)"),
  },
  description: `
Columns, order and wording as Ofsted's Annex A (spec/annex-a.md). Rows by date (of contact or of
referral), then Child Unique ID. Dates are dd/mm/yyyy local (UK) dates. List 1 has as many rows as
the measures' contacts.total for the same period, List 3 as many as referrals.total.`,
  async run(args, io) {
    const parsed = parseCommandArgs(annexACommand, args);
    requirePositionals(parsed, []);
    const listValue = requiredStringOption(parsed, "list", "1|3");
    if (listValue !== "1" && listValue !== "3") throw new UsageError(`--list must be 1 or 3 (got "${listValue}").`);
    const list = Number(listValue) as AnnexAList;
    const period = parsePeriod(parsed);
    const out = parseOutFile(parsed, io, [".csv", ".xlsx"]);
    const table = await withDatabase(io, (database) => annexATable(database.db, list, period));
    const xlsx = out.toLowerCase().endsWith(".xlsx");
    await writeFile(out, xlsx ? await annexAXlsx(table) : annexACsv(table));
    io.stdout.write(`Annex A List ${list}, ${period.from} to ${period.to}: ${table.rows.length} row${table.rows.length === 1 ? "" : "s"} written to ${out}\n`);
    return 0;
  },
};
