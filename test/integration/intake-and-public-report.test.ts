import { createHmac } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { findOrCreateAppSecret } from "../../db/queries/auth/app-secrets";
import { listContactEvents } from "../../db/queries/contacts/contact-events";
import { insertUser } from "../../db/queries/users";
import { type RecordContactResult, type RecordedContacts, recordContact } from "../../app/contacts/intake.server";
import { ADDRESS_HASH_SECRET, reportConcern } from "../../app/public-reports/public-report.server";
import { checkAllContactHistories } from "../../app/contacts/history.server";
import { type IntakeForm, intakeSchema } from "../../app/contacts/intake.schema";
import { type PublicReport, publicReportSchema, REPORTS_PER_HOUR } from "../../app/public-reports/public-report.schema";
import { describeOnBothDatabases } from "./databases";

const screener = { id: "u-intake", email: "i@example.org", displayName: "Sam", role: "screener" as const, agencyCode: null, hubCode: null };
const otherScreener = { id: "u-intake-2", email: "j@example.org", displayName: "Jo", role: "screener" as const, agencyCode: null, hubCode: null };

const formFields = {
  idempotencyKey: "form-key-0001",
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
};
const form = intakeSchema.parse(formFields);

/** The intake form as submitted with this key and concern (so each test counts only its own contacts). */
const formWith = (idempotencyKey: string, concern: string): IntakeForm => ({ ...form, idempotencyKey, concern });
const receivedAt = new Date("2026-03-02T08:15:00Z");
const now = new Date("2026-03-02T08:20:00Z");

function recorded(result: RecordContactResult): RecordedContacts {
  if (result.kind !== "recorded") throw new Error(`expected the contacts to be recorded, got ${JSON.stringify(result)}`);
  return result;
}

describeOnBothDatabases("recording contacts", (t) => {
  const contactsWithConcern = async (concern: string) =>
    t.handle.db.selectFrom("contacts").select(["id", "reference", "group_id"]).where("concern", "=", concern).orderBy("reference").execute();

  // The two screeners, in a hook: each test below records its own contacts and stands on its own.
  beforeAll(async () => {
    const { db } = t.handle;
    await insertUser(db, { id: "u-intake", email: "i@example.org", display_name: "Sam", role: "screener", agency_code: null, hub_code: null, password_hash: "x" });
    await insertUser(db, { id: "u-intake-2", email: "j@example.org", display_name: "Jo", role: "screener", agency_code: null, hub_code: null, password_hash: "x" });
  });

  it("records one contact per child, linked as a group, each with its first event and audit", async () => {
    const { db } = t.handle;
    const result = recorded(await recordContact(db, { user: screener, form, receivedAt, now, ipAddress: null }));
    expect(result.replayed).toBe(false);
    expect(result.contacts).toHaveLength(2);
    expect(result.groupId).not.toBeNull();
    const rows = await db.selectFrom("contacts").selectAll().where("group_id", "=", result.groupId!).orderBy("reference").execute();
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

  it("the form must carry its idempotency key", () => {
    const { idempotencyKey: _k, ...withoutKey } = formFields;
    const parsed = intakeSchema.safeParse(withoutKey);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join("."))).toEqual(["idempotencyKey"]);
    expect(intakeSchema.safeParse({ ...formFields, idempotencyKey: "short" }).success).toBe(false);
  });

  it("the same form sent again (a double click) records nothing more and gets the same group back", async () => {
    const { db } = t.handle;
    const concern = "Sent twice: a double click on the record button.";
    const first = recorded(await recordContact(db, { user: screener, form: formWith("double-click-key", concern), receivedAt, now, ipAddress: null }));
    const again = recorded(await recordContact(db, { user: screener, form: formWith("double-click-key", concern), receivedAt, now: new Date(now.getTime() + 400), ipAddress: null }));
    expect(again.replayed).toBe(true);
    expect(again.groupId).toBe(first.groupId);
    expect(again.contacts.map((c) => [c.id, c.reference, c.child.firstName])).toEqual(first.contacts.map((c) => [c.id, c.reference, c.child.firstName]));
    expect(again.contacts.map((c) => c.child.firstName)).toEqual(["Ava", "Leo"]);
    const rows = await contactsWithConcern(concern);
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.group_id))).toEqual(new Set([first.groupId]));
    const audits = await db.selectFrom("audit_events").select("subject_id").where("action", "=", "contact.recorded").where("subject_id", "in", rows.map((r) => r.id)).execute();
    expect(audits).toHaveLength(2);
  });

  it("50 identical submissions at once make one group of contacts, and every one is answered with it", async () => {
    const concern = "Fifty identical submissions at the same moment.";
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => recordContact(t.handle.db, { user: screener, form: formWith("concurrent-intake-key", concern), receivedAt, now: new Date(now.getTime() + i), ipAddress: null })),
    );
    const rows = await contactsWithConcern(concern);
    expect(rows).toHaveLength(2);
    const ids = rows.map((r) => r.id).sort();
    for (const result of results) expect(recorded(result).contacts.map((c) => c.id).sort()).toEqual(ids);
    expect(results.map(recorded).filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => recorded(r).groupId))).toEqual(new Set([rows[0]!.group_id]));
  });

  it("a repeated key with other details is refused, and gives nothing of another user's away", async () => {
    const concern = "The first details sent with this key.";
    const first = recorded(await recordContact(t.handle.db, { user: screener, form: formWith("reused-intake-key", concern), receivedAt, now, ipAddress: null }));
    const changed = await recordContact(t.handle.db, { user: screener, form: formWith("reused-intake-key", "Other details sent with the same key."), receivedAt, now, ipAddress: null });
    expect(changed).toEqual({ kind: "key_reused", reference: first.contacts[0]!.reference });
    const otherUser = await recordContact(t.handle.db, { user: otherScreener, form: formWith("reused-intake-key", concern), receivedAt, now, ipAddress: null });
    expect(otherUser).toEqual({ kind: "key_reused", reference: null });
    expect(await contactsWithConcern("Other details sent with the same key.")).toEqual([]);
    expect(await contactsWithConcern(concern)).toHaveLength(2);
  });
});

describeOnBothDatabases("the public report form", (t) => {
  const fields = { idempotencyKey: "report-key-0001", reporterKind: "school", reporterName: "Ms Price", reporterOrganisation: "Exeter Primary", childFirstName: "Mia", childLastName: "Cole", concern: "Mia came to school with bruises on her arms again." };
  const report = publicReportSchema.parse(fields);
  /** A report with its own key (each submission of the form is a new page unless it is a repeat). */
  const reportWith = (idempotencyKey: string, concern = report.concern): PublicReport => ({ ...report, idempotencyKey, concern });
  const configuredKey = "a-configured-address-hash-key-of-40-chars";
  const send = (r: PublicReport, address: string, at: Date) => reportConcern(t.handle.db, { report: r, address, now: at, addressHashKey: configuredKey });
  const contactsWithConcern = async (concern: string) => t.handle.db.selectFrom("contacts").select(["id", "reference"]).where("concern", "=", concern).execute();

  it("creates a contact in received with the source chosen and a reference", async () => {
    const result = await send(reportWith("first-report-key"), "203.0.113.9", new Date("2026-03-02T10:00:00Z"));
    expect(result).toMatchObject({ ok: true, replayed: false });
    const reference = (result as { reference: string }).reference;
    const contact = await t.handle.db.selectFrom("contacts").selectAll().where("reference", "=", reference).executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ state: "received", source: "2A", channel: "online_form", person_id: null });
  });

  it("keeps the address only as the HMAC-SHA256 of it under the configured key", async () => {
    await send(reportWith("hmac-report-key"), "203.0.113.77", new Date("2026-03-02T10:00:00Z"));
    const expected = createHmac("sha256", configuredKey).update("203.0.113.77").digest("hex");
    const stored = await t.handle.db.selectFrom("public_report_attempts").select("address_hash").where("address_hash", "=", expected).execute();
    expect(stored).toHaveLength(1);
    const all = await t.handle.db.selectFrom("public_report_attempts").select("address_hash").execute();
    expect(all.every((s) => !s.address_hash.includes("203.0.113"))).toBe(true);
  });

  it("without a configured key, generates one once, keeps it in the database, and hashes with it", async () => {
    const at = new Date("2026-03-02T11:00:00Z");
    await reportConcern(t.handle.db, { report: reportWith("generated-key-1"), address: "192.0.2.50", now: at, addressHashKey: null });
    await reportConcern(t.handle.db, { report: reportWith("generated-key-2"), address: "192.0.2.50", now: at, addressHashKey: null });
    const secrets = await t.handle.db.selectFrom("app_secrets").selectAll().execute();
    expect(secrets.map((s) => s.name)).toEqual([ADDRESS_HASH_SECRET]);
    const generated = secrets[0]!.value;
    expect(generated).toMatch(/^[0-9a-f]{64}$/);
    const expected = createHmac("sha256", generated).update("192.0.2.50").digest("hex");
    const stored = await t.handle.db.selectFrom("public_report_attempts").select("address_hash").where("address_hash", "=", expected).execute();
    expect(stored).toHaveLength(2);
    // A restart asks again, with a new candidate: it gets the key already kept.
    expect(await findOrCreateAppSecret(t.handle.db, ADDRESS_HASH_SECRET, "f".repeat(64))).toBe(generated);
  });

  it("refuses more than the hourly limit from one address, and accepts again an hour later", async () => {
    const at = new Date("2026-03-03T10:00:00Z");
    for (let i = 0; i < REPORTS_PER_HOUR; i++) expect((await send(reportWith(`limit-key-${i}`), "198.51.100.7", at)).ok).toBe(true);
    expect(await send(reportWith("limit-key-over"), "198.51.100.7", at)).toEqual({ ok: false, reason: "too_many" });
    expect((await send(reportWith("limit-key-other"), "198.51.100.8", at)).ok).toBe(true);
    expect((await send(reportWith("limit-key-later"), "198.51.100.7", new Date(at.getTime() + 3601_000))).ok).toBe(true);
  });

  it("50 simultaneous reports from one address: exactly the limit (5) are accepted", async () => {
    const at = new Date("2026-03-04T10:00:00Z");
    const concern = "Fifty reports at once from one address, each a new form.";
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => send(reportWith(`burst-key-${i}`, concern), "198.51.100.20", at)));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === "too_many")).toHaveLength(45);
    expect(await contactsWithConcern(concern)).toHaveLength(5);
    const hash = createHmac("sha256", configuredKey).update("198.51.100.20").digest("hex");
    const attempts = await t.handle.db.selectFrom("public_report_attempts").select("accepted").where("address_hash", "=", hash).execute();
    expect(attempts.filter((a) => a.accepted)).toHaveLength(5);
    expect(attempts.filter((a) => !a.accepted)).toHaveLength(45);
  });

  it("the same report sent twice is one contact, and the repeat gets the same reference", async () => {
    const at = new Date("2026-03-05T10:00:00Z");
    const concern = "Sent twice by a double click on the send button.";
    const first = await send(reportWith("twice-report-key", concern), "198.51.100.30", at);
    const again = await send(reportWith("twice-report-key", concern), "198.51.100.30", new Date(at.getTime() + 300));
    expect(first).toMatchObject({ ok: true, replayed: false });
    expect(again).toEqual({ ok: true, reference: (first as { reference: string }).reference, replayed: true });
    expect(await contactsWithConcern(concern)).toHaveLength(1);
  });

  it("50 simultaneous sends of one report (one address, or many) make one contact with one reference", async () => {
    const at = new Date("2026-03-06T10:00:00Z");
    const concern = "The same report sent fifty times at once.";
    const oneAddress = await Promise.all(Array.from({ length: 50 }, () => send(reportWith("burst-same-key", concern), "198.51.100.40", at)));
    const manyAddresses = await Promise.all(Array.from({ length: 50 }, (_, i) => send(reportWith("burst-same-key-2", `${concern} Again.`), `198.51.100.${100 + i}`, at)));
    for (const [results, text] of [[oneAddress, concern], [manyAddresses, `${concern} Again.`]] as const) {
      const rows = await contactsWithConcern(text);
      expect(rows).toHaveLength(1);
      expect(results.map((r) => (r.ok ? r.reference : r.reason))).toEqual(Array.from({ length: 50 }, () => rows[0]!.reference));
      expect(results.filter((r) => r.ok && !r.replayed)).toHaveLength(1);
    }
  });

  it("a repeat is answered even once the address has reached its limit, and does not count towards it", async () => {
    const at = new Date("2026-03-07T10:00:00Z");
    const first = await send(reportWith("repeat-at-limit-0"), "198.51.100.60", at);
    for (let i = 1; i < REPORTS_PER_HOUR; i++) expect((await send(reportWith(`repeat-at-limit-${i}`), "198.51.100.60", at)).ok).toBe(true);
    expect(await send(reportWith("repeat-at-limit-0"), "198.51.100.60", at)).toEqual({ ...first, replayed: true });
    expect(await send(reportWith("repeat-at-limit-new"), "198.51.100.60", at)).toEqual({ ok: false, reason: "too_many" });
  });

  it("a repeated key with a different report is refused, and sends nothing", async () => {
    const at = new Date("2026-03-08T10:00:00Z");
    expect((await send(reportWith("reused-report-key", "The first report sent with this key."), "198.51.100.70", at)).ok).toBe(true);
    expect(await send(reportWith("reused-report-key", "A different report with the same key."), "198.51.100.70", at)).toEqual({ ok: false, reason: "key_reused" });
    expect(await contactsWithConcern("A different report with the same key.")).toEqual([]);
  });

  it("the form must carry its idempotency key", () => {
    const { idempotencyKey: _k, ...withoutKey } = fields;
    const parsed = publicReportSchema.safeParse(withoutKey);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["idempotencyKey"]);
  });
});
