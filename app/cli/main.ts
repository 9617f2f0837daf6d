/**
 * `npm run cli -- <command> [options]`: the front door's command line. Dispatches to the commands
 * of `registry.ts`; `--help` overall and per command. Uses the app's database selection
 * (DATABASE_URL, else the embedded database at PGLITE_DATA_DIR), creating and migrating it when
 * needed (reference data only, never demo data). Mistakes in arguments or files are plain messages
 * with a non-zero exit code, never stack traces; nothing about a child is ever printed.
 */
import { pathToFileURL } from "node:url";
import { openConfiguredDatabase, safeMessage } from "./database";
import type { Command as CommandType } from "./types";
import { CliError, type CliIo, type Command, UsageError } from "./types";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Runs the command line with `argv` (the words after `npm run cli --`) and resolves to the exit code. */
export async function main(argv: string[], partialIo: Partial<CliIo> = {}): Promise<number> {
  const io = completeIo(partialIo);
  // Loaded here, not at the top: command modules import helpers from this file, and a cycle of
  // static imports would leave one of them half-loaded when this file is the entry point.
  const { commands } = await import("./registry");
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    if (first === "help" && rest[0]) return main([rest[0], "--help"], io);
    io.stdout.write(overallHelp(commands));
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) {
    io.stderr.write(`Unknown command "${first}". Commands: ${commands.map((c) => c.name).join(", ")}.\nRun \`npm run cli -- --help\` for help.\n`);
    return EXIT_USAGE;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(commandHelp(command));
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\nRun \`npm run cli -- ${command.name} --help\` for help.\n`);
      return EXIT_USAGE;
    }
    if (error instanceof CliError) {
      io.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    // Anything else: one line, never a stack trace, a query's parameters or a row.
    io.stderr.write(`${command.name} failed: ${safeMessage(error)}\n`);
    return EXIT_FAILURE;
  }
}

function completeIo(io: Partial<CliIo>): CliIo {
  const env = io.env ?? process.env;
  return {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    env,
    cwd: io.cwd ?? process.cwd(),
    openDatabase: io.openDatabase ?? (() => openConfiguredDatabase(env)),
  };
}

export function overallHelp(commands: readonly CommandType[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "Usage: npm run cli -- <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `npm run cli -- <command> --help` for a command's options.",
    "The database: DATABASE_URL (PostgreSQL) when set, else the embedded database in PGLITE_DATA_DIR",
    "(default .data/pglite); created and migrated when needed.",
    "",
  ].join("\n");
}

export function commandHelp(command: Command): string {
  const rows = Object.entries(command.options).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : ""}--${name}${option.type === "string" ? ` ${option.valueName ?? "VALUE"}` : ""}`;
    return [flag, option.description] as const;
  });
  rows.push(["-h, --help", "show this help"]);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    `Usage: npm run cli -- ${command.usage}`,
    "",
    command.summary,
    ...(command.description ? ["", command.description.trim()] : []),
    "",
    "Options:",
    ...rows.map(([flag, description]) => `  ${flag.padEnd(width)}  ${description}`),
    "",
  ].join("\n");
}

// Run when started as a script (`tsx app/cli/main.ts …`), not when imported by tests.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`${safeMessage(error)}\n`);
      process.exitCode = EXIT_FAILURE;
    },
  );
}

export { withDatabase, openConfiguredDatabase } from "./database";
