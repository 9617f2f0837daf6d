/**
 * Consent overrides waiting for a manager (issue 12, item 2): the contacts whose screener asked to
 * share without consent and no manager has decided yet, oldest request first. Served by the partial
 * index of migration 0020; the request itself (reason, who asked) is read from the snapshot.
 */
import { sql } from "kysely";
import type { Executor } from "../../executor";

export async function listConsentOverridesWaiting(db: Executor, limit = 50) {
  return db
    .selectFrom("contacts")
    .leftJoin("people", "people.id", "contacts.person_id")
    .where("contacts.consent_override_asked_at", "is not", null)
    .where("contacts.outcome", "is", null)
    .select([
      "contacts.id",
      "contacts.reference",
      "contacts.priority",
      "contacts.state",
      "contacts.immediate_risk",
      "contacts.described_child",
      "contacts.consent_override_asked_at as asked_at",
      "people.first_name",
      "people.last_name",
      sql<unknown>`contacts.snapshot -> 'context' -> 'consent' -> 'overrideRequests'`.as("override_requests"),
    ])
    .orderBy("contacts.consent_override_asked_at", "asc")
    .orderBy("contacts.id", "asc")
    .limit(limit)
    .execute();
}

/** Display names of users by id (for "asked by" and "decided by"). */
export async function userDisplayNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter(Boolean);
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom("users").select(["id", "display_name"]).where("id", "in", unique).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
