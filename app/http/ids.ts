/**
 * What the ids of records look like, for ids that come from a URL or a form. Shared by browser and
 * server. Contacts and people have UUIDs; information requests and step-downs have their contact's
 * UUID with a suffix after a colon (`<contact>:<agency>`, `<contact>:<offered at>`).
 */
const RECORD_ID = /^[A-Za-z0-9][A-Za-z0-9:._+-]{0,199}$/;

/** Whether text could be a record's id, and so is worth asking the database about. */
export function isRecordId(value: unknown): value is string {
  return typeof value === "string" && RECORD_ID.test(value);
}

/** The largest value of a PostgreSQL `integer` (versions, counts). */
export const MAX_INT4 = 2_147_483_647;

/**
 * A table's own entry for a key that came from a URL or a form, never one every object inherits
 * (`__proto__`, `constructor`, `toString`).
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string | null | undefined): T | undefined {
  return key != null && Object.hasOwn(table, key) ? table[key] : undefined;
}
