/**
 * `npm run cli -- generate --contacts N`: fills an empty database with realistic generated history, made
 * the way the demo's is (app/demo/demo-history.server.ts): each synthetic contact (db/seed/synthetic-history.ts:
 * repeat contacts and re-referrals near the plan's baselines, the national source mix, partners' requests
 * and returns with RAG ratings, decisions, step-downs) is received and driven through the contact machine
 * event by event, so every generated contact passes the replay check (`npm run contacts:check-history`).
 *
 * Large volumes are made in slices of at most `SLICE` contacts, each an independent history over the
 * same years (like neighbouring authorities served by one MASH): memory stays bounded, and the shapes
 * (shares of repeats, re-referrals, outcomes) do not depend on the volume. References are numbered
 * across slices in one sequence; child ids carry their slice so two slices never share one.
 *
 * On PostgreSQL the rows go by COPY into tables whose keys and whole-table indexes are dropped first
 * and built once afterwards (the history import's bulk load, decision 023); on PGlite by large
 * multi-row inserts. One transaction: a failure leaves the database as it was.
 */
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { listAgencies, listHubs } from "../../db/queries/agencies";
import { advanceContactReferenceSequence } from "../../db/queries/contacts/contacts";
import type { DemoRows } from "../../db/queries/demo";
import { writeGeneratedRows } from "../../db/queries/generated-history";
import { canCopyFromStdin, countHeld, dropKeysAndIndexes, restoreKeysAndIndexes, useBulkLoadSettings } from "../../db/queries/history-import";
import { gatherCountsAndStatistics, storeMissingLookBacks } from "../../db/queries/measures/measures";
import { switchOffMonthCountTriggers } from "../../db/queries/measures/month-counts";
import { projectUnprojectedStageVisits, switchOffStageVisitTriggers } from "../../db/queries/measures/stage-visits";
import { findUserByEmail, insertUser } from "../../db/queries/users";
import type { Database } from "../../db/schema";
import type { Executor } from "../../db/executor";
import { generateSyntheticHistory, type SyntheticHistory } from "../../db/seed/synthetic-history";
import type { Actor } from "../../machines/contact.machine";
import { hashPassword } from "../auth/password.server";
import { readClockSettings } from "../clocks/clock-settings.server";
import { decisionDeadlinesByDate } from "../clocks/clocks";
import { type DemoActors, demoRows } from "../demo/demo-history.server";
import { DEMO_USERS } from "../demo/demo-users";

/** Contacts in one independent slice of history. */
export const SLICE = 100_000;
/** Contacts driven through the machine and written per batch. */
const BATCH = 2_000;
export const MAX_CONTACTS = 10_000_000;

export interface GenerateOptions {
  contacts: number;
  /** Years of history before `now`. */
  years: number;
  seed: number;
  now: Date;
  onProgress?: (progress: GenerateProgress) => void;
}

export type GenerateProgress =
  | { phase: "writing"; contacts: number; total: number }
  | { phase: "finishing"; step: string };

export interface GenerateSummary {
  contacts: number;
  people: number;
  events: number;
  partnerRequests: number;
  stepDowns: number;
  users: number;
  pending: number;
}

/** The database already holds contacts: the generator fills an empty one only. */
export class DatabaseNotEmpty extends Error {
  override name = "DatabaseNotEmpty";
  constructor(readonly contacts: number) {
    super(`The database already holds ${contacts} contact${contacts === 1 ? "" : "s"}.`);
  }
}

/** The generator's own users (who receive, decide and answer), by the demo's roles; their passwords are random and never shown. */
export const GENERATED_USER_DOMAIN = "generated.mash.example";

export async function generateHistory(db: Kysely<Database>, options: GenerateOptions): Promise<GenerateSummary> {
  if (!Number.isInteger(options.contacts) || options.contacts < 1 || options.contacts > MAX_CONTACTS) {
    throw new RangeError(`contacts must be a whole number from 1 to ${MAX_CONTACTS}`);
  }
  if (!(options.years > 0 && options.years <= 50)) throw new RangeError("years must be more than 0 and at most 50");
  const held = await countHeld(db);
  if (held.contacts > 0) throw new DatabaseNotEmpty(held.contacts);

  const summary: GenerateSummary = { contacts: 0, people: 0, events: 0, partnerRequests: 0, stepDowns: 0, users: 0, pending: 0 };
  const report = options.onProgress ?? (() => {});
  await db.transaction().execute(async (trx) => {
    const { actors, users } = await generatorActors(trx);
    summary.users = users;
    const copy = await canCopyFromStdin(trx);
    let restore: string[] = [];
    if (copy) {
      await useBulkLoadSettings(trx);
      restore = await dropKeysAndIndexes(trx, ["people", "contacts", "contact_events", "information_requests", "step_downs", "contact_stage_visits"]);
    }
    // The stage-visit triggers (migrations 0018, 0022) would project each event as it is written, looking up
    // the contact's earlier visits in tables without their indexes: off for the load, projected once after
    // (as the history import's bulk load does, decision 023 amended).
    const switchOnStageVisits = await switchOffStageVisitTriggers(trx);
    // The month counts (migration 0028) likewise: counted once after the look-backs, which rewrite every contact.
    const countMonthsAndSwitchOn = await switchOffMonthCountTriggers(trx);
    // Each contact's decision deadline, written with it as the app and the history import write it (migration
    // 0015): left to the database's row trigger, it was most of PostgreSQL's time in the load (0.7 ms a contact).
    const dueAt = decisionDeadlinesByDate((await readClockSettings(trx)).holidays);
    const slices = Math.ceil(options.contacts / SLICE);
    let referenceOffset = 0;
    report({ phase: "writing", contacts: 0, total: options.contacts });
    for (let slice = 0; slice < slices; slice++) {
      // Even slices: the first ones take the remainder.
      const size = Math.floor(options.contacts / slices) + (slice < options.contacts % slices ? 1 : 0);
      const history = generateSyntheticHistory({ seed: options.seed * 1009 + slice, now: options.now, years: options.years, contactsPerYear: size / options.years });
      renumber(history, slice, referenceOffset);
      referenceOffset += history.contacts.length;
      const people = demoRows({ people: history.people, contacts: [] }, actors, options.now);
      await writeGeneratedRows(trx, people, { copy });
      summary.people += people.people.length;
      // The next batch is driven through the machine while the database writes the last one.
      let writing: Promise<void> = Promise.resolve();
      for (let i = 0; i < history.contacts.length; i += BATCH) {
        const rows: DemoRows = demoRows({ people: [], contacts: history.contacts.slice(i, i + BATCH) }, actors, options.now);
        for (const contact of rows.contacts) contact.decision_due_at = dueAt(contact.received_at);
        await writing;
        summary.contacts += rows.contacts.length;
        summary.events += rows.events.length;
        summary.partnerRequests += rows.requests.length;
        summary.stepDowns += rows.stepDowns.length;
        summary.pending += rows.contacts.filter((c) => c.outcome === null || c.outcome === undefined).length;
        const done = summary.contacts;
        writing = writeGeneratedRows(trx, rows, { copy }).then(() => report({ phase: "writing", contacts: done, total: options.contacts }));
      }
      await writing;
    }
    report({ phase: "finishing", step: "working out the stage visits" });
    await projectUnprojectedStageVisits(trx);
    await switchOnStageVisits();
    // Before the keys and indexes are built again: storing every contact's look-back rewrites each row,
    // which with the indexes in place also wrote every index (250 s at a million contacts).
    report({ phase: "finishing", step: "working out repeat contacts and re-referrals" });
    await storeMissingLookBacks(trx);
    report({ phase: "finishing", step: "counting the contacts of each month" });
    await countMonthsAndSwitchOn();
    if (copy) {
      await restoreKeysAndIndexes(trx, restore, (statement) => report({ phase: "finishing", step: describeStatement(statement) }));
    }
    // The next contact recorded takes the number after the last generated one.
    await advanceContactReferenceSequence(trx);
  });
  report({ phase: "finishing", step: "updating the database's statistics" });
  await gatherCountsAndStatistics(db);
  return summary;
}

/** References in one sequence across slices; child ids marked with their slice (G, then the slice in base 36, then the generated id's letters). */
function renumber(history: SyntheticHistory, slice: number, offset: number): void {
  const mark = `G${slice.toString(36).toUpperCase()}`;
  for (const person of history.people) person.childId = `${mark}${person.childId.slice(1)}`.slice(0, 20);
  history.contacts.forEach((contact, i) => {
    const year = contact.reference.split("-")[1];
    contact.reference = `MASH-${year}-${String(offset + i + 1).padStart(6, "0")}`;
  });
}

function describeStatement(statement: string): string {
  const name = /(?:constraint|index)\s+"?([a-z0-9_]+)"?/i.exec(statement)?.[1];
  return name ? `building ${name}` : "building keys and indexes";
}

/** One user per role, per partner agency and per hub in use, found by e-mail or created. */
async function generatorActors(db: Executor): Promise<{ actors: DemoActors; users: number }> {
  const [agencies, hubs] = [await listAgencies(db, { activeOnly: true }), await listHubs(db, { activeOnly: true })];
  const inUse = new Set([...agencies.map((a) => `agency:${a.code}`), ...hubs.map((h) => `hub:${h.code}`)]);
  const wanted = DEMO_USERS.filter((u) => (!u.agencyCode || inUse.has(`agency:${u.agencyCode}`)) && (!u.hubCode || inUse.has(`hub:${u.hubCode}`)));
  const actors: DemoActors = { screener: undefined as never, manager: undefined as never, partners: {}, hubs: {} };
  let passwordHash: string | null = null;
  for (const user of wanted) {
    const email = `${user.email.split("@")[0]}@${GENERATED_USER_DOMAIN}`;
    let id = (await findUserByEmail(db, email))?.id;
    if (!id) {
      passwordHash ??= await hashPassword(randomBytes(24).toString("base64url"));
      id = crypto.randomUUID();
      await insertUser(db, { id, email, display_name: user.displayName, role: user.role, agency_code: user.agencyCode ?? null, hub_code: user.hubCode ?? null, password_hash: passwordHash });
    }
    const actor: Actor = { id, role: user.role, agency: user.agencyCode, hub: user.hubCode };
    if (user.role === "screener") actors.screener = actor;
    if (user.role === "manager") actors.manager = actor;
    if (user.agencyCode) actors.partners[user.agencyCode] = actor;
    if (user.hubCode) actors.hubs[user.hubCode] = actor;
  }
  return { actors, users: wanted.length };
}
