import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAgency } from "../auth/guards.server";
import { PriorityTag, SummaryFigures } from "../components/figures";
import { Pagination, pageFrom } from "../components/pagination";
import { REQUEST_STATUSES } from "../vocabulary";
import { formatDate, formatDateTime, personName } from "../format";
import { listAgencyInformationRequests } from "../partners/information-requests.server";

export const meta: MetaFunction = () => [{ title: "Information requests – Children's front door" }];

const PAGE_SIZE = 50;

/** A partner sees the requests sent to their own agency and nothing else. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireAgency(request, context);
  const page = pageFrom(request);
  // Partners work outside the MASH: the list of children shown to them is audited too.
  const result = await listAgencyInformationRequests(context.db, { user, page, pageSize: PAGE_SIZE, ipAddress: context.clientIp });
  return { page, pageSize: PAGE_SIZE, ...result };
}

export default function InformationRequests() {
  const { rows, total, open, page, pageSize } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Information requests</h1>
      <p className="govuk-body">Requests from the MASH to your agency. Return what you know with your own RAG rating, or say nothing is known.</p>
      <SummaryFigures
        figures={[
          { label: "Waiting for your information", value: open },
          { label: "All requests", value: total },
        ]}
      />
      {rows.length === 0 ? (
        <p className="govuk-body">There are no requests for your agency.</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Requests</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Contact</th>
              <th scope="col" className="govuk-table__header">Child</th>
              <th scope="col" className="govuk-table__header">Date of birth</th>
              <th scope="col" className="govuk-table__header">MASH priority</th>
              <th scope="col" className="govuk-table__header">Due</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header">Your RAG</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((r) => (
              <tr key={r.id} className="govuk-table__row">
                <td className="govuk-table__cell app-nowrap">
                  <Link className="govuk-link" to={`/information-requests/${encodeURIComponent(r.id)}`}>
                    {r.reference}
                  </Link>
                </td>
                <td className="govuk-table__cell">{personName(r)}</td>
                <td className="govuk-table__cell">{formatDate(r.date_of_birth)}</td>
                <td className="govuk-table__cell">
                  <PriorityTag priority={r.priority} />
                </td>
                <td className="govuk-table__cell">{formatDateTime(r.due_at)}</td>
                <td className="govuk-table__cell">{REQUEST_STATUSES.find((t) => t.code === r.status)?.partnerLabel ?? r.status}</td>
                <td className="govuk-table__cell">{r.rag ? <PriorityTag priority={r.rag} /> : "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </>
  );
}
