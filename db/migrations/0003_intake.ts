// Frozen: migrations never change once released and never import application code.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // What the referrer told us, as they told it, kept on each contact of the group.
  await db.schema
    .alterTable("contacts")
    .addColumn("recorded_at", "timestamptz")
    .addColumn("late_recording_reason", "text")
    .addColumn("described_child", "jsonb")
    .addColumn("household", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("address", "jsonb")
    .addColumn("factors", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("referral_consent", "text")
    .addColumn("referral_consent_notes", "text")
    .execute();
  await sql`alter table contacts add constraint contacts_referral_consent check (referral_consent in ('given', 'refused', 'not_sought'))`.execute(db);

  // References for new contacts: MASH-<year>-<number>, numbers from this sequence (history keeps its own).
  await sql`create sequence contact_reference_seq start with 100000`.execute(db);

  // Submissions of the public "report a concern" form, by hashed address, for rate limiting only.
  await db.schema
    .createTable("public_report_attempts")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("address_hash", "text", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("accepted", "boolean", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("public_report_attempts_address").on("public_report_attempts").columns(["address_hash", "at"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("public_report_attempts").execute();
  await sql`drop sequence contact_reference_seq`.execute(db);
  await sql`alter table contacts drop constraint contacts_referral_consent`.execute(db);
  for (const column of ["referral_consent_notes", "referral_consent", "factors", "address", "household", "described_child", "late_recording_reason", "recorded_at"]) {
    await db.schema.alterTable("contacts").dropColumn(column).execute();
  }
}
