/** `npm run cli -- import FILE.csv [--skip-invalid]`: the history import of spec/contacts-import.md. */
import { booleanOption, parseCommandArgs, parseInputFile, requirePositionals } from "../args";
import { CliError, type Command } from "../types";

export const importCommand: Command = {
  name: "import",
  summary: "import contact history from a CSV file (spec/contacts-import.md)",
  usage: "import FILE.csv [--skip-invalid]",
  options: {
    "skip-invalid": { type: "boolean", description: "import the valid rows and skip the bad ones (saying how many), instead of importing nothing" },
  },
  async run(args, io) {
    const parsed = parseCommandArgs(importCommand, args);
    const [file] = requirePositionals(parsed, ["FILE.csv"]);
    parseInputFile(file!, io);
    void booleanOption(parsed, "skip-invalid");
    throw new CliError("import: not finished yet.");
  },
};
