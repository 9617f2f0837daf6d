/**
 * Issue 11: the queue's order and marks (immediate risk first, bounce-backs, siblings side by side, the
 * summary band), management oversight's list, and one sequence of contact references.
 */
import { beforeAll, expect, it } from "vitest";
import { countQueueFigures, listQueuePage, queueCursorOf, type QueueFilter } from "../../db/queries/queue";
import { nextContactReference } from "../../db/queries/contacts/contacts";
import { insertUser } from "../../db/queries/users";
import type { SessionUser } from "../../app/auth/session-user";
import { createContact } from "../../app/contacts/create.server";
import { applyEventToContact } from "../../app/contacts/lifecycle.server";
import { loadDemoData } from "../../app/demo/demo-data.server";
import { readQueue } from "../../app/queue/queue.server";
import { readOversight } from "../../app/queue/oversight.server";
import type { Actor, ContactEvent } from "../../machines/contact.machine";
import { describeOnBothDatabases } from "./databases";

const user = (id: string, role: SessionUser["role"], displayName: string, hubCode: string | null = null): SessionUser => ({
  id,
  email: `${id}@example.org`,
  displayName,
  role,
  agencyCode: null,
  hubCode,
});
const screener = user("w-screener", "screener", "Sam Okafor");
const manager = user("w-manager", "manager", "Morgan Reid");
const hub = user("w-north", "early_help", "North hub worker", "north");
const actor = (u: SessionUser): Actor => ({ id: u.id, role: u.role, hub: u.hubCode ?? undefined });

// Friday 6 March 2026, noon (no bank holidays that week).
const NOW = new Date("2026-03-06T12:00:00Z");

describeOnBothDatabases("the queue: immediate risk first, bounce-backs, siblings together, the summary band (issue 11)", (t) => {
  const db = () => t.handle.db;
  const versions: Record<string, number> = {};
  let n = 0;

  async function contact(id: string, receivedAt: string, extra: { immediateRisk?: boolean; groupId?: string; personId?: string } = {}) {
    await createContact(
      db(),
      {
        id,
        reference: `W-${id}`,
        received_at: receivedAt,
        source: "6",
        channel: "phone",
        person_id: extra.personId ?? null,
        group_id: extra.groupId ?? null,
        immediate_risk: extra.immediateRisk ?? false,
        referrer: JSON.stringify({}),
      },
      { actor: actor(screener), recordedAt: receivedAt },
    );
    versions[id] = 1;
  }

  async function apply(id: string, event: ContactEvent) {
    const result = await applyEventToContact(db(), { contactId: id, expectedVersion: versions[id]!, idempotencyKey: `w-${id}-${++n}`, event });
    expect(result.kind, `${event.type} on ${id}: ${JSON.stringify(result)}`).toBe("applied");
    if (result.kind === "applied") versions[id] = result.version;
  }

  beforeAll(async () => {
    for (const u of [screener, manager, hub]) {
      await insertUser(db(), { id: u.id, email: u.email, display_name: u.displayName, role: u.role, agency_code: null, hub_code: u.hubCode, password_hash: "x" });
    }
    await db().insertInto("people").values({ id: "w-child-b", last_name: "Bramble", first_name: "Ada", sex: "F" }).execute();
    // Due at the end of the next working day after the day received (midnight, London = UTC in March).
    await contact("w-a", "2026-03-02T09:00:00Z"); // due 4 March: overdue
    await contact("w-f", "2026-03-02T10:00:00Z"); // due 4 March: flagged at immediate risk below
    await contact("w-b", "2026-03-03T09:00:00Z", { personId: "w-child-b" }); // due 5 March: a bounce-back below
    await contact("w-g1", "2026-03-04T09:00:00Z", { groupId: "w-g0" }); // due 6 March, siblings …
    await contact("w-x", "2026-03-04T09:00:00Z"); // … and a contact alone, whose id falls between theirs
    await contact("w-g2", "2026-03-04T09:00:00Z", { groupId: "w-g0" });
    await contact("w-r", "2026-03-05T09:00:00Z", { immediateRisk: true }); // due 7 March: immediate risk reported by the referrer
    const s = actor(screener);
    await apply("w-f", { type: "START_SCREENING", at: "2026-03-02T10:30:00Z", actor: s });
    await apply("w-f", { type: "FLAG_IMMEDIATE_RISK", rationale: "Child injured at home.", at: "2026-03-02T10:45:00Z", actor: s });
    await apply("w-b", { type: "START_SCREENING", at: "2026-03-03T09:10:00Z", actor: s });
    await apply("w-b", { type: "LINK_CHILD", personId: "w-child-b", at: "2026-03-03T09:11:00Z", actor: s });
    await apply("w-b", { type: "SET_PRIORITY", priority: "green", reason: "No immediate concerns.", at: "2026-03-03T09:12:00Z", actor: s });
    await apply("w-b", { type: "RECORD_CONSENT", consent: "given", at: "2026-03-03T09:13:00Z", actor: s });
    // The family's agreement to early help (a step-down needs it).
    await apply("w-b", { type: "RECORD_CONSENT", consent: "given", purpose: "early_help", at: "2026-03-03T09:14:00Z", actor: s } as ContactEvent);
    await apply("w-b", { type: "COMPLETE_SCREENING", at: "2026-03-03T09:20:00Z", actor: s });
    await apply("w-b", { type: "PROPOSE_DECISION", outcome: "early_help", hub: "north", levelOfNeed: 2, rationale: "Family support would help.", at: "2026-03-03T10:00:00Z", actor: s } as ContactEvent);
    await apply("w-b", { type: "AUTHORISE_DECISION", at: "2026-03-03T11:00:00Z", actor: actor(manager) });
    await apply("w-b", { type: "DECLINE_STEP_DOWN", reason: "Already open to the family support team.", at: "2026-03-03T15:00:00Z", actor: actor(hub) });
  });

  const ids = async (filter: QueueFilter) => (await listQueuePage(db(), filter, { pageSize: 50 })).rows.map((r) => r.id);

  it("puts the contacts at immediate risk first (flagged or reported), then by deadline, siblings side by side", async () => {
    expect(await ids({})).toEqual(["w-f", "w-r", "w-a", "w-b", "w-g1", "w-g2", "w-x"]);
  });

  it("pages forwards and backwards across the immediate-risk rows and a sibling group, each row once", async () => {
    const seen: string[] = [];
    let page = await listQueuePage(db(), {}, { pageSize: 2 });
    seen.push(...page.rows.map((r) => r.id));
    while (page.hasNext) {
      page = await listQueuePage(db(), {}, { pageSize: 2, after: queueCursorOf(page.rows.at(-1)!) });
      seen.push(...page.rows.map((r) => r.id));
    }
    expect(seen).toEqual(["w-f", "w-r", "w-a", "w-b", "w-g1", "w-g2", "w-x"]);
    // Back from the last page (w-x): w-g1, w-g2; back from w-a: the two at immediate risk, and no more.
    const back = await listQueuePage(db(), {}, { pageSize: 2, before: queueCursorOf(page.rows[0]!) });
    expect(back.rows.map((r) => r.id)).toEqual(["w-g1", "w-g2"]);
    const third = await listQueuePage(db(), {}, { pageSize: 50 });
    const a = third.rows.find((r) => r.id === "w-a")!;
    const risk = await listQueuePage(db(), {}, { pageSize: 2, before: queueCursorOf(a) });
    expect(risk.rows.map((r) => r.id)).toEqual(["w-f", "w-r"]);
    expect(risk.hasPrevious).toBe(false);
    // A page asked for by number: the same rows as by cursor.
    expect((await listQueuePage(db(), {}, { pageSize: 2, offset: 2 })).rows.map((r) => r.id)).toEqual(["w-a", "w-b"]);
  });

  it("filters to immediate risk, bounce-backs and overdue; the band counts each", async () => {
    expect(await ids({ immediateRiskOnly: true })).toEqual(["w-f", "w-r"]);
    expect(await ids({ bounceBackOnly: true })).toEqual(["w-b"]);
    // Overdue at noon on 6 March: every deadline up to midnight at its start; w-r's (7 March) is not.
    expect(await ids({ overdueAt: NOW })).toEqual(["w-f", "w-a", "w-b", "w-g1", "w-g2", "w-x"]);
    expect((await countQueueFigures(db(), { filter: {}, me: screener.id, now: NOW })).marks).toEqual({ overdue: 6, immediateRisk: 2, bounceBacks: 1, repeats: 0 });
  });

  it("the page's view model: tags in words, the group marked, the band, no raw rows", async () => {
    const queue = await readQueue(db(), screener, { bounce: "yes" }, { now: NOW });
    expect(queue.total).toBe(1);
    expect(queue.marks).toEqual({ overdue: 6, immediateRisk: 2, bounceBacks: 1, repeats: 0 });
    expect(queue.rows[0]).toMatchObject({ reference: "W-w-b", childName: "Ada Bramble", stateLabel: "Ready for decision", sourceLabel: "Police" });
    expect(queue.rows[0]!.tags).toEqual([{ text: "Bounce-back", colour: "orange", kind: "bounce-back" }]);
    const all = await readQueue(db(), screener, {}, { now: NOW });
    const row = (id: string) => all.rows.find((r) => r.id === id)!;
    expect(row("w-f").tags.map((t) => t.text)).toEqual(["Immediate risk"]);
    expect(row("w-r").tags.map((t) => t.text)).toEqual(["Immediate risk reported"]);
    expect(row("w-f").immediateRisk).toBe(true);
    expect(row("w-g1").group).toEqual({ key: "w-g0", size: 2, first: true, last: false });
    expect(row("w-g2").group).toEqual({ key: "w-g0", size: 2, first: false, last: true });
    expect(row("w-x").group).toBeNull();
    expect(Object.keys(row("w-x")).some((k) => k.includes("_"))).toBe(false);
  });

  it("the page's counts in one pass are the lists' lengths: every filter, the band of the whole queue or one worker's", async () => {
    // Each count against the rows the filter lists (the lists' filters are checked by hand above).
    const listed = async (filter: QueueFilter) => (await listQueuePage(db(), filter, { pageSize: 1000 })).rows;
    const byState: Record<string, number> = {};
    for (const row of await listed({})) byState[row.state] = (byState[row.state] ?? 0) + 1;
    const marksOf = async (band: QueueFilter) => ({
      overdue: (await listed({ ...band, overdueAt: NOW })).length,
      immediateRisk: (await listed({ ...band, immediateRiskOnly: true })).length,
      bounceBacks: (await listed({ ...band, bounceBackOnly: true })).length,
      repeats: (await listed({ ...band, repeatOnly: true })).length,
    });
    const filters: QueueFilter[] = [
      {},
      { immediateRiskOnly: true },
      { bounceBackOnly: true },
      { overdueAt: NOW },
      { repeatOnly: true },
      { allocatedTo: "none" },
      { allocatedTo: screener.id },
      { state: "received", source: "6" },
      { priority: "none", bounceBackOnly: true, overdueAt: NOW },
    ];
    for (const filter of filters) {
      for (const band of [undefined, screener.id]) {
        const figures = await countQueueFigures(db(), { filter, bandAllocatedTo: band, me: screener.id, now: NOW });
        expect(figures).toEqual({
          total: (await listed(filter)).length,
          overdue: (await listed({ ...filter, overdueAt: NOW })).length,
          marks: await marksOf(band ? { allocatedTo: band } : {}),
          byState,
          mine: (await listed({ allocatedTo: screener.id })).length,
        });
      }
    }
    // The figures the band shows for the whole queue, as counted above.
    expect((await countQueueFigures(db(), { filter: {}, me: screener.id, now: NOW })).marks).toEqual({ overdue: 6, immediateRisk: 2, bounceBacks: 1, repeats: 0 });
  });

  it("management oversight: the flagged contact first, tagged; then each decision with what is being authorised", async () => {
    // A decision waiting for authorisation: w-a, proposed by the screener.
    const s = actor(screener);
    await db().insertInto("people").values({ id: "w-child-a", last_name: "Alder", first_name: "Kit", sex: "M" }).execute();
    await apply("w-a", { type: "START_SCREENING", at: "2026-03-02T09:10:00Z", actor: s });
    await apply("w-a", { type: "LINK_CHILD", personId: "w-child-a", at: "2026-03-02T09:11:00Z", actor: s });
    await apply("w-a", { type: "SET_PRIORITY", priority: "amber", reason: "Bruising seen at school.", at: "2026-03-02T09:12:00Z", actor: s });
    await apply("w-a", { type: "RECORD_CONSENT", consent: "given", at: "2026-03-02T09:13:00Z", actor: s });
    await apply("w-a", { type: "COMPLETE_SCREENING", at: "2026-03-02T09:20:00Z", actor: s });
    await apply("w-a", { type: "PROPOSE_DECISION", outcome: "nfa", reason: "Explained by a fall.", levelOfNeed: 1, rationale: "Nothing more needed.", at: "2026-03-05T12:00:00Z", actor: s } as ContactEvent);
    const oversight = await readOversight(db(), manager, { now: NOW, ipAddress: null });
    expect(oversight.awaiting.map((c) => c.id)).toEqual(["w-f", "w-a"]);
    expect(oversight.awaiting[0]).toMatchObject({ immediateRisk: true, stateLabel: "Immediate risk: strategy discussion to confirm" });
    expect(oversight.awaiting[0]!.tags.map((t) => t.text)).toEqual(["Immediate risk"]);
    expect(oversight.awaiting[1]).toMatchObject({
      immediateRisk: false,
      proposedOutcome: "No further action",
      levelOfNeed: "1 – Universal",
      proposedBy: "Sam Okafor",
      priority: "amber",
      // Proposed at noon on 5 March, seen at noon on 6 March.
      waitingSince: "2026-03-05T12:00:00.000Z",
    });
  });
});

describeOnBothDatabases("contact references: one sequence from the demo's last (issue 11, item 11)", (t) => {
  it("the demo's references are one sequence across the years, and the next contact takes the number after the last", async () => {
    await loadDemoData(t.handle.db, { now: new Date("2026-03-06T12:00:00Z"), contactsPerYear: 150 });
    const rows = await t.handle.db.selectFrom("contacts").select(["reference", "received_at"]).orderBy("received_at").orderBy("reference").execute();
    const numbers = rows.map((r) => Number(/^MASH-\d{4}-(\d{6})$/.exec(r.reference)![1]));
    // One sequence: 1, 2, 3 … in order of receipt, whatever the year.
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    const next = await nextContactReference(t.handle.db, "2026");
    expect(next).toBe(`MASH-2026-${String(numbers.length + 1).padStart(6, "0")}`);
  });
});
