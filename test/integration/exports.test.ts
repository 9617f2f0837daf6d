/**
 * Annex A Lists 1 and 3 and the CIN census XML, on both databases: a small history whose every
 * cell was worked out by hand (British Summer Time midnights, 29 February birthdays, the 12-month
 * look-back boundary, duplicates, pending and unlinked contacts, census rules broken on purpose),
 * then the sample history of ../shared/data (rows = the sample measures' totals, XML valid against
 * the schema with xmllint).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { sql } from "kysely";
import { afterAll, expect, it } from "vitest";
import { main } from "../../app/cli/main";
import { annexACsv, annexATable, annexAXlsx } from "../../app/measures/annex-a.server";
import { cinCensus } from "../../app/measures/cin-census.server";
import { insertContact } from "../../db/queries/contact-events";
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
  // A referral without its primary need: listed in Annex A, not returned in the census.
  { ref: "C3", person: "person-c", received: "2024-12-02T09:00:00Z", source: "10", outcome: "referral", decided: "2024-12-02T15:00:00Z", nfa: false, team: "South CIN", worker: "W3" },
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
      state: c.outcome ? "closed" : "received",
      outcome: c.outcome ?? null,
      decided_at: c.decided ?? null,
      primary_need: c.primaryNeed ?? null,
      machine_version: 1,
      snapshot: "{}",
      described_child:
        c.person === null
          ? JSON.stringify({ firstName: "Zed", lastName: "Zee", dateOfBirth: "2012-05-06", expectedDateOfBirth: null, sex: "F", nhsNumber: null })
          : null,
    });
    if (c.outcome === "referral" || c.outcome === "strategy_discussion") {
      await sql`update contacts set referral_nfa = ${c.nfa ?? null}, referral_team = ${c.team ?? null}, referral_worker = ${c.worker ?? null} where id = ${`id-${c.ref}`}`.execute(db);
    }
  }
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
  ["KID3", "a) Male", "a) WBRI", "29/02/2016", "9", "02/12/2024", "u) 10: Unknown", "b) No", "0", "South CIN", "W3"],
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

const outputs: Record<string, { list1Csv: string; list3Csv: string; xml: string }> = {};

afterAll(() => {
  // PGlite and PostgreSQL must give identical files.
  const [pglite, postgres] = [outputs.PGlite, outputs.PostgreSQL];
  expect(pglite).toBeDefined();
  expect(postgres).toEqual(pglite);
});

describeOnBothDatabases("Annex A and census exports of a hand-worked history", (t) => {
  it("sets up the history", async () => {
    // TEMPORARY until migration 0010 lands.
    await sql`alter table contacts add column if not exists referral_nfa boolean, add column if not exists referral_team text, add column if not exists referral_worker text`.execute(t.handle.db);
    await sql`alter table people add column if not exists disabilities text[]`.execute(t.handle.db);
    await insertHandHistory(t.handle.db);
    // Disabilities are recorded out of census order; the census lists them in order.
    await sql`update people set disabilities = array['AUT', 'MOB'] where id = 'person-a'`.execute(t.handle.db);
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
      { reference: "A1", reason: expect.stringContaining("another open (non-NFA) referral of the same child follows in the period (A2)") },
      { reference: "C3", reason: "no primary need (PrimaryNeedCode is required when ReferralNFA is false)" },
      { reference: "D1", reason: "the referral date is more than 280 days before the child's expected date of birth" },
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
  });

  it("keeps the files for the comparison of the two databases", async () => {
    const db = t.handle.db;
    outputs[t.handle.kind === "pglite" ? "PGlite" : "PostgreSQL"] = {
      list1Csv: annexACsv(await annexATable(db, 1, PERIOD)),
      list3Csv: annexACsv(await annexATable(db, 3, PERIOD)),
      xml: (await cinCensus(db, { ...PERIOD, laCode: "878", generatedAt: GENERATED_AT })).xml!,
    };
  });
});
