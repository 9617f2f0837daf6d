/**
 * The proof of MEASURES.md: the sample history (shared/data/sample-contacts.csv, copied into
 * test/fixtures so a clean clone has it), imported into an empty database by the history import,
 * gives exactly the measures worked out independently of the app for both sample periods
 * (shared/data/sample-measures-*.json): every numerator, denominator, percentage and count. The
 * `measures --json` command prints the same object, sources in census order.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { main } from "../../app/cli/main";
import { importContactHistoryFile } from "../../app/history-import/import.server";
import { computeMeasures, listMeasureRecords, measuresToJson } from "../../app/measures/measures.server";
import { describeOnBothDatabases } from "./databases";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const SAMPLES = ["2023-01-01_2023-12-31", "2024-04-01_2025-03-31"];

/** The referral source codes of a measures JSON text, in the order written. */
const sourceOrder = (json: string) => [...json.slice(json.indexOf('"by_source"')).matchAll(/"([0-9][0-9A-Z]?)":\s*\{/g)].map((m) => m[1]);

describeOnBothDatabases("the sample history's measures", (t) => {
  const db = () => t.handle.db;

  // The sample file, imported in a hook into the empty database: each test below reads it and stands on its own.
  const counted = { before: -1, after: -1 };
  let result: Awaited<ReturnType<typeof importContactHistoryFile>>;
  beforeAll(async () => {
    const count = async () => Number((await db().selectFrom("contacts").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    counted.before = await count();
    result = await importContactHistoryFile(db(), join(FIXTURES, "sample-contacts.csv"), { now: new Date("2025-06-01T12:00:00Z") });
    counted.after = await count();
  });

  it("imports the sample file into an empty database", () => {
    expect(counted.before).toBe(0);
    expect(result.kind).toBe("imported");
    expect(counted.after).toBe(646);
  });

  for (const sample of SAMPLES) {
    const [from, to] = sample.split("_") as [string, string];
    const text = readFileSync(join(FIXTURES, `sample-measures-${sample}.json`), "utf8");

    it(`reproduces sample-measures-${sample}.json exactly`, async () => {
      const measures = await computeMeasures(db(), { from, to });
      expect(measures).toEqual(JSON.parse(text));
      // The JSON printed has the same keys and census order of sources as the file.
      expect(JSON.parse(measuresToJson(measures))).toEqual(JSON.parse(text));
      expect(sourceOrder(measuresToJson(measures))).toEqual(sourceOrder(text));
    });

    it(`lists, for ${sample}, exactly as many records as each figure counts`, async () => {
      const expected = JSON.parse(text);
      const period = { from, to };
      const n = async (figure: Parameters<typeof listMeasureRecords>[2]) => (await listMeasureRecords(db(), period, figure)).length;
      expect(await n("contacts.total")).toBe(expected.contacts.total);
      expect(await n("contacts.pending")).toBe(expected.contacts.pending);
      expect(await n("repeat_contacts.numerator")).toBe(expected.repeat_contacts.numerator);
      expect(await n("re_referrals.numerator")).toBe(expected.re_referrals.numerator);
      expect(await n("referrals.total")).toBe(expected.referrals.total);
      expect(await n("decided_within_one_working_day.numerator")).toBe(expected.decided_within_one_working_day.numerator);
      expect(await n("contacts_not_referral.numerator")).toBe(expected.contacts_not_referral.numerator);
      expect(await n("by_source.6.referrals")).toBe(expected.by_source["6"].referrals);
    });
  }

  it("prints them with `measures --json`, and as a table without it", async () => {
    let out = "";
    let err = "";
    const io = {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      env: {},
      cwd: process.cwd(),
      // The command closes the database it opens: hand it this one with a close that leaves it open.
      openDatabase: async () => ({ ...t.handle, close: async () => {} }),
    };
    expect(await main(["measures", "--from", "2023-01-01", "--to", "2023-12-31", "--json"], io)).toBe(0);
    expect(err).toBe("");
    expect(JSON.parse(out)).toEqual(JSON.parse(readFileSync(join(FIXTURES, "sample-measures-2023-01-01_2023-12-31.json"), "utf8")));
    out = "";
    expect(await main(["measures", "--from", "2023-01-01", "--to", "2023-12-31"], io)).toBe(0);
    // The three plan measures with numerator, denominator and percentage side by side.
    expect(out).toMatch(/Contacts not becoming a referral\s+160\s+212\s+75\.5%/);
    expect(out).toMatch(/Repeat contacts \(12 months\)\s+61\s+212\s+28\.8%/);
    expect(out).toMatch(/Re-referrals \(12 months\)\s+3\s+52\s+5\.8%/);
    expect(out).toMatch(/Decided within one working day\s+148\s+212\s+69\.8%/);
    out = "";
    expect(await main(["measures", "--from", "2023-12-31", "--to", "2023-01-01"], io)).toBe(2);
    expect(err).toMatch(/--from 2023-12-31 is after --to 2023-01-01/);
  });
});
