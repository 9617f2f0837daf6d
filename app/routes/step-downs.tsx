import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireHub } from "../auth/guards.server";
import { SummaryFigures } from "../components/figures";
import { Pagination, pageFrom } from "../components/pagination";
import { labelOf, STEP_DOWN_STATUSES } from "../vocabulary";
import { formatDate, formatDateTime, personName } from "../format";
import { listHubStepDowns } from "../early-help/step-downs.server";

export const meta: MetaFunction = () => [{ title: "Step-downs – Children's front door" }];

const PAGE_SIZE = 50;

/** A hub worker sees the step-downs offered to their own hub and nothing else. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireHub(request, context);
  const page = pageFrom(request);
  // Hubs work outside the MASH: the list of children shown to them is audited too.
  const result = await listHubStepDowns(context.db, { user, page, pageSize: PAGE_SIZE, ipAddress: context.clientIp });
  return { page, pageSize: PAGE_SIZE, ...result };
}

export default function StepDowns() {
  const { rows, total, waiting, page, pageSize } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Step-downs to your hub</h1>
      <p className="govuk-body">Children the MASH has stepped down to early help in your locality. Accept and name a lead practitioner, or decline with a reason.</p>
      <SummaryFigures
        figures={[
          { label: "Waiting for the hub", value: waiting },
          { label: "All step-downs", value: total },
        ]}
      />
      {rows.length === 0 ? (
        <p className="govuk-body">There are no step-downs for your hub.</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Step-downs</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Contact</th>
              <th scope="col" className="govuk-table__header">Child</th>
              <th scope="col" className="govuk-table__header">Date of birth</th>
              <th scope="col" className="govuk-table__header">Postcode</th>
              <th scope="col" className="govuk-table__header">Offered</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header">Lead practitioner</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((r) => (
              <tr key={r.id} className="govuk-table__row">
                <td className="govuk-table__cell app-nowrap">
                  <Link className="govuk-link" to={`/step-downs/${encodeURIComponent(r.id)}`}>
                    {r.reference}
                  </Link>
                </td>
                <td className="govuk-table__cell">{personName(r)}</td>
                <td className="govuk-table__cell">{formatDate(r.date_of_birth)}</td>
                <td className="govuk-table__cell app-nowrap">{r.postcode ?? ""}</td>
                <td className="govuk-table__cell">{formatDateTime(r.offered_at)}</td>
                <td className="govuk-table__cell">{labelOf(STEP_DOWN_STATUSES, r.status)}</td>
                <td className="govuk-table__cell">{r.lead_practitioner ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </>
  );
}
