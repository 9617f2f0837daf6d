/** The consent overrides waiting for a manager, on the oversight page (issue 12, item 2). */
import { Link } from "@remix-run/react";
import { PriorityTag } from "../measures/figures";
import { formatDateTime } from "../ui/format";
import type { ConsentOverrideWaiting } from "./consent-overrides.server";

export function ConsentOverridesWaiting({ overrides }: { overrides: readonly ConsentOverrideWaiting[] }) {
  return (
    <>
      <h2 className="govuk-heading-m" id="consent-overrides">
        Consent overrides to decide ({overrides.length})
      </h2>
      {overrides.length === 0 ? (
        <p className="govuk-body">No screener is waiting for a consent override.</p>
      ) : (
        <div className="app-table-scroll" role="region" aria-label="Consent overrides to decide (scrolls sideways)" tabIndex={0}>
          <table className="govuk-table" data-testid="consent-overrides-waiting">
            <caption className="govuk-table__caption govuk-table__caption--s">
              Partners cannot be asked without consent until a manager other than the one who asked authorises the override.
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Contact</th>
                <th scope="col" className="govuk-table__header">Child</th>
                <th scope="col" className="govuk-table__header">Priority</th>
                <th scope="col" className="govuk-table__header">Reason given</th>
                <th scope="col" className="govuk-table__header">Asked</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {overrides.map((o) => (
                <tr key={o.contactId} className="govuk-table__row" data-testid="consent-override-row">
                  <td className="govuk-table__cell app-nowrap">
                    <Link className="govuk-link" to={`/contacts/${o.contactId}#next-action`}>
                      {o.reference}
                      <span className="govuk-visually-hidden">: decide the consent override</span>
                    </Link>
                    {o.immediateRisk ? (
                      <>
                        {" "}
                        <strong className="govuk-tag govuk-tag--red">Immediate risk</strong>
                      </>
                    ) : null}
                  </td>
                  <td className="govuk-table__cell">{o.child}</td>
                  <td className="govuk-table__cell">{o.priority ? <PriorityTag priority={o.priority} /> : "Not set"}</td>
                  <td className="govuk-table__cell">
                    {o.reason}
                    {o.explanation ? `: ${o.explanation}` : ""}
                  </td>
                  <td className="govuk-table__cell">
                    {formatDateTime(o.askedAt)} by {o.askedBy}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
