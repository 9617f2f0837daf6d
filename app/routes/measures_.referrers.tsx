import { data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireMeasuresReader } from "../auth/guards.server";
import { Pagination, pageFrom } from "../ui/pagination";
import { FigureLink, PeriodForm, periodFormValues, periodInWords } from "../measures/measures";
import { FunnelKey, FunnelPlot, funnelSummary, ReferrersTable } from "../measures/referrers";
import { londonDate } from "../clocks/clocks";
import { formatNumber } from "../ui/format";
import { formatPct, presetOf, presetPeriod } from "../measures/dashboard-terms";
import { organisationsView, readReferrers } from "../measures/referrers.server";
import { readPeriodQuery } from "../measures/measures.schema";

export const meta: MetaFunction = () => [{ title: "Who refers – Front-door measures – Children's front door" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireMeasuresReader(request, context);
  const today = londonDate(new Date());
  const query = readPeriodQuery(new URL(request.url).searchParams, today, presetPeriod("last-12-months", today));
  if (query.kind === "chosen") throw redirect(`/measures/referrers?${new URLSearchParams({ from: query.period.from, to: query.period.to })}`);
  if (query.kind === "invalid") return data({ kind: "invalid" as const, errors: query.errors, values: query.values }, { status: 400 });
  const params = new URL(request.url).searchParams;
  const show = z.enum(["all", "outside"]).catch("all").parse(params.get("organisations") ?? "all");
  const { organisations: all, ...referrers } = await readReferrers(context.db, query.period);
  return {
    kind: "ok" as const,
    referrers,
    organisations: organisationsView(all, { page: pageFrom(request), show }),
    organisationsSummary: funnelSummary(ORGANISATIONS, all, referrers.overall),
    preset: presetOf(query.period, today),
  };
}

const SOURCES = { one: "referral source", many: "referral sources" };
const ORGANISATIONS = { one: "referring organisation", many: "referring organisations (or none given)" };

export default function ReferrersPage() {
  const loaded = useLoaderData<typeof loader>();
  if (loaded.kind === "invalid") {
    return (
      <PeriodForm selected="custom" values={loaded.values} errors={loaded.errors} action="/measures/referrers" heading="Who refers, and is it what we'd expect?" />
    );
  }
  const { referrers, organisations, organisationsSummary, preset } = loaded;
  const { period, overall, sources } = referrers;
  return (
    <>
      <Link className="govuk-back-link" to={`/measures?${new URLSearchParams({ from: period.from, to: period.to })}`}>
        Back to the measures
      </Link>
      <span className="govuk-caption-l">{periodInWords(period)}</span>
      <h1 className="govuk-heading-l">Who refers, and is it what we'd expect?</h1>
      <p className="govuk-body">
        For each referral source and each organisation a referrer gave: the contacts received in the period (not duplicates, as in every measure), how many
        have been decided, and the share of those that became referrals (a referral or a strategy discussion). Every number opens the list of contacts it
        counts.
      </p>
      <p className="govuk-body" data-testid="county">
        Across the county:{" "}
        <FigureLink figure="contacts_not_referral.denominator" period={period} value={overall.decided} label="decided contacts" /> decided contacts of{" "}
        <FigureLink figure="contacts.total" period={period} value={overall.contacts} label="contacts received" /> received; {formatNumber(overall.referrals)} of
        them became referrals ({formatPct(overall.pct)}).
      </p>
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">How to read a funnel plot</span>
        </summary>
        <div className="govuk-details__text">
          <p className="govuk-body">
            Each point is a source or an organisation: across, how many of its contacts have been decided; up, the percentage of those that became
            referrals. The straight line is the county's percentage. If every partner's contacts became referrals at the county's rate, a small partner's
            percentage would still vary a lot by chance and a large partner's only a little: the curves show how far. About 95 in 100 partners would lie
            inside the solid curves (95% limits) and 998 in 1,000 inside the dashed ones (99.8% limits).
          </p>
          <p className="govuk-body">
            A partner below the curves sends more contacts that need no service from children's social care than chance explains: a place to start
            working together on what to send to the front door and what early help or advice can meet. A partner above them has more of its contacts
            becoming referrals than the county. Neither is a judgement on its own: open the list to see the contacts.
          </p>
          <p className="govuk-body">
            Limits: the county's share p ± z × √(p × (1 − p) ÷ n) for n decided contacts, with z = 1.96 (95%) and z = 3.09 (99.8%), kept within 0% and
            100%. Organisations are as the referrer gave them, ignoring capitals and spaces; imported history has no organisation.
          </p>
        </div>
      </details>

      <section aria-labelledby="sources-heading" data-testid="sources">
        <h2 className="govuk-heading-m" id="sources-heading">
          By referral source
        </h2>
        <p className="govuk-body" id="sources-summary" data-testid="sources-summary">
          {funnelSummary(SOURCES, sources, overall)}
        </p>
        <FunnelPlot id="sources" title="Funnel plot: the percentage of each referral source's decided contacts that became referrals" groups={sources} overall={overall} period={period} />
        {overall.decided > 0 ? <FunnelKey /> : null}
        {sources.length === 0 ? (
          <p className="govuk-body">No contacts were received in this period.</p>
        ) : (
          <ReferrersTable caption="Contacts by referral source, most first" nameHeading="Referral source" groups={sources} period={period} testId="sources-table" />
        )}
      </section>

      <section aria-labelledby="organisations-heading" data-testid="organisations">
        <h2 className="govuk-heading-m" id="organisations-heading">
          By referring organisation
        </h2>
        <p className="govuk-body" id="organisations-summary" data-testid="organisations-summary">
          {organisationsSummary}
        </p>
        {organisations.plotted.length < organisations.total ? (
          <p className="govuk-body-s">
            The plot shows the {formatNumber(organisations.plotted.length)} organisations with the most decided contacts; the table lists all{" "}
            {formatNumber(organisations.total)}, and the summary above counts them all.
          </p>
        ) : null}
        <FunnelPlot
          id="organisations"
          title="Funnel plot: the percentage of each referring organisation's decided contacts that became referrals"
          groups={organisations.plotted}
          overall={overall}
          period={period}
        />
        {overall.decided > 0 ? <FunnelKey /> : null}
        {organisations.total === 0 ? (
          <p className="govuk-body">No contacts were received in this period.</p>
        ) : (
          <>
            <p className="govuk-body" data-testid="organisations-show">
              Show:{" "}
              {organisations.show === "all" ? (
                <strong>all {formatNumber(organisations.total)} organisations</strong>
              ) : (
                <Link className="govuk-link" to={`?${new URLSearchParams({ from: period.from, to: period.to })}#organisations-heading`}>
                  all {formatNumber(organisations.total)} organisations
                </Link>
              )}{" "}
              or{" "}
              {organisations.show === "outside" ? (
                <strong>only the {formatNumber(organisations.outside)} outside the range expected</strong>
              ) : (
                <Link className="govuk-link" to={`?${new URLSearchParams({ from: period.from, to: period.to, organisations: "outside" })}#organisations-heading`}>
                  only the {formatNumber(organisations.outside)} outside the range expected
                </Link>
              )}
            </p>
            {organisations.rows.length === 0 ? (
              <p className="govuk-body">No organisation lies outside the range expected.</p>
            ) : (
              <ReferrersTable
                caption={`Contacts by the organisation the referrer gave${organisations.show === "outside" ? ", outside the range expected" : ""}, most first: ${formatNumber((organisations.page - 1) * organisations.pageSize + 1)} to ${formatNumber((organisations.page - 1) * organisations.pageSize + organisations.rows.length)} of ${formatNumber(organisations.shown)}`}
                nameHeading="Organisation"
                groups={organisations.rows}
                period={period}
                testId="organisations-table"
              />
            )}
            <Pagination page={organisations.page} pageSize={organisations.pageSize} total={organisations.shown} />
          </>
        )}
      </section>

      <PeriodForm selected={preset ?? "custom"} values={periodFormValues(period)} errors={{}} action="/measures/referrers" />
    </>
  );
}
