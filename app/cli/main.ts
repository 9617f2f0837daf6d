/**
 * `npm run cli -- <command> [options]`: the front door's command line. Dispatches to the commands
 * of `registry.ts`; `--help` overall and per command. Uses the app's database selection
 * (DATABASE_URL, else the embedded database at PGLITE_DATA_DIR), creating and migrating it when
 * needed (reference data only, never demo data). Mistakes in arguments or files are plain messages
 * with a non-zero exit code, never stack traces; nothing about a child is ever printed.
 */
import { pathToFileURL } from "node:url";
import { loadConfig } from "../config.server";
import { type DatabaseHandle, openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { ensureReferenceData } from "../../db/seed/reference-data";
import { commands } from "./registry";
import { CliError, type CliIo, type Command, UsageError } from "./types";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Runs the command line with `argv` (the words after `npm run cli --`) and resolves to the exit code. */
export async function main(argv: string[], partialIo: Partial<CliIo> = {}): Promise<number> {
  const io = completeIo(partialIo);
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    if (first === "help" && rest[0]) return main([rest[0], "--help"], io);
    io.stdout.write(overallHelp());
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

/** The first line of an unexpected error's message, and the SQLSTATE code of a database error. */
function safeMessage(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  const code = (error as { code?: unknown }).code;
  const first = error.message.split("\n")[0] ?? "";
  // A database error's message may quote a value (e.g. "Key (external_id)=(…) already exists"): keep only its kind.
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
    const constraint = (error as { constraint?: unknown }).constraint;
    return `database error ${code}${typeof constraint === "string" ? ` (${constraint})` : ""}`;
  }
  return first.replace(/\(.*?\)=\(.*?\)/g, "(…)");
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

/** The app's database (DATABASE_URL, else PGLITE_DATA_DIR), migrated, with the reference data. */
export async function openConfiguredDatabase(env: Record<string, string | undefined>): Promise<DatabaseHandle> {
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  let database: DatabaseHandle;
  try {
    database = await openDatabase({ url: config.databaseUrl, pgliteDataDir: config.pgliteDataDir, poolSize: config.databasePoolSize });
  } catch (error) {
    throw new CliError(`Cannot open the database: ${safeMessage(error)}`);
  }
  try {
    await migrateToLatest(database.db);
    await ensureReferenceData(database.db);
  } catch (error) {
    await database.close().catch(() => {});
    throw new CliError(`Cannot bring ${database.description} up to date: ${safeMessage(error)}`);
  }
  return database;
}

/** Opens the configured database, runs `body`, and always closes it. */
export async function withDatabase<T>(io: CliIo, body: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = await io.openDatabase();
  try {
    return await body(database);
  } finally {
    await database.close();
  }
}

export function overallHelp(): string {
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
