/**
 * `npm run contacts:check-history`: replays every contact's events through the contact machine and
 * compares the result with its stored snapshot ("history is the truth"), then works out every
 * contact's look-back afresh and compares it with the stored one (decision 014). Exits 1 when any differs.
 */
import { checkAllContactHistories } from "../app/contacts/history.server";
import { loadConfig } from "../app/config.server";
import { openDatabase } from "../db/client";
import { countLookBacksNotAsStored } from "../db/queries/measures/measures";
import { countMonthCountDifferences } from "../db/queries/measures/month-counts";

const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, pgliteDataDir: config.pgliteDataDir });
try {
  const started = Date.now();
  const { checked, problems } = await checkAllContactHistories(database.db, (n) => {
    if (n % 5000 === 0) process.stderr.write(`  ${n} contacts checked…\n`);
  });
  for (const p of problems) console.log(`contact ${p.contactId}: ${p.problem}`);
  console.log(`${checked} contacts checked on ${database.description} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${problems.length === 0 ? "every history replays to its stored snapshot" : `${problems.length} differ`}.`);
  const lookBacks = await countLookBacksNotAsStored(database.db);
  console.log(`Stored look-backs (repeat contact, earlier referrals): ${lookBacks === 0 ? "every one is the rule's, worked out afresh" : `${lookBacks} differ from the rule`}.`);
  const monthCounts = await countMonthCountDifferences(database.db);
  console.log(`Contacts counted by month (the measures' whole months): ${monthCounts === 0 ? "every count is the contacts', counted afresh" : `${monthCounts} groups differ`}.`);
  if (problems.length || lookBacks || monthCounts) process.exitCode = 1;
} finally {
  await database.close();
}
