/**
 * The history import's row validator and CSV reader (app/history-import), without a database.
 * Expected values are worked by hand from spec/contacts-import.md and MEASURES.md (times are instants;
 * a BST offset moves the instant one hour earlier than the same clock time in UTC).
 */
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { IMPORT_COLUMN_NAMES } from "../../app/history-import/format";
import { checkFile, validRows } from "../../app/history-import/read";
import { checkDate, checkDateTime, checkHeader, validateRecord } from "../../app/history-import/validate";

const NOW = new Date("2025-06-01T12:00:00Z");
const HEADER = checkHeader([...IMPORT_COLUMN_NAMES]);

const GOOD: Record<string, string> = {
  contact_id: "CT-0000001",
  child_id: "CABC123",
  first_name: "Ada",
  last_name: "Example",
  date_of_birth: "2016-02-29",
  expected_date_of_birth: "",
  sex: "F",
  ethnicity: "WBRI",
  postcode: "ex4 1wr",
  received_at: "2024-06-30T23:30:00Z",
  source: "2A",
  decided_at: "2024-07-01T10:15:00+01:00",
  outcome: "referral",
  primary_need: "N1",
};

function record(changes: Record<string, string> = {}): string[] {
  const values = { ...GOOD, ...changes };
  return IMPORT_COLUMN_NAMES.map((name) => values[name]!);
}

/** The [column, reason] pairs of a record's problems. */
function problemsOf(changes: Record<string, string>): [string | null, string][] {
  const result = validateRecord(record(changes), HEADER, 7, NOW);
  return result.ok ? [] : result.problems.map((p) => [p.column, p.reason]);
}

function columnsOf(changes: Record<string, string>): (string | null)[] {
  return problemsOf(changes).map(([column]) => column);
}

describe("a valid row", () => {
  it("becomes the row to import: instants in UTC, postcode in capitals, codes as given", () => {
    const result = validateRecord(record(), HEADER, 7, NOW);
    expect(result).toEqual({
      ok: true,
      row: {
        line: 7,
        contactId: "CT-0000001",
        person: {
          childId: "CABC123",
          firstName: "Ada",
          lastName: "Example",
          dateOfBirth: "2016-02-29",
          expectedDateOfBirth: null,
          sex: "F",
          ethnicity: "WBRI",
          postcode: "EX4 1WR",
        },
        receivedAt: "2024-06-30T23:30:00.000Z",
        source: "2A",
        // 10:15 BST is 09:15 UTC.
        decidedAt: "2024-07-01T09:15:00.000Z",
        outcome: "referral",
        primaryNeed: "N1",
      },
    });
  });

  it("may be pending (no outcome, no decision time) or about an unborn child without a first name", () => {
    expect(problemsOf({ outcome: "", decided_at: "", primary_need: "" })).toEqual([]);
    expect(problemsOf({ first_name: "", date_of_birth: "", expected_date_of_birth: "2025-01-10", sex: "U" })).toEqual([]);
  });

  it("may be decided at the very instant it was received", () => {
    expect(problemsOf({ received_at: "2024-03-01T09:00:00+00:00", decided_at: "2024-03-01T09:00:00Z" })).toEqual([]);
  });
});

describe("each kind of bad value is named by its column", () => {
  it("contact_id and child_id", () => {
    expect(columnsOf({ contact_id: "" })).toEqual(["contact_id"]);
    expect(columnsOf({ contact_id: "CT 1" })).toEqual(["contact_id"]);
    expect(columnsOf({ contact_id: "A".repeat(41) })).toEqual(["contact_id"]);
    expect(columnsOf({ contact_id: "a/B_9-z" })).toEqual([]);
    expect(columnsOf({ child_id: "" })).toEqual(["child_id"]);
    expect(columnsOf({ child_id: "C-1" })).toEqual(["child_id"]);
    expect(columnsOf({ child_id: "C".repeat(21) })).toEqual(["child_id"]);
  });

  it("names: last name required, both at most 100 characters, no control characters", () => {
    expect(columnsOf({ last_name: "" })).toEqual(["last_name"]);
    expect(columnsOf({ last_name: "L".repeat(101) })).toEqual(["last_name"]);
    expect(columnsOf({ last_name: "L".repeat(100) })).toEqual([]);
    expect(columnsOf({ first_name: "F".repeat(101) })).toEqual(["first_name"]);
    expect(columnsOf({ first_name: "A\nB" })).toEqual(["first_name"]);
  });

  it("dates of birth: real dates, one or the other, never both", () => {
    expect(columnsOf({ date_of_birth: "2015-02-29" })).toEqual(["date_of_birth"]);
    expect(columnsOf({ date_of_birth: "29/02/2016" })).toEqual(["date_of_birth"]);
    expect(columnsOf({ date_of_birth: "" })).toEqual(["date_of_birth"]);
    expect(columnsOf({ expected_date_of_birth: "2024-09-01" })).toEqual(["expected_date_of_birth"]);
    expect(columnsOf({ date_of_birth: "", expected_date_of_birth: "2024-13-01" })).toEqual(["expected_date_of_birth"]);
  });

  it("codes: sex, ethnicity, source, outcome, primary need", () => {
    expect(columnsOf({ sex: "X" })).toEqual(["sex"]);
    expect(columnsOf({ sex: "" })).toEqual(["sex"]);
    expect(columnsOf({ ethnicity: "WXYZ" })).toEqual(["ethnicity"]);
    expect(columnsOf({ ethnicity: "" })).toEqual([]);
    expect(columnsOf({ source: "11" })).toEqual(["source"]);
    expect(columnsOf({ source: "" })).toEqual(["source"]);
    expect(columnsOf({ outcome: "closed" })).toEqual(["outcome"]);
    expect(columnsOf({ primary_need: "N10" })).toEqual(["primary_need"]);
  });

  it("postcodes: UK postcodes only", () => {
    expect(columnsOf({ postcode: "NOT A POSTCODE" })).toEqual(["postcode"]);
    expect(columnsOf({ postcode: "12345" })).toEqual(["postcode"]);
    expect(columnsOf({ postcode: "SW1A1AA" })).toEqual([]);
    expect(columnsOf({ postcode: "" })).toEqual([]);
  });

  it("times: with a UTC offset, real, not in the future, decided not before received", () => {
    expect(problemsOf({ received_at: "2024-06-30T23:30:00" })).toEqual([
      ["received_at", expect.stringContaining("has no UTC offset")],
    ]);
    expect(columnsOf({ received_at: "2024-06-31T10:00:00Z" })).toEqual(["received_at"]);
    expect(columnsOf({ received_at: "2024-06-30T24:00:00Z" })).toEqual(["received_at"]);
    expect(columnsOf({ received_at: "2024-06-30" })).toEqual(["received_at"]);
    expect(columnsOf({ received_at: "" })).toEqual(["received_at"]);
    expect(problemsOf({ received_at: "2025-06-01T12:00:01Z", outcome: "", decided_at: "", primary_need: "" })).toEqual([
      ["received_at", "is in the future"],
    ]);
    // 00:10 BST on 1 July is 23:10 UTC on 30 June: 20 minutes before it was received.
    expect(problemsOf({ decided_at: "2024-07-01T00:10:00+01:00" })).toEqual([
      ["decided_at", "is before received_at: a contact is decided after it is received"],
    ]);
    expect(columnsOf({ decided_at: "2025-06-02T09:00:00Z" })).toEqual(["decided_at"]);
  });

  it("outcome and decided_at come together; primary need on referrals only", () => {
    expect(columnsOf({ decided_at: "" })).toEqual(["decided_at"]);
    expect(columnsOf({ outcome: "", primary_need: "" })).toEqual(["outcome"]);
    expect(columnsOf({ outcome: "nfa" })).toEqual(["primary_need"]);
    expect(columnsOf({ outcome: "strategy_discussion", primary_need: "" })).toEqual(["primary_need"]);
    expect(columnsOf({ outcome: "referral", primary_need: "" })).toEqual(["primary_need"]);
    expect(columnsOf({ outcome: "", decided_at: "" })).toEqual(["primary_need"]);
    expect(columnsOf({ outcome: "duplicate", primary_need: "" })).toEqual([]);
  });

  it("every problem of a row, not only the first", () => {
    expect(columnsOf({ child_id: "", sex: "X", source: "99" })).toEqual(["child_id", "sex", "source"]);
  });

  it("never quotes the value in the reason", () => {
    const reasons = problemsOf({ last_name: "Zebedee".repeat(20), postcode: "ZZZZZZZZ", ethnicity: "SECRET" }).map(([, r]) => r);
    expect(reasons).toHaveLength(3);
    for (const reason of reasons) expect(reason).not.toMatch(/Zebedee|ZZZZ|SECRET/);
  });
});

describe("dates and times", () => {
  it("know the calendar", () => {
    expect(checkDate("2024-02-29")).toEqual({ ok: true, date: "2024-02-29" });
    expect(checkDate("2023-02-29").ok).toBe(false);
    expect(checkDate("1900-02-29").ok).toBe(false);
    expect(checkDate("2000-02-29").ok).toBe(true);
    expect(checkDate("2024-04-31").ok).toBe(false);
  });

  it("read offsets as the instants they name", () => {
    expect(checkDateTime("2024-03-31T09:15:00+01:00")).toEqual({ ok: true, instant: "2024-03-31T08:15:00.000Z", ms: Date.UTC(2024, 2, 31, 8, 15) });
    expect(checkDateTime("2024-03-31T09:15:00-05:30")).toMatchObject({ instant: "2024-03-31T14:45:00.000Z" });
    expect(checkDateTime("2024-03-31T09:15Z")).toMatchObject({ instant: "2024-03-31T09:15:00.000Z" });
    expect(checkDateTime("2024-03-31T09:15:00.5Z")).toMatchObject({ instant: "2024-03-31T09:15:00.500Z" });
    expect(checkDateTime("2024-03-31T09:15:00+15:00").ok).toBe(false);
    expect(checkDateTime("2024-03-31 09:15:00Z").ok).toBe(false);
  });
});

describe("the header", () => {
  it("needs the required columns, warns of others, and refuses a column named twice", () => {
    const check = checkHeader(["contact_id", "child_id", "last_name", "date_of_birth", "sex", "notes", "received_at", "child_id"]);
    expect(check.problems.map((p) => [p.line, p.column])).toEqual([
      [1, "child_id"],
      [1, "source"],
    ]);
    expect(check.ignored).toEqual(["notes"]);
    expect(check.absent).toEqual(["first_name", "expected_date_of_birth", "ethnicity", "postcode", "decided_at", "outcome", "primary_need"]);
  });

  it("reads the columns in any order", () => {
    const names = [...IMPORT_COLUMN_NAMES].reverse();
    const header = checkHeader(names);
    const values = names.map((n) => GOOD[n]!);
    const result = validateRecord(values, header, 2, NOW);
    expect(result.ok && result.row.contactId).toBe("CT-0000001");
  });
});

const csv = (text: string) => () => Readable.from([Buffer.from(text)]);
const HEAD = IMPORT_COLUMN_NAMES.join(",");
const row = (changes: Record<string, string> = {}) =>
  record(changes)
    .map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v))
    .join(",");

describe("reading a file", () => {
  it("numbers lines from the header (line 1), counting line breaks inside quoted fields and skipping blank lines", async () => {
    const text = `\uFEFF${HEAD}\n${row({ contact_id: "A1" })}\n\n${row({ contact_id: "A2", first_name: "Two\nLines" })}\n${row({ contact_id: "A3", sex: "X" })}\n`;
    const check = await checkFile(csv(text), NOW);
    expect(check.rowsRead).toBe(3);
    // Line 1 header, 2 A1, 3 blank, 4–5 A2, 6 A3.
    expect(check.problems.map((p) => [p.line, p.column])).toEqual([
      [4, "first_name"],
      [6, "sex"],
    ]);
    expect(check.validRows).toBe(1);
    expect([...check.badRecords]).toEqual([2, 3]);
  });

  it("refuses a repeated contact_id, naming the line it first appeared on", async () => {
    const text = `${HEAD}\n${row({ contact_id: "A1" })}\n${row({ contact_id: "A2" })}\n${row({ contact_id: "A1" })}\n`;
    const check = await checkFile(csv(text), NOW);
    expect(check.problems).toEqual([{ line: 4, column: "contact_id", reason: "is the same as on line 2: each contact_id appears once in the file" }]);
  });

  it("keeps each child's details from their latest contact", async () => {
    const text = [
      HEAD,
      row({ contact_id: "A1", last_name: "Later", received_at: "2024-05-01T10:00:00Z", decided_at: "2024-05-01T11:00:00Z" }),
      row({ contact_id: "A2", last_name: "Earlier", received_at: "2024-04-01T10:00:00Z", decided_at: "2024-04-01T11:00:00Z" }),
    ].join("\n");
    const check = await checkFile(csv(text), NOW);
    expect(check.children.get("CABC123")?.lastName).toBe("Later");
  });

  it("stops at broken CSV with the line, and counts the file as not importable", async () => {
    const text = `${HEAD}\n${row({ contact_id: "A1" })}\n"A2,unclosed\n`;
    const check = await checkFile(csv(text), NOW);
    expect(check.fatal).toBe(true);
    expect(check.problems).toEqual([{ line: 3, column: null, reason: expect.stringContaining("a quoted field is never closed") }]);
  });

  it("says an empty file is empty", async () => {
    const check = await checkFile(csv(""), NOW);
    expect(check.fatal).toBe(true);
    expect(check.problems).toEqual([{ line: 1, column: null, reason: "the file is empty: it needs a header row and one row per contact" }]);
  });

  it("gives the valid rows in batches, leaving out the bad ones", async () => {
    const text = [HEAD, ...["A1", "A2", "A3", "A4", "A5"].map((id) => row({ contact_id: id, sex: id === "A3" ? "X" : "F" }))].join("\n");
    const open = csv(text);
    const check = await checkFile(open, NOW);
    const batches: string[][] = [];
    for await (const batch of validRows(open, check, NOW, 2)) batches.push(batch.map((r) => r.contactId));
    expect(batches).toEqual([["A1", "A2"], ["A4", "A5"]]);
  });
});
