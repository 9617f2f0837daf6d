import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { SummaryFigures } from "../measures/figures";
import { labelOf, REFERRAL_SOURCES } from "../vocabulary";
import { stateLabel } from "../contacts/labels";
import { formatDateTime, personName } from "../ui/format";
import { readOversight } from "../queue/oversight.server";

export const meta: MetaFunction = () => [{ title: "Management oversight – Children's front door" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(request, context, "oversight.view");
  return readOversight(context.db, user, { now: new Date(), ipAddress: context.clientIp });
}

export default function Oversight() {
  const { lastSevenDays, byState, awaiting, awaitingTotal } = useLoaderData<typeof loader>();
  const open = Object.values(byState).reduce((a, b) => a + b, 0);
  return (
    <>
      <h1 className="govuk-heading-l">Management oversight</h1>
      <h2 className="govuk-heading-m">The last 7 days</h2>
      <SummaryFigures
        figures={[
          { label: "Contacts received", value: lastSevenDays.received },
          { label: "Contacts decided", value: lastSevenDays.decided },
          { label: "Referrals to children's social care", value: lastSevenDays.referrals },
          { label: "Open contacts now", value: open },
        ]}
      />
      <h2 className="govuk-heading-m">Waiting for your authorisation ({awaitingTotal})</h2>
      {awaiting.length === 0 ? (
        <p className="govuk-body">No decisions are waiting for authorisation.</p>
      ) : (
        <table className="govuk-table">
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Reference</th>
              <th scope="col" className="govuk-table__header">Child</th>
              <th scope="col" className="govuk-table__header">Received</th>
              <th scope="col" className="govuk-table__header">Source</th>
              <th scope="col" className="govuk-table__header">State</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {awaiting.map((c) => (
              <tr key={c.id} className="govuk-table__row">
                <td className="govuk-table__cell app-nowrap">
                  <Link className="govuk-link" to={`/contacts/${c.id}`}>
                    {c.reference}
                  </Link>
                </td>
                <td className="govuk-table__cell">{personName(c)}</td>
                <td className="govuk-table__cell">{formatDateTime(c.received_at)}</td>
                <td className="govuk-table__cell">{labelOf(REFERRAL_SOURCES, c.source)}</td>
                <td className="govuk-table__cell">{stateLabel(c.state)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
