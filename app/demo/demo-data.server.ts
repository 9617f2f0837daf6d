/** Demo users and two years of synthetic history for an empty database. Demo installs only. */
import type { Kysely } from "kysely";
import { gatherCountsAndStatistics, storeMissingLookBacks } from "../../db/queries/measures/measures";
import { advanceContactReferenceSequence } from "../../db/queries/contacts/contacts";
import { insertDemoRows } from "../../db/queries/demo";
import { insertUser } from "../../db/queries/users";
import type { Database } from "../../db/schema";
import { generateSyntheticHistory } from "../../db/seed/synthetic-history";
import type { Actor } from "../../machines/contact.machine";
import { hashPassword } from "../auth/password.server";
import { type DemoActors, demoRows } from "./demo-history.server";
import { DEMO_PASSWORD, DEMO_USERS } from "./demo-users";
import { listAgencies, listHubs } from "../../db/queries/agencies";

export interface DemoSummary {
  users: number;
  people: number;
  contacts: number;
}

export async function loadDemoData(db: Kysely<Database>, options: { now: Date; seed?: number; contactsPerYear?: number }): Promise<DemoSummary> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const history = generateSyntheticHistory({ seed: options.seed ?? 1, now: options.now, contactsPerYear: options.contactsPerYear });
  const summary = await db.transaction().execute(async (trx) => {
    const actors: DemoActors = { screener: undefined as never, manager: undefined as never, partners: {}, hubs: {} };
    // Agencies and hubs are data (migration 0019): a demo partner or hub worker only joins one in use.
    const [agencies, hubs] = [await listAgencies(trx, { activeOnly: true }), await listHubs(trx, { activeOnly: true })];
    const inUse = new Set([...agencies.map((a) => `agency:${a.code}`), ...hubs.map((h) => `hub:${h.code}`)]);
    const users = DEMO_USERS.filter((u) => (!u.agencyCode || inUse.has(`agency:${u.agencyCode}`)) && (!u.hubCode || inUse.has(`hub:${u.hubCode}`)));
    for (const user of users) {
      const id = crypto.randomUUID();
      await insertUser(trx, {
        id,
        email: user.email,
        display_name: user.displayName,
        role: user.role,
        agency_code: user.agencyCode ?? null,
        hub_code: user.hubCode ?? null,
        password_hash: passwordHash,
      });
      const actor: Actor = { id, role: user.role, agency: user.agencyCode, hub: user.hubCode };
      if (user.role === "screener") actors.screener = actor;
      if (user.role === "manager") actors.manager = actor;
      if (user.agencyCode) actors.partners[user.agencyCode] = actor;
      if (user.hubCode) actors.hubs[user.hubCode] = actor;
    }

    const rows = demoRows(history, actors, options.now);
    await insertDemoRows(trx, rows);
    await storeMissingLookBacks(trx);
    // The next contact recorded takes the number after the demo's last (issue 11, item 11).
    await advanceContactReferenceSequence(trx);
    return { users: users.length, people: rows.people.length, contacts: rows.contacts.length };
  });
  await gatherCountsAndStatistics(db);
  return summary;
}
