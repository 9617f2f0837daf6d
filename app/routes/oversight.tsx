import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { PriorityTag } from "../measures/figures";
import { durationWords } from "../clocks/time-left";
import { formatNumber } from "../ui/format";
import { Deadline } from "../ui/deadline";
import { SummaryBand } from "../ui/summary-band";
import { readOversight } from "../queue/oversight.server";
import { ConsentOverridesWaiting } from "../contacts/consent-override-list";

export const meta: MetaFunction = () => [{ title: "Management oversight – Children's front door" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(request, context, "oversight.view");
  const now = new Date();
  return { ...(await readOversight(context.db, user, { now, ipAddress: context.clientIp })), now: now.toISOString() };
}

export default function Oversight() {
  const data = useLoaderData<typeof loader>();
  const { lastSevenDays, current, awaiting, awaitingTotal, overrides } = data;
  const now = new Date(data.now);
  return (
    <div className="app-wide">
      <div className="app-list-heading">
        <h1 className="govuk-heading-l">Management oversight</h1>
        <SummaryBand
          label="Now"
          items={current.map((f) => ({ ...f, alert: f.key === "immediate-risk" || f.key === "overdue" }))}
        />
      </div>
      <h2 className="govuk-heading-m" id="awaiting">
        Waiting for your authorisation ({formatNumber(awaitingTotal)})
      </h2>
      {awaiting.length === 0 ? (
        <p className="govuk-body">No decisions are waiting for authorisation.</p>
      ) : (
        <div className="app-table-scroll" role="region" aria-label="Waiting for your authorisation (scrolls sideways)" tabIndex={0}>
          <table className="govuk-table app-dense-table" data-testid="awaiting">
            <caption className="govuk-table__caption govuk-visually-hidden">Decisions and immediate-risk flags waiting for your authorisation, immediate risk first</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Contact</th>
                <th scope="col" className="govuk-table__header">To authorise</th>
                <th scope="col" className="govuk-table__header">Level of need</th>
                <th scope="col" className="govuk-table__header">Proposed by</th>
                <th scope="col" className="govuk-table__header">Priority</th>
                <th scope="col" className="govuk-table__header">Waiting</th>
                <th scope="col" className="govuk-table__header">Decision due</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {awaiting.map((c) => (
                <tr key={c.id} className={`govuk-table__row${c.immediateRisk ? " app-row--risk" : ""}`} data-testid="awaiting-row" data-immediate-risk={c.immediateRisk ? "true" : "false"}>
                  <td className="govuk-table__cell">
                    <span className="app-queue-contact">
                      <Link className="govuk-link app-nowrap" to={c.href}>
                        {c.reference}
                      </Link>
                      <span className="app-queue-contact__name" title={c.childName}>
                        {c.childName}
                      </span>
                      {c.tags.map((t) => (
                        <strong key={t.kind} className={`govuk-tag govuk-tag--${t.colour}`} data-testid={`${t.kind}-tag`}>
                          {t.text}
                        </strong>
                      ))}
                    </span>
                  </td>
                  <td className="govuk-table__cell" data-testid="proposed-outcome">{c.proposedOutcome}</td>
                  <td className="govuk-table__cell" data-testid="level-of-need">{c.levelOfNeed ?? "Not given"}</td>
                  <td className="govuk-table__cell" data-testid="proposed-by">{c.proposedBy ?? "Not known"}</td>
                  <td className="govuk-table__cell">
                    <PriorityTag priority={c.priority} />
                  </td>
                  <td className="govuk-table__cell app-nowrap" data-testid="waiting">
                    {c.waitingSince ? <time dateTime={c.waitingSince}>{durationWords(now.getTime() - Date.parse(c.waitingSince))}</time> : "Not known"}
                  </td>
                  <td className="govuk-table__cell" data-testid="due">
                    <Deadline at={c.dueAt} now={now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConsentOverridesWaiting overrides={overrides} />
      <h2 className="govuk-heading-m">The last 7 days</h2>
      <ul className="app-summary-figures govuk-list" aria-label="The last 7 days" data-testid="last-seven-days">
        {lastSevenDays.map((f) => (
          <li key={f.key} className="app-summary-figure">
            <a className="govuk-link app-summary-figure__value" href={f.href} data-testid={`figure-${f.key}`}>
              {formatNumber(f.value)}
              <span className="govuk-visually-hidden"> {f.label.toLowerCase()}: open the list</span>
            </a>
            <span className="app-summary-figure__label" aria-hidden="true">
              {f.label}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
