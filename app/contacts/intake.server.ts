/**
 * Recording a contact from the intake form: one contact per child, linked as a group, each with
 * its first event, in one transaction with its audit record.
 */
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import { nextContactReference } from "../../db/queries/contacts";
import type { Database, DescribedChild } from "../../db/schema";
import type { SessionUser } from "../auth/lucia.server";
import { decisionDeadline, londonDate } from "../domain/clocks";
import { loadClockSettings } from "../settings/clocks.server";
import type { IntakeForm } from "../validation/intake";
import { actorOf } from "./actions.server";
import { createContact } from "./create.server";

export interface RecordedContacts {
  groupId: string | null;
  contacts: { id: string; reference: string; child: DescribedChild }[];
}

export async function recordContact(
  db: Kysely<Database>,
  input: { user: SessionUser; form: IntakeForm; receivedAt: Date; now: Date; ipAddress: string | null },
): Promise<RecordedContacts> {
  const { form, user } = input;
  const groupId = form.children.length > 1 ? crypto.randomUUID() : null;
  const referrer = {
    name: form.referrerName,
    role: form.referrerRole ?? undefined,
    organisation: form.referrerOrganisation ?? undefined,
    phone: form.referrerPhone ?? undefined,
    email: form.referrerEmail ?? undefined,
    professional: form.referrerType === "professional",
  };
  const address =
    form.addressLine1 || form.addressPostcode
      ? { line1: form.addressLine1 ?? "", line2: form.addressLine2, town: form.addressTown, postcode: form.addressPostcode }
      : null;

  const { holidays } = await loadClockSettings(db);
  const decisionDueAt = decisionDeadline(input.receivedAt, holidays).toISOString();
  return db.transaction().execute(async (trx) => {
    const recorded: RecordedContacts = { groupId, contacts: [] };
    for (const child of form.children) {
      const id = crypto.randomUUID();
      const reference = await nextContactReference(trx, londonDate(input.receivedAt).slice(0, 4));
      const describedChild: DescribedChild = { ...child };
      await createContact(
        trx,
        {
          id,
          reference,
          group_id: groupId,
          person_id: null,
          received_at: input.receivedAt.toISOString(),
          decision_due_at: decisionDueAt,
          source: form.source,
          channel: form.channel,
          referrer: JSON.stringify(referrer),
          concern: form.concern,
          immediate_risk: form.immediateRisk === "yes",
          recorded_at: input.now.toISOString(),
          late_recording_reason: form.lateRecordingReason,
          described_child: JSON.stringify(describedChild),
          household: JSON.stringify(form.household),
          address: address ? JSON.stringify({ ...address, postcode: address.postcode ?? null }) : null,
          factors: JSON.stringify(form.factors),
          referral_consent: form.consent,
          referral_consent_notes: form.consentNotes,
        },
        { actor: actorOf(user), recordedAt: input.now.toISOString() },
      );
      await recordAudit(trx, { actorUserId: user.id, action: "contact.recorded", subjectType: "contact", subjectId: id, ipAddress: input.ipAddress, details: { reference, groupId } });
      recorded.contacts.push({ id, reference, child: describedChild });
    }
    return recorded;
  });
}
