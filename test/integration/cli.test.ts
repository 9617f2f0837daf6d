/**
 * The command line in-process: `main(argv, io)` with captured output, on both databases (the
 * database handed in through `io.openDatabase`), and once on its own choice of database (an
 * embedded one in a fresh folder, created and migrated by the command). Counts of the sample file
 * as in history-import.test.ts (worked out from the CSV with awk and Python).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCommandArgs, parseOutFile, parsePeriod, PERIOD_OPTIONS, outOption } from "../../app/cli/args";
import { main } from "../../app/cli/main";
import type { CliIo } from "../../app/cli/types";
import { UsageError } from "../../app/cli/types";
import { describeOnBothDatabases, type TestDatabase } from "./databases";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const SAMPLE = join(FIXTURES, "sample-contacts.csv");
const BAD_ROWS = join(FIXTURES, "history-import", "bad-rows.csv");
const workDir = mkdtempSync(join(tmpdir(), "cli-test-"));

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(argv: string[], io: Partial<CliIo> = {}): Promise<Run> {
  let out = "";
  let err = "";
  const code = await main(argv, {
    stdout: { write: (s: string) => (out += s), isTTY: false },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    cwd: process.cwd(),
    openDatabase: async () => {
      throw new Error("this command should not open the database");
    },
    ...io,
  });
  return { code, out, err };
}

/** The test's database, handed to the command with a close that leaves it open for the next test. */
const using = (t: TestDatabase): Partial<CliIo> => ({ openDatabase: async () => ({ ...t.handle, close: async () => {} }) });

describe("npm run cli", () => {
  it("--help lists the commands", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Usage: npm run cli -- <command> [options]");
    expect(r.out).toMatch(/^ {2}import +import contact history from a CSV file/m);
  });

  it("without a command prints the help and fails (exit 2)", async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.out).toContain("Commands:");
  });

  it("an unknown command is a plain message (exit 2)", async () => {
    const r = await run(["imprt", "x.csv"]);
    expect(r).toEqual({ code: 2, out: "", err: expect.stringContaining('Unknown command "imprt"') });
  });

  it("import --help shows its usage and options", async () => {
    const r = await run(["import", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Usage: npm run cli -- import FILE.csv [--skip-invalid]");
    expect(r.out).toContain("--skip-invalid");
  });

  it("mistakes in the arguments are plain messages with exit 2, never stack traces, and open no database", async () => {
    const cases: [string[], string][] = [
      [["import"], "Missing FILE.csv."],
      [["import", "a.csv", "b.csv"], "Unexpected argument: b.csv."],
      [["import", SAMPLE, "--bogus"], "Unknown option --bogus."],
      [["import", join(workDir, "no-such-file.csv")], "No such file:"],
      [["import", workDir], "is a folder, not a file."],
    ];
    for (const [argv, message] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.err).toContain(message);
      expect(r.err).toContain("npm run cli -- import --help");
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it("a configuration that cannot be used is a plain message (exit 1)", async () => {
    const r = await run(["import", SAMPLE], { env: { DATABASE_URL: "not a url" }, openDatabase: undefined });
    expect(r.code).toBe(1);
    expect(r.err).toContain("The configuration in the environment is not valid");
    expect(r.err).toContain("DATABASE_URL");
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it("creates and migrates the embedded database at PGLITE_DATA_DIR when it does not exist, and imports into it", async () => {
    const dataDir = join(workDir, "pglite");
    const r = await run(["import", SAMPLE], { env: { PGLITE_DATA_DIR: dataDir }, openDatabase: undefined });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/contacts added +646/);
    const again = await run(["import", SAMPLE], { env: { PGLITE_DATA_DIR: dataDir }, openDatabase: undefined });
    expect(again.out).toMatch(/contacts added +0\n/);
    expect(again.out).toMatch(/already present +646/);
  }, 120_000);
});

describe("shared option helpers", () => {
  const command = { options: { ...PERIOD_OPTIONS, ...outOption() } };
  const period = (...argv: string[]) => parsePeriod(parseCommandArgs(command, argv));

  it("--from/--to: real calendar dates, from not after to", () => {
    expect(period("--from", "2024-02-29", "--to", "2024-02-29")).toEqual({ from: "2024-02-29", to: "2024-02-29" });
    expect(() => period("--from", "2023-02-29", "--to", "2023-03-01")).toThrow(new UsageError("--from 2023-02-29 is not a date in the calendar."));
    expect(() => period("--from", "2023-1-01", "--to", "2023-03-01")).toThrow(UsageError);
    expect(() => period("--from", "2023-03-02", "--to", "2023-03-01")).toThrow(new UsageError("--from 2023-03-02 is after --to 2023-03-01."));
    expect(() => period("--to", "2023-03-01")).toThrow(new UsageError("Missing --from YYYY-MM-DD."));
    expect(() => period("--from")).toThrow(UsageError);
  });

  it("--out: required, in a folder that exists, with the extension asked for", () => {
    const out = (...argv: string[]) => parseOutFile(parseCommandArgs(command, argv), { cwd: workDir }, [".csv", ".xlsx"]);
    expect(out("--out", "list.csv")).toBe(join(workDir, "list.csv"));
    expect(() => out()).toThrow(new UsageError("Missing --out FILE."));
    expect(() => out("--out", "list.txt")).toThrow(UsageError);
    expect(() => out("--out", "no-such-folder/list.csv")).toThrow(UsageError);
  });
});

describeOnBothDatabases("npm run cli -- import", (t) => {
  it("rejects a file with bad rows (exit 1), listing each problem by line, column and reason, never a value", async () => {
    const r = await run(["import", BAD_ROWS], using(t));
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain("bad-rows.csv was not imported: 20 of 23 rows have problems, so nothing was imported.");
    expect(r.err).toContain("  line 3, column received_at: has a date that is not a date in the calendar\n");
    expect(r.err).toContain("  line 5, column decided_at: is before received_at");
    expect(r.err).toContain("  line 8, column contact_id: is the same as on line 2");
    expect(r.err).toContain("  line 16: has 13 fields; the header has 14\n");
    expect(r.err).toContain("use --skip-invalid to import the 3 valid rows");
    expect(r.err.match(/^ {2}line /gm)).toHaveLength(25);
    // Nothing typed about a child: no names, postcodes or dates of birth from the file.
    expect(r.err).not.toMatch(/Testperson|Quin|NOT A POSTCODE|2015-04-01/);
  });

  // The sample file imported twice, in a hook: each test below reads what the imports printed.
  let first: Awaited<ReturnType<typeof run>>;
  let second: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    first = await run(["import", SAMPLE], using(t));
    second = await run(["import", SAMPLE], using(t));
  });

  it("imports the sample file and prints a summary", () => {
    const r = first;
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        "Imported sample-contacts.csv:",
        "  rows read        646",
        "  contacts added   646 (2 pending, waiting in the MASH queue)",
        "  already present  0",
        "  people added     419",
        "  people matched   0 (by child_id)",
        "  skipped          0",
        "",
      ].join("\n"),
    );
  });

  it("a second import adds nothing", () => {
    const r = second;
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/contacts added +0\n {2}already present +646\n {2}people added +0\n {2}people matched +419/);
  });

  it("--skip-invalid imports the good rows and says how many were skipped, and which", async () => {
    const r = await run(["import", BAD_ROWS, "--skip-invalid"], using(t));
    expect(r.code).toBe(0);
    expect(r.err).toContain("Skipped 20 bad rows (--skip-invalid):\n  line 3, column received_at:");
    expect(r.out).toMatch(/rows read +23\n {2}contacts added +3 \(1 pending/);
    expect(r.out).toMatch(/skipped +20 \(bad rows, --skip-invalid\)/);
  });
});
