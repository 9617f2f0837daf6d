import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { countOpenContactsByState, listOpenContacts } from "../../db/queries/contacts";
import { requireRole } from "../auth/guards.server";
import { PriorityTag, SummaryFigures } from "../components/figures";
import { Pagination, pageFrom } from "../components/pagination";
import { sourceLabel } from "../domain/census";
import { stateLabel } from "../domain/labels";
import { formatDateTime, personName } from "../format";

export const meta: MetaFunction = () => [{ title: "MASH queue – Children's front door" }];

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(request, context, "screener", "manager");
  const page = pageFrom(request);
  const [contacts, byState] = await Promise.all([
    listOpenContacts(context.db, { page, pageSize: PAGE_SIZE }),
    countOpenContactsByState(context.db),
  ]);
  return { page, pageSize: PAGE_SIZE, total: contacts.total, contacts: contacts.rows, byState };
}

export default function Queue() {
  const { contacts, byState, page, pageSize, total } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">MASH queue</h1>
      <p className="govuk-body">Open contacts, oldest first.</p>
      <SummaryFigures
        figures={[{ label: "Open contacts", value: total }, ...Object.entries(byState).map(([state, n]) => ({ label: stateLabel(state), value: n }))]}
      />
      {contacts.length === 0 ? (
        <p className="govuk-body">There are no open contacts.</p>
      ) : (
        <table className="govuk-table" data-testid="queue">
          <caption className="govuk-table__caption govuk-table__caption--m">Open contacts</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Reference</th>
              <th scope="col" className="govuk-table__header">Child</th>
              <th scope="col" className="govuk-table__header">Received</th>
              <th scope="col" className="govuk-table__header">Source</th>
              <th scope="col" className="govuk-table__header">State</th>
              <th scope="col" className="govuk-table__header">Priority</th>
              <th scope="col" className="govuk-table__header">Allocated to</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {contacts.map((c) => (
              <tr key={c.id} className="govuk-table__row">
                <td className="govuk-table__cell app-nowrap">
                  <Link className="govuk-link" to={`/contacts/${c.id}`}>
                    {c.reference}
                  </Link>
                </td>
                <td className="govuk-table__cell">
                  {personName(c)}
                  {c.immediate_risk ? (
                    <>
                      {" "}
                      <strong className="govuk-tag govuk-tag--red">Immediate risk</strong>
                    </>
                  ) : null}
                </td>
                <td className="govuk-table__cell">{formatDateTime(c.received_at)}</td>
                <td className="govuk-table__cell">{sourceLabel(c.source)}</td>
                <td className="govuk-table__cell">{stateLabel(c.state)}</td>
                <td className="govuk-table__cell">
                  <PriorityTag priority={c.priority} />
                </td>
                <td className="govuk-table__cell">{c.allocated_to_name ?? "Not allocated"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </>
  );
}
