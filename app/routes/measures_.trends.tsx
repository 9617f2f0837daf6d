import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMeasuresReader } from "../auth/guards.server";
import { ErrorSummary } from "../ui/form";
import { periodInWords, TrendChart, trendSummary } from "../measures/measures";
import { londonDate } from "../clocks/clocks";
import { formatNumber } from "../ui/format";
import { formatPct, HEADLINES, monthLabel, presetPeriod, recordsHref } from "../measures/dashboard-terms";
import { readMeasureSettings, readTrends } from "../measures/dashboard.server";
import { readPeriodQuery } from "../measures/measures.schema";

export const meta: MetaFunction = () => [{ title: "Trends – Front-door measures – Children's front door" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireMeasuresReader(request, context);
  const today = londonDate(new Date());
  const query = readPeriodQuery(new URL(request.url).searchParams, today, presetPeriod("last-12-months", today));
  if (query.kind === "invalid") return data({ kind: "invalid" as const, errors: query.errors }, { status: 400 });
  const [trends, settings] = [await readTrends(context.db, query.period), await readMeasureSettings(context.db)];
  return { kind: "ok" as const, period: query.period, trends, targets: settings.targets };
}

export default function Trends() {
  const loaded = useLoaderData<typeof loader>();
  if (loaded.kind === "invalid") {
    return (
      <>
        <ErrorSummary errors={loaded.errors} />
        <h1 className="govuk-heading-l">Trends cannot be shown for that period</h1>
        <Link className="govuk-link" to="/measures">
          Back to the measures
        </Link>
      </>
    );
  }
  const { period, trends, targets } = loaded;
  const first = trends.repeat_contacts[0]!.month.from;
  return (
    <>
      <Link className="govuk-back-link" to={`/measures?${new URLSearchParams({ from: period.from, to: period.to })}`}>
        Back to the measures
      </Link>
      <span className="govuk-caption-l">
        {monthLabel(first)} to {periodInWords({ from: period.to, to: period.to })}
      </span>
      <h1 className="govuk-heading-l">Trends: the plan's measures month by month</h1>
      <p className="govuk-body">
        Each month counts as the measures for that month alone would. The solid line is the month's figure; the dashed line the target, the dotted line the
        plan's baseline. Each chart has its numbers in a table below it.
      </p>
      <div className="app-trends">
        {HEADLINES.map((h) => {
          const points = trends[h.key];
          return (
            <section key={h.key} aria-labelledby={`trend-${h.key}-heading`} data-testid={`trend-${h.key}`}>
              <h2 className="govuk-heading-m" id={`trend-${h.key}-heading`}>
                {h.label}
              </h2>
              <p className="govuk-body-s" id={`trend-${h.key}-summary`}>
                {trendSummary(h, points, targets[h.key])}
              </p>
              <TrendChart term={h} points={points} target={targets[h.key]} />
              <p className="app-chart__key">
                <span className="app-chart__swatch" aria-hidden="true" />
                month{" "}
                {targets[h.key] !== null ? (
                  <>
                    <span className="app-chart__swatch app-chart__swatch--target" aria-hidden="true" />
                    target{" "}
                  </>
                ) : null}
                {h.baseline !== null ? (
                  <>
                    <span className="app-chart__swatch app-chart__swatch--baseline" aria-hidden="true" />
                    plan baseline
                  </>
                ) : null}
              </p>
              <details className="govuk-details">
                <summary className="govuk-details__summary">
                  <span className="govuk-details__summary-text">{h.label}: the numbers</span>
                </summary>
                <div className="govuk-details__text">
                  <table className="govuk-table app-table--dense">
                    <caption className="govuk-table__caption govuk-table__caption--s">{h.label} by month</caption>
                    <thead className="govuk-table__head">
                      <tr className="govuk-table__row">
                        <th scope="col" className="govuk-table__header">Month</th>
                        <th scope="col" className="govuk-table__header govuk-table__header--numeric">Number</th>
                        <th scope="col" className="govuk-table__header govuk-table__header--numeric">Out of</th>
                        <th scope="col" className="govuk-table__header govuk-table__header--numeric">%</th>
                      </tr>
                    </thead>
                    <tbody className="govuk-table__body">
                      {points.map((p) => (
                        <tr key={p.month.from} className="govuk-table__row">
                          <th scope="row" className="govuk-table__header">{monthLabel(p.month.from)}</th>
                          <td className="govuk-table__cell govuk-table__cell--numeric">
                            <Link className="govuk-link" to={recordsHref(`${h.key}.numerator`, p.month)}>
                              {formatNumber(p.numerator)}
                            </Link>
                          </td>
                          <td className="govuk-table__cell govuk-table__cell--numeric">
                            <Link className="govuk-link" to={recordsHref(`${h.key}.denominator`, p.month)}>
                              {formatNumber(p.denominator)}
                            </Link>
                          </td>
                          <td className="govuk-table__cell govuk-table__cell--numeric">{formatPct(p.pct)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
            </section>
          );
        })}
      </div>
    </>
  );
}
