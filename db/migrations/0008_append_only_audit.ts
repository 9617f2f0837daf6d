// Frozen: migrations never change once released and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * The audit trail and the contacts' event histories are append-only in the database itself: a
 * trigger refuses every UPDATE and DELETE of a row and every TRUNCATE of either table, whoever asks
 * (the app's own database user included). Nothing in the app changes or removes those rows; a
 * correction is a new event. (A table's owner could still drop the trigger: a real deployment runs
 * the app as a role that does not own the tables.)
 *
 * Also: indexes for "who has seen this child" — the contacts a list showed (`details.contacts`) and
 * the people a person search showed (`details.shown`), so the page finds them without reading the whole trail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function refuse_change_to_append_only_table() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only: % is not allowed', tg_table_name, tg_op
        using errcode = 'insufficient_privilege', hint = 'Record a new event instead.';
    end
    $$
  `.execute(db);
  for (const table of ["audit_events", "contact_events"]) {
    await sql`
      create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function refuse_change_to_append_only_table()
    `.execute(db);
    await sql`
      create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
      for each statement execute function refuse_change_to_append_only_table()
    `.execute(db);
  }

  await sql`create index audit_events_listed_contacts on audit_events using gin ((details -> 'contacts'))`.execute(db);
  await sql`create index audit_events_shown_people on audit_events using gin ((details -> 'shown'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index audit_events_shown_people`.execute(db);
  await sql`drop index audit_events_listed_contacts`.execute(db);
  for (const table of ["audit_events", "contact_events"]) {
    await sql`drop trigger ${sql.id(`${table}_no_truncate`)} on ${sql.table(table)}`.execute(db);
    await sql`drop trigger ${sql.id(`${table}_append_only`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function refuse_change_to_append_only_table()`.execute(db);
}
