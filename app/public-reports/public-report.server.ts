/**
 * A concern reported through the public online form: a contact in `received`, with the source the
 * reporter chose, and its reference — in one transaction with the rate-limit record and the audit.
 *
 * Per address (kept only as an HMAC), the count of the last hour's reports and the insert of the
 * next one happen under one lock, so simultaneous reports cannot pass the limit together. The
 * form's idempotency key makes the same report sent twice one contact: the repeat gets the first
 * one's reference (and does not count against the limit).
 */
import { createHmac, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { findOrCreateAppSecret } from "../../db/queries/auth/app-secrets";
import { recordAudit } from "../../db/queries/audit";
import {
  countAcceptedPublicReportsSince,
  findContactSubmission,
  insertContactSubmission,
  insertPublicReportAttempt,
  listContactsByIds,
  lockPublicReportAddress,
  nextContactReference,
} from "../../db/queries/contacts/contacts";
import type { Executor } from "../../db/executor";
import type { Database } from "../../db/schema";
import { decisionDeadline, londonDate } from "../clocks/clocks";
import { loadClockSettings } from "../clocks/clock-settings.server";
import { type PublicReport, REPORTER_KINDS, REPORTS_PER_HOUR } from "./public-report.schema";
import { createContact, submissionFingerprint } from "../contacts/create.server";

export type PublicReportResult =
  | { ok: true; reference: string; replayed: boolean }
  | { ok: false; reason: "too_many" }
  /** The form's key was used before for a different report: nothing was sent. */
  | { ok: false; reason: "key_reused" };

/** The name the generated HMAC key is kept under in `app_secrets`. */
export const ADDRESS_HASH_SECRET = "address_hash_key";

/**
 * Addresses are kept only as an HMAC-SHA256 under a secret key, and only to limit how often one
 * can report: without the key, a hash cannot be matched to an address by trying all of them.
 */
export function addressHash(address: string | null, key: string): string {
  return createHmac("sha256", key).update(address ?? "unknown").digest("hex");
}

const generatedKeys = new WeakMap<object, Promise<string>>();

/**
 * The key of the address HMAC: the configured one (ADDRESS_HASH_KEY), or else one generated once
 * (256 random bits) and kept in the database, so a restart keeps the rate limit and nothing needs
 * setting up. Read from the database once per process.
 */
export function addressHashKey(db: Kysely<Database>, configured: string | null): Promise<string> {
  if (configured) return Promise.resolve(configured);
  let key = generatedKeys.get(db);
  if (!key) {
    key = findOrCreateAppSecret(db, ADDRESS_HASH_SECRET, randomBytes(32).toString("hex"));
    generatedKeys.set(db, key);
    key.catch(() => generatedKeys.delete(db));
  }
  return key;
}

export async function reportConcern(
  db: Kysely<Database>,
  input: { report: PublicReport; address: string | null; now: Date; addressHashKey: string | null },
): Promise<PublicReportResult> {
  const hash = addressHash(input.address, await addressHashKey(db, input.addressHashKey));
  const { report, now } = input;
  const { idempotencyKey, website: _honeypot, ...content } = report;
  const fingerprint = submissionFingerprint(content);
  const { holidays } = await loadClockSettings(db);
  return db.transaction().execute(async (trx) => {
    await lockPublicReportAddress(trx, hash);
    const earlier = await answerRepeat(trx, idempotencyKey, fingerprint);
    if (earlier) return earlier;

    const since = new Date(now.getTime() - 3600_000);
    if ((await countAcceptedPublicReportsSince(trx, hash, since)) >= REPORTS_PER_HOUR) {
      await insertPublicReportAttempt(trx, { addressHash: hash, at: now, accepted: false });
      return { ok: false, reason: "too_many" } as const;
    }
    const id = crypto.randomUUID();
    if (!(await insertContactSubmission(trx, { idempotencyKey, form: "public_report", fingerprint, submittedBy: null, contactIds: [id] }))) {
      // The same key, sent at the same moment from another address, was recorded meanwhile.
      return (await answerRepeat(trx, idempotencyKey, fingerprint))!;
    }
    const kind = REPORTER_KINDS[report.reporterKind];
    const reference = await nextContactReference(trx, londonDate(now).slice(0, 4));
    const professional = ["school", "education", "gp", "health_visitor", "school_nurse", "hospital", "health_other", "housing", "police", "voluntary"].includes(report.reporterKind);
    await createContact(
      trx,
      {
        id,
        reference,
        received_at: now.toISOString(),
        decision_due_at: decisionDeadline(now, holidays).toISOString(),
        source: kind.source,
        channel: "online_form",
        referrer: JSON.stringify({
          name: report.reporterName ?? (report.reporterKind === "anonymous" ? "Anonymous" : undefined),
          role: kind.text,
          organisation: report.reporterOrganisation ?? undefined,
          phone: report.reporterPhone ?? undefined,
          email: report.reporterEmail ?? undefined,
          professional,
        }),
        concern: [report.concern, report.childAge ? `Child's age (as reported): ${report.childAge}` : null].filter(Boolean).join("\n\n"),
        recorded_at: now.toISOString(),
        described_child: report.childLastName || report.childFirstName
          ? JSON.stringify({ firstName: report.childFirstName, lastName: report.childLastName ?? "Not known", dateOfBirth: null, expectedDateOfBirth: null, sex: "U", nhsNumber: null })
          : null,
        address: report.childAddress ? JSON.stringify({ line1: report.childAddress, line2: null, town: null, postcode: null }) : null,
      },
      { actor: null, recordedAt: now.toISOString() },
    );
    await insertPublicReportAttempt(trx, { addressHash: hash, at: now, accepted: true });
    await recordAudit(trx, { actorUserId: null, action: "contact.reported_online", subjectType: "contact", subjectId: id, details: { reference } });
    return { ok: true, reference, replayed: false } as const;
  });
}

/** The answer to a report sent before under this key: its reference if it is the same report. */
async function answerRepeat(trx: Executor, idempotencyKey: string, fingerprint: string): Promise<PublicReportResult | null> {
  const earlier = await findContactSubmission(trx, idempotencyKey);
  if (!earlier) return null;
  if (earlier.form !== "public_report" || earlier.fingerprint !== fingerprint) return { ok: false, reason: "key_reused" };
  const [contact] = await listContactsByIds(trx, earlier.contact_ids);
  return { ok: true, reference: contact!.reference, replayed: true };
}
