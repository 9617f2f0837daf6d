/**
 * Each contact's stored look-back (decision 014) follows every change that can move it, through the
 * real services: a contact recorded (also late, before others), linked to a child, decided as a
 * referral, closed as a duplicate, and two records of a child merged. Expected flags worked by hand
 * from MEASURES.md; after each step the whole table agrees with the rule worked out afresh, and the
 * contacts counted by month (migration 0028) with the contacts counted afresh.
 */
import { beforeAll, expect, it } from "vitest";
import { countLookBacksNotAsStored } from "../../db/queries/measures/measures";
import { countMonthCountDifferences } from "../../db/queries/measures/month-counts";
import { insertPerson } from "../../db/queries/people";
import { insertUser } from "../../db/queries/users";
import type { SessionUser } from "../../app/auth/lucia.server";
import { createContact } from "../../app/contacts/create.server";
import { applyEventToContact } from "../../app/contacts/lifecycle.server";
import { linkChildToContact } from "../../app/people/link.server";
import { mergePeople } from "../../app/people/merge.server";
import type { Actor, ContactEvent } from "../../machines/contact.machine";
import { describeOnBothDatabases } from "./databases";

const screener: Actor = { id: "u-lb-screener", role: "screener" };
const manager: Actor = { id: "u-lb-manager", role: "manager" };
const screenerUser = { id: "u-lb-screener", role: "screener", displayName: "S", email: "s@example.org", agencyCode: null, hubCode: null } as unknown as SessionUser;
const managerUser = { id: "u-lb-manager", role: "manager", displayName: "M", email: "m@example.org", agencyCode: null, hubCode: null } as unknown as SessionUser;

type Db = Parameters<typeof createContact>[0];

describeOnBothDatabases("stored look-backs follow every change", (t) => {
  const db = () => t.handle.db as Db;

  async function record(id: string, receivedAt: string, personId: string | null = null) {
    await createContact(
      db(),
      { id, reference: id, person_id: personId, received_at: receivedAt, source: "6", channel: "phone", referrer: JSON.stringify({ professional: true }) },
      { actor: screener, recordedAt: "2026-03-10T09:00:00Z" },
    );
  }

  const versions = new Map<string, number>();
  async function apply(id: string, event: ContactEvent) {
    const expectedVersion = versions.get(id) ?? 1;
    const result = await applyEventToContact(db(), { contactId: id, expectedVersion, idempotencyKey: `${id}-${expectedVersion}`, event });
    expect(result).toMatchObject({ kind: "applied" });
    if (result.kind === "applied") versions.set(id, result.version);
  }

  /** Links the contact to a person record as the screener does (the "find the child" service). */
  async function link(id: string, personId: string) {
    const expectedVersion = versions.get(id) ?? 1;
    const result = await linkChildToContact(db(), {
      user: screenerUser, contactId: id, expectedVersion, idempotencyKey: `${id}-link-${expectedVersion}`,
      child: { kind: "existing", personId }, ipAddress: null,
    });
    expect(result).toMatchObject({ kind: "applied" });
    if (result.kind === "applied") versions.set(id, result.version);
  }

  async function decideAsReferral(id: string, personId: string, day: string) {
    const at = (time: string) => `${day}T${time}:00Z`;
    await apply(id, { type: "START_SCREENING", at: at("09:10"), actor: screener });
    await link(id, personId);
    await apply(id, { type: "SET_PRIORITY", priority: "green", reason: "No one at risk today.", at: at("09:12"), actor: screener });
    await apply(id, { type: "COMPLETE_SCREENING", at: at("09:13"), actor: screener });
    await apply(id, {
      type: "PROPOSE_DECISION", outcome: "referral", levelOfNeed: 4, rationale: "Needs assessment.", primaryNeed: "N1",
      referralNfa: false, referralTeam: "Assessment Team", at: at("10:00"), actor: screener,
    });
    await apply(id, { type: "AUTHORISE_DECISION", at: at("11:00"), actor: manager });
  }

  /**
   * Each test has its own child (two person records, `lb<world>-p` and `lb<world>-q`) and contacts
   * (`lb<world>-a` …), made in the hook up to where its test starts; the flags of a world read with the
   * world left out of the ids (`lb-a` …), so each test states what it expects as the story tells it.
   */
  const id = (world: number, name: string) => `lb${world}-${name}`;
  async function flags(world: number) {
    const rows = await db().selectFrom("contacts").select(["id", "repeat_contact", "earlier_referrals"]).where("id", "like", `lb${world}-%`).orderBy("id").execute();
    return Object.fromEntries(rows.map((r) => [r.id.replace(`lb${world}-`, "lb-"), [r.repeat_contact, r.earlier_referrals]]));
  }

  // The story, step by step (each test below takes one step, with its checks).
  const recordTheFirstTwo = async (w: number) => {
    await record(id(w, "a"), "2025-06-01T10:00:00Z", id(w, "p"));
    await record(id(w, "b"), "2026-03-02T09:00:00Z", id(w, "p"));
  };
  const linkToTheSecondRecordAndMerge = async (w: number) => {
    await record(id(w, "c"), "2026-03-03T09:00:00Z");
    await apply(id(w, "c"), { type: "START_SCREENING", at: "2026-03-03T09:10:00Z", actor: screener });
    await link(id(w, "c"), id(w, "q"));
    await mergePeople(db(), { user: managerUser, survivorId: id(w, "p"), mergedId: id(w, "q"), reason: "Same child: same school.", idempotencyKey: `lb-merge-000${w}`, ipAddress: null });
  };
  const twoReferrals = async (w: number) => {
    await record(id(w, "d"), "2026-03-04T09:00:00Z");
    await decideAsReferral(id(w, "d"), id(w, "p"), "2026-03-04");
    await record(id(w, "e"), "2026-03-05T09:00:00Z");
    await decideAsReferral(id(w, "e"), id(w, "p"), "2026-03-05");
  };
  const theFirstADuplicate = async (w: number) => {
    await apply(id(w, "a"), { type: "MARK_DUPLICATE", duplicateOf: id(w, "b"), at: "2026-03-06T09:00:00Z", actor: manager });
  };
  const story = [recordTheFirstTwo, linkToTheSecondRecordAndMerge, twoReferrals, theFirstADuplicate];

  beforeAll(async () => {
    await insertUser(db(), { id: screener.id, email: "lb-s@example.org", display_name: "S", role: "screener", agency_code: null, hub_code: null, password_hash: "x" });
    await insertUser(db(), { id: manager.id, email: "lb-m@example.org", display_name: "M", role: "manager", agency_code: null, hub_code: null, password_hash: "x" });
    // World w (1 to 5) is the story told up to the step before test w's.
    for (let w = 1; w <= 5; w++) {
      await insertPerson(db(), { id: id(w, "p"), last_name: "Pellow", first_name: "Kerensa", sex: "F" });
      await insertPerson(db(), { id: id(w, "q"), last_name: "Pelow", first_name: "Kerensa", sex: "F" });
      for (const step of story.slice(0, w - 1)) await step(w);
    }
  });

  it("a contact recorded against a child with a contact 9 months before is a repeat contact", async () => {
    await record(id(1, "a"), "2025-06-01T10:00:00Z", id(1, "p"));
    await record(id(1, "b"), "2026-03-02T09:00:00Z", id(1, "p"));
    expect(await flags(1)).toEqual({ "lb-a": [false, null], "lb-b": [true, null] });
  });

  it("an unlinked contact is not a repeat; linked to a second record of the child, still not; once the records are merged, it is", async () => {
    await record(id(2, "c"), "2026-03-03T09:00:00Z");
    expect((await flags(2))["lb-c"]).toEqual([false, null]);
    await apply(id(2, "c"), { type: "START_SCREENING", at: "2026-03-03T09:10:00Z", actor: screener });
    await link(id(2, "c"), id(2, "q"));
    expect((await flags(2))["lb-c"]).toEqual([false, null]);
    const merged = await mergePeople(db(), { user: managerUser, survivorId: id(2, "p"), mergedId: id(2, "q"), reason: "Same child: same school.", idempotencyKey: "lb-merge-0002", ipAddress: null });
    expect(merged).toMatchObject({ kind: "merged" });
    expect((await flags(2))["lb-c"]).toEqual([true, null]);
    expect(await countLookBacksNotAsStored(db())).toBe(0);
    expect(await countMonthCountDifferences(db())).toBe(0);
  });

  it("a second referral of the child the next day counts the first as an earlier referral", async () => {
    await record(id(3, "d"), "2026-03-04T09:00:00Z");
    await decideAsReferral(id(3, "d"), id(3, "p"), "2026-03-04");
    await record(id(3, "e"), "2026-03-05T09:00:00Z");
    await decideAsReferral(id(3, "e"), id(3, "p"), "2026-03-05");
    expect(await flags(3)).toMatchObject({ "lb-d": [true, 0], "lb-e": [true, 1] });
    expect(await countLookBacksNotAsStored(db())).toBe(0);
    expect(await countMonthCountDifferences(db())).toBe(0);
  });

  it("closing the first contact as a duplicate takes it out of the later contacts' look-backs", async () => {
    await apply(id(4, "a"), { type: "MARK_DUPLICATE", duplicateOf: id(4, "b"), at: "2026-03-06T09:00:00Z", actor: manager });
    // lb-b (2 March) now has no earlier contact; lb-c (3 March) still has lb-b.
    expect(await flags(4)).toMatchObject({ "lb-a": [false, null], "lb-b": [false, null], "lb-c": [true, null] });
    expect(await countLookBacksNotAsStored(db())).toBe(0);
    expect(await countMonthCountDifferences(db())).toBe(0);
  });

  it("a contact recorded late, dated before the others, makes the first of them a repeat", async () => {
    await record(id(5, "f"), "2026-02-20T09:00:00Z", id(5, "p"));
    expect(await flags(5)).toMatchObject({ "lb-f": [false, null], "lb-b": [true, null] });
    expect(await countLookBacksNotAsStored(db())).toBe(0);
    expect(await countMonthCountDifferences(db())).toBe(0);
  });
});
