import { expect, it } from "vitest";
import { listContactEvents } from "../../db/queries/contact-events";
import { insertUser } from "../../db/queries/users";
import { recordContact } from "../../app/contacts/intake.server";
import { reportConcern } from "../../app/contacts/public-report.server";
import { checkAllContactHistories } from "../../app/contacts/history.server";
import { intakeSchema } from "../../app/validation/intake";
import { publicReportSchema, REPORTS_PER_HOUR } from "../../app/validation/public-report";
import { describeOnBothDatabases } from "./databases";

const screener = { id: "u-intake", email: "i@example.org", displayName: "Sam", role: "screener" as const, agencyCode: null, hubCode: null };

const form = intakeSchema.parse({
  referrerName: "PC Dan Hughes",
  referrerType: "professional",
  referrerOrganisation: "Devon and Cornwall Police",
  source: "6",
  channel: "police_notification",
  receivedDate: { day: "2", month: "3", year: "2026" },
  receivedTime: "08:15",
  children: [
    { firstName: "Ava", lastName: "Thornton", sex: "F", dateOfBirth: { day: "1", month: "5", year: "2016" } },
    { firstName: "Leo", lastName: "Thornton", sex: "M", nhsNumber: "943 476 5919" },
  ],
  household: [{ name: "Kerry Thornton", relationship: "mother" }],
  addressLine1: "1 High Street",
  addressPostcode: "ex1 1aa",
  concern: "Domestic abuse incident attended overnight.",
  factors: ["3B"],
  immediateRisk: "no",
  consent: "not_sought",
});

describeOnBothDatabases("recording contacts", (t) => {
  it("records one contact per child, linked as a group, each with its first event and audit", async () => {
    const { db } = t.handle;
    await insertUser(db, { id: "u-intake", email: "i@example.org", display_name: "Sam", role: "screener", agency_code: null, hub_code: null, password_hash: "x" });
    const recorded = await recordContact(db, { user: screener, form, receivedAt: new Date("2026-03-02T08:15:00Z"), now: new Date("2026-03-02T08:20:00Z"), ipAddress: null });
    expect(recorded.contacts).toHaveLength(2);
    expect(recorded.groupId).not.toBeNull();
    const rows = await db.selectFrom("contacts").selectAll().where("group_id", "=", recorded.groupId!).orderBy("reference").execute();
    expect(rows.map((r) => r.state)).toEqual(["received", "received"]);
    expect(rows[0]!.reference).toMatch(/^MASH-2026-\d{6}$/);
    expect(rows[0]!.reference).not.toEqual(rows[1]!.reference);
    expect(rows[0]).toMatchObject({ source: "6", channel: "police_notification", referral_consent: "not_sought", factors: ["3B"] });
    expect(rows[0]!.address).toMatchObject({ postcode: "EX1 1AA" });
    expect(rows.map((r) => r.described_child?.firstName).sort()).toEqual(["Ava", "Leo"]);
    expect(rows.find((r) => r.described_child?.firstName === "Leo")!.described_child!.nhsNumber).toBe("9434765919");
    for (const r of rows) expect((await listContactEvents(db, r.id)).map((e) => e.type)).toEqual(["CONTACT_RECEIVED"]);
    expect((await checkAllContactHistories(db)).problems).toEqual([]);
  });
});

describeOnBothDatabases("the public report form", (t) => {
  const report = publicReportSchema.parse({ reporterKind: "school", reporterName: "Ms Price", reporterOrganisation: "Exeter Primary", childFirstName: "Mia", childLastName: "Cole", concern: "Mia came to school with bruises on her arms again." });

  it("creates a contact in received with the source chosen and a reference", async () => {
    const result = await reportConcern(t.handle.db, { report, address: "203.0.113.9", now: new Date("2026-03-02T10:00:00Z") });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const contact = await t.handle.db.selectFrom("contacts").selectAll().where("reference", "=", result.reference).executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ state: "received", source: "2A", channel: "online_form", person_id: null });
    const stored = await t.handle.db.selectFrom("public_report_attempts").select("address_hash").execute();
    expect(stored.every((s) => !s.address_hash.includes("203.0.113.9"))).toBe(true);
  });

  it("refuses more than the hourly limit from one address, and accepts again an hour later", async () => {
    const at = new Date("2026-03-03T10:00:00Z");
    for (let i = 0; i < REPORTS_PER_HOUR; i++) expect((await reportConcern(t.handle.db, { report, address: "198.51.100.7", now: at })).ok).toBe(true);
    expect(await reportConcern(t.handle.db, { report, address: "198.51.100.7", now: at })).toEqual({ ok: false, reason: "too_many" });
    expect((await reportConcern(t.handle.db, { report, address: "198.51.100.8", now: at })).ok).toBe(true);
    expect((await reportConcern(t.handle.db, { report, address: "198.51.100.7", now: new Date(at.getTime() + 3601_000) })).ok).toBe(true);
  });
});
