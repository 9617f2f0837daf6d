/**
 * Recording a contact from the intake form: one contact per child, linked as a group, each with
 * its first event, in one transaction with its audit record. The form's idempotency key is
 * recorded first (a primary key): the same form submitted again — a double click, a retry, two
 * hundred at once — records nothing more and is answered with the first submission's contacts.
 */
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import { findContactSubmission, insertContactSubmission, listContactsByIds, nextContactReference } from "../../db/queries/contacts/contacts";
import type { Executor } from "../../db/executor";
import type { Database, DescribedChild } from "../../db/schema";
import type { SessionUser } from "../auth/session-user";
import { decisionDeadline, londonDate } from "../clocks/clocks";
import { loadClockSettings } from "../clocks/clock-settings.server";
import type { IntakeForm } from "./intake.schema";
import { actorOf } from "./actions.server";
import { createContact, submissionFingerprint } from "./create.server";

export interface RecordedContacts {
  kind: "recorded";
  /** True when this form (its idempotency key) had been recorded already: nothing new was created. */
  replayed: boolean;
  groupId: string | null;
  contacts: { id: string; reference: string; child: DescribedChild }[];
}

/**
 * The form's idempotency key was used before for something else: other content, or another user.
 * Nothing was recorded. `reference` is the first contact recorded with the key, when the same user
 * recorded it (never another user's).
 */
export interface KeyUsedForOtherContent {
  kind: "key_reused";
  reference: string | null;
}

export type RecordContactResult = RecordedContacts | KeyUsedForOtherContent;

export async function recordContact(
  db: Kysely<Database>,
  input: { user: SessionUser; form: IntakeForm; receivedAt: Date; now: Date; ipAddress: string | null },
): Promise<RecordContactResult> {
  const { form, user } = input;
  const { idempotencyKey, ...content } = form;
  const fingerprint = submissionFingerprint({ content, receivedAt: input.receivedAt });
  const ids = form.children.map(() => crypto.randomUUID());
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
    const first = await insertContactSubmission(trx, { idempotencyKey, form: "intake", fingerprint, submittedBy: user.id, contactIds: ids });
    if (!first) return answerRepeat(trx, { idempotencyKey, fingerprint, userId: user.id });

    const recorded: RecordedContacts = { kind: "recorded", replayed: false, groupId, contacts: [] };
    for (const [i, child] of form.children.entries()) {
      const id = ids[i]!;
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

/** A form recorded before under this key: its contacts if it is the same form from the same user. */
async function answerRepeat(trx: Executor, input: { idempotencyKey: string; fingerprint: string; userId: string }): Promise<RecordContactResult> {
  const earlier = await findContactSubmission(trx, input.idempotencyKey);
  if (!earlier) throw new Error("A submission key was taken but its submission cannot be read");
  const sameUser = earlier.form === "intake" && earlier.submitted_by === input.userId;
  const contacts = sameUser ? await listContactsByIds(trx, earlier.contact_ids) : [];
  if (!sameUser || earlier.fingerprint !== input.fingerprint) return { kind: "key_reused", reference: contacts[0]?.reference ?? null };
  return {
    kind: "recorded",
    replayed: true,
    groupId: contacts[0]?.group_id ?? null,
    contacts: contacts.map((c) => ({ id: c.id, reference: c.reference, child: c.described_child! })),
  };
}
