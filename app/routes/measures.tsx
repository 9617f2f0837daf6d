import { data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMeasuresReader } from "../auth/guards.server";
import { FigureLink, HeadlineCard, PeriodForm, periodFormValues, periodInWords } from "../measures/measures";
import { londonDate } from "../clocks/clocks";
import { formatDateTime, formatNumber } from "../ui/format";
import { againstTarget, exactPct, formatPct, HEADLINES, presetOf, presetPeriod } from "../measures/dashboard-terms";
import { readDashboard } from "../measures/dashboard.server";
import { readPeriodQuery } from "../measures/measures.schema";
import { DECISION_OUTCOMES, labelOf, REFERRAL_SOURCES } from "../vocabulary";

export const meta: MetaFunction = () => [{ title: "Front-door measures – Children's front door" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireMeasuresReader(request, context);
  const url = new URL(request.url);
  const today = londonDate(new Date());
  const query = readPeriodQuery(url.searchParams, today, presetPeriod("last-12-months", today));
  if (query.kind === "chosen") throw redirect(`/measures?${new URLSearchParams({ from: query.period.from, to: query.period.to })}`);
  if (query.kind === "invalid") return data({ kind: "invalid" as const, errors: query.errors, values: query.values }, { status: 400 });
  const dashboard = await readDashboard(context.db, query.period);
  return { kind: "ok" as const, dashboard, preset: presetOf(query.period, today) };
}

export default function Measures() {
  const loaded = useLoaderData<typeof loader>();
  if (loaded.kind === "invalid") {
    return (
      <PeriodForm selected="custom" values={loaded.values} errors={loaded.errors} heading="Front-door measures" />
    );
  }
  const { dashboard, preset } = loaded;
  const { measures: m, period, settings } = dashboard;
  const missed = HEADLINES.filter((h) => againstTarget(h, m[h.key].pct, settings.targets[h.key]) === "missed");
  return (
    <>
      <span className="govuk-caption-l">{periodInWords(period)}</span>
      <h1 className="govuk-heading-l">Front-door measures</h1>
      <p className="govuk-body">
        Computed live from the records at {formatDateTime(dashboard.computedAt)}, by the definitions of the Partnership Action Plan. Every number opens the list of
        contacts it counts. Dates are local (UK) dates; both ends of the period are included.
      </p>
      {missed.length > 0 ? (
        <div className="govuk-warning-text" data-testid="needs-attention">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            Needs attention: {missed.map((h) => `${h.label.toLowerCase()} ${formatPct(m[h.key].pct)} (target ${formatPct(settings.targets[h.key])})`).join("; ")}.
          </strong>
        </div>
      ) : null}

      <h2 className="govuk-heading-m">The plan's measures</h2>
      <ul className="app-measure-cards">
        {HEADLINES.map((h) => (
          <HeadlineCard key={h.key} term={h} ratio={m[h.key]} target={settings.targets[h.key]} period={period} />
        ))}
      </ul>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/measures/trends?${new URLSearchParams({ from: period.from, to: period.to })}`}>
          Trends: these measures month by month over the 24 months to {periodInWords({ from: period.to, to: period.to })}
        </Link>
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/measures/breakdowns?${new URLSearchParams({ from: period.from, to: period.to })}`}>
          Partners, hubs and oversight: information on time by agency, step-downs and bounce-backs by hub, decisions authorised, time to decision
        </Link>
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/measures/flow?${new URLSearchParams({ from: period.from, to: period.to })}`}>
          Demand flow and process map: from referral source to decision to outcome, and where contacts wait and loop
        </Link>
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/measures/referrers?${new URLSearchParams({ from: period.from, to: period.to })}`}>
          Who refers, and is it what we'd expect: each referral source and organisation's share of contacts becoming referrals, against the county's
        </Link>
      </p>

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <h2 className="govuk-heading-m">Contacts</h2>
          <dl className="govuk-summary-list" data-testid="contacts-summary">
            <Row label="Received" figure="contacts.total" value={m.contacts.total} period={period} />
            <Row label="Decided" figure="contacts.decided" value={m.contacts.decided} period={period} />
            <Row label="Waiting for a decision" figure="contacts.pending" value={m.contacts.pending} period={period} />
          </dl>
        </div>
        <div className="govuk-grid-column-one-half">
          <h2 className="govuk-heading-m">Referrals</h2>
          <dl className="govuk-summary-list" data-testid="referrals-summary">
            <Row label="Referrals (by referral date)" figure="referrals.total" value={m.referrals.total} period={period} />
            <Row label="With a strategy discussion" figure="referrals.strategy_discussion" value={m.referrals.strategy_discussion} period={period} />
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Per 10,000 children</dt>
              <dd className="govuk-summary-list__value">
                {dashboard.referralRatePer10000 !== null ? (
                  <>
                    {dashboard.referralRatePer10000.toFixed(1)} (population {formatNumber(settings.children ?? 0)})
                  </>
                ) : (
                  "The child population is not set (an administrator sets it with the targets)"
                )}
              </dd>
            </div>
          </dl>
        </div>
      </div>

      <h2 className="govuk-heading-m">Outcomes of decided contacts</h2>
      <table className="govuk-table app-table--dense" data-testid="outcomes">
        <caption className="govuk-table__caption govuk-visually-hidden">Outcomes of the contacts received in the period and decided</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Outcome</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Contacts</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Share of decided</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {DECISION_OUTCOMES.map((o) => {
            const n = m.outcomes[o.code as keyof typeof m.outcomes];
            return (
              <tr key={o.code} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">{o.label}</th>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  <FigureLink figure={`outcomes.${o.code}`} period={period} value={n} label={o.label} />
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{m.contacts.decided ? formatPct(exactPct(n, m.contacts.decided)) : "–"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h2 className="govuk-heading-m">By referral source</h2>
      <table className="govuk-table app-table--dense app-table--stack" data-testid="by-source">
        <caption className="govuk-table__caption govuk-visually-hidden">Contacts received in the period by who made them (census order)</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Source</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Contacts</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Decided</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Became referrals</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Referral share of decided</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {[...REFERRAL_SOURCES.map((t) => t.code as string), ...Object.keys(m.by_source).filter((c) => !REFERRAL_SOURCES.some((t) => t.code === c))]
            .filter((code) => m.by_source[code])
            .map((code) => {
            const s = m.by_source[code]!;
            const label = labelOf(REFERRAL_SOURCES, code);
            return (
              <tr key={code} className="govuk-table__row">
                <th scope="row" className="govuk-table__header" data-label="Source">{label}</th>
                <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Contacts">
                  <FigureLink figure={`by_source.${code}.contacts`} period={period} value={s.contacts} label={`contacts from ${label}`} />
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Decided">
                  <FigureLink figure={`by_source.${code}.decided`} period={period} value={s.decided} label={`decided contacts from ${label}`} />
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Became referrals">
                  <FigureLink figure={`by_source.${code}.referrals`} period={period} value={s.referrals} label={`contacts from ${label} that became referrals`} />
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Referral share of decided">
                  {s.decided ? formatPct(exactPct(s.referrals, s.decided)) : "–"}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <PeriodForm selected={preset ?? "custom"} values={periodFormValues(period)} errors={{}} />
    </>
  );
}

function Row({ label, figure, value, period }: { label: string; figure: string; value: number; period: { from: string; to: string } }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value" data-testid={`figure-${figure}`}>
        <FigureLink figure={figure} period={period} value={value} label={label} />
      </dd>
    </div>
  );
}
