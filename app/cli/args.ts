/**
 * Shared argument parsing so every command reads alike: node:util parseArgs with the command's
 * options plus `--help`, and helpers for `--from/--to YYYY-MM-DD` and `--out FILE`.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type CliIo, type CliOptions, type Command, UsageError } from "./types";

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
  help: boolean;
}

/** Parses `args` against the command's options (and `--help`); unknown options and bad values are UsageErrors. */
export function parseCommandArgs(command: Pick<Command, "options">, args: string[]): ParsedArgs {
  const options: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = {
    help: { type: "boolean", short: "h" },
  };
  for (const [name, option] of Object.entries(command.options)) {
    options[name] = { type: option.type, ...(option.short ? { short: option.short } : {}), ...(option.multiple ? { multiple: true } : {}) };
  }
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs["values"], positionals, help: values.help === true };
  } catch (error) {
    throw new UsageError(plainParseArgsMessage(error));
  }
}

/** node:util's messages mention internals ("To specify a positional argument starting with a '-'…"): keep the first sentence. */
function plainParseArgsMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const option = /'([^']+)'/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return `Unknown option ${option}.`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
    const flag = option.split(" ")[0];
    if (/argument is ambiguous/.test(message)) return `Option ${flag} needs a value (for one starting with "-", write ${flag}=VALUE).`;
    return /argument missing/.test(message) ? `Option ${flag} needs a value.` : `Option ${flag} takes no value.`;
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return message.split(". ")[0] + ".";
  return message.split("\n")[0]!;
}

/** Exactly `count` positional arguments named `names` (for messages), e.g. `FILE.csv`. */
export function requirePositionals(parsed: ParsedArgs, names: string[]): string[] {
  if (parsed.positionals.length < names.length) throw new UsageError(`Missing ${names.slice(parsed.positionals.length).join(" ")}.`);
  if (parsed.positionals.length > names.length) {
    throw new UsageError(`Unexpected argument${parsed.positionals.length - names.length > 1 ? "s" : ""}: ${parsed.positionals.slice(names.length).join(" ")}.`);
  }
  return parsed.positionals;
}

export function stringOption(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === "string" ? value : undefined;
}

export function requiredStringOption(parsed: ParsedArgs, name: string, valueName = "VALUE"): string {
  const value = stringOption(parsed, name);
  if (value === undefined || value === "") throw new UsageError(`Missing --${name} ${valueName}.`);
  return value;
}

export function booleanOption(parsed: ParsedArgs, name: string): boolean {
  return parsed.values[name] === true;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written `YYYY-MM-DD` (2023-02-29 is not one), else a UsageError naming the option. */
export function parseCalendarDate(value: string, optionName: string): string {
  const match = ISO_DATE.exec(value);
  if (!match) throw new UsageError(`--${optionName} must be a date written YYYY-MM-DD (got "${value}").`);
  if (!isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new UsageError(`--${optionName} ${value} is not a date in the calendar.`);
  }
  return value;
}

export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const days = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The options `--from` and `--to` for a command's `options`. */
export const PERIOD_OPTIONS: CliOptions = {
  from: { type: "string", valueName: "YYYY-MM-DD", description: "first day of the period (a local Europe/London date, inclusive)" },
  to: { type: "string", valueName: "YYYY-MM-DD", description: "last day of the period (inclusive)" },
};

/** Both `--from` and `--to`, real dates with from ≤ to. */
export function parsePeriod(parsed: ParsedArgs): { from: string; to: string } {
  const from = parseCalendarDate(requiredStringOption(parsed, "from", "YYYY-MM-DD"), "from");
  const to = parseCalendarDate(requiredStringOption(parsed, "to", "YYYY-MM-DD"), "to");
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}.`);
  return { from, to };
}

/** The option `--out FILE` for a command's `options`. */
export function outOption(description = "the file to write (replaced if it exists)"): CliOptions {
  return { out: { type: "string", valueName: "FILE", description } };
}

/**
 * `--out FILE` resolved against the working directory: required, its folder must exist, it must not
 * be a folder, and (when `extensions` are given) it must end with one of them (e.g. [".csv", ".xlsx"]).
 */
export function parseOutFile(parsed: ParsedArgs, io: Pick<CliIo, "cwd">, extensions?: string[]): string {
  const value = requiredStringOption(parsed, "out", "FILE");
  if (extensions && !extensions.some((ext) => value.toLowerCase().endsWith(ext))) {
    throw new UsageError(`--out must name a ${extensions.join(" or ")} file (got "${value}").`);
  }
  const path = resolve(io.cwd, value);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`--out ${value} is a folder, not a file.`);
  if (!existsSync(dirname(path))) throw new UsageError(`--out ${value}: the folder ${dirname(value) || "."} does not exist.`);
  return path;
}

/** An input file resolved against the working directory, which must exist and be a file. */
export function parseInputFile(value: string, io: Pick<CliIo, "cwd">): string {
  const path = resolve(io.cwd, value);
  if (!existsSync(path)) throw new UsageError(`No such file: ${value}.`);
  if (statSync(path).isDirectory()) throw new UsageError(`${value} is a folder, not a file.`);
  return path;
}
