// Frozen: migrations never change once released and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * Recording a contact is idempotent: each intake form and each public report form carries a key
 * generated when the form was rendered, and the contacts it created are kept against that key. The
 * primary key makes a repeated submission (double click, retry, replay) find the first one's
 * contacts instead of creating more, also when the repeats arrive at the same moment.
 *
 * Also: secrets the app generates for itself when the configuration gives none (the key of the HMAC
 * that public-form addresses are kept as), created once and kept, so a restart keeps using them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("contact_submissions")
    .addColumn("idempotency_key", "text", (c) => c.primaryKey())
    .addColumn("form", "text", (c) => c.notNull())
    // SHA-256 of what was submitted (without the key): a repeat with other content is refused.
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("submitted_by", "text", (c) => c.references("users.id"))
    // The contacts created, in the order of the form's children (a JSON array of ids).
    .addColumn("contact_ids", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("contact_submissions_form", sql`form in ('intake', 'public_report')`)
    .addCheckConstraint("contact_submissions_key", sql`length(idempotency_key) between 8 and 100`)
    .addCheckConstraint("contact_submissions_contacts", sql`jsonb_typeof(contact_ids) = 'array' and jsonb_array_length(contact_ids) >= 1`)
    .execute();

  await db.schema
    .createTable("app_secrets")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("app_secrets_value", sql`length(value) >= 32`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("app_secrets").execute();
  await db.schema.dropTable("contact_submissions").execute();
}
