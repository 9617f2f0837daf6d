/** The demo history's SQL (app/demo/): its rows inserted on an empty database, parents before children. */
import type { Insertable } from "kysely";
import type { ContactEventsTable, ContactsTable, Database, InformationRequestsTable, PeopleTable, StepDownsTable } from "../schema";
import type { Executor } from "../executor";

/** Every row of the synthetic history, table by table (`demoRows` in app/demo/demo-history.server.ts). */
export interface DemoRows {
  people: Insertable<PeopleTable>[];
  contacts: Insertable<ContactsTable>[];
  events: Insertable<ContactEventsTable>[];
  requests: Insertable<InformationRequestsTable>[];
  stepDowns: Insertable<StepDownsTable>[];
}

/** Rows a statement: well under PostgreSQL's 65,535 parameters for the widest table. */
const BATCH = 500;

async function insertInBatches<T extends keyof Database>(db: Executor, table: T, rows: readonly Insertable<Database[T]>[]) {
  for (let i = 0; i < rows.length; i += BATCH) {
    // Kysely cannot relate a generic table name to its row type: the rows are typed by the caller's `T`.
    await db.insertInto(table).values(rows.slice(i, i + BATCH) as never).execute();
  }
}

export async function insertDemoRows(db: Executor, rows: DemoRows): Promise<void> {
  await insertInBatches(db, "people", rows.people);
  await insertInBatches(db, "contacts", rows.contacts);
  await insertInBatches(db, "contact_events", rows.events);
  await insertInBatches(db, "information_requests", rows.requests);
  await insertInBatches(db, "step_downs", rows.stepDowns);
}
