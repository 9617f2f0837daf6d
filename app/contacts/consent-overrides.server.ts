/**
 * The consent overrides waiting for a manager, as the oversight list shows them (issue 12, item 2):
 * the contact, its child and priority, the reason the screener gave and who asked, and how long ago.
 */
import type { Executor } from "../../db/executor";
import { listConsentOverridesWaiting, userDisplayNames } from "../../db/queries/contacts/consent-overrides";
import type { ConsentOverrideRequest } from "../../machines/contact.types";
import { CONSENT_OVERRIDE_REASONS, labelOf } from "../vocabulary";
import { personName } from "../ui/format";

export interface ConsentOverrideWaiting {
  contactId: string;
  reference: string;
  child: string;
  priority: string | null;
  immediateRisk: boolean;
  askedAt: string;
  askedBy: string;
  reason: string;
  explanation: string | null;
}

export async function consentOverridesWaiting(db: Executor): Promise<ConsentOverrideWaiting[]> {
  const rows = await listConsentOverridesWaiting(db);
  const pending = rows.map((r) => {
    const requests = (typeof r.override_requests === "string" ? JSON.parse(r.override_requests) : r.override_requests) as ConsentOverrideRequest[] | null;
    return { row: r, request: requests?.at(-1) ?? null };
  });
  const names = await userDisplayNames(db, pending.map((p) => p.request?.requestedBy ?? ""));
  return pending.map(({ row, request }) => ({
    contactId: row.id,
    reference: row.reference,
    child: personName(row),
    priority: row.priority,
    immediateRisk: row.immediate_risk,
    askedAt: new Date(row.asked_at!).toISOString(),
    askedBy: (request && names.get(request.requestedBy)) ?? "a MASH worker",
    reason: request ? labelOf(CONSENT_OVERRIDE_REASONS, request.reason) : "",
    explanation: request?.explanation ?? null,
  }));
}
