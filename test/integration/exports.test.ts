/**
 * Annex A Lists 1 and 3 and the CIN census XML, on both databases: a small history whose every
 * cell was worked out by hand (British Summer Time midnights, 29 February birthdays, the 12-month
 * look-back boundary, duplicates, pending and unlinked contacts, census rules broken on purpose),
 * then the sample history of ../shared/data (rows = the sample measures' totals, XML valid against
 * the schema with xmllint).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, expect, it } from "vitest";
import { main } from "../../app/cli/main";
import { importContactHistoryFile } from "../../app/history-import/import.server";
import { annexACsv, annexATable, annexAXlsx } from "../../app/measures/annex-a.server";
import { cinCensus } from "../../app/measures/cin-census.server";
import { insertContact } from "../../db/queries/contacts/contact-events";
import { listAnnexAContacts, listReferralsInPeriod } from "../../db/queries/measures/annex-a";
import { listMeasureMembers, storeMissingLookBacks } from "../../db/queries/measures/measures";
import { insertPerson } from "../../db/queries/people";
import type { Executor } from "../../db/queries/users";
import { describeOnBothDatabases, type TestDatabase } from "./databases";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const XSD = join(FIXTURES, "CIN_schema_2024.xsd");
const PERIOD = { from: "2024-04-01", to: "2025-03-31" };
const GENERATED_AT = new Date("2025-04-02T09:30:00.000Z");

const workDir = mkdtempSync(join(tmpdir(), "exports-test-"));

interface HandContact {
  ref: string;
  person: string | null;
  received: string;
  source: string;
  outcome?: string;
  decided?: string;
  primaryNeed?: string;
  nfa?: boolean;
  team?: string;
  worker?: string;
}

const PEOPLE = [
  { id: "person-a", child_id: "KID1", first_name: "Amy", last_name: "Ash", date_of_birth: "2010-03-31", expected_date_of_birth: null, sex: "F", ethnicity: "MWBA" },
  { id: "p-unborn-b", child_id: null, first_name: null, last_name: "Bee", date_of_birth: null, expected_date_of_birth: "2025-06-01", sex: "U", ethnicity: null },
  { id: "person-c", child_id: "KID3", first_name: "Cal", last_name: "Cole", date_of_birth: "2016-02-29", expected_date_of_birth: null, sex: "M", ethnicity: "WBRI" },
  { id: "person-d", child_id: "KID4", first_name: null, last_name: "Dale", date_of_birth: null, expected_date_of_birth: "2026-01-10", sex: "U", ethnicity: "WIRI" },
] as const;

const CONTACTS: HandContact[] = [
  // Before the period: only the look-back sees it. Decided 09:00 BST on 2 April 2023, the boundary day of A1's 12 months.
  { ref: "A0", person: "person-a", received: "2023-04-01T09:00:00Z", source: "2A", outcome: "referral", decided: "2023-04-02T08:00:00Z", primaryNeed: "N1", nfa: false, team: "North CIN", worker: "Worker One" },
  // Received 21:00 BST on 31 March 2024 (not in List 1), decided 2 April 2024 (in List 3).
  { ref: "A1", person: "person-a", received: "2024-03-31T20:00:00Z", source: "6", outcome: "referral", decided: "2024-04-02T10:00:00Z", primaryNeed: "N1", nfa: false, team: "Exeter CIN", worker: '=HYPERLINK("http://x")' },
  { ref: "A2", person: "person-a", received: "2025-02-28T10:00:00Z", source: "3A", outcome: "referral", decided: "2025-03-01T12:00:00Z", primaryNeed: "N4", nfa: false, team: "+Team", worker: "@worker" },
  // 23:30 UTC on 30 June 2024 is 00:30 BST on 1 July 2024; pending.
  { ref: "A3", person: "person-a", received: "2024-06-30T23:30:00Z", source: "1A" },
  { ref: "B1", person: "p-unborn-b", received: "2024-10-10T10:00:00Z", source: "5D", outcome: "referral", decided: "2024-10-11T10:00:00Z", nfa: true },
  // 23:30 UTC on 30 March 2025 is 00:30 BST on 31 March 2025 (the clocks went forward that night).
  { ref: "C1", person: "person-c", received: "2025-03-30T23:30:00Z", source: "8", outcome: "nfa", decided: "2025-03-31T08:00:00Z" },
  { ref: "C2", person: "person-c", received: "2024-12-01T10:00:00Z", source: "9", outcome: "duplicate", decided: "2024-12-01T11:00:00Z" },
  // A referral without ReferralNFA or a primary need (as history imported from a file can be): listed in
  // Annex A (Referral NFA? blank), not returned in the census.
  { ref: "C3", person: "person-c", received: "2024-12-02T09:00:00Z", source: "10", outcome: "referral", decided: "2024-12-02T15:00:00Z", team: "South CIN", worker: "W3" },
  // Imported history: no ReferralNFA, but a primary need — a referral not closed NFA (b) No).
  { ref: "C5", person: "person-c", received: "2023-12-20T09:00:00Z", source: "7", outcome: "referral", decided: "2024-01-10T15:00:00Z", primaryNeed: "N5" },
  // 23:59 BST on 31 March 2024: before the period.
  { ref: "C4", person: "person-c", received: "2024-03-31T22:59:00Z", source: "2B", outcome: "advice_signpost", decided: "2024-04-01T09:00:00Z" },
  // 15 March 2025 is more than 280 days before 10 January 2026 (280 days before is 5 April 2025).
  { ref: "D1", person: "person-d", received: "2025-03-15T10:00:00Z", source: "4", outcome: "strategy_discussion", decided: "2025-03-15T12:00:00Z", primaryNeed: "N2", nfa: false, team: "Exeter CIN", worker: "-1" },
  // Not linked to a child yet: the child as described.
  { ref: "U1", person: null, received: "2024-05-05T10:00:00Z", source: "1C" },
];

async function insertHandHistory(db: Executor) {
  for (const p of PEOPLE) await insertPerson(db, { ...p });
  for (const c of CONTACTS) {
    await insertContact(db, {
      id: `id-${c.ref}`,
      reference: c.ref,
      person_id: c.person,
      received_at: c.received,
      source: c.source,
      channel: "phone",
      referrer: "{}",
      state: c.outcome ? "closed" : "received",
      outcome: c.outcome ?? null,
      decided_at: c.decided ?? null,
      primary_need: c.primaryNeed ?? null,
      referral_nfa: c.nfa ?? null,
      referral_team: c.team ?? null,
      referral_worker: c.worker ?? null,
      machine_version: 1,
      snapshot: "{}",
      described_child:
        c.person === null
          ? JSON.stringify({ firstName: "Zed", lastName: "Zee", dateOfBirth: "2012-05-06", expectedDateOfBirth: null, sex: "F", nhsNumber: null })
          : null,
    });
  }
  // Written directly, as an import writes: the stored look-backs are then worked out, as the import does.
  await storeMissingLookBacks(db);
}

/** The CSV's cells, without the byte-order mark. */
function csvCells(csv: string): string[][] {
  return parse(csv, { bom: true }) as string[][];
}

async function xlsxCells(buffer: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  const width = sheet.getRow(1).cellCount;
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= width; i++) {
      const value = row.getCell(i).value;
      cells.push(value === null || value === undefined ? "" : String(value));
    }
    rows.push(cells);
  });
  return rows;
}

function xmllint(file: string) {
  return spawnSync("xmllint", ["--noout", "--schema", XSD, file], { encoding: "utf8" });
}

/** A CLI run in-process against the test's database (which the command must not close). */
async function runCli(t: TestDatabase, argv: string[], env: Record<string, string | undefined> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    cwd: workDir,
    openDatabase: async () => ({ ...t.handle, close: async () => {} }),
  });
  return { code, stdout, stderr };
}

const LIST_1_HEADER = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", "Date of Contact", "Contact Source"];
const LIST_3_HEADER = [
  "Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
  "Date of referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker",
];

// Worked by hand from CONTACTS and PEOPLE (ages at 31 March 2025; 29 February 2016 → 9; 31 March 2010 → 15 that day).
const LIST_1_ROWS = [
  ["", "b) Female", "t) NOBT", "06/05/2012", "12", "05/05/2024", "c) 1C: Individual"],
  ["KID1", "b) Female", "g) MWBA", "31/03/2010", "15", "01/07/2024", "a) 1A: Individual"],
  ["PPUNBORNB", "c) Not stated/recorded", "t) NOBT", "", "", "10/10/2024", "p1) 5D: LA services"],
  ["KID3", "a) Male", "a) WBRI", "29/02/2016", "9", "02/12/2024", "u) 10: Unknown"],
  ["KID1", "b) Female", "g) MWBA", "31/03/2010", "15", "28/02/2025", "g) 3A: Health services"],
  ["KID4", "c) Not stated/recorded", "b) WIRI", "", "", "15/03/2025", "m) 4: Housing"],
  ["KID3", "a) Male", "a) WBRI", "29/02/2016", "9", "31/03/2025", "s) 8: Other"],
];

const LIST_3_ROWS = [
  // A0 (2 April 2023) is on the boundary day of the 12 months before 2 April 2024: counted.
  ["KID1", "b) Female", "g) MWBA", "31/03/2010", "15", "02/04/2024", "q) 6: Police", "b) No", "1", "Exeter CIN", `'=HYPERLINK("http://x")`],
  ["PPUNBORNB", "c) Not stated/recorded", "t) NOBT", "", "", "11/10/2024", "p1) 5D: LA services", "a) Yes", "0", "", ""],
  // C5 (10 January 2024) is within the 12 months before 2 December 2024.
  ["KID3", "a) Male", "a) WBRI", "29/02/2016", "9", "02/12/2024", "u) 10: Unknown", "", "1", "South CIN", "W3"],
  // A1 (2 April 2024) is within the 12 months before 1 March 2025, A0 is not.
  ["KID1", "b) Female", "g) MWBA", "31/03/2010", "15", "01/03/2025", "g) 3A: Health services", "b) No", "1", "'+Team", "'@worker"],
  ["KID4", "c) Not stated/recorded", "b) WIRI", "", "", "15/03/2025", "m) 4: Housing", "b) No", "0", "Exeter CIN", "'-1"],
];

const CENSUS_XML = `<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails>
      <Collection>CIN</Collection>
      <Year>2025</Year>
      <ReferenceDate>2025-03-31</ReferenceDate>
    </CollectionDetails>
    <Source>
      <SourceLevel>L</SourceLevel>
      <LEA>878</LEA>
      <SoftwareCode>front-door</SoftwareCode>
      <Release>0.1.0</Release>
      <SerialNo>001</SerialNo>
      <DateTime>2025-04-02T09:30:00Z</DateTime>
    </Source>
  </Header>
  <Children>
    <Child>
      <ChildIdentifiers>
        <LAchildID>KID1</LAchildID>
        <PersonBirthDate>2010-03-31</PersonBirthDate>
        <GenderCurrent>2</GenderCurrent>
      </ChildIdentifiers>
      <ChildCharacteristics>
        <Ethnicity>MWBA</Ethnicity>
        <Disabilities>
          <Disability>MOB</Disability>
          <Disability>AUT</Disability>
        </Disabilities>
      </ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>2025-03-01</CINreferralDate>
        <ReferralSource>3A</ReferralSource>
        <PrimaryNeedCode>N4</PrimaryNeedCode>
        <ReferralNFA>false</ReferralNFA>
      </CINdetails>
    </Child>
    <Child>
      <ChildIdentifiers>
        <LAchildID>PPUNBORNB</LAchildID>
        <ExpectedPersonBirthDate>2025-06-01</ExpectedPersonBirthDate>
        <GenderCurrent>0</GenderCurrent>
      </ChildIdentifiers>
      <ChildCharacteristics>
        <Ethnicity>NOBT</Ethnicity>
      </ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>2024-10-11</CINreferralDate>
        <ReferralSource>5D</ReferralSource>
        <CINclosureDate>2024-10-11</CINclosureDate>
        <ReasonForClosure>RC8</ReasonForClosure>
        <ReferralNFA>true</ReferralNFA>
      </CINdetails>
    </Child>
  </Children>
</Message>
`;

/** The files each database made, by database then name: PGlite and PostgreSQL must give identical files. */
const outputs: Record<string, Record<string, string>> = {};
function keep(t: TestDatabase, name: string, content: string) {
  const database = t.handle.kind === "pglite" ? "PGlite" : "PostgreSQL";
  outputs[database] = { ...outputs[database], [name]: content };
}

afterAll(() => {
  const [pglite, postgres] = [outputs.PGlite, outputs.PostgreSQL];
  expect(Object.keys(pglite ?? {})).toHaveLength(9);
  expect(postgres).toEqual(pglite);
});

describeOnBothDatabases("Annex A and census exports of a hand-worked history", (t) => {
  // Set up in a hook, before any test: each test below reads it and stands on its own.
  beforeAll(async () => {
    await insertHandHistory(t.handle.db);
    // Disabilities are recorded out of census order; the census lists them in order.
    await t.handle.db.updateTable("people").set({ disabilities: ["AUT", "MOB"] }).where("id", "=", "person-a").execute();
  });

  it("List 1: one row per non-duplicate contact received in the period, by local date then child", async () => {
    const csv = annexACsv(await annexATable(t.handle.db, 1, PERIOD));
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csvCells(csv)).toEqual([LIST_1_HEADER, ...LIST_1_ROWS]);
  });

  it("List 3: one row per referral whose referral date is in the period, with the 12-month count and formula-safe team and worker", async () => {
    const csv = annexACsv(await annexATable(t.handle.db, 3, PERIOD));
    expect(csvCells(csv)).toEqual([LIST_3_HEADER, ...LIST_3_ROWS]);
  });

  it("the XLSX holds the same rows as the CSV, read back with exceljs", async () => {
    for (const list of [1, 3] as const) {
      const table = await annexATable(t.handle.db, list, PERIOD);
      const fromXlsx = await xlsxCells(await annexAXlsx(table));
      expect(fromXlsx).toEqual(csvCells(annexACsv(table)));
    }
  });

  it("the census returns what it can and reports the rest by reference", async () => {
    const result = await cinCensus(t.handle.db, { ...PERIOD, laCode: "878", generatedAt: GENERATED_AT });
    expect(result.xml).toBe(CENSUS_XML);
    expect(result).toMatchObject({ referrals: 5, episodes: 2, children: 2 });
    expect(result.problems).toEqual([
      { reference: "A1", externalId: null, reason: expect.stringContaining("another open (non-NFA) referral of the same child follows in the period (A2)") },
      { reference: "C3", externalId: null, reason: "ReferralNFA is not recorded and there is no primary need to tell it by (ReferralNFA must be present on every referral)" },
      { reference: "D1", externalId: null, reason: "the referral date is more than 280 days before the child's expected date of birth" },
    ]);
    const file = join(workDir, `hand-${t.handle.kind}.xml`);
    writeFileSync(file, result.xml!);
    const lint = xmllint(file);
    expect(lint.stderr).toContain("validates");
    expect(lint.status).toBe(0);
  });

  it("the command line writes the files, prints counts and references only, and exits 3 when a referral is not returned", async () => {
    const list1 = await runCli(t, ["annex-a", "--list", "1", "--from", PERIOD.from, "--to", PERIOD.to, "--out", `l1-${t.handle.kind}.csv`]);
    expect(list1).toMatchObject({ code: 0, stderr: "" });
    expect(list1.stdout).toBe(`Annex A List 1, 2024-04-01 to 2025-03-31: 7 rows written to ${join(workDir, `l1-${t.handle.kind}.csv`)}\n`);
    const list3 = await runCli(t, ["annex-a", "--list", "3", "--from", PERIOD.from, "--to", PERIOD.to, "--out", `l3-${t.handle.kind}.xlsx`]);
    expect(list3.code).toBe(0);
    expect(await xlsxCells(readFileSync(join(workDir, `l3-${t.handle.kind}.xlsx`)))).toEqual([LIST_3_HEADER, ...LIST_3_ROWS]);

    const census = await runCli(t, ["cin-census", "--from", PERIOD.from, "--to", PERIOD.to, "--out", `c-${t.handle.kind}.xml`], { LA_CODE: "879" });
    expect(census.code).toBe(3);
    expect(census.stderr.split("\n").filter(Boolean).map((line) => line.split(":")[0])).toEqual(["A1", "C3", "D1"]);
    expect(census.stdout).toContain("5 referrals in the period, 2 returned for 2 children, 3 not returned");
    const xml = readFileSync(join(workDir, `c-${t.handle.kind}.xml`), "utf8");
    expect(xml).toContain("<LEA>879</LEA>");
    expect(xmllint(join(workDir, `c-${t.handle.kind}.xml`)).status).toBe(0);
    // Nothing a user typed about a child reaches the terminal.
    for (const name of ["Amy", "Ash", "Bee", "Cole", "Dale", "Zed", "Zee"]) expect(census.stdout + census.stderr + list1.stdout).not.toContain(name);

    const wrongList = await runCli(t, ["annex-a", "--list", "2", "--from", PERIOD.from, "--to", PERIOD.to, "--out", "x.csv"]);
    expect(wrongList.code).toBe(2);
    expect(wrongList.stderr).toContain("--list must be 1 or 3");
    const wrongLa = await runCli(t, ["cin-census", "--from", PERIOD.from, "--to", PERIOD.to, "--out", "x.xml", "--la", "87"]);
    expect(wrongLa.code).toBe(2);
    // A period without referrals: the schema needs a child, so no file and exit code 1.
    const empty = await runCli(t, ["cin-census", "--from", "2010-01-01", "--to", "2010-12-31", "--out", `empty-${t.handle.kind}.xml`]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("0 referrals in the period");
    expect(existsSync(join(workDir, `empty-${t.handle.kind}.xml`))).toBe(false);
  });

  it("keeps the files for the comparison of the two databases", async () => {
    const db = t.handle.db;
    keep(t, "hand list 1", annexACsv(await annexATable(db, 1, PERIOD)));
    keep(t, "hand list 3", annexACsv(await annexATable(db, 3, PERIOD)));
    keep(t, "hand census", (await cinCensus(db, { ...PERIOD, laCode: "878", generatedAt: GENERATED_AT })).xml!);
  });
});

// ---------------------------------------------------------------------------------------------
// The sample history of ../shared/data (copied into test/fixtures)
// ---------------------------------------------------------------------------------------------

const SAMPLE_PERIODS = ["2023-01-01_2023-12-31", "2024-04-01_2025-03-31"].map((name) => {
  const expected = JSON.parse(readFileSync(join(FIXTURES, `sample-measures-${name}.json`), "utf8")) as {
    period: { from: string; to: string };
    contacts: { total: number };
    referrals: { total: number };
  };
  return { name, period: expected.period, contactsTotal: expected.contacts.total, referralsTotal: expected.referrals.total };
});

/** A child's rows of a list (by Child Unique ID), in the list's order. */
function rowsOf(cells: string[][], childId: string): string[][] {
  return cells.filter((row) => row[0] === childId);
}

describeOnBothDatabases("Annex A and census exports of the sample history", (t) => {
  let imported: Awaited<ReturnType<typeof importContactHistoryFile>>;
  // The sample file, imported in a hook: each test below reads it and stands on its own.
  beforeAll(async () => {
    imported = await importContactHistoryFile(t.handle.db, join(FIXTURES, "sample-contacts.csv"));
  });

  it("imports the sample file", () => {
    expect(imported.kind).toBe("imported");
  });

  for (const sample of SAMPLE_PERIODS) {
    it(`${sample.name}: List 1 has contacts.total rows and List 3 referrals.total rows, the measures' own members`, async () => {
      const db = t.handle.db;
      const list1 = csvCells(annexACsv(await annexATable(db, 1, sample.period)));
      const list3 = csvCells(annexACsv(await annexATable(db, 3, sample.period)));
      keep(t, `${sample.name} list 1`, annexACsv(await annexATable(db, 1, sample.period)));
      keep(t, `${sample.name} list 3`, annexACsv(await annexATable(db, 3, sample.period)));
      expect(list1.length - 1).toBe(sample.contactsTotal);
      expect(list3.length - 1).toBe(sample.referralsTotal);
      const contactRefs = (await listAnnexAContacts(db, sample.period)).map((r) => r.reference).sort();
      const referralRefs = (await listReferralsInPeriod(db, sample.period)).map((r) => r.reference).sort();
      expect(contactRefs).toEqual((await listMeasureMembers(db, sample.period, "contacts.total")).map((m) => m.reference).sort());
      expect(referralRefs).toEqual((await listMeasureMembers(db, sample.period, "referrals.total")).map((m) => m.reference).sort());
    });

    it(`${sample.name}: the census XML validates against the schema, and every referral is returned or reported`, async () => {
      const result = await cinCensus(t.handle.db, { ...sample.period, laCode: "878", generatedAt: GENERATED_AT });
      expect(result.referrals).toBe(sample.referralsTotal);
      expect(result.episodes + result.problems.length).toBe(sample.referralsTotal);
      const file = join(workDir, `sample-${sample.name}-${t.handle.kind}.xml`);
      writeFileSync(file, result.xml!);
      keep(t, `${sample.name} census`, result.xml!);
      const lint = xmllint(file);
      expect(lint.stderr).toContain("validates");
      expect(lint.status).toBe(0);
    });
  }

  // Worked by hand from the rows of sample-contacts.csv for these children.
  it("2023: hand-checked rows (a re-referral a week later, a decision after midnight BST, an unborn child)", async () => {
    const period = { from: "2023-01-01", to: "2023-12-31" };
    const list1 = csvCells(annexACsv(await annexATable(t.handle.db, 1, period)));
    const list3 = csvCells(annexACsv(await annexATable(t.handle.db, 3, period)));
    // CT-0000131 and CT-0000132: born 3 March 2007, 16 on 31 December 2023; the second is within 12 months of the first.
    expect(rowsOf(list1, "CZD4SSBSC9")).toEqual([
      ["CZD4SSBSC9", "a) Male", "a) WBRI", "03/03/2007", "16", "19/01/2023", "r) 7: Other legal agency"],
      ["CZD4SSBSC9", "a) Male", "a) WBRI", "03/03/2007", "16", "26/01/2023", "q) 6: Police"],
    ]);
    expect(rowsOf(list3, "CZD4SSBSC9")).toEqual([
      ["CZD4SSBSC9", "a) Male", "a) WBRI", "03/03/2007", "16", "19/01/2023", "r) 7: Other legal agency", "b) No", "0", "", ""],
      ["CZD4SSBSC9", "a) Male", "a) WBRI", "03/03/2007", "16", "26/01/2023", "q) 6: Police", "b) No", "1", "", ""],
    ]);
    // CT-0000506: received 23:45 BST on 21 April 2023, decided 00:05 BST on 22 April (still the 21st in UTC);
    // its only earlier contact (CT-0000505) was NFA, not a referral. Born 23 September 2008: 15.
    expect(rowsOf(list1, "CZ7P9X0VNH")).toEqual([["CZ7P9X0VNH", "b) Female", "d) WOTH", "23/09/2008", "15", "21/04/2023", "q) 6: Police"]]);
    expect(rowsOf(list3, "CZ7P9X0VNH")).toEqual([
      ["CZ7P9X0VNH", "b) Female", "d) WOTH", "23/09/2008", "15", "22/04/2023", "q) 6: Police", "b) No", "0", "", ""],
    ]);
    // CT-0000644: unborn (expected 1 January 2024), sex U.
    expect(rowsOf(list3, "CZ3ZB9SD3D")).toEqual([
      ["CZ3ZB9SD3D", "c) Not stated/recorded", "h) MWAS", "", "", "02/11/2023", "h) 3B: Health services", "b) No", "0", "", ""],
    ]);

    const census = await cinCensus(t.handle.db, { ...period, laCode: "878", generatedAt: GENERATED_AT });
    // Two open referrals of Henry's in the period: the earlier is reported, the later returned.
    expect(census.problems.find((p) => p.externalId === "CT-0000131")?.reason).toMatch(/follows in the period \(MASH-2023-\d+ \(CT-0000132\)\)/);
    expect(census.problems.map((p) => p.externalId)).not.toContain("CT-0000132");
    expect(census.xml).toContain(`<Child>
      <ChildIdentifiers>
        <LAchildID>CZ3ZB9SD3D</LAchildID>
        <ExpectedPersonBirthDate>2024-01-01</ExpectedPersonBirthDate>
        <GenderCurrent>0</GenderCurrent>
      </ChildIdentifiers>
      <ChildCharacteristics>
        <Ethnicity>MWAS</Ethnicity>
      </ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>2023-11-02</CINreferralDate>
        <ReferralSource>3B</ReferralSource>
        <PrimaryNeedCode>N5</PrimaryNeedCode>
        <ReferralNFA>false</ReferralNFA>
      </CINdetails>
    </Child>`);
  });

  it("2024-25: hand-checked rows (two referrals on one day, the 12 months ending just after the earlier referral)", async () => {
    const period = { from: "2024-04-01", to: "2025-03-31" };
    const list1 = csvCells(annexACsv(await annexATable(t.handle.db, 1, period)));
    const list3 = csvCells(annexACsv(await annexATable(t.handle.db, 3, period)));
    // CT-0000645 and CT-0000646 on 1 October 2024, two hours apart: the second counts the first. Born 1 September 2016: 8.
    expect(rowsOf(list3, "CS5X1DEN9K")).toEqual([
      ["CS5X1DEN9K", "b) Female", "a) WBRI", "01/09/2016", "8", "01/10/2024", "b) 1B: Individual", "b) No", "0", "", ""],
      ["CS5X1DEN9K", "b) Female", "a) WBRI", "01/09/2016", "8", "01/10/2024", "o) 5B: LA services", "b) No", "1", "", ""],
    ]);
    // CT-0000299 (13:00) and CT-0000298 (14:17) on 19 August 2024, by time; CT-0000298 decided 00:17 BST on
    // 20 August; the earlier referral CT-0000297 (18 August 2023) is before 20 August 2023: not counted. Born 9 October 2021: 3.
    expect(rowsOf(list1, "CTNW39DSRZ")).toEqual([
      ["CTNW39DSRZ", "b) Female", "h) MWAS", "09/10/2021", "3", "19/08/2024", "r) 7: Other legal agency"],
      ["CTNW39DSRZ", "b) Female", "h) MWAS", "09/10/2021", "3", "19/08/2024", "g) 3A: Health services"],
    ]);
    expect(rowsOf(list3, "CTNW39DSRZ")).toEqual([
      ["CTNW39DSRZ", "b) Female", "h) MWAS", "09/10/2021", "3", "20/08/2024", "g) 3A: Health services", "b) No", "0", "", ""],
    ]);
    // CT-0000507: the earlier referral (22 April 2023) is more than 12 months before 4 September 2024. Born 23 September 2008: 16.
    expect(rowsOf(list3, "CZ7P9X0VNH")).toEqual([
      ["CZ7P9X0VNH", "b) Female", "d) WOTH", "23/09/2008", "16", "04/09/2024", "q) 6: Police", "b) No", "0", "", ""],
    ]);
    const census = await cinCensus(t.handle.db, { ...period, laCode: "878", generatedAt: GENERATED_AT });
    expect(census.problems.find((p) => p.externalId === "CT-0000645")?.reason).toMatch(/follows in the period \(MASH-2024-\d+ \(CT-0000646\)\)/);
  });
});
