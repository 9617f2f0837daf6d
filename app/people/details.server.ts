/**
 * The linked child's census details — sex, ethnicity and disabilities (spec/cin-census.md) — recorded
 * from the contact: the person record changes and an audit record says what changed, in one transaction.
 */
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import { findContactForLinking, lockPersonCensusDetails, updatePersonCensusDetails } from "../../db/queries/people";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../auth/session-user";
import { type DisabilityCode, inCensusOrder, type SexCode } from "../vocabulary";

export type ChildDetailsResult = { kind: "saved"; changed: string[] } | { kind: "refused"; reason: string } | { kind: "not_found" };

export async function recordChildDetails(
  db: Kysely<Database>,
  input: {
    user: SessionUser;
    contactId: string;
    personId: string;
    details: { sex: SexCode; ethnicity?: string; disabilities: DisabilityCode[] };
    ipAddress: string | null;
  },
): Promise<ChildDetailsResult> {
  return db.transaction().execute(async (trx) => {
    const contact = await findContactForLinking(trx, input.contactId);
    if (!contact) return { kind: "not_found" } as const;
    if (contact.person_id !== input.personId) {
      return { kind: "refused", reason: "This contact is now about another child's record. Check who it is about, then record their details again." } as const;
    }
    const person = await lockPersonCensusDetails(trx, input.personId);
    if (!person) return { kind: "not_found" } as const;
    if (person.merged_into_id) {
      return { kind: "refused", reason: "This record has been merged into another record: record the details on that one." } as const;
    }
    const next = { sex: input.details.sex, ethnicity: input.details.ethnicity ?? null, disabilities: inCensusOrder(input.details.disabilities) };
    const changed = (["sex", "ethnicity", "disabilities"] as const).filter(
      (field) => JSON.stringify(person[field] ?? null) !== JSON.stringify(next[field]),
    );
    if (changed.length > 0) {
      await updatePersonCensusDetails(trx, person.id, next);
      // Codes only: what changed, from what to what, is in the audit (no names).
      await recordAudit(trx, {
        actorUserId: input.user.id,
        action: "person.details_changed",
        subjectType: "person",
        subjectId: person.id,
        ipAddress: input.ipAddress,
        details: {
          contactId: contact.id,
          changed: Object.fromEntries(changed.map((field) => [field, { from: person[field] ?? null, to: next[field] }])),
        },
      });
    }
    return { kind: "saved", changed } as const;
  });
}
