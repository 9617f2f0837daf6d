/**
 * `npm run bench:demo-data`: how long the demo history takes to generate, drive through the contact
 * machine and load into a fresh in-memory PGlite, and how long the replay check takes. Prints figures;
 * nothing here fails on a time.
 */
import { prepareDatabase } from "../app/boot.server";
import { checkAllContactHistories } from "../app/contacts/history.server";
import { demoRows } from "../app/demo/demo-history.server";
import { openDatabase } from "../db/client";
import { generateSyntheticHistory } from "../db/seed/synthetic-history";

const now = new Date();
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(2)} s`;

let t = performance.now();
const history = generateSyntheticHistory({ seed: 1, now });
console.log(`generate ${history.contacts.length} contacts, ${history.people.length} children: ${seconds(t)}`);

const partner = (agency: string) => ({ id: agency, role: "partner" as const, agency });
const hub = (code: string) => ({ id: code, role: "early_help" as const, hub: code });
const actors = {
  screener: { id: "screener", role: "screener" as const },
  manager: { id: "manager", role: "manager" as const },
  partners: { police: partner("police"), health: partner("health"), education: partner("education") },
  hubs: { north: hub("north"), exeter: hub("exeter"), mid_east: hub("mid_east"), south_west: hub("south_west") },
};
t = performance.now();
const rows = demoRows(history, actors, now);
console.log(`drive through the contact machine (${rows.events.length} events): ${seconds(t)}`);

const database = await openDatabase({ pgliteDataDir: "memory://" });
t = performance.now();
await prepareDatabase(database, { demoData: true }, { now });
console.log(`migrate and load demo data into in-memory PGlite: ${seconds(t)}`);
t = performance.now();
const check = await checkAllContactHistories(database.db);
console.log(`replay check of ${check.checked} contacts: ${seconds(t)} (${check.problems.length} differ)`);
console.log(`heap used: ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MiB`);
await database.close();
