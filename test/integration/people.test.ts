import { beforeAll, expect, it } from "vitest";
import { listAuditForSubject } from "../../db/queries/audit";
import { listContactEvents } from "../../db/queries/contacts/contact-events";
import { insertPerson, listPersonChronology } from "../../db/queries/people";
import { insertUser } from "../../db/queries/users";
import type { SessionUser } from "../../app/auth/lucia.server";
import { createContact } from "../../app/contacts/create.server";
import { checkAllContactHistories } from "../../app/contacts/history.server";
import { applyEventToContact } from "../../app/contacts/lifecycle.server";
import { linkChildToContact } from "../../app/people/link.server";
import { mergePeople } from "../../app/people/merge.server";
import { searchPeople, searchPeopleAudited, searchPeopleCounted } from "../../app/people/search.server";
import type { Actor } from "../../machines/contact.machine";
import { describeOnBothDatabases } from "./databases";

const screenerActor: Actor = { id: "u-screener", role: "screener" };
const screener = { id: "u-screener", role: "screener", displayName: "Sam Screener", email: "s@example.org", agencyCode: null, hubCode: null } as unknown as SessionUser;
const manager = { id: "u-manager", role: "manager", displayName: "Morgan Manager", email: "m@example.org", agencyCode: null, hubCode: null } as unknown as SessionUser;

type Db = Parameters<typeof createContact>[0];

let n = 0;
async function newContact(db: Db, personId: string | null, receivedAt = "2026-03-02T09:00:00Z") {
  n += 1;
  const id = `pc-${n}-${Math.random().toString(36).slice(2, 8)}`;
  await createContact(
    db,
    { id, reference: `TEST-${id}`, person_id: personId, received_at: receivedAt, source: "2A", channel: "phone", referrer: JSON.stringify({ professional: true }) },
    { actor: screenerActor, recordedAt: receivedAt },
  );
  return id;
}

const PEOPLE = [
  { id: "p-john-smith", first_name: "John", last_name: "Smith", date_of_birth: "2015-03-27", sex: "M", postcode: "EX1 1AA", nhs_number: "9434765919" },
  { id: "p-jane-smith", first_name: "Jane", last_name: "Smith", date_of_birth: "2012-06-01", sex: "F", postcode: "EX4 2BB", nhs_number: null },
  { id: "p-william-brown", first_name: "William", last_name: "Brown", date_of_birth: "2014-01-15", sex: "M", postcode: "PL1 3CD", nhs_number: null },
  { id: "p-elizabeth-hughes", first_name: "Elizabeth", last_name: "Hughes", date_of_birth: "2016-09-09", sex: "F", postcode: "TQ2 5EF", nhs_number: null },
  { id: "p-swapped", first_name: "Taylor", last_name: "Ava", date_of_birth: "2017-02-02", sex: "F", postcode: "EX2 7GH", nhs_number: null },
  { id: "p-postcode", first_name: "Oscar", last_name: "Pengelly", date_of_birth: "2018-11-30", sex: "M", postcode: "ex32 8jq", nhs_number: null },
  { id: "p-unrelated", first_name: "Mohammed", last_name: "Khan", date_of_birth: "2015-03-27", sex: "M", postcode: "EX1 1AA", nhs_number: null },
  { id: "p-merged-away", first_name: "John", last_name: "Smyth", date_of_birth: "2015-03-27", sex: "M", postcode: "EX1 1AA", nhs_number: null },
] as const;

describeOnBothDatabases("finding, linking and merging people", (t) => {
  beforeAll(async () => {
    const { db } = t.handle;
    for (const [id, role] of [["u-screener", "screener"], ["u-manager", "manager"]] as const) {
      await insertUser(db, { id, email: `${id}@example.org`, display_name: id, role, agency_code: null, hub_code: null, password_hash: "x" });
    }
    for (const p of PEOPLE) await insertPerson(db, { ...p, sex: p.sex as "M" | "F" });
    await db.updateTable("people").set({ merged_into_id: "p-john-smith" }).where("id", "=", "p-merged-away").execute();
  });

  it("knows the usual short forms and variants of first names (reference data)", async () => {
    const variants = await t.handle.db.selectFrom("first_name_variants").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(variants.n)).toBeGreaterThan(300);
  });

  it("finds John Smith when searching for Jon Smyth, saying why", async () => {
    const found = await searchPeople(t.handle.db, { firstName: "Jon", lastName: "Smyth" });
    const john = found.find((p) => p.id === "p-john-smith");
    expect(found[0]?.id).toBe("p-john-smith");
    expect(john?.reasons).toContain("Surname sounds like Smyth");
    expect(john?.reasons.some((r) => /First name (John|Jon)/.test(r) || r === "First name sounds like Jon")).toBe(true);
  });

  it("finds William for Bill, and Elizabeth for Liz and Beth", async () => {
    const { db } = t.handle;
    const bill = await searchPeople(db, { firstName: "Bill", lastName: "Brown" });
    expect(bill[0]?.id).toBe("p-william-brown");
    expect(bill[0]?.reasons).toEqual(["Surname matches", "First name Bill is a short form of William"]);
    const beth = await searchPeople(db, { firstName: "beth", lastName: "Hughs" });
    expect(beth[0]?.id).toBe("p-elizabeth-hughes");
    expect(beth[0]?.reasons).toContain("First name Beth is a short form of Elizabeth");
  });

  it("finds a child whose first and last names were recorded the other way round", async () => {
    const found = await searchPeople(t.handle.db, { firstName: "Ava", lastName: "Taylor" });
    expect(found[0]?.id).toBe("p-swapped");
    expect(found[0]?.reasons[0]).toBe("Names swapped");
    expect(found[0]?.namesSwapped).toBe(true);
  });

  it("finds by NHS number exactly, typed with spaces, ranked first", async () => {
    const found = await searchPeople(t.handle.db, { nhsNumber: "943 476 5919" });
    expect(found.map((p) => p.id)).toEqual(["p-john-smith"]);
    expect(found[0]?.reasons).toEqual(["NHS number matches"]);
  });

  it("finds by date of birth and postcode however the postcode is typed", async () => {
    const found = await searchPeople(t.handle.db, { dateOfBirth: "30/11/2018", postcode: " EX328JQ " });
    expect(found.map((p) => p.id)).toEqual(["p-postcode"]);
    expect(found[0]?.reasons).toEqual(["Date of birth matches", "Postcode matches"]);
  });

  it("never shows merged-away records, and needs enough to search on", async () => {
    const { db } = t.handle;
    const found = await searchPeople(db, { firstName: "John", lastName: "Smyth", dateOfBirth: "2015-03-27", postcode: "EX1 1AA" });
    expect(found.map((p) => p.id)).not.toContain("p-merged-away");
    expect(found[0]?.id).toBe("p-john-smith");
    // Same date of birth and postcode, different names: shown (two of three match), below the child.
    expect(found.map((p) => p.id)).toContain("p-unrelated");
    expect(await searchPeople(db, { firstName: "John" })).toEqual([]);
  });

  it("shows a child found every way at once (surname, NHS number, date of birth, postcode) once, and counts it once", async () => {
    const query = { firstName: "John", lastName: "Smith", nhsNumber: "9434765919", dateOfBirth: "2015-03-27", postcode: "EX1 1AA" };
    // By hand: John Smith every way; Jane Smith by surname; Mohammed Khan by date of birth and postcode; John Smyth merged away.
    const { candidates, found } = await searchPeopleCounted(t.handle.db, query, 20);
    expect(candidates.map((p) => p.id).sort()).toEqual(["p-jane-smith", "p-john-smith", "p-unrelated"]);
    expect(found).toBe(3);
    expect(candidates[0]?.id).toBe("p-john-smith");
  });

  it("keeps every surname on record for the search, and says how many matched beyond those shown", async () => {
    const { db } = t.handle;
    const names = await db.selectFrom("surnames").select("name").where("name", "in", ["smith", "ava", "pengelly"]).orderBy("name").execute();
    expect(names.map((n) => n.name)).toEqual(["ava", "pengelly", "smith"]);
    await db.updateTable("people").set({ last_name: "Pengelly-Hext" }).where("id", "=", "p-postcode").execute();
    expect(await db.selectFrom("surnames").select("name").where("name", "=", "pengelly-hext").execute()).toHaveLength(1);
    const { candidates, found } = await searchPeopleCounted(db, { lastName: "Smith" }, 1);
    expect(candidates).toHaveLength(1);
    expect(found).toBeGreaterThanOrEqual(2);
  });

  it("shows each candidate's last contact and how many contacts, and audits the search", async () => {
    const { db } = t.handle;
    await newContact(db, "p-jane-smith", "2025-01-10T10:00:00Z");
    const latest = await newContact(db, "p-jane-smith", "2025-06-10T10:00:00Z");
    const { candidates, found } = await searchPeopleAudited(db, { user: screener, criteria: { firstName: "Jane", lastName: "Smith" }, ipAddress: "127.0.0.1", contactId: latest });
    expect(found).toBe(candidates.length);
    const jane = candidates.find((p) => p.id === "p-jane-smith");
    expect(jane?.contactCount).toBe(2);
    expect(jane?.lastContact?.reference).toBe(`TEST-${latest}`);
    expect(jane?.lastContact?.outcome).toBeNull();
    const audit = await listAuditForSubject(db, "contact", latest);
    expect(audit.find((a) => a.action === "people.searched")?.details).toMatchObject({ criteria: { firstName: "Jane", lastName: "Smith" } });
  });

  it("links a child to a contact, refusing a stale version and a merged-away person", async () => {
    const { db } = t.handle;
    const contactId = await newContact(db, null);
    const stale = await linkChildToContact(db, { user: screener, contactId, expectedVersion: 7, idempotencyKey: `${contactId}-stale`, child: { kind: "existing", personId: "p-john-smith" }, ipAddress: null });
    expect(stale.kind).toBe("stale");
    const merged = await linkChildToContact(db, { user: screener, contactId, expectedVersion: 1, idempotencyKey: `${contactId}-merged`, child: { kind: "existing", personId: "p-merged-away" }, ipAddress: null });
    expect(merged).toMatchObject({ kind: "refused" });
    if (merged.kind === "refused") expect(merged.reason).toMatch(/merged into another record/);

    const linked = await linkChildToContact(db, { user: screener, contactId, expectedVersion: 1, idempotencyKey: `${contactId}-ok`, child: { kind: "existing", personId: "p-john-smith" }, ipAddress: null });
    expect(linked).toMatchObject({ kind: "applied", version: 2, replayed: false });
    const again = await linkChildToContact(db, { user: screener, contactId, expectedVersion: 1, idempotencyKey: `${contactId}-ok`, child: { kind: "existing", personId: "p-john-smith" }, ipAddress: null });
    expect(again).toMatchObject({ kind: "applied", version: 2, replayed: true });
    const contact = await db.selectFrom("contacts").select(["person_id", "version", "state"]).where("id", "=", contactId).executeTakeFirstOrThrow();
    expect(contact).toEqual({ person_id: "p-john-smith", version: 2, state: "received" });
    const events = await listContactEvents(db, contactId);
    expect(events.map((e) => e.type)).toEqual(["CONTACT_RECEIVED", "LINK_CHILD"]);
    // The event keeps what it replaced (no child before), and the machine now knows the child is linked.
    expect(events[1]!.payload).toMatchObject({ personId: "p-john-smith", previousPersonId: null });
    const { snapshot } = await db.selectFrom("contacts").select("snapshot").where("id", "=", contactId).executeTakeFirstOrThrow();
    expect((snapshot as { context: { child: unknown } }).context.child).toMatchObject({ personId: "p-john-smith", linkedBy: screener.id });
  });

  it("creates a new person and links it in one go, refusing an NHS number another child has", async () => {
    const { db } = t.handle;
    const contactId = await newContact(db, null);
    const person = { firstName: "Ruby", lastName: "Vosper", dateOfBirth: "2019-04-04", sex: "F" as const, postcode: "EX1 2AB", nhsNumber: "9434765919" };
    const taken = await linkChildToContact(db, { user: screener, contactId, expectedVersion: 1, idempotencyKey: `${contactId}-a`, child: { kind: "new", person }, ipAddress: null });
    expect(taken).toMatchObject({ kind: "refused" });
    if (taken.kind === "refused") expect(taken.reason).toMatch(/already belongs to John Smith/);
    expect(await db.selectFrom("people").select("id").where("last_name", "=", "Vosper").execute()).toEqual([]);

    const created = await linkChildToContact(db, { user: screener, contactId, expectedVersion: 1, idempotencyKey: `${contactId}-b`, child: { kind: "new", person: { ...person, nhsNumber: undefined } }, ipAddress: null });
    expect(created.kind).toBe("applied");
    const row = await db.selectFrom("contacts").innerJoin("people", "people.id", "contacts.person_id").select(["people.first_name", "people.last_name", "people.postcode", "people.child_id"]).where("contacts.id", "=", contactId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ first_name: "Ruby", last_name: "Vosper", postcode: "EX1 2AB" });
    // A census child identifier (LAchildID: 1-20 letters or digits) from the start.
    expect(row.child_id).toMatch(/^C[A-Z0-9]{9}$/);
  });

  it("merges two records: contacts move with new versions and history, the merge is recorded and audited, histories still replay", async () => {
    const { db } = t.handle;
    await insertPerson(db, { id: "p-dup-a", first_name: "Lily", last_name: "Marsh", date_of_birth: "2013-05-05", sex: "F", postcode: "EX5 1AA" });
    await insertPerson(db, { id: "p-dup-b", first_name: "Lilly", last_name: "Marsh", date_of_birth: "2013-05-05", sex: "F", postcode: null, nhs_number: "4010232137" });
    const keep = await newContact(db, "p-dup-a", "2025-02-01T10:00:00Z");
    const move1 = await newContact(db, "p-dup-b", "2025-03-01T10:00:00Z");
    const move2 = await newContact(db, "p-dup-b", "2025-04-01T10:00:00Z");
    // One moved contact has been worked on, so its version is not 1.
    await applyEventToContact(db, { contactId: move2, expectedVersion: 1, idempotencyKey: `${move2}-start`, event: { type: "START_SCREENING", at: "2025-04-01T11:00:00Z", actor: screenerActor } });

    expect(await mergePeople(db, { user: manager, survivorId: "p-dup-a", mergedId: "p-dup-a", reason: "x", idempotencyKey: "m-self-000", ipAddress: null })).toMatchObject({ kind: "refused" });

    const result = await mergePeople(db, { user: manager, survivorId: "p-dup-a", mergedId: "p-dup-b", reason: "Same child: same date of birth, school and mother.", idempotencyKey: "merge-key-0001", ipAddress: "127.0.0.1" });
    expect(result).toMatchObject({ kind: "merged", contactsMoved: 2, replayed: false });
    const replay = await mergePeople(db, { user: manager, survivorId: "p-dup-a", mergedId: "p-dup-b", reason: "again", idempotencyKey: "merge-key-0001", ipAddress: null });
    expect(replay).toMatchObject({ kind: "merged", contactsMoved: 2, replayed: true });
    // What only the merged record knew is kept on the survivor; what the survivor knew is not overwritten.
    expect(await db.selectFrom("people").select(["nhs_number", "postcode", "first_name"]).where("id", "=", "p-dup-a").executeTakeFirstOrThrow()).toEqual({
      nhs_number: "4010232137",
      postcode: "EX5 1AA",
      first_name: "Lily",
    });
    const again = await mergePeople(db, { user: manager, survivorId: "p-dup-a", mergedId: "p-dup-b", reason: "again", idempotencyKey: "merge-key-0002", ipAddress: null });
    expect(again).toMatchObject({ kind: "refused" });
    if (again.kind === "refused") expect(again.reason).toMatch(/already been merged/);
    const intoMerged = await mergePeople(db, { user: manager, survivorId: "p-dup-b", mergedId: "p-william-brown", reason: "x", idempotencyKey: "merge-key-0003", ipAddress: null });
    expect(intoMerged).toMatchObject({ kind: "refused" });

    const contacts = await db.selectFrom("contacts").select(["id", "person_id", "version"]).where("id", "in", [keep, move1, move2]).orderBy("received_at").execute();
    expect(contacts).toEqual([
      { id: keep, person_id: "p-dup-a", version: 1 },
      { id: move1, person_id: "p-dup-a", version: 2 },
      { id: move2, person_id: "p-dup-a", version: 3 },
    ]);
    const events = await listContactEvents(db, move2);
    expect(events.at(-1)).toMatchObject({ type: "CHILD_RELINKED_BY_MERGE", sequence: 3, state_before: "screening", state_after: "screening" });
    const merges = await db.selectFrom("person_merges").selectAll().execute();
    expect(merges).toHaveLength(1);
    expect(merges[0]).toMatchObject({ survivor_id: "p-dup-a", merged_id: "p-dup-b", merged_by: "u-manager", contacts_moved: 2 });
    const merged = await db.selectFrom("people").select("merged_into_id").where("id", "=", "p-dup-b").executeTakeFirstOrThrow();
    expect(merged.merged_into_id).toBe("p-dup-a");
    expect((await listAuditForSubject(db, "person", "p-dup-b")).map((a) => a.action)).toContain("people.merged");
    expect((await listAuditForSubject(db, "person", "p-dup-a")).map((a) => a.action)).toContain("people.merged");
    expect((await listAuditForSubject(db, "contact", move1)).map((a) => a.action)).toContain("contact.child_relinked_by_merge");

    const chronology = await listPersonChronology(db, "p-dup-a");
    expect(chronology.personId).toBe("p-dup-a");
    expect(chronology.contacts.map((c) => c.id)).toEqual([keep, move1, move2]);
    expect(chronology.merges).toMatchObject([{ merged_id: "p-dup-b", merged_by_name: "u-manager", contacts_moved: 2, merged_first_name: "Lilly" }]);
    expect(chronology.contacts[0]).toMatchObject({ reference: `TEST-${keep}`, source: "2A", outcome: null, decided_at: null, state: "received" });
    // Asked for the merged-away record, the chronology is the survivor's.
    expect((await listPersonChronology(db, "p-dup-b")).contacts.map((c) => c.id)).toEqual([keep, move1, move2]);

    // The merged record is no longer found; linking to it is refused.
    expect((await searchPeople(db, { firstName: "Lilly", lastName: "Marsh" })).map((p) => p.id)).toEqual(["p-dup-a"]);

    const check = await checkAllContactHistories(db);
    expect(check.problems).toEqual([]);
  });
});
