/**
 * The history import (spec/contacts-import.md) on both databases. Expected counts were worked out
 * from the CSV itself with awk and Python, not with the importer:
 * - sample-contacts.csv: 646 rows, 646 distinct contact_id, 419 distinct child_id; outcomes nfa 158,
 *   advice_signpost 158, early_help 134, referral 120, existing_case 49, strategy_discussion 24,
 *   duplicate 1, pending 2 (CT-0000643, CT-0000615); 144 referrals, each with a primary need.
 * - its first 400 rows: 305 children (so the other 246 rows bring 114 new children).
 * - child CGXRN1D4AU has five contacts: CT-0000347 … CT-0000351.
 * - test/fixtures/history-import/bad-rows.csv: 23 rows on 24 lines (one name holds a line break), bad on
 *   every line but 2, 19 and 24 (see the file): 20 bad rows.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { checkAllContactHistories } from "../../app/contacts/history.server";
import { viewContact } from "../../app/contacts/view.server";
import { type HistoryImportResult, importContactHistoryFile } from "../../app/history-import/import.server";
import { copyIn, copyText } from "../../db/queries/history-import";
import { countLookBacksNotAsStored } from "../../db/queries/measures/measures";
import { insertPerson } from "../../db/queries/people";
import { insertUser } from "../../db/queries/users";
import { describeOnBothDatabases, type TestDatabase } from "./databases";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const SAMPLE = join(FIXTURES, "sample-contacts.csv");
const BAD_ROWS = join(FIXTURES, "history-import", "bad-rows.csv");
const BAD_HEADER = join(FIXTURES, "history-import", "bad-header.csv");
const workDir = mkdtempSync(join(tmpdir(), "history-import-test-"));

/** The sample's header and first `n` rows, as a file. */
function sampleHead(n: number): string {
  const lines = readFileSync(SAMPLE, "utf8").split("\n");
  const path = join(workDir, `sample-first-${n}.csv`);
  writeFileSync(path, `${lines.slice(0, n + 1).join("\n")}\n`);
  return path;
}

/** The result as a rejection (the test fails here when the file was imported). */
function asRejected(result: HistoryImportResult): Extract<HistoryImportResult, { kind: "rejected" }> {
  if (result.kind !== "rejected") throw new Error(`expected the file to be rejected, but it was imported: ${JSON.stringify(result.summary)}`);
  return result;
}

async function counts(t: TestDatabase) {
  const { rows } = await sql<{ contacts: number; people: number; events: number; imported: number; references: string | null }>`
    select (select count(*)::int from contacts) as contacts,
           (select count(*)::int from people) as people,
           (select count(*)::int from contact_events) as events,
           (select count(*)::int from contacts where channel = 'import') as imported,
           (select max(reference) from contacts) as references
  `.execute(t.handle.db);
  return rows[0]!;
}

describeOnBothDatabases("history import of the sample file", (t) => {
  it("imports every row into an empty database: 646 contacts, 419 people, two events each", async () => {
    const result = await importContactHistoryFile(t.handle.db, SAMPLE);
    expect(result).toMatchObject({
      kind: "imported",
      summary: { rowsRead: 646, contactsAdded: 646, alreadyPresent: 0, peopleAdded: 419, peopleMatched: 0, skipped: 0, pendingAdded: 2 },
    });
    expect(await counts(t)).toMatchObject({ contacts: 646, people: 419, events: 1292, imported: 646 });
  });

  it("keeps each contact's outcome, times, source and state: closed, or received when pending", async () => {
    const db = t.handle.db;
    const byOutcome = await db
      .selectFrom("contacts")
      .select(["outcome", "state", sql<number>`count(*)::int`.as("n")])
      .groupBy(["outcome", "state"])
      .orderBy("outcome")
      .execute();
    expect(byOutcome).toEqual([
      { outcome: "advice_signpost", state: "closed", n: 158 },
      { outcome: "duplicate", state: "closed", n: 1 },
      { outcome: "early_help", state: "closed", n: 134 },
      { outcome: "existing_case", state: "closed", n: 49 },
      { outcome: "nfa", state: "closed", n: 158 },
      { outcome: "referral", state: "closed", n: 120 },
      { outcome: "strategy_discussion", state: "closed", n: 24 },
      { outcome: null, state: "received", n: 2 },
    ]);
    const withNeed = await db.selectFrom("contacts").select(sql<number>`count(*)::int`.as("n")).where("primary_need", "is not", null).executeTakeFirstOrThrow();
    expect(withNeed.n).toBe(144);
    // CT-0000331,CPK95EWZQP,…,2024-07-05T17:46:00+01:00,2A,2024-07-06T15:26:00+01:00,referral,N1
    const one = await db
      .selectFrom("contacts")
      .innerJoin("people", "people.id", "contacts.person_id")
      .select(["contacts.received_at", "contacts.decided_at", "contacts.source", "contacts.channel", "contacts.outcome", "contacts.primary_need", "contacts.version", "people.child_id", "people.sex", "people.postcode"])
      .where("contacts.external_id", "=", "CT-0000331")
      .executeTakeFirstOrThrow();
    expect({ ...one, received_at: new Date(one.received_at).toISOString(), decided_at: new Date(one.decided_at!).toISOString() }).toEqual({
      received_at: "2024-07-05T16:46:00.000Z",
      decided_at: "2024-07-06T14:26:00.000Z",
      source: "2A",
      channel: "import",
      outcome: "referral",
      primary_need: "N1",
      version: 2,
      child_id: "CPK95EWZQP",
      sex: "M",
      postcode: "EX4 1WR",
    });
    const pending = await db.selectFrom("contacts").select(["external_id", "decision_due_at"]).where("outcome", "is", null).orderBy("external_id").execute();
    expect(pending.map((p) => p.external_id)).toEqual(["CT-0000615", "CT-0000643"]);
    for (const p of pending) expect(p.decision_due_at).not.toBeNull();
  });

  it("passes the history replay check (the one `npm run contacts:check-history` runs)", async () => {
    const { checked, problems } = await checkAllContactHistories(t.handle.db);
    expect(problems).toEqual([]);
    expect(checked).toBe(646);
    expect(await countLookBacksNotAsStored(t.handle.db)).toBe(0);
    const notWorkedOut = await t.handle.db.selectFrom("contacts").select("id").where("repeat_contact", "is", null).execute();
    expect(notWorkedOut).toEqual([]);
  });

  it("shows every contact of the child in the child's story on the contact page", async () => {
    const db = t.handle.db;
    await insertUser(db, { id: "hi-screener", email: "hi-screener@example.org", display_name: "S", role: "screener", agency_code: null, hub_code: null, password_hash: "x" });
    const contact = await db.selectFrom("contacts").select("id").where("external_id", "=", "CT-0000351").executeTakeFirstOrThrow();
    const view = await viewContact(db, { id: "hi-screener", role: "screener" } as never, contact.id, null);
    const story = view!.chronology!.contacts;
    expect(story.map((c) => c.outcome).sort()).toEqual(["advice_signpost", "early_help", "existing_case", "nfa", "referral"]);
    expect(view!.contact.state).toBe("closed");
  });

  it("changes nothing when the same file is imported again", async () => {
    const before = await counts(t);
    const result = await importContactHistoryFile(t.handle.db, SAMPLE);
    expect(result).toMatchObject({
      kind: "imported",
      summary: { rowsRead: 646, contactsAdded: 0, alreadyPresent: 646, peopleAdded: 0, peopleMatched: 419, skipped: 0 },
    });
    expect(await counts(t)).toEqual(before);
  });
});

describeOnBothDatabases("history import of a longer file", (t) => {
  it("adds only the new rows, and only the new children", async () => {
    const first = await importContactHistoryFile(t.handle.db, sampleHead(400));
    expect(first).toMatchObject({ kind: "imported", summary: { rowsRead: 400, contactsAdded: 400, peopleAdded: 305, peopleMatched: 0 } });
    const second = await importContactHistoryFile(t.handle.db, SAMPLE);
    expect(second).toMatchObject({
      kind: "imported",
      summary: { rowsRead: 646, contactsAdded: 246, alreadyPresent: 400, peopleAdded: 114, peopleMatched: 305 },
    });
    expect(await counts(t)).toMatchObject({ contacts: 646, people: 419, events: 1292 });
    // Each child is one person, whichever import brought their contacts.
    const split = await sql<{ n: number }>`
      select count(*)::int as n from (select people.child_id from contacts join people on people.id = contacts.person_id group by people.child_id having count(distinct people.id) > 1) x
    `.execute(t.handle.db);
    expect(split.rows[0]!.n).toBe(0);
    expect((await checkAllContactHistories(t.handle.db)).problems).toEqual([]);
  });

  it("leaves the database as it was when the import fails half-way", async () => {
    const before = await counts(t);
    const path = join(workDir, "more.csv");
    const lines = readFileSync(SAMPLE, "utf8").split("\n");
    // New contact ids for the first 300 rows, so there is something to add.
    writeFileSync(path, [lines[0], ...lines.slice(1, 301).map((l) => l.replace(/^CT-/, "NEW-"))].join("\n"));
    let batches = 0;
    await expect(
      importContactHistoryFile(t.handle.db, path, {
        batchSize: 100,
        onProgress: (p) => {
          if (p.phase === "importing" && ++batches === 2) throw new Error("stopped half-way");
        },
      }),
    ).rejects.toThrow("stopped half-way");
    expect(await counts(t)).toEqual(before);
  });
  it("numbers references past six digits without repeating one", async () => {
    await sql`select setval('contact_reference_seq', 999998)`.execute(t.handle.db);
    // The first three rows: CT-0000331 received 2024-07-05, CT-0000268 2025-02-03, CT-0000182 2024-02-19.
    const result = await importContactHistoryFile(t.handle.db, sampleHead(3));
    expect(result).toMatchObject({ kind: "imported", summary: { contactsAdded: 0, alreadyPresent: 3 } });
    const fresh = join(workDir, "renumbered.csv");
    writeFileSync(fresh, readFileSync(sampleHead(3), "utf8").replace(/\nCT-/g, "\nRN-"));
    await importContactHistoryFile(t.handle.db, fresh);
    const refs = await t.handle.db.selectFrom("contacts").select(["external_id", "reference"]).where("external_id", "like", "RN-%").orderBy("external_id", "desc").execute();
    expect(refs).toEqual([
      { external_id: "RN-0000331", reference: "MASH-2024-999999" },
      { external_id: "RN-0000268", reference: "MASH-2025-1000000" },
      { external_id: "RN-0000182", reference: "MASH-2024-1000001" },
    ]);
  });
});

describeOnBothDatabases("history import of a child's older contacts", (t) => {
  it("importing a child's older contacts after their later ones re-marks the later ones (stored look-backs)", async () => {
    const lines = readFileSync(SAMPLE, "utf8").split("\n");
    const tail = join(workDir, "sample-last-rows.csv");
    writeFileSync(tail, `${[lines[0], ...lines.slice(324).filter((l) => l.trim() !== "")].join("\n")}\n`);
    const indexes = () =>
      sql<{ d: string }>`select indexdef as d from pg_indexes where schemaname = current_schema() and tablename in ('contacts', 'contact_events') order by 1`
        .execute(t.handle.db)
        .then((r) => r.rows.map((x) => x.d));
    const migrated = await indexes();
    // Into an empty database: the indexes are dropped for the load and built again, exactly as they were.
    expect(await importContactHistoryFile(t.handle.db, tail)).toMatchObject({ kind: "imported" });
    expect(await indexes()).toEqual(migrated);
    expect(migrated.length).toBeGreaterThan(10);
    const before = await t.handle.db.selectFrom("contacts").select(["external_id", "repeat_contact"]).execute();
    expect(await importContactHistoryFile(t.handle.db, SAMPLE)).toMatchObject({ kind: "imported", summary: { contactsAdded: 323 } });
    const after = new Map((await t.handle.db.selectFrom("contacts").select(["external_id", "repeat_contact"]).execute()).map((r) => [r.external_id, r.repeat_contact]));
    // Some of the first file's contacts became repeat contacts once their children's earlier contacts arrived.
    expect(before.filter((r) => r.repeat_contact === false && after.get(r.external_id) === true).length).toBeGreaterThan(0);
    expect(await countLookBacksNotAsStored(t.handle.db)).toBe(0);
  });
});

describeOnBothDatabases("history import of bad files", (t) => {
  it("rejects a file with bad rows whole, listing every problem by line and column", async () => {
    const result = await importContactHistoryFile(t.handle.db, BAD_ROWS);
    const rejected = asRejected(result);
    expect(rejected).toMatchObject({ fatal: false, rowsRead: 23, badRows: 20 });
    expect(rejected.problems.map((p) => `${p.line} ${p.column ?? "-"}`)).toEqual([
      "3 received_at", // 30 February
      "4 received_at", // no offset
      "5 decided_at", // 10:30+01:00 is before 10:00Z
      "6 sex",
      "6 ethnicity",
      "6 source",
      "6 outcome",
      "7 expected_date_of_birth", // both dates of birth
      "8 contact_id", // the same as line 2
      "9 primary_need", // on an nfa
      "10 primary_need", // referral without one
      "11 decided_at", // outcome without decision time
      "12 outcome", // decision time without outcome
      "13 contact_id",
      "13 child_id",
      "14 date_of_birth", // neither date
      "15 postcode",
      "16 -", // 13 fields
      "17 first_name", // a line break in the name (the record spans lines 17–18)
      "20 received_at", // in the future
      "21 primary_need", // N10
      "22 primary_need", // on a pending contact
      "23 last_name", // 101 characters
      "25 date_of_birth", // 29 February 2015
      "25 decided_at", // "yesterday"
    ]);
    expect(await counts(t)).toMatchObject({ contacts: 0, people: 0, events: 0 });
  });

  it("refuses a file whose header lacks required columns, even when skipping bad rows", async () => {
    const result = await importContactHistoryFile(t.handle.db, BAD_HEADER, { skipInvalid: true });
    const rejected = asRejected(result);
    expect(rejected.fatal).toBe(true);
    expect(rejected.problems.map((p) => `${p.line} ${p.column}`)).toEqual(["1 child_id", "1 received_at", "1 source"]);
    expect(rejected.warnings).toContain("column notes is not part of the import format: ignored");
    expect(await counts(t)).toMatchObject({ contacts: 0, people: 0 });
  });

  it("with skipInvalid imports the good rows, says how many were skipped, and matches people only by child_id", async () => {
    const db = t.handle.db;
    // CHILDA1 is known with other details: matched by child_id, its record left as it is.
    await insertPerson(db, { id: "known-a1", child_id: "CHILDA1", first_name: "Someone", last_name: "Else", sex: "F", date_of_birth: "2014-01-01" });
    // Exactly the name and date of birth of CHILDQ1 (line 19), without a child_id: never matched by name.
    await insertPerson(db, { id: "same-name-q1", child_id: null, first_name: "Quin", last_name: "Testperson", sex: "M", date_of_birth: "2016-07-14" });
    // CHILDV1 was merged into another record: its contacts go to the record kept.
    await insertPerson(db, { id: "kept-v1", child_id: null, first_name: null, last_name: "Testperson", sex: "U", expected_date_of_birth: "2024-09-01" });
    await insertPerson(db, { id: "merged-v1", child_id: "CHILDV1", first_name: null, last_name: "Testperson", sex: "U", expected_date_of_birth: "2024-09-01", merged_into_id: "kept-v1" });

    const result = await importContactHistoryFile(db, BAD_ROWS, { skipInvalid: true });
    expect(result).toMatchObject({
      kind: "imported",
      summary: { rowsRead: 23, contactsAdded: 3, alreadyPresent: 0, peopleAdded: 1, peopleMatched: 2, skipped: 20, pendingAdded: 1 },
    });
    const linked = await db
      .selectFrom("contacts")
      .innerJoin("people", "people.id", "contacts.person_id")
      .select(["contacts.external_id", "people.id", "people.child_id", "people.first_name"])
      .orderBy("contacts.external_id")
      .execute();
    expect(linked).toEqual([
      { external_id: "BAD-001", id: "known-a1", child_id: "CHILDA1", first_name: "Someone" },
      { external_id: "BAD-017", id: expect.not.stringMatching(/^same-name-q1$/), child_id: "CHILDQ1", first_name: "Quin" },
      { external_id: "BAD-022", id: "kept-v1", child_id: null, first_name: null },
    ]);
    expect((await checkAllContactHistories(db)).problems).toEqual([]);
  });
});

describeOnBothDatabases("history import of awkward text (COPY's escaping on PostgreSQL)", (t) => {
  // Names as the file gives them (RFC 4180: a quote inside a quoted field is doubled). Each name is
  // what the person record must hold, character for character: backslashes (also before n, t and N,
  // which COPY's text format would read as escapes), quotes, commas, and text beyond ASCII.
  const names: [string, string, string][] = [
    ["AWK1", "O'Brien-Ní Dhúill", "Zoë \"Zo\" Ærø"],
    ["AWK2", "back\\slash", "a\\nb\\tc\\N"],
    ["AWK3", "\\N", "Ñandú, 漢字 🙂"],
    ["AWK4", "Ιωάννα", "ends in a backslash\\"],
  ];
  const csvField = (value: string) => `"${value.replace(/"/g, '""')}"`;

  it("keeps names with backslashes, quotes, commas and unicode exactly, on both databases", async () => {
    const header = "contact_id,child_id,first_name,last_name,date_of_birth,expected_date_of_birth,sex,ethnicity,postcode,received_at,source,decided_at,outcome,primary_need";
    const rows = names.map(
      ([child, first, last], i) => `AWK-${i + 1},${child},${csvField(first)},${csvField(last)},2015-05-0${i + 1},,F,,,2024-03-0${i + 1}T10:00:00Z,6,2024-03-0${i + 1}T12:00:00Z,nfa,`,
    );
    const path = join(workDir, "awkward.csv");
    writeFileSync(path, `${header}\n${rows.join("\n")}\n`);
    const result = await importContactHistoryFile(t.handle.db, path, { now: new Date("2026-01-01T00:00:00Z") });
    expect(result).toMatchObject({ kind: "imported", summary: { contactsAdded: 4, peopleAdded: 4 } });
    const people = await t.handle.db.selectFrom("people").select(["child_id", "first_name", "last_name"]).orderBy("child_id").execute();
    expect(people).toEqual(names.map(([child_id, first_name, last_name]) => ({ child_id, first_name, last_name })));
    const contacts = await t.handle.db.selectFrom("contacts").select(["external_id", "state", "outcome"]).orderBy("external_id").execute();
    expect(contacts).toEqual([1, 2, 3, 4].map((i) => ({ external_id: `AWK-${i}`, state: "closed", outcome: "nfa" })));
    expect((await checkAllContactHistories(t.handle.db)).problems).toEqual([]);
  });

  it("sends tabs, line breaks, carriage returns, backslashes and \\N text through COPY unchanged (PostgreSQL)", async () => {
    if (t.handle.kind !== "postgres") return; // PGlite stages by batched inserts: no COPY text there
    const values = ["tab\there", "line\nbreak", "carriage\r\nreturn", "back\\slash", "\\N", "\\.", "quote \" and ' apostrophe", "ünïcödé 🙂 漢字", ""];
    await t.handle.db.transaction().execute(async (trx) => {
      await sql`create temp table copy_check (n int, value text) on commit drop`.execute(trx);
      await copyIn(trx, "copy_check", ["n", "value"], copyText([...values.map((v, i) => [i, v] as const), [values.length, null]]));
      const { rows } = await sql<{ n: number; value: string | null }>`select n, value from copy_check order by n`.execute(trx);
      expect(rows).toEqual([...values.map((value, n) => ({ n, value })), { n: values.length, value: null }]);
    });
  });
});
