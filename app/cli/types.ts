/**
 * The command line's shape: `app/cli/main.ts` dispatches `npm run cli -- <command> …` to one module
 * per command in `app/cli/commands/<name>.ts`, each exporting a `Command` (registered in
 * `app/cli/registry.ts`). A command parses its own arguments with `parseCommandArgs` (node:util
 * parseArgs under the hood), reports problems by throwing `UsageError` (a plain message, exit 2) or
 * `CliError` (a plain message, exit 1), and writes only through `io` so tests can run it in-process.
 */
import type { DatabaseHandle } from "../../db/client";

/** What a command may write to and where it gets the database from. */
export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /** The environment (DATABASE_URL, PGLITE_DATA_DIR, …). */
  env: Record<string, string | undefined>;
  /** The directory relative file names are resolved against. */
  cwd: string;
  /**
   * Opens the configured database, creating and migrating it (and loading the reference data, never
   * demo data) when needed. The caller closes it (`withDatabase` does).
   */
  openDatabase(): Promise<DatabaseHandle>;
}

export interface CliStream {
  write(chunk: string): unknown;
  /** True on a terminal (progress bars only then). */
  isTTY?: boolean;
}

/** One option of a command, as node:util parseArgs takes it, with the words `--help` shows. */
export interface CliOption {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  /** e.g. `YYYY-MM-DD` or `FILE` — shown as `--from YYYY-MM-DD`. */
  valueName?: string;
  description: string;
}

export type CliOptions = Record<string, CliOption>;

export interface Command {
  /** The word after `npm run cli --`. */
  name: string;
  /** One line for the overall `--help`. */
  summary: string;
  /** e.g. `import FILE.csv [--skip-invalid]`; shown first in `<command> --help`. */
  usage: string;
  /** Options besides `--help` (added to every command). */
  options: CliOptions;
  /** Further paragraphs for `<command> --help` (optional). */
  description?: string;
  /** Runs with the arguments after the command's name; resolves to the exit code (0 = success). */
  run(args: string[], io: CliIo): Promise<number>;
}

/** A mistake in the command line: printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A problem with a file or the data (bad rows, missing file): printed as it is, exit code 1. */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
