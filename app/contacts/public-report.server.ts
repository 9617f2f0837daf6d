/**
 * A concern reported through the public online form: a contact in `received`, with the source the
 * reporter chose, and its reference — in one transaction with the rate-limit record and the audit.
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { sql } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import { nextContactReference } from "../../db/queries/contacts";
import type { Database } from "../../db/schema";
import { decisionDeadline, londonDate } from "../domain/clocks";
import { loadClockSettings } from "../settings/clocks.server";
import { type PublicReport, REPORTER_KINDS, REPORTS_PER_HOUR } from "../validation/public-report";
import { createContact } from "./create.server";

export type PublicReportResult = { ok: true; reference: string } | { ok: false; reason: "too_many" };

/** Addresses are kept only as a hash, and only to limit how often one can report. */
export function addressHash(address: string | null): string {
  return createHash("sha256").update(`front-door-report:${address ?? "unknown"}`).digest("hex");
}

export async function reportConcern(
  db: Kysely<Database>,
  input: { report: PublicReport; address: string | null; now: Date },
): Promise<PublicReportResult> {
  const hash = addressHash(input.address);
  const { report, now } = input;
  const { holidays } = await loadClockSettings(db);
  return db.transaction().execute(async (trx) => {
    const since = new Date(now.getTime() - 3600_000);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from public_report_attempts where address_hash = ${hash} and at >= ${since} and accepted`.execute(trx);
    if (rows[0]!.n >= REPORTS_PER_HOUR) {
      await trx.insertInto("public_report_attempts").values({ address_hash: hash, at: now, accepted: false }).execute();
      return { ok: false, reason: "too_many" } as const;
    }
    const kind = REPORTER_KINDS[report.reporterKind];
    const id = crypto.randomUUID();
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
    await trx.insertInto("public_report_attempts").values({ address_hash: hash, at: now, accepted: true }).execute();
    await recordAudit(trx, { actorUserId: null, action: "contact.reported_online", subjectType: "contact", subjectId: id, details: { reference } });
    return { ok: true, reference } as const;
  });
}
