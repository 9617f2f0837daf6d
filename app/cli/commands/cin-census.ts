/** `npm run cli -- cin-census --from … --to … --out FILE.xml [--la 878]`: the period's referral episodes as CIN census XML. */
import { writeFile } from "node:fs/promises";
import { cinCensus, DEFAULT_LA_CODE, isLaCode, referenceOf } from "../../measures/cin-census.server";
import { outOption, PERIOD_OPTIONS, parseCommandArgs, parseOutFile, parsePeriod, requirePositionals, stringOption } from "../args";
import { withDatabase } from "../database";
import { CliError, type Command, UsageError } from "../types";

/** The file was written, but some referrals could not be returned (each listed on stderr). */
export const EXIT_NOT_ALL_RETURNED = 3;

export const cinCensusCommand: Command = {
  name: "cin-census",
  summary: "the period's referral episodes as Children in Need census XML (CIN_schema_2024.xsd)",
  usage: "cin-census --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.xml [--la CODE]",
  options: {
    ...PERIOD_OPTIONS,
    ...outOption("the XML file to write (replaced if it exists)"),
    la: { type: "string", valueName: "CODE", description: `the local authority's three-digit code (default: LA_CODE, else ${DEFAULT_LA_CODE})` },
  },
  description: `
Every referral whose referral date is in the period becomes a CINdetails episode of its child, or is
listed on stderr by its contact reference with the reason it cannot be returned (e.g. no primary need
on a referral not closed NFA). Exit code 0 when every referral was returned, ${EXIT_NOT_ALL_RETURNED} when some were
not (the file holds the others), 1 when none could be returned (no file is written).`,
  async run(args, io) {
    const parsed = parseCommandArgs(cinCensusCommand, args);
    requirePositionals(parsed, []);
    const period = parsePeriod(parsed);
    const out = parseOutFile(parsed, io, [".xml"]);
    const laCode = stringOption(parsed, "la") ?? (io.env.LA_CODE || DEFAULT_LA_CODE);
    if (!isLaCode(laCode)) {
      if (stringOption(parsed, "la") !== undefined) throw new UsageError(`--la must be a three-digit local authority code (got "${laCode}").`);
      throw new CliError(`LA_CODE must be a three-digit local authority code (got "${laCode}").`);
    }
    const result = await withDatabase(io, (database) => cinCensus(database.db, { ...period, laCode, generatedAt: new Date() }));
    for (const problem of result.problems) {
      io.stderr.write(`${referenceOf({ reference: problem.reference, external_id: problem.externalId })}: not returned: ${problem.reason}\n`);
    }
    const summary = `CIN census, ${period.from} to ${period.to} (LA ${laCode}): ${result.referrals} referral${result.referrals === 1 ? "" : "s"} in the period, ${result.episodes} returned for ${result.children} child${result.children === 1 ? "" : "ren"}, ${result.problems.length} not returned`;
    if (result.xml === null) {
      throw new CliError(`${summary}. Nothing to return: no file written (the census needs at least one child).`);
    }
    await writeFile(out, result.xml);
    io.stdout.write(`${summary}; written to ${out}\n`);
    return result.problems.length > 0 ? EXIT_NOT_ALL_RETURNED : 0;
  },
};
