/**
 * A hub's decline, prominent on the contact (issue 11, item 1): while the contact is back with the MASH,
 * a GOV.UK notification banner at the top of the page says which hub declined, when, and why in the
 * hub's own words. The contact page (or its workspace view model) places it.
 */
import { formatDateTime } from "../ui/format";

export interface BounceBack {
  hubName: string;
  declinedAt: string;
  reason: string;
}

/**
 * The declines of a contact, newest first, with each hub's name (`hubNames` by code; a hub not named
 * there is "the early help hub", never its code). Pure.
 */
export function bounceBacksOf(declines: readonly { hub: string; declinedAt: string; reason: string }[], hubNames: Readonly<Record<string, string>>): BounceBack[] {
  return [...declines]
    .sort((a, b) => b.declinedAt.localeCompare(a.declinedAt))
    .map((d) => ({ hubName: hubNames[d.hub] ? `the ${hubNames[d.hub]} hub` : "the early help hub", declinedAt: d.declinedAt, reason: d.reason }));
}

export function BounceBackNotice({ bounceBacks, open }: { bounceBacks: readonly BounceBack[]; open: boolean }) {
  const latest = bounceBacks[0];
  if (!latest || !open) return null;
  return (
    <div className="govuk-notification-banner" role="region" aria-labelledby="bounce-back-title" data-module="govuk-notification-banner" data-testid="bounce-back">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="bounce-back-title">
          Bounce-back
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">
          Declined by {latest.hubName} on {formatDateTime(latest.declinedAt)}: the contact is back with the MASH for a new decision.
        </p>
        <p className="govuk-body app-pre-wrap" data-testid="bounce-back-reason">
          {latest.reason}
        </p>
        {bounceBacks.length > 1 ? <p className="govuk-body-s">This contact has bounced back {bounceBacks.length} times.</p> : null}
      </div>
    </div>
  );
}

/** The declines among a contact's step-down rows (as the chronology lists them, with the hub's name), newest first. Pure. */
export function bounceBacksFromStepDowns(
  rows: readonly { status: string; hub_name: string; responded_at: Date | string | null; decline_reason: string | null }[],
): BounceBack[] {
  return rows
    .filter((s) => s.status === "declined" && s.responded_at)
    .map((s) => ({ hubName: `the ${s.hub_name} hub`, declinedAt: new Date(s.responded_at!).toISOString(), reason: s.decline_reason ?? "" }))
    .sort((a, b) => b.declinedAt.localeCompare(a.declinedAt));
}
