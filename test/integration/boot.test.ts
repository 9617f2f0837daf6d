import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { prepareDatabase } from "../../app/boot.server";
import { checkAllContactHistories } from "../../app/contacts/history.server";
import { countUsers } from "../../db/queries/users";
import { describeOnBothDatabases } from "./databases";

const now = new Date("2026-11-22T12:00:00Z");

describeOnBothDatabases("start-up", (t) => {
  // Start-up is a sequence on one database: first with demo data off (as in production), then on. Each
  // start and what it found are kept here, in the hook, so that each test below reads them on its own.
  let withoutDemo: { demo: Awaited<ReturnType<typeof prepareDatabase>>; users: number };
  let demo: Awaited<ReturnType<typeof prepareDatabase>>;
  beforeAll(async () => {
    withoutDemo = { demo: await prepareDatabase(t.handle, { demoData: false }, { now }), users: await countUsers(t.handle.db) };
    demo = await prepareDatabase(t.handle, { demoData: true }, { now, demoContactsPerYear: 300 });
  });

  it("loads no demo data when demo data is off (as in production)", async () => {
    expect(withoutDemo.demo).toBeNull();
    expect(withoutDemo.users).toBe(0);
  });

  it("loads demo users and synthetic history into an empty database, once", async () => {
    expect(demo?.users.map((u) => u.email)).toContain("screener@demo.mash.example");
    expect(demo?.users.map((u) => u.email)).toContain("performance@demo.mash.example");
    expect(await countUsers(t.handle.db)).toBe(11);
    const counts = await sql<{ contacts: number; open: number; referrals: number }>`
      select count(*)::int as contacts,
             count(*) filter (where outcome is null)::int as open,
             count(*) filter (where outcome in ('referral', 'strategy_discussion'))::int as referrals
      from contacts`.execute(t.handle.db);
    expect(counts.rows[0]!.contacts).toBe(600);
    expect(counts.rows[0]!.referrals).toBeGreaterThan(60);

    await prepareDatabase(t.handle, { demoData: true }, { now, demoContactsPerYear: 300 });
    expect(await countUsers(t.handle.db)).toBe(11);
  });

  it("demo history is made through the machine: every contact replays to its snapshot", async () => {
    const result = await checkAllContactHistories(t.handle.db);
    expect(result.checked).toBe(600);
    expect(result.problems).toEqual([]);
  });
});
