/** Bank holidays and settings: what the working-day clocks are computed from. */
import { sql } from "kysely";
import type { Executor } from "../executor";

export function listBankHolidayDates(db: Executor) {
  return db.selectFrom("bank_holidays").select("date").orderBy("date").execute();
}

/** The bank holidays of one calendar year, in date order. */
export function listBankHolidaysOfYear(db: Executor, year: number) {
  return db
    .selectFrom("bank_holidays")
    .select(["date", "title"])
    .where("date", ">=", `${year}-01-01`)
    .where("date", "<=", `${year}-12-31`)
    .orderBy("date")
    .execute();
}

/** The years that have bank holidays, earliest first. */
export async function listBankHolidayYears(db: Executor): Promise<number[]> {
  const rows = await db
    .selectFrom("bank_holidays")
    .select(sql<number>`extract(year from date)::int`.as("year"))
    .groupBy(sql`extract(year from date)`)
    .orderBy(sql`extract(year from date)`)
    .execute();
  return rows.map((r) => Number(r.year));
}

export function findBankHoliday(db: Executor, date: string) {
  return db.selectFrom("bank_holidays").select(["date", "title"]).where("date", "=", date).executeTakeFirst();
}

/** Adds a bank holiday; false when the date already is one. */
export async function insertBankHoliday(db: Executor, holiday: { date: string; title: string }): Promise<boolean> {
  const result = await db
    .insertInto("bank_holidays")
    .values(holiday)
    .onConflict((oc) => oc.column("date").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Removes a bank holiday; the removed row, or undefined when the date was not one. */
export function deleteBankHoliday(db: Executor, date: string) {
  return db.deleteFrom("bank_holidays").where("date", "=", date).returning(["date", "title"]).executeTakeFirst();
}

/** Settings with who changed each last (the one select of `findSetting` and `findSettings`). */
function settingsWithEditor(db: Executor) {
  return db
    .selectFrom("settings")
    .leftJoin("users", "users.id", "settings.updated_by")
    .select(["settings.key", "settings.value", "settings.version", "settings.updated_at", "users.display_name as updated_by_name"]);
}

/** One setting with who changed it last, locked until the end of the transaction when `forUpdate`. */
export function findSetting(db: Executor, key: string, options: { forUpdate?: boolean } = {}) {
  let query = settingsWithEditor(db).where("settings.key", "=", key);
  if (options.forUpdate) query = query.forUpdate("settings");
  return query.executeTakeFirst();
}

/** Several settings with who changed each last, in one statement (those that exist). */
export function findSettings(db: Executor, keys: readonly string[]) {
  return settingsWithEditor(db).where("settings.key", "in", keys).execute();
}

export async function updateSetting(db: Executor, setting: { key: string; value: unknown; version: number; updatedBy: string; at: Date }) {
  await db
    .updateTable("settings")
    .set({ value: JSON.stringify(setting.value), version: setting.version, updated_at: setting.at, updated_by: setting.updatedBy })
    .where("key", "=", setting.key)
    .execute();
}

/** Whether a change with this idempotency key was already recorded for the subject (from the audit trail). */
export async function changeAlreadyRecorded(db: Executor, subject: { type: string; id: string }, idempotencyKey: string): Promise<boolean> {
  const row = await db
    .selectFrom("audit_events")
    .select("id")
    .where("subject_type", "=", subject.type)
    .where("subject_id", "=", subject.id)
    .where(sql<string>`details->>'idempotencyKey'`, "=", idempotencyKey)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export function findContactReceivedAt(db: Executor, contactId: string) {
  return db.selectFrom("contacts").select(["id", "received_at"]).where("id", "=", contactId).executeTakeFirst();
}

/** Contacts received in a time range, for recomputing their deadlines after a bank holiday changes. */
export function listContactsReceivedBetween(db: Executor, from: Date, to: Date, afterId: string, limit: number) {
  return db
    .selectFrom("contacts")
    .select(["id", "received_at", "decision_due_at"])
    .where("received_at", ">=", from)
    .where("received_at", "<", to)
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
}

/** Sets many contacts' decision deadlines in one statement. */
export async function setDecisionDeadlines(db: Executor, deadlines: { id: string; dueAt: Date }[]) {
  if (deadlines.length === 0) return;
  const values = sql.join(deadlines.map((d) => sql`(${d.id}::text, ${d.dueAt.toISOString()}::timestamptz)`));
  await sql`update contacts set decision_due_at = v.due from (values ${values}) as v(id, due) where contacts.id = v.id`.execute(db);
}
