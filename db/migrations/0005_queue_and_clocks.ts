// Frozen: migrations never change once released and never import application code.
import { type Kysely, sql } from "kysely";
import bankHolidays from "./data/bank-holidays-england-and-wales.json";

export async function up(db: Kysely<unknown>): Promise<void> {
  // England and Wales bank holidays, editable by an administrator; the working-day clocks read them.
  await db.schema
    .createTable("bank_holidays")
    .addColumn("date", "date", (c) => c.primaryKey())
    .addColumn("title", "text", (c) => c.notNull())
    .addCheckConstraint("bank_holidays_title", sql`length(title) between 1 and 200`)
    .execute();
  const rows = bankHolidays.events.map((e) => ({ date: e.date, title: e.title }));
  // biome-ignore lint: the migration works on an untyped database
  await (db as Kysely<any>).insertInto("bank_holidays").values(rows).execute();

  // Settings an administrator changes (partner timescales, …): one JSON value per key, versioned.
  await db.schema
    .createTable("settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "jsonb", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_by", "text", (c) => c.references("users.id"))
    .execute();
  // biome-ignore lint: the migration works on an untyped database
  await (db as Kysely<any>)
    .insertInto("settings")
    .values({ key: "partner_timescales", value: JSON.stringify({ redHours: 4, amberWorkingDays: 1, greenWorkingDays: 3 }) })
    .execute();

  // The decision deadline (end of the next working day after the local received date), stored so
  // the queue can order and page by it. Computed by the application (working days need the bank
  // holidays); null only until it has been computed.
  await db.schema.alterTable("contacts").addColumn("decision_due_at", "timestamptz").execute();

  // The queue: open contacts only (a few per cent of all), each index ending in the queue's order
  // (decision_due_at, id) so every filter reads its page in order and pages by keyset.
  await db.schema.dropIndex("contacts_open").execute();
  const open = (name: string, columns: string[]) =>
    db.schema.createIndex(name).on("contacts").columns(columns).where(sql.ref("outcome"), "is", null).execute();
  await open("contacts_open", ["state", "decision_due_at", "id"]);
  await open("contacts_queue_due", ["decision_due_at", "id"]);
  await open("contacts_queue_allocated", ["allocated_to", "decision_due_at", "id"]);
  await open("contacts_queue_priority", ["priority", "decision_due_at", "id"]);
  await open("contacts_queue_source", ["source", "decision_due_at", "id"]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of ["contacts_queue_source", "contacts_queue_priority", "contacts_queue_allocated", "contacts_queue_due", "contacts_open"]) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.createIndex("contacts_open").on("contacts").columns(["state", "received_at"]).where(sql.ref("outcome"), "is", null).execute();
  await db.schema.alterTable("contacts").dropColumn("decision_due_at").execute();
  await db.schema.dropTable("settings").execute();
  await db.schema.dropTable("bank_holidays").execute();
}
