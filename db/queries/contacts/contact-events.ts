import type { Insertable, Updateable } from "kysely";
import type { ContactEventsTable, ContactsTable } from "../../schema";
import type { Executor } from "../../executor";

/** The contact row, locked until the end of the transaction (other writers wait). */
export function lockContact(db: Executor, contactId: string) {
  return db.selectFrom("contacts").selectAll().where("id", "=", contactId).forUpdate().executeTakeFirst();
}

export function findEventByIdempotencyKey(db: Executor, idempotencyKey: string) {
  return db.selectFrom("contact_events").selectAll().where("idempotency_key", "=", idempotencyKey).executeTakeFirst();
}

/** The latest event of a contact, with who recorded it (for "changed by … at …"). */
export function findLatestEvent(db: Executor, contactId: string) {
  return db
    .selectFrom("contact_events")
    .leftJoin("users", "users.id", "contact_events.actor_user_id")
    .select(["contact_events.sequence", "contact_events.type", "contact_events.at", "contact_events.recorded_at", "users.display_name as actor_name"])
    .where("contact_events.contact_id", "=", contactId)
    .orderBy("contact_events.sequence", "desc")
    .limit(1)
    .executeTakeFirst();
}

export function listContactEvents(db: Executor, contactId: string) {
  return db.selectFrom("contact_events").selectAll().where("contact_id", "=", contactId).orderBy("sequence").execute();
}

export async function insertContactEvent(db: Executor, event: Insertable<ContactEventsTable>) {
  await db.insertInto("contact_events").values(event).execute();
}

export async function insertContact(db: Executor, contact: Insertable<ContactsTable>) {
  await db.insertInto("contacts").values(contact).execute();
}

/** A contact's columns after a change (app/contacts/lifecycle.server.ts): `updated_at` is set to now. */
export async function updateContact(db: Executor, contactId: string, columns: Updateable<ContactsTable>) {
  await db.updateTable("contacts").set({ ...columns, updated_at: new Date() }).where("id", "=", contactId).execute();
}

/** Contact ids in batches, for maintenance commands that walk the whole table. */
export function listContactIdsAfter(db: Executor, afterId: string, limit: number) {
  return db.selectFrom("contacts").select(["id", "snapshot", "machine_version"]).where("id", ">", afterId).orderBy("id").limit(limit).execute();
}
