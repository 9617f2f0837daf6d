/** Demo users and synthetic history for an empty database. Demo installs only. */
import type { Kysely } from "kysely";
import { insertUser } from "../../db/queries/users";
import type { Database } from "../../db/schema";
import { hashPassword } from "../auth/password.server";
import { DEMO_PASSWORD, DEMO_USERS } from "./demo-users";

export interface DemoSummary {
  users: number;
  people: number;
  contacts: number;
}

export async function loadDemoData(db: Kysely<Database>, options: { now: Date; seed?: number }): Promise<DemoSummary> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    for (const user of DEMO_USERS) {
      await insertUser(trx, {
        id: crypto.randomUUID(),
        email: user.email,
        display_name: user.displayName,
        role: user.role,
        agency_code: user.agencyCode ?? null,
        hub_code: user.hubCode ?? null,
        password_hash: passwordHash,
      });
    }
    return { users: DEMO_USERS.length, people: 0, contacts: 0 };
  });
}
