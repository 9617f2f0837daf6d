import { data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMeasuresReader } from "../auth/guards.server";
import { decisionFigure, durationInWords, endFigure, FlowDiagram, flowSummary, ProcessMap, processSummary, sourceFigure } from "../measures/demand-flow";
import { FigureLink, PeriodForm, periodFormValues, periodInWords } from "../measures/measures";
import { londonDate } from "../clocks/clocks";
import { formatNumber } from "../ui/format";
import { formatPct, presetOf, presetPeriod } from "../measures/dashboard-terms";
import { decisionLabel, endLabel, isLoop, LOOPS, processStateLabel } from "../measures/demand-flow-terms";
import { readDemandFlow } from "../measures/demand-flow.server";
import { readPeriodQuery } from "../measures/measures.schema";
import { labelOf, REFERRAL_SOURCES } from "../vocabulary";

export const meta: MetaFunction = () => [{ title: "Demand flow and process map – Front-door measures – Children's front door" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireMeasuresReader(request, context);
  const today = londonDate(new Date());
  const query = readPeriodQuery(new URL(request.url).searchParams, today, presetPeriod("last-12-months", today));
  if (query.kind === "chosen") throw redirect(`/measures/flow?${new URLSearchParams({ from: query.period.from, to: query.period.to })}`);
  if (query.kind === "invalid") return data({ kind: "invalid" as const, errors: query.errors, values: query.values }, { status: 400 });
  return { kind: "ok" as const, flow: await readDemandFlow(context.db, query.period), preset: presetOf(query.period, today) };
}

export default function DemandFlowPage() {
  const loaded = useLoaderData<typeof loader>();
  if (loaded.kind === "invalid") {
    return (
      <PeriodForm selected="custom" values={loaded.values} errors={loaded.errors} action="/measures/flow" heading="Demand flow and process map" />
    );
  }
  const { flow, preset } = loaded;
  const { period } = flow;
  const query = new URLSearchParams({ from: period.from, to: period.to });
  return (
    <>
      <Link className="govuk-back-link" to={`/measures?${query}`}>
        Back to the measures
      </Link>
      <span className="govuk-caption-l">{periodInWords(period)}</span>
      <h1 className="govuk-heading-l">Demand flow and process map</h1>
      <p className="govuk-body">
        What demand came in, why, where it went and how long it waited: the contacts received in the period (not duplicates, as in every measure), from the
        history of each contact. Every number, box and arrow opens the list of contacts it counts.
      </p>
      <p className="govuk-body">
        Repeat contacts (failure demand coming back in):{" "}
        <FigureLink figure="repeat_contacts.numerator" period={period} value={flow.repeatContacts.numerator} label="repeat contacts" /> of{" "}
        <FigureLink figure="repeat_contacts.denominator" period={period} value={flow.repeatContacts.denominator} label="contacts received" /> contacts received (
        {formatPct(flow.repeatContacts.pct)}).
      </p>

      <section aria-labelledby="flow-heading" data-testid="flow">
        <h2 className="govuk-heading-m" id="flow-heading">
          Where contacts came from and where they went
        </h2>
        <p className="govuk-body" id="flow-summary" data-testid="flow-summary">
          {flowSummary(flow)}
        </p>
        <p className="govuk-body-s">
          Left: who made the contact. Middle: the first decision the MASH proposed (or a strategy discussion confirmed at once). Right: the outcome now. A
          decision that changed on the way (returned by a manager, or a step-down declined by a hub) ends somewhere else.
        </p>
        <FlowDiagram flow={flow} period={period} />
        <details className="govuk-details govuk-!-margin-top-4">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">The flow as a table</span>
          </summary>
          <div className="govuk-details__text">
            <table className="govuk-table app-table--dense app-table--stack" data-testid="flow-table">
              <caption className="govuk-table__caption govuk-table__caption--s">Contacts by referral source, first decision and outcome</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Referral source</th>
                  <th scope="col" className="govuk-table__header">First decision</th>
                  <th scope="col" className="govuk-table__header">Outcome</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Contacts</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {flow.links.map((l) => (
                  <tr key={`${l.source}.${l.decision}.${l.outcome}`} className="govuk-table__row">
                    <td className="govuk-table__cell" data-label="Referral source">{labelOf(REFERRAL_SOURCES, l.source)}</td>
                    <td className="govuk-table__cell" data-label="First decision">{decisionLabel(l.decision)}</td>
                    <td className="govuk-table__cell" data-label="Outcome">{endLabel(l.outcome)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Contacts">{formatNumber(l.contacts)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-one-third">
                <FlowTotals caption="By referral source" rows={flow.sources.map((s) => ({ key: s.code, label: labelOf(REFERRAL_SOURCES, s.code), figure: sourceFigure(s.code), value: s.contacts }))} period={period} />
              </div>
              <div className="govuk-grid-column-one-third">
                <FlowTotals caption="By first decision" rows={flow.decisions.map((d) => ({ key: d.code, label: decisionLabel(d.code), figure: decisionFigure(d.code), value: d.contacts }))} period={period} />
              </div>
              <div className="govuk-grid-column-one-third">
                <FlowTotals caption="By outcome" rows={flow.ends.map((e) => ({ key: e.code, label: endLabel(e.code), figure: endFigure(e.code), value: e.contacts }))} period={period} />
              </div>
            </div>
          </div>
        </details>
      </section>

      <section aria-labelledby="process-heading" data-testid="process">
        <h2 className="govuk-heading-m" id="process-heading">
          Process map: where contacts waited and where they looped
        </h2>
        <p className="govuk-body" id="process-summary" data-testid="process-summary">
          {processSummary(flow.states, flow.transitions)}
        </p>
        <p className="govuk-body-s">
          Each box is a stage of a contact's lifecycle: the contacts that passed through it, the median time a stay there lasted and the time 90% of stays
          ended within, and how many are there now. Each arrow is a move, with the number of contacts that made it; red dashed arrows send a contact back.
        </p>
        <ProcessMap states={flow.states} substates={flow.substates} transitions={flow.transitions} period={period} />
        <table className="govuk-table app-table--dense app-table--stack govuk-!-margin-top-4" data-testid="states-table">
          <caption className="govuk-table__caption govuk-table__caption--s">Stages of the lifecycle</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Stage</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Contacts through it</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Stays</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Median time there</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">90% within</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">There now</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {flow.states.map((s) => {
              const label = processStateLabel(s.state);
              return (
                <tr key={s.state} className="govuk-table__row" data-testid={`state-${s.state}`}>
                  <th scope="row" className="govuk-table__header" data-label="Stage">{label}</th>
                  <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Contacts through it">
                    <FigureLink figure={`state.${s.state}`} period={period} value={s.contacts} label={`contacts that passed through ${label}`} />
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Stays">{formatNumber(s.visits)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Median time there">{s.state === "closed" ? "–" : durationInWords(s.medianHours)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric" data-label="90% within">{s.state === "closed" ? "–" : durationInWords(s.p90Hours)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric" data-label="There now">
                    {s.state === "closed" ? "–" : <FigureLink figure={`waiting.${s.state}`} period={period} value={s.waiting} label={`contacts in ${label} now`} />}
                  </td>
                </tr>
              );
            })}
            {flow.substates.map((s) => {
              const label = processStateLabel(s.substate);
              return (
                <tr key={s.substate} className="govuk-table__row" data-testid={`state-${s.substate}`}>
                  <th scope="row" className="govuk-table__header" data-label="Stage">
                    {label} <span className="govuk-body-s">(within {processStateLabel("awaiting_partner_information")})</span>
                  </th>
                  <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Contacts through it">
                    <FigureLink figure={`state.${s.substate}`} period={period} value={s.contacts} label="contacts whose partner information went overdue" />
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Stays">{formatNumber(s.visits)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Median time there">{durationInWords(s.medianHours)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric" data-label="90% within">{durationInWords(s.p90Hours)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric" data-label="There now">
                    <FigureLink figure={`waiting.${s.substate}`} period={period} value={s.waiting} label={`contacts in ${label} now`} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <table className="govuk-table app-table--dense app-table--stack" data-testid="transitions-table">
          <caption className="govuk-table__caption govuk-table__caption--s">Moves between stages</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">From</th>
              <th scope="col" className="govuk-table__header">To</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Contacts</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Times</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {flow.transitions.map((t) => {
              const words = `${processStateLabel(t.from)} to ${processStateLabel(t.to)}`;
              return (
                <tr key={`${t.from}.${t.to}`} className="govuk-table__row">
                  <td className="govuk-table__cell" data-label="From">{processStateLabel(t.from)}</td>
                  <td className="govuk-table__cell" data-label="To">
                    {processStateLabel(t.to)}
                    {isLoop(t.from, t.to) ? <strong className="govuk-tag govuk-tag--red govuk-!-margin-left-1">Back: {LOOPS[`${t.from}.${t.to}`]}</strong> : null}
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Contacts">
                    <FigureLink figure={`transition.${t.from}.${t.to}`} period={period} value={t.contacts} label={`contacts that went from ${words}`} />
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Times">{formatNumber(t.moves)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <PeriodForm selected={preset ?? "custom"} values={periodFormValues(period)} errors={{}} action="/measures/flow" />
    </>
  );
}

function FlowTotals({ caption, rows, period }: { caption: string; rows: { key: string; label: string; figure: string; value: number }[]; period: { from: string; to: string } }) {
  return (
    <table className="govuk-table app-table--dense">
      <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
      <tbody className="govuk-table__body">
        {rows.map((r) => (
          <tr key={r.key} className="govuk-table__row">
            <th scope="row" className="govuk-table__header">{r.label}</th>
            <td className="govuk-table__cell govuk-table__cell--numeric">
              <FigureLink figure={r.figure} period={period} value={r.value} label={r.label} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
