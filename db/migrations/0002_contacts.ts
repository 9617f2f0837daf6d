// Frozen: migrations never change once released and never import application code.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create extension if not exists fuzzystrmatch`.execute(db);

  // A person a contact is about (a child). Merged records point at the survivor.
  await db.schema
    .createTable("people")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("child_id", "text", (c) => c.unique())
    .addColumn("first_name", "text")
    .addColumn("last_name", "text", (c) => c.notNull())
    .addColumn("date_of_birth", "date")
    .addColumn("expected_date_of_birth", "date")
    .addColumn("sex", "text", (c) => c.notNull())
    .addColumn("ethnicity", "text")
    .addColumn("postcode", "text")
    .addColumn("nhs_number", "text")
    .addColumn("merged_into_id", "text", (c) => c.references("people.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("people_sex", sql`sex in ('M', 'F', 'U')`)
    .addCheckConstraint("people_one_birth_date", sql`not (date_of_birth is not null and expected_date_of_birth is not null)`)
    .addCheckConstraint("people_child_id", sql`child_id ~ '^[A-Za-z0-9]{1,20}$'`)
    .execute();
  await db.schema.createIndex("people_last_name").on("people").column("last_name").execute();
  await db.schema.createIndex("people_date_of_birth").on("people").column("date_of_birth").execute();

  // One contact concerns one child. The lifecycle state is set only by the contact machine.
  await db.schema
    .createTable("contacts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("reference", "text", (c) => c.notNull().unique())
    .addColumn("external_id", "text", (c) => c.unique())
    .addColumn("group_id", "text")
    .addColumn("person_id", "text", (c) => c.references("people.id"))
    .addColumn("received_at", "timestamptz", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("referrer", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("concern", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("immediate_risk", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("consent", "text")
    .addColumn("priority", "text")
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("outcome", "text")
    .addColumn("decided_at", "timestamptz")
    .addColumn("level_of_need", "integer")
    .addColumn("primary_need", "text")
    .addColumn("hub_code", "text", (c) => c.references("hubs.code"))
    .addColumn("allocated_to", "text", (c) => c.references("users.id"))
    .addColumn("machine_version", "integer", (c) => c.notNull())
    .addColumn("snapshot", "jsonb", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      "contacts_source",
      sql`source in ('1A','1B','1C','1D','2A','2B','3A','3B','3C','3D','3E','3F','4','5A','5B','5C','5D','6','7','8','9','10')`,
    )
    .addCheckConstraint("contacts_channel", sql`channel in ('phone', 'email', 'police_notification', 'online_form', 'in_person', 'import')`)
    .addCheckConstraint(
      "contacts_outcome",
      sql`outcome in ('referral', 'strategy_discussion', 'early_help', 'nfa', 'advice_signpost', 'existing_case', 'duplicate')`,
    )
    .addCheckConstraint("contacts_decided", sql`(outcome is null) = (decided_at is null)`)
    .addCheckConstraint("contacts_priority", sql`priority in ('red', 'amber', 'green')`)
    .addCheckConstraint("contacts_consent", sql`consent in ('given', 'refused', 'not_sought')`)
    .addCheckConstraint("contacts_level_of_need", sql`level_of_need between 1 and 4`)
    .addCheckConstraint("contacts_primary_need", sql`primary_need ~ '^N[0-9]$'`)
    .execute();
  // The child's chronology and the repeat-contact look-back.
  await db.schema.createIndex("contacts_person_received").on("contacts").columns(["person_id", "received_at"]).execute();
  // Measures by period.
  await db.schema.createIndex("contacts_received").on("contacts").column("received_at").execute();
  await db.schema.createIndex("contacts_decided").on("contacts").column("decided_at").where(sql.ref("decided_at"), "is not", null).execute();
  // The queue: open contacts only, so it stays small however long the history.
  await db.schema.createIndex("contacts_open").on("contacts").columns(["state", "received_at"]).where(sql.ref("outcome"), "is", null).execute();
  await db.schema.createIndex("contacts_group").on("contacts").column("group_id").execute();

  // Append-only history of a contact: the machine's events, the source of truth.
  await db.schema
    .createTable("contact_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id"))
    .addColumn("sequence", "integer", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("actor_user_id", "text", (c) => c.references("users.id"))
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("state_before", "text")
    .addColumn("state_after", "text", (c) => c.notNull())
    .addColumn("idempotency_key", "text", (c) => c.unique())
    .addColumn("recorded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("contact_events_sequence", ["contact_id", "sequence"])
    .execute();

  // A request to one partner agency for what it knows, answered with its own RAG rating.
  await db.schema
    .createTable("information_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id"))
    .addColumn("agency_code", "text", (c) => c.notNull().references("agencies.code"))
    .addColumn("requested_at", "timestamptz", (c) => c.notNull())
    .addColumn("requested_by", "text", (c) => c.references("users.id"))
    .addColumn("due_at", "timestamptz", (c) => c.notNull())
    .addColumn("lawful_basis", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("requested"))
    .addColumn("rag", "text")
    .addColumn("information", "text")
    .addColumn("responded_at", "timestamptz")
    .addColumn("responded_by", "text", (c) => c.references("users.id"))
    .addCheckConstraint("information_requests_status", sql`status in ('requested', 'returned', 'nothing_known', 'declined')`)
    .addCheckConstraint("information_requests_rag", sql`rag in ('red', 'amber', 'green')`)
    .addCheckConstraint("information_requests_responded", sql`(status = 'requested') = (responded_at is null)`)
    .execute();
  await db.schema.createIndex("information_requests_agency").on("information_requests").columns(["agency_code", "status", "due_at"]).execute();
  await db.schema.createIndex("information_requests_contact").on("information_requests").column("contact_id").execute();

  // A step-down offered to a locality early help hub.
  await db.schema
    .createTable("step_downs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id"))
    .addColumn("hub_code", "text", (c) => c.notNull().references("hubs.code"))
    .addColumn("offered_at", "timestamptz", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("offered"))
    .addColumn("responded_at", "timestamptz")
    .addColumn("responded_by", "text", (c) => c.references("users.id"))
    .addColumn("lead_practitioner", "text")
    .addColumn("decline_reason", "text")
    .addCheckConstraint("step_downs_status", sql`status in ('offered', 'accepted', 'declined')`)
    .addCheckConstraint("step_downs_responded", sql`(status = 'offered') = (responded_at is null)`)
    .execute();
  await db.schema.createIndex("step_downs_hub").on("step_downs").columns(["hub_code", "status", "offered_at"]).execute();
  await db.schema.createIndex("step_downs_contact").on("step_downs").column("contact_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["step_downs", "information_requests", "contact_events", "contacts", "people"]) {
    await db.schema.dropTable(table).execute();
  }
}
