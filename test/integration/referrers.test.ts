/**
 * Who refers (issue 9 item 7) on March 2026 (GMT until the clocks change on 29 March: UTC times are
 * local times before then), with hand-worked expectations. Imported history (no referring
 * organisation) and contacts recorded and decided through the real services (createContact,
 * applyEventToContact) with the organisation the referrer gave.
 *
 * The county: 40 decided contacts, 20 of them referrals: p = 0.5, so √(p(1−p)/n) = 0.5/√n.
 *   source 6 (police, imported)       17 contacts, 16 decided, 15 referrals: 93.8%; n = 16: 95% 25.5–74.5%, 99.8% 11.375–88.625% → well above
 *   source 2A (schools, imported)     12 contacts, 12 decided,  2 referrals: 16.7%; n = 12: 95% ± 0.282902 → 21.7–78.3% (99.8% ± 0.446003) → below
 *   source 8 (services)                9 contacts,  8 decided,  0 referrals:  0.0%; n = 8:  95% ± 0.346482 → 15.4–84.6% (99.8%: 0–100%) → below
 *   source 3A (services)               4 contacts,  4 decided,  3 referrals: 75.0%; n = 4:  95% ± 0.49 → 1.0–99.0%                       → as expected
 *   source 1A (services)               1 contact,   0 decided                                                                              → nothing decided
 * Organisations:
 *   none given (imported, and 1A)     30 contacts, 28 decided, 17 referrals: 60.7%; n = 28: 95% ± 0.185203 → 31.5–68.5%                → as expected
 *   Family Support Charity (3 spellings) 9, 8, 0                                                                                        → below
 *   Tiverton Health Centre             3, 3, 2: 66.7%; n = 3: 95% ± 0.565803 → 0–100% (clamped)                                        → as expected
 *   Exeter Medical Practice            1, 1, 1 (its duplicate is not counted)                                                          → as expected
 */
import { Readable } from "node:stream";
import { beforeAll, expect, it } from "vitest";
import type { SessionUser } from "../../app/auth/lucia.server";
import { createContact } from "../../app/contacts/create.server";
import { applyEventToContact } from "../../app/contacts/lifecycle.server";
import { importContactHistory } from "../../app/history-import/import.server";
import { readMeasureRecords } from "../../app/measures/dashboard.server";
import { computeMeasures } from "../../app/measures/measures.server";
import { organisationsView, readReferrers } from "../../app/measures/referrers.server";
import { isMeasureFigure, listMeasureMembers, type MeasureFigure } from "../../db/queries/measures/measures";
import { insertPerson } from "../../db/queries/people";
import { insertUser } from "../../db/queries/users";
import type { Actor, ContactEvent } from "../../machines/contact.machine";
import { describeOnBothDatabases } from "./databases";

const screener: Actor = { id: "u-screener", role: "screener" };
const manager: Actor = { id: "u-manager", role: "manager" };
const lead: SessionUser = { id: "u-lead", email: "u-lead@example.org", displayName: "Lee", role: "performance", agencyCode: null, hubCode: null };
const period = { from: "2026-03-01", to: "2026-03-31" };

type Step = Omit<ContactEvent, "actor" | "at"> & { at: string; actor?: Actor };

/** The imported history: `n` rows from `source`, received on 2 March plus i hours, decided an hour later. */
function rows(prefix: string, source: string, outcomes: (string | null)[], received = (i: number) => `2026-03-02T${String(8 + (i % 12)).padStart(2, "0")}:00:00+00:00`) {
  return outcomes.map((outcome, i) => {
    const at = received(i);
    const decided = outcome ? new Date(Date.parse(at) + 3_600_000).toISOString() : "";
    const need = outcome === "referral" || outcome === "strategy_discussion" ? "N1" : "";
    return `${prefix}-${i},${prefix}C${i},Alex,Import${prefix}${i},2015-01-01,,F,,,${at},${source},${decided},${outcome ?? ""},${need}`;
  });
}
const HEADER = "contact_id,child_id,first_name,last_name,date_of_birth,expected_date_of_birth,sex,ethnicity,postcode,received_at,source,decided_at,outcome,primary_need";
const CSV = [
  HEADER,
  // Police: 13 referrals, 2 strategy discussions, 1 no further action, 1 pending.
  ...rows("P", "6", [...Array(13).fill("referral"), "strategy_discussion", "strategy_discussion", "nfa", null]),
  // Schools: 2 referrals, 10 without (and a duplicate, never counted).
  ...rows("S", "2A", ["referral", "referral", ...Array(6).fill("nfa"), "advice_signpost", "advice_signpost", "early_help", "existing_case", "duplicate"]),
  // Not March's: received in February (decided in March), and at 00:30 on 1 April (BST).
  ...rows("F", "2A", ["referral"], () => "2026-02-27T10:00:00+00:00"),
  ...rows("A", "6", ["nfa"], () => "2026-03-31T23:30:00+00:00"),
].join("\n");

describeOnBothDatabases("who refers: sources and organisations against the funnel plot's limits", (t) => {
  async function contact(id: string, source: string, referrer: Record<string, unknown>, steps: Step[]) {
    const db = t.handle.db;
    await insertPerson(db, { id: `child-${id}`, first_name: "Sam", last_name: `Service${id}`, sex: "F" } as never);
    const receivedAt = "2026-03-03T09:00:00Z";
    await createContact(db, { id, reference: `RF-${id}`, received_at: receivedAt, source, channel: "phone", referrer: JSON.stringify(referrer) }, { actor: screener, recordedAt: receivedAt });
    let version = 1;
    for (const [i, step] of steps.entries()) {
      const event = { actor: screener, ...step } as ContactEvent;
      const result = await applyEventToContact(db, { contactId: id, expectedVersion: version, idempotencyKey: `${id}-${i}`, event });
      if (result.kind !== "applied") throw new Error(`${id} step ${i} (${event.type}): ${JSON.stringify(result)}`);
      version = result.version;
    }
  }
  const at = (m: number) => `2026-03-03T10:${String(m).padStart(2, "0")}:00Z`;
  const nfa = (id: string): Step[] => [
    { type: "START_SCREENING", at: at(1) } as Step,
    { type: "LINK_CHILD", personId: `child-${id}`, at: at(2) } as Step,
    { type: "SET_PRIORITY", priority: "green", reason: "No one at risk today.", at: at(3) } as Step,
    { type: "RECORD_CONSENT", consent: "given", at: at(4) } as Step,
    { type: "COMPLETE_SCREENING", at: at(5) } as Step,
    { type: "PROPOSE_DECISION", outcome: "nfa", levelOfNeed: 1, rationale: "Reasoned.", reason: "No concerns remain.", at: at(6) } as Step,
    { type: "AUTHORISE_DECISION", at: at(7), actor: manager } as Step,
  ];
  const strategyDiscussion = (id: string): Step[] => [
    { type: "LINK_CHILD", personId: `child-${id}`, at: at(1) } as Step,
    { type: "FLAG_IMMEDIATE_RISK", rationale: "Child injured at home.", at: at(2) } as Step,
    { type: "CONFIRM_STRATEGY_DISCUSSION", primaryNeed: "N1", referralTeam: "Assessment Team", at: at(3), actor: manager } as Step,
  ];
  const professional = (organisation: string) => ({ name: "A Referrer", organisation, professional: true });

  // Set up in a hook, before any test: each test below reads it and stands on its own.
  beforeAll(async () => {
    const db = t.handle.db;
    for (const [id, role] of [
      ["u-screener", "screener"],
      ["u-manager", "manager"],
      ["u-lead", "performance"],
    ] as const) {
      await insertUser(db, { id, email: `${id}@example.org`, display_name: id, role, agency_code: null, hub_code: null, password_hash: "x" });
    }
    const imported = await importContactHistory(db, () => Readable.from([CSV]), { now: new Date("2026-12-01T00:00:00Z") });
    if (imported.kind !== "imported") throw new Error(JSON.stringify(imported.problems));
    expect(imported.summary.contactsAdded).toBe(32);

    // Other (8): one charity, three spellings; eight decided without a referral and one waiting.
    const spellings = ["Family Support Charity", "Family Support Charity", "family support charity", "  Family   Support Charity ", "Family Support Charity"];
    for (let i = 0; i < 8; i++) await contact(`fsc${i}`, "8", professional(spellings[i % spellings.length]!), nfa(`fsc${i}`));
    await contact("fsc8", "8", professional("FAMILY SUPPORT CHARITY"), []);
    // GPs (3A): two strategy discussions and a no further action from one practice, a strategy discussion from another.
    await contact("tiv0", "3A", professional("Tiverton Health Centre"), strategyDiscussion("tiv0"));
    await contact("tiv1", "3A", professional("Tiverton Health Centre"), strategyDiscussion("tiv1"));
    await contact("tiv2", "3A", professional("Tiverton Health Centre"), nfa("tiv2"));
    await contact("exe0", "3A", professional("Exeter Medical Practice"), strategyDiscussion("exe0"));
    await contact("exe1", "3A", professional("Exeter Medical Practice"), [
      { type: "START_SCREENING", at: at(1) } as Step,
      { type: "MARK_DUPLICATE", duplicateOf: "exe0", at: at(2) } as Step,
    ]);
    // A family member (1A), no organisation: waiting.
    await contact("fam0", "1A", { name: "A Parent", professional: false }, []);
  });

  it("gives each source's contacts, referrals and where its share lies, sorted by contacts", async () => {
    const r = await readReferrers(t.handle.db, period);
    expect(r.overall).toEqual({ contacts: 43, decided: 40, referrals: 20, pct: 50, p: 0.5 });
    expect(r.sources.map((s) => [s.key, s.label, s.contacts, s.decided, s.referrals, s.pct, s.status])).toEqual([
      ["6", "Police", 17, 16, 15, 93.8, "well_above"],
      ["2A", "Schools", 12, 12, 2, 16.7, "below"],
      ["8", "Other (children's centres, independent providers, voluntary organisations)", 9, 8, 0, 0, "below"],
      ["3A", "Health services – GP", 4, 4, 3, 75, "within"],
      ["1A", "Individual – family member, relative or carer", 1, 0, 0, null, "no_decided"],
    ]);
    const limits = Object.fromEntries(r.sources.map((s) => [s.key, s.limits && [s.limits.inner.lower, s.limits.inner.upper, s.limits.outer.lower, s.limits.outer.upper].map((v) => Math.round(v * 1e6) / 1e6)]));
    expect(limits).toEqual({
      "6": [0.255, 0.745, 0.11375, 0.88625],
      "2A": [0.217098, 0.782902, 0.053997, 0.946003],
      "8": [0.153518, 0.846482, 0, 1],
      "3A": [0.01, 0.99, 0, 1],
      "1A": null,
    });
    // The same numbers as the measures' own by_source.
    const measures = await computeMeasures(t.handle.db, period);
    for (const s of r.sources) expect(measures.by_source[s.key]).toEqual({ contacts: s.contacts, decided: s.decided, referrals: s.referrals });
    expect(measures.contacts).toMatchObject({ total: 43, decided: 40 });
  });

  it("gives each organisation the referrer gave, spellings brought together, none given for imported history", async () => {
    const r = await readReferrers(t.handle.db, period);
    expect(r.organisations.map((o) => [o.label, o.contacts, o.decided, o.referrals, o.pct, o.status])).toEqual([
      ["No organisation given", 30, 28, 17, 60.7, "within"],
      ["Family Support Charity", 9, 8, 0, 0, "below"],
      ["Tiverton Health Centre", 3, 3, 2, 66.7, "within"],
      ["Exeter Medical Practice", 1, 1, 1, 100, "within"],
    ]);
    const none = r.organisations[0]!;
    expect(none.key).toBe("none");
    expect([none.limits!.inner.lower, none.limits!.inner.upper].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0.314797, 0.685203]);
    const tiverton = r.organisations[2]!;
    expect(tiverton.key).toMatch(/^[0-9a-f]{16}$/);
    expect(tiverton.limits!.inner).toEqual({ lower: 0, upper: 1 });
    // The page's view: all four, or only the one outside the limits; the plot's points, most decided first.
    const outside = organisationsView(r.organisations, { page: 1, show: "outside" });
    expect([outside.total, outside.outside, outside.shown, outside.rows.map((o) => o.label)]).toEqual([4, 1, 1, ["Family Support Charity"]]);
    expect(organisationsView(r.organisations, { page: 9, show: "all" })).toMatchObject({ page: 1, shown: 4 });
    expect(outside.plotted.map((o) => o.label)).toEqual(["No organisation given", "Family Support Charity", "Tiverton Health Centre", "Exeter Medical Practice"]);
    // Another month: nothing.
    expect((await readReferrers(t.handle.db, { from: "2026-05-01", to: "2026-05-31" })).organisations).toEqual([]);
  });

  it("lists exactly the contacts each figure counts, through the measures' records list (audited, titled with the organisation)", async () => {
    const db = t.handle.db;
    const r = await readReferrers(db, period);
    const figures: [MeasureFigure, number][] = [...r.sources, ...r.organisations].flatMap((g) => [
      [`${g.figure}.contacts` as MeasureFigure, g.contacts],
      [`${g.figure}.decided` as MeasureFigure, g.decided],
      [`${g.figure}.referrals` as MeasureFigure, g.referrals],
    ]);
    expect(figures).toHaveLength(27);
    for (const [figure, count] of figures) {
      expect(isMeasureFigure(figure)).toBe(true);
      const members = await listMeasureMembers(db, period, figure);
      expect({ figure, count: members.length }).toEqual({ figure, count });
    }
    const charity = r.organisations.find((o) => o.label === "Family Support Charity")!;
    expect((await listMeasureMembers(db, period, `${charity.figure}.contacts` as MeasureFigure)).map((m) => m.reference).sort()).toEqual(
      ["RF-fsc0", "RF-fsc1", "RF-fsc2", "RF-fsc3", "RF-fsc4", "RF-fsc5", "RF-fsc6", "RF-fsc7", "RF-fsc8"],
    );
    const exeter = r.organisations.find((o) => o.label === "Exeter Medical Practice")!;
    expect((await listMeasureMembers(db, period, `${exeter.figure}.referrals` as MeasureFigure)).map((m) => m.reference)).toEqual(["RF-exe0"]);
    for (const bad of ["by_organisation.none.pending", "by_organisation.ABCDEF0123456789.contacts", "by_organisation.0123.contacts", "by_organisation.none"]) {
      expect(isMeasureFigure(bad)).toBe(false);
    }

    const listed = await readMeasureRecords(db, lead, { figure: `${charity.figure}.decided`, period, page: 1, ipAddress: null });
    if (listed.kind !== "found") throw new Error("expected a list");
    expect(listed.total).toBe(8);
    expect(listed.label).toBe("Decided contacts from Family Support Charity");
    const audit = await db.selectFrom("audit_events").select("details").where("action", "=", "measures.records_listed").orderBy("id", "desc").executeTakeFirstOrThrow();
    const details = (typeof audit.details === "string" ? JSON.parse(audit.details) : audit.details) as { figure: string; contacts: string[] };
    expect(details.figure).toBe(`${charity.figure}.decided`);
    expect([...details.contacts].sort()).toEqual(["fsc0", "fsc1", "fsc2", "fsc3", "fsc4", "fsc5", "fsc6", "fsc7"]);
    const none = await readMeasureRecords(db, lead, { figure: "by_organisation.none.referrals", period, page: 1, ipAddress: null });
    if (none.kind !== "found") throw new Error("expected a list");
    expect([none.total, none.label]).toEqual([17, "Contacts with no referring organisation given that became referrals"]);
  });
});
