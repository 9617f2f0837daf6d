import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMeasuresReader } from "../auth/guards.server";
import { ErrorSummary } from "../ui/form";
import { FigureLink, periodInWords } from "../measures/measures";
import { londonDate } from "../clocks/clocks";
import { formatNumber } from "../ui/format";
import { formatPct, presetPeriod } from "../measures/dashboard-terms";
import { readBreakdowns } from "../measures/dashboard.server";
import { readPeriodQuery } from "../measures/measures.schema";

export const meta: MetaFunction = () => [{ title: "Partners, hubs and oversight – Front-door measures – Children's front door" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireMeasuresReader(request, context);
  const today = londonDate(new Date());
  const query = readPeriodQuery(new URL(request.url).searchParams, today, presetPeriod("last-12-months", today));
  if (query.kind === "invalid") return data({ kind: "invalid" as const, errors: query.errors }, { status: 400 });
  return { kind: "ok" as const, breakdowns: await readBreakdowns(context.db, query.period) };
}

function hoursInWords(hours: number): string {
  if (hours < 48) return `${hours.toFixed(1)} hours`;
  return `${(hours / 24).toFixed(1)} days`;
}

export default function Breakdowns() {
  const loaded = useLoaderData<typeof loader>();
  if (loaded.kind === "invalid") {
    return (
      <>
        <ErrorSummary errors={loaded.errors} />
        <h1 className="govuk-heading-l">These figures cannot be shown for that period</h1>
        <Link className="govuk-link" to="/measures">
          Back to the measures
        </Link>
      </>
    );
  }
  const b = loaded.breakdowns;
  const period = b.period;
  return (
    <>
      <Link className="govuk-back-link" to={`/measures?${new URLSearchParams({ from: period.from, to: period.to })}`}>
        Back to the measures
      </Link>
      <span className="govuk-caption-l">{periodInWords(period)}</span>
      <h1 className="govuk-heading-l">Partners, hubs and oversight</h1>

      <h2 className="govuk-heading-m">Decisions</h2>
      <dl className="govuk-summary-list" data-testid="decisions-summary">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Repeat contacts ending in no further action or advice</dt>
          <dd className="govuk-summary-list__value">
            {formatPct(b.repeatNoService.pct)}: {formatNumber(b.repeatNoService.numerator)} of{" "}
            <FigureLink figure="repeat_contacts.numerator" period={period} value={b.repeatNoService.denominator} label="repeat contacts" /> repeat contacts
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Decisions authorised by a manager</dt>
          <dd className="govuk-summary-list__value">
            {formatPct(b.oversight.pct)}: {formatNumber(b.oversight.numerator)} of{" "}
            <FigureLink figure="contacts.decided" period={period} value={b.oversight.denominator} label="decided contacts" /> decided contacts (imported history has no
            authorisations)
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Median time from contact to decision</dt>
          <dd className="govuk-summary-list__value">{b.medianHoursToDecision === null ? "No decided contacts" : hoursInWords(b.medianHoursToDecision)}</dd>
        </div>
      </dl>

      <h2 className="govuk-heading-m">Partner information on time</h2>
      {b.agencies.length === 0 ? (
        <p className="govuk-body">No partner information was due in this period.</p>
      ) : (
        <table className="govuk-table app-table--dense app-table--stack" data-testid="agencies">
          <caption className="govuk-table__caption govuk-visually-hidden">Information requests due in the period, by agency</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Agency</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Due</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">On time</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Late</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Not answered</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">On time %</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {b.agencies.map((a) => (
              <tr key={a.agency_code} className="govuk-table__row">
                <th scope="row" className="govuk-table__header" data-label="Agency">{a.agency_name}</th>
                <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Due">{formatNumber(a.due)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric" data-label="On time">{formatNumber(a.on_time)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Late">{formatNumber(a.late)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Not answered">
                  {a.unanswered > 0 ? <strong className="govuk-tag govuk-tag--red">{formatNumber(a.unanswered)}</strong> : "0"}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric" data-label="On time %">{formatPct(a.pct)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 className="govuk-heading-m">Step-downs to early help, by hub</h2>
      <table className="govuk-table app-table--dense app-table--stack" data-testid="hubs">
        <caption className="govuk-table__caption govuk-visually-hidden">Step-downs the hubs accepted or declined in the period</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Hub</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Decided by the hub</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Accepted</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Bounce-backs (declined)</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Accepted %</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Waiting for the hub</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {b.hubs.map((h) => (
            <tr key={h.hub_code} className="govuk-table__row">
              <th scope="row" className="govuk-table__header" data-label="Hub">{h.hub_name}</th>
              <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Decided by the hub">{formatNumber(h.decided)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Accepted">{formatNumber(h.accepted)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Bounce-backs (declined)">{formatNumber(h.declined)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Accepted %">{formatPct(h.acceptedPct)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Waiting for the hub">{formatNumber(h.waiting)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
