/**
 * What the working-day clocks are computed from, as the administrator keeps it in the database:
 * the England and Wales bank holidays and the partners' timescales. Read through a per-process
 * cache (60 seconds; dropped at once by a change made in this process), so every request does not
 * read them. Also keeps each contact's stored decision deadline (`contacts.decision_due_at`).
 */
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import {
  changeAlreadyRecorded,
  deleteBankHoliday,
  findContactReceivedAt,
  findSetting,
  insertBankHoliday,
  listBankHolidayDates,
  listContactsReceivedBetween,
  setDecisionDeadlines,
  updateSetting,
} from "../../db/queries/clocks";
import type { Executor } from "../../db/executor";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../auth/session-user";
import type { FieldErrors } from "../ui/form";
import { addDays, type BankHolidays, DEFAULT_PARTNER_TIMESCALES, decisionDeadline, londonDate, londonMidnight, type PartnerTimescales } from "./clocks";
import { formatLongDate } from "./time-left";

export const PARTNER_TIMESCALES_KEY = "partner_timescales";
const CACHE_MILLISECONDS = 60_000;

export interface ClockSettings {
  holidays: BankHolidays;
  timescales: PartnerTimescales;
  /** The version of the timescales setting (for the administrator's form). */
  timescalesVersion: number;
}

/** The timescales in a stored setting; the defaults for anything missing or not a positive whole number. Pure. */
export function timescalesFrom(value: unknown): PartnerTimescales {
  const v = (typeof value === "string" ? safeJson(value) : value) as Partial<Record<keyof PartnerTimescales, unknown>> | null;
  const pick = (key: keyof PartnerTimescales) => {
    const n = v?.[key];
    return typeof n === "number" && Number.isInteger(n) && n > 0 ? n : DEFAULT_PARTNER_TIMESCALES[key];
  };
  return { redHours: pick("redHours"), amberWorkingDays: pick("amberWorkingDays"), greenWorkingDays: pick("greenWorkingDays") };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Read from the database, uncached (inside a transaction, pass the transaction). */
export async function readClockSettings(db: Executor): Promise<ClockSettings> {
  const [holidays, setting] = await Promise.all([listBankHolidayDates(db), findSetting(db, PARTNER_TIMESCALES_KEY)]);
  return {
    holidays: new Set(holidays.map((h) => String(h.date))),
    timescales: timescalesFrom(setting?.value),
    timescalesVersion: setting?.version ?? 1,
  };
}

const cache = new WeakMap<object, { settings: Promise<ClockSettings>; expires: number }>();

/**
 * The clock settings, cached per database for 60 seconds. Pass the application's database (not a
 * transaction: PGlite has one connection, so load before opening a transaction).
 */
export function loadClockSettings(db: Kysely<Database>, now: number = Date.now()): Promise<ClockSettings> {
  const hit = cache.get(db);
  if (hit && hit.expires > now) return hit.settings;
  const settings = readClockSettings(db);
  cache.set(db, { settings, expires: now + CACHE_MILLISECONDS });
  // A failed read is not kept.
  settings.catch(() => cache.delete(db));
  return settings;
}

export function invalidateClockSettings(db: Kysely<Database>): void {
  cache.delete(db);
}

// ---------------------------------------------------------------------------------------------
// Decision deadlines stored on contacts

/** Deadlines by local received date: many contacts share a day. */
function deadlineCalculator(holidays: BankHolidays) {
  const byDate = new Map<string, Date>();
  return (receivedAt: Date | string): Date => {
    const at = new Date(receivedAt);
    const day = londonDate(at);
    let due = byDate.get(day);
    if (!due) {
      due = decisionDeadline(at, holidays);
      byDate.set(day, due);
    }
    return due;
  };
}

/**
 * Stores one contact's decision deadline, from its received time and the bank holidays. Call it
 * in the transaction that records (or corrects) the contact. `holidays`: from `loadClockSettings`
 * loaded before the transaction; read through the transaction when not given.
 */
export async function setDecisionDeadline(trx: Executor, contactId: string, holidays?: BankHolidays): Promise<Date | null> {
  const contact = await findContactReceivedAt(trx, contactId);
  if (!contact) return null;
  const dueAt = decisionDeadline(new Date(contact.received_at), holidays ?? (await readClockSettings(trx)).holidays);
  await setDecisionDeadlines(trx, [{ id: contact.id, dueAt }]);
  return dueAt;
}

/** Recomputes the deadlines of contacts received in the days before a date whose bank holiday changed. */
async function recomputeDeadlinesAround(trx: Executor, date: string, holidays: BankHolidays): Promise<number> {
  // A contact received on day R is due at the end of the first working day after R: a holiday on
  // H can only move the deadlines of contacts received in the run of days before H.
  const from = londonMidnight(addDays(date, -21));
  const to = londonMidnight(date);
  const deadline = deadlineCalculator(holidays);
  let after = "";
  let changed = 0;
  for (;;) {
    const batch = await listContactsReceivedBetween(trx, from, to, after, 2000);
    if (batch.length === 0) break;
    const updates = batch
      .map((c) => ({ id: c.id, dueAt: deadline(c.received_at), was: c.decision_due_at }))
      .filter((c) => !c.was || new Date(c.was).getTime() !== c.dueAt.getTime());
    await setDecisionDeadlines(trx, updates);
    changed += updates.length;
    after = batch.at(-1)!.id;
  }
  return changed;
}


// ---------------------------------------------------------------------------------------------
// The administrator's changes

export type SettingChangeResult =
  | { kind: "applied"; replayed: boolean }
  | { kind: "stale"; changedBy: string | null; changedAt: Date | null }
  | { kind: "invalid"; errors: FieldErrors }
  | { kind: "not_found" };

interface ChangeBy {
  user: SessionUser;
  idempotencyKey: string;
  ipAddress: string | null;
  now?: Date;
}

/** Changes the partners' timescales (for requests made from now on), audited. */
export async function changePartnerTimescales(
  db: Kysely<Database>,
  input: ChangeBy & { version: number; timescales: PartnerTimescales },
): Promise<SettingChangeResult> {
  const subject = { type: "settings", id: PARTNER_TIMESCALES_KEY };
  const result = await db.transaction().execute(async (trx): Promise<SettingChangeResult> => {
    const current = await findSetting(trx, PARTNER_TIMESCALES_KEY, { forUpdate: true });
    if (!current) return { kind: "not_found" };
    if (await changeAlreadyRecorded(trx, subject, input.idempotencyKey)) return { kind: "applied", replayed: true };
    if (current.version !== input.version) {
      return { kind: "stale", changedBy: current.updated_by_name ?? null, changedAt: current.updated_at ? new Date(current.updated_at) : null };
    }
    const from = timescalesFrom(current.value);
    const to: PartnerTimescales = {
      redHours: input.timescales.redHours,
      amberWorkingDays: input.timescales.amberWorkingDays,
      greenWorkingDays: input.timescales.greenWorkingDays,
    };
    const version = current.version + 1;
    await updateSetting(trx, { key: PARTNER_TIMESCALES_KEY, value: to, version, updatedBy: input.user.id, at: input.now ?? new Date() });
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: "settings.partner_timescales_changed",
      subjectType: subject.type,
      subjectId: subject.id,
      ipAddress: input.ipAddress,
      details: { from, to, version, idempotencyKey: input.idempotencyKey },
    });
    return { kind: "applied", replayed: false };
  });
  if (result.kind === "applied") invalidateClockSettings(db);
  return result;
}

/** Adds a bank holiday, recomputes the deadlines it moves, audited. */
export async function addBankHoliday(db: Kysely<Database>, input: ChangeBy & { date: string; title: string }): Promise<SettingChangeResult & { recomputed?: number }> {
  const subject = { type: "bank_holiday", id: input.date };
  const result = await db.transaction().execute(async (trx) => {
    if (await changeAlreadyRecorded(trx, subject, input.idempotencyKey)) return { kind: "applied", replayed: true } as const;
    if (!(await insertBankHoliday(trx, { date: input.date, title: input.title }))) {
      return { kind: "invalid", errors: { day: `${formatLongDate(input.date)} is already a bank holiday` } } as const;
    }
    const { holidays } = await readClockSettings(trx);
    const recomputed = await recomputeDeadlinesAround(trx, input.date, holidays);
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: "bank_holiday.added",
      subjectType: subject.type,
      subjectId: subject.id,
      ipAddress: input.ipAddress,
      details: { title: input.title, recomputedDeadlines: recomputed, idempotencyKey: input.idempotencyKey },
    });
    return { kind: "applied", replayed: false, recomputed } as const;
  });
  if (result.kind === "applied") invalidateClockSettings(db);
  return result;
}

/** Removes a bank holiday, recomputes the deadlines it moves, audited. */
export async function removeBankHoliday(db: Kysely<Database>, input: ChangeBy & { date: string }): Promise<SettingChangeResult & { title?: string }> {
  const subject = { type: "bank_holiday", id: input.date };
  const result = await db.transaction().execute(async (trx) => {
    if (await changeAlreadyRecorded(trx, subject, input.idempotencyKey)) return { kind: "applied", replayed: true } as const;
    const removed = await deleteBankHoliday(trx, input.date);
    if (!removed) return { kind: "not_found" } as const;
    const { holidays } = await readClockSettings(trx);
    const recomputed = await recomputeDeadlinesAround(trx, input.date, holidays);
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: "bank_holiday.removed",
      subjectType: subject.type,
      subjectId: subject.id,
      ipAddress: input.ipAddress,
      details: { title: removed.title, recomputedDeadlines: recomputed, idempotencyKey: input.idempotencyKey },
    });
    return { kind: "applied", replayed: false, title: removed.title } as const;
  });
  if (result.kind !== "not_found") invalidateClockSettings(db);
  return result;
}
