import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { mayOpenContacts, requireMeasuresReader } from "../auth/guards.server";
import { ErrorSummary } from "../ui/form";
import { periodInWords } from "../measures/measures";
import { Pagination } from "../ui/pagination";
import { formatDate, formatDateTime, formatNumber } from "../ui/format";
import { recordsHref } from "../measures/dashboard-terms";
import { readMeasureRecords } from "../measures/dashboard.server";
import { readRecordsQuery } from "../measures/measures.schema";
import { labelOf, OUTCOMES, REFERRAL_SOURCES } from "../vocabulary";

export const meta: MetaFunction = () => [{ title: "Records behind a figure – Front-door measures – Children's front door" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireMeasuresReader(request, context);
  const query = readRecordsQuery(new URL(request.url).searchParams);
  if (!query.ok) return data({ kind: "invalid" as const, errors: query.errors }, { status: 400 });
  const { figure, from, to, page } = query.data;
  const result = await readMeasureRecords(context.db, user, { figure, period: { from, to }, page: page ?? 1, ipAddress: context.clientIp });
  if (result.kind === "unknown_figure") return data({ kind: "invalid" as const, errors: { figure: "That is not a figure of the measures" } }, { status: 400 });
  return { ...result, links: mayOpenContacts(user) };
}

const yesNo = (v: boolean | null) => (v === null ? "–" : v ? "Yes" : "No");

export default function MeasureRecords() {
  const loaded = useLoaderData<typeof loader>();
  if (loaded.kind === "invalid") {
    return (
      <>
        <ErrorSummary errors={loaded.errors} />
        <h1 className="govuk-heading-l">These records cannot be listed</h1>
        <p className="govuk-body">
          <Link className="govuk-link" to="/measures">
            Back to the measures
          </Link>
        </p>
      </>
    );
  }
  const { label, period, total, rows, page, pageSize, figure, links } = loaded;
  return (
    <>
      <Link className="govuk-back-link" to={`/measures?${new URLSearchParams({ from: period.from, to: period.to })}`}>
        Back to the measures
      </Link>
      <span className="govuk-caption-l">{periodInWords(period)}</span>
      <h1 className="govuk-heading-l">{label}</h1>
      <p className="govuk-body-l" data-testid="records-total">
        <strong>{formatNumber(total)}</strong> {total === 1 ? "contact" : "contacts"}
      </p>
      <p className="govuk-body">
        Download all {formatNumber(total)}:{" "}
        <a className="govuk-link" href={recordsHref(figure, period, "csv")} download data-testid="download-csv">
          CSV<span className="govuk-visually-hidden"> of {label}</span>
        </a>{" "}
        or{" "}
        <a className="govuk-link" href={recordsHref(figure, period, "xlsx")} download data-testid="download-xlsx">
          Excel (XLSX)<span className="govuk-visually-hidden"> of {label}</span>
        </a>
        . Your viewing and downloading of these records is recorded.
      </p>
      {!links ? <p className="govuk-inset-text">A performance lead sees the list only; a MASH screener or manager can open each contact.</p> : null}
      {rows.length === 0 ? (
        <p className="govuk-body">There are no contacts to list.</p>
      ) : (
        <table className="govuk-table app-table--dense app-table--stack" data-testid="records">
          <caption className="govuk-table__caption govuk-visually-hidden">
            {label}, {periodInWords(period)}: contacts {(page - 1) * pageSize + 1} to {(page - 1) * pageSize + rows.length} of {total}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Reference</th>
              <th scope="col" className="govuk-table__header">Received</th>
              <th scope="col" className="govuk-table__header">Source</th>
              <th scope="col" className="govuk-table__header">Outcome</th>
              <th scope="col" className="govuk-table__header">Decided</th>
              <th scope="col" className="govuk-table__header">Repeat contact</th>
              <th scope="col" className="govuk-table__header">Re-referral</th>
              <th scope="col" className="govuk-table__header">Decided within 1 working day</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((r) => (
              <tr key={r.id} className="govuk-table__row">
                <th scope="row" className="govuk-table__header app-nowrap" data-label="Reference">
                  {links ? (
                    <Link className="govuk-link" to={`/contacts/${r.id}`}>
                      {r.reference}
                    </Link>
                  ) : (
                    r.reference
                  )}
                </th>
                <td className="govuk-table__cell" data-label="Received">{formatDateTime(r.receivedAt)}</td>
                <td className="govuk-table__cell" data-label="Source">{labelOf(REFERRAL_SOURCES, r.source)}</td>
                <td className="govuk-table__cell" data-label="Outcome">
                  {r.outcome ? labelOf(OUTCOMES, r.outcome) : <strong className="govuk-tag govuk-tag--yellow">Waiting for a decision</strong>}
                  {r.referralDate ? <span className="govuk-body-s govuk-!-display-block govuk-!-margin-0">referral date {formatDate(r.referralDate)}</span> : null}
                </td>
                <td className="govuk-table__cell" data-label="Decided">{r.decidedAt ? formatDateTime(r.decidedAt) : "–"}</td>
                <td className="govuk-table__cell" data-label="Repeat contact">{yesNo(r.repeat)}</td>
                <td className="govuk-table__cell" data-label="Re-referral">{yesNo(r.reReferral)}</td>
                <td className="govuk-table__cell" data-label="Decided within 1 working day">{yesNo(r.withinOneWorkingDay)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </>
  );
}
