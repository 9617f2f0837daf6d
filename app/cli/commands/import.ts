/** `npm run cli -- import FILE.csv [--skip-invalid]`: the history import of spec/contacts-import.md. */
import { statSync } from "node:fs";
import { basename } from "node:path";
import cliProgress from "cli-progress";
import { describeProblem } from "../../history-import/format";
import { type ImportProgress, importContactHistoryFile } from "../../history-import/import.server";
import { booleanOption, parseCommandArgs, parseInputFile, requirePositionals } from "../args";
import { withDatabase } from "../database";
import type { CliIo, Command } from "../types";

export const importCommand: Command = {
  name: "import",
  summary: "import contact history from a CSV file (spec/contacts-import.md)",
  usage: "import FILE.csv [--skip-invalid]",
  options: {
    "skip-invalid": { type: "boolean", description: "import the valid rows and skip the bad ones (saying how many), instead of importing nothing" },
  },
  description: `
Checks the whole file first and lists every problem by line, column and reason; imports nothing when
any row has a problem (unless --skip-invalid). Then imports in one transaction: contacts keyed on
contact_id (importing the same file again adds nothing; a longer file adds only its new rows), one
person per child_id (matched to people already in the app by child_id only, never by name). Contacts
with an outcome are imported closed; those without one wait in the MASH queue.`,
  async run(args, io) {
    const parsed = parseCommandArgs(importCommand, args);
    const [file] = requirePositionals(parsed, ["FILE.csv"]);
    const path = parseInputFile(file!, io);
    const skipInvalid = booleanOption(parsed, "skip-invalid");
    const progress = progressBar(io, statSync(path).size);
    const result = await withDatabase(io, async (database) => {
      try {
        return await importContactHistoryFile(database.db, path, { skipInvalid, onProgress: progress?.update });
      } finally {
        progress?.stop();
      }
    });

    for (const warning of result.warnings) io.stderr.write(`Warning: ${warning}\n`);
    const listProblems = () => {
      for (const problem of result.problems) io.stderr.write(`  ${describeProblem(problem)}\n`);
      const more = result.problemCount - result.problems.length;
      if (more > 0) io.stderr.write(`  … and ${more} more problem${more === 1 ? "" : "s"}\n`);
    };

    if (result.kind === "rejected") {
      if (result.fatal) {
        io.stderr.write(`${basename(path)} cannot be imported; nothing was imported:\n`);
        listProblems();
        return 1;
      }
      const valid = result.rowsRead - result.badRows;
      io.stderr.write(
        `${basename(path)} was not imported: ${result.badRows} of ${result.rowsRead} row${result.rowsRead === 1 ? "" : "s"} ${result.badRows === 1 ? "has" : "have"} problems, so nothing was imported.\n`,
      );
      listProblems();
      io.stderr.write(`Correct the file and import it again, or use --skip-invalid to import the ${valid} valid row${valid === 1 ? "" : "s"} and skip the bad ones.\n`);
      return 1;
    }

    const s = result.summary;
    if (s.skipped > 0) {
      io.stderr.write(`Skipped ${s.skipped} bad row${s.skipped === 1 ? "" : "s"} (--skip-invalid):\n`);
      listProblems();
    }
    const rows: [string, string][] = [
      ["rows read", String(s.rowsRead)],
      ["contacts added", `${s.contactsAdded}${s.pendingAdded > 0 ? ` (${s.pendingAdded} pending, waiting in the MASH queue)` : ""}`],
      ["already present", String(s.alreadyPresent)],
      ["people added", String(s.peopleAdded)],
      ["people matched", `${s.peopleMatched} (by child_id)`],
      ["skipped", `${s.skipped}${s.skipped > 0 ? " (bad rows, --skip-invalid)" : ""}`],
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    io.stdout.write(`Imported ${basename(path)}:\n${rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join("\n")}\n`);
    return 0;
  },
};

/** A progress bar on a terminal only (never in a pipe, a log or a test). */
function progressBar(io: CliIo, fileBytes: number): { update: (p: ImportProgress) => void; stop: () => void } | null {
  if (!io.stdout.isTTY) return null;
  const bar = new cliProgress.SingleBar(
    { stream: io.stdout as NodeJS.WritableStream, format: "{phase} [{bar}] {percentage}% | {detail}", hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let phase: ImportProgress["phase"] | null = null;
  return {
    update(p) {
      if (p.phase !== phase) {
        if (phase !== null) bar.stop();
        phase = p.phase;
        const label = { checking: "Checking ", importing: "Importing", finishing: "Finishing" }[p.phase];
        bar.start(p.phase === "checking" ? Math.max(fileBytes, 1) : Math.max(p.total, 1), 0, { phase: label, detail: "" });
      }
      if (p.phase === "checking") bar.update(p.bytes, { detail: `${(p.bytes / 1e6).toFixed(1)} of ${(fileBytes / 1e6).toFixed(1)} MB` });
      else if (p.phase === "importing") bar.update(p.rows, { detail: `${p.rows} of ${p.total} rows` });
      else bar.update(p.step - 1, { detail: p.step === 1 ? "working out repeat contacts and re-referrals" : "updating the database's statistics" });
    },
    stop() {
      if (phase !== null) bar.stop();
    },
  };
}
