/** Start-up work on the database: migrations, reference data and, on an empty demo install, demo data. */
import type { DatabaseHandle } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { gatherMonthCounts } from "../db/queries/measures/month-counts";
import { countUsers, findUserByEmail } from "../db/queries/users";
import { ensureReferenceData } from "../db/seed/reference-data";
import type { AppConfig } from "./config.server";
import { DEMO_PASSWORD, DEMO_USERS } from "./demo/demo-users";
import { loadDemoData } from "./demo/demo-data.server";
import { removeExpiredRecords } from "./jobs/expired-records.server";


export interface DemoSignIns {
  password: string;
  users: { label: string; email: string }[];
}

export async function prepareDatabase(
  database: DatabaseHandle,
  config: Pick<AppConfig, "demoData">,
  options: { log?: (line: string) => void; now?: Date; demoContactsPerYear?: number } = {},
): Promise<DemoSignIns | null> {
  const log = options.log ?? (() => {});
  const migrations = await migrateToLatest(database.db);
  const applied = migrations.results?.filter((r) => r.status === "Success").map((r) => r.migrationName) ?? [];
  if (applied.length) log(`Database migrated: ${applied.join(", ")}.`);
  await ensureReferenceData(database.db);
  // Also jobs while the app runs (app/jobs/).
  await removeExpiredRecords(database.db, options.now ?? new Date());
  await gatherMonthCounts(database.db);

  if (!config.demoData) return null;
  if ((await countUsers(database.db)) === 0) {
    log("Empty database: loading demo users and two years of synthetic history (about half a minute)…");
    const summary = await loadDemoData(database.db, { now: options.now ?? new Date(), contactsPerYear: options.demoContactsPerYear });
    log(`Demo data loaded: ${summary.users} users, ${summary.people} children, ${summary.contacts} contacts.`);
  }
  // Only print demo sign-ins that really exist (a database with real users never gets demo ones).
  if (!(await findUserByEmail(database.db, DEMO_USERS[0]!.email))) return null;
  return { password: DEMO_PASSWORD, users: DEMO_USERS.map(({ label, email }) => ({ label, email })) };
}
