/**
 * The contact page's repeat-contact and re-referral marks agree with the measures, contact by
 * contact, on the demo history: what the screener sees on `/contacts/:id` (viewContact, the page's
 * loader) is exactly what the SQL measures count for any period holding the contact.
 */
import { expect, it } from "vitest";
import type { SessionUser } from "../../app/auth/lucia.server";
import { viewContact } from "../../app/contacts/view.server";
import { loadDemoData } from "../../app/demo/demo-data.server";
import { listMeasureRecords } from "../../app/measures/measures.server";
import { describeOnBothDatabases } from "./databases";

// A fixed clock, so the demo history is the same on every run.
const NOW = new Date("2025-06-16T12:00:00Z");

describeOnBothDatabases("the contact page's marks and the measures' membership", (t) => {
  const db = () => t.handle.db;

  it("agree for every contact of the demo history", async () => {
    await loadDemoData(db(), { now: NOW, contactsPerYear: 400 });
    const screener = await db().selectFrom("users").select(["id", "email", "display_name"]).where("role", "=", "screener").executeTakeFirstOrThrow();
    const user: SessionUser = { id: screener.id, email: screener.email, displayName: screener.display_name, role: "screener", agencyCode: null, hubCode: null };
    const contacts = await db()
      .selectFrom("contacts")
      .select(["id", "person_id", "outcome"])
      .where("person_id", "is not", null)
      .where("outcome", "is distinct from", "duplicate")
      .orderBy("id")
      .execute();
    expect(contacts.length).toBeGreaterThan(500);

    // The whole history as one period, and the last twelve months (look-backs reaching before it).
    const periods = [
      { from: "2023-01-01", to: "2025-12-31" },
      { from: "2024-06-01", to: "2025-05-31" },
    ];
    const sql: { contacts: Set<string>; repeats: Set<string>; referrals: Set<string>; reReferrals: Set<string> }[] = [];
    for (const period of periods) {
      const ids = async (figure: Parameters<typeof listMeasureRecords>[2]) => new Set((await listMeasureRecords(db(), period, figure)).map((m) => m.id));
      sql.push({
        contacts: await ids("contacts.total"),
        repeats: await ids("repeat_contacts.numerator"),
        referrals: await ids("referrals.total"),
        reReferrals: await ids("re_referrals.numerator"),
      });
    }
    // Every linked non-duplicate contact lies in the whole-history period.
    expect(sql[0]!.contacts.size).toBe(contacts.length);

    const disagreements: string[] = [];
    let repeats = 0;
    let reReferrals = 0;
    for (const c of contacts) {
      const page = await viewContact(db(), user, c.id, null);
      const mine = page!.chronology!.contacts.find((x) => x.id === c.id)!;
      // The mark beside the contact in the child's story, and the "earlier contacts / referrals" the page lists.
      const pageRepeat = mine.repeat;
      const pageListsEarlier = page!.marks!.earlierContacts.length > 0;
      const pageReReferral = mine.reReferral;
      const pageReferralListsEarlier = page!.marks!.referred ? page!.marks!.earlierReferrals.length > 0 : null;
      if (pageRepeat) repeats += 1;
      if (pageReReferral) reReferrals += 1;
      for (const [i, s] of sql.entries()) {
        if (s.contacts.has(c.id)) {
          if (pageRepeat !== s.repeats.has(c.id)) disagreements.push(`${c.id} repeat: page ${pageRepeat}, measures ${!pageRepeat} (period ${i})`);
          if (pageListsEarlier !== s.repeats.has(c.id)) disagreements.push(`${c.id} earlier contacts listed: ${pageListsEarlier} (period ${i})`);
        }
        if (s.referrals.has(c.id)) {
          if (pageReReferral !== s.reReferrals.has(c.id)) disagreements.push(`${c.id} re-referral: page ${pageReReferral} (period ${i})`);
          if (pageReferralListsEarlier !== s.reReferrals.has(c.id)) disagreements.push(`${c.id} earlier referrals listed: ${pageReferralListsEarlier} (period ${i})`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    // The comparison is not vacuous: the demo has plenty of both.
    expect(repeats).toBeGreaterThan(100);
    expect(reReferrals).toBeGreaterThan(5);
    expect(sql[1]!.repeats.size).toBeGreaterThan(50);
  }, 600_000);
});
