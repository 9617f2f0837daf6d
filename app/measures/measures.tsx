/** The measures dashboard's pieces: the period form, headline cards, figure links and trend charts (SVG, drawn on the server). */
import { Link } from "@remix-run/react";
import { scaleLinear, scalePoint } from "d3-scale";
import { line } from "d3-shape";
import {
  againstTarget,
  formatPct,
  type HeadlineTerm,
  monthLabel,
  PERIOD_PRESETS,
  type Period,
  type PeriodPreset,
  recordsHref,
} from "./dashboard-terms";
import { formatDate, formatNumber } from "../ui/format";
import { ErrorSummary, type FieldErrors } from "../ui/form";
import { useGovukForm } from "../ui/forms";
import { periodFormSchema } from "./measures.schema";

/** A count that opens the list of records it counts. */
export function FigureLink({ figure, period, value, label }: { figure: string; period: Period; value: number; label: string }) {
  return (
    <Link className="govuk-link" to={recordsHref(figure, period)} data-figure={figure}>
      {formatNumber(value)}
      <span className="govuk-visually-hidden"> {label}: open the list</span>
    </Link>
  );
}

export function periodInWords(period: Period): string {
  return period.from === period.to ? formatDate(period.from) : `${formatDate(period.from)} to ${formatDate(period.to)}`;
}

function DateParts({ name, legend, values, error }: { name: "from" | "to"; legend: string; values: Record<string, string>; error?: string }) {
  const part = (key: "Day" | "Month" | "Year", width: "2" | "4") => (
    <div className="govuk-date-input__item">
      <div className="govuk-form-group">
        <label className="govuk-label govuk-date-input__label" htmlFor={`${name}${key}`}>
          {key}
        </label>
        <input
          className={`govuk-input govuk-date-input__input govuk-input--width-${width}${error ? " govuk-input--error" : ""}`}
          id={`${name}${key}`}
          name={`${name}${key}`}
          type="text"
          inputMode="numeric"
          defaultValue={values[`${name}${key}`] ?? ""}
        />
      </div>
    </div>
  );
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={`${name}-hint${error ? ` ${name}Day-error` : ""}`}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <div id={`${name}-hint`} className="govuk-hint">
          For example, {name === "from" ? "1 4 2024" : "31 3 2025"}
        </div>
        {error ? (
          <p id={`${name}Day-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        <div className="govuk-date-input">
          {part("Day", "2")}
          {part("Month", "2")}
          {part("Year", "4")}
        </div>
      </fieldset>
    </div>
  );
}

/** A period as the period form's date inputs show it: `fromDay`…`toYear`. */
export function periodFormValues(period: Period): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [prefix, date] of [["from", period.from], ["to", period.to]] as const) {
    const [y, m, d] = date.split("-");
    Object.assign(values, { [`${prefix}Day`]: String(Number(d)), [`${prefix}Month`]: String(Number(m)), [`${prefix}Year`]: y! });
  }
  return values;
}

/**
 * The period chooser: a GET form (works without JavaScript); the page (`action`, default `/measures`)
 * answers with the period's own address. With JavaScript the form's schema (the loader's own,
 * `periodFormSchema`) checks it before it is sent (decision 024). Its error summary comes first:
 * on a page that could not read its period, give the page's `heading`, shown between the summary and the form.
 */
export function PeriodForm({
  selected,
  values,
  errors,
  action = "/measures",
  heading,
}: {
  selected: PeriodPreset | "custom" | undefined;
  values: Record<string, string>;
  errors: FieldErrors;
  action?: string;
  heading?: string;
}) {
  const check = useGovukForm(periodFormSchema, null, { id: "period" });
  const shown = Object.keys(check.errors).length ? check.errors : errors;
  return (
    <>
      <ErrorSummary errors={shown} />
      {heading ? <h1 className="govuk-heading-l">{heading}</h1> : null}
      <form method="get" action={action} className="govuk-!-margin-bottom-6" data-testid="period-form" {...check.props}>
        <div className={`govuk-form-group${shown.preset ? " govuk-form-group--error" : ""}`}>
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
              <h2 className="govuk-fieldset__heading">Period</h2>
            </legend>
            {shown.preset ? (
              <p id="preset-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {shown.preset}
              </p>
            ) : null}
            <div className="govuk-radios govuk-radios--small">
              {PERIOD_PRESETS.map((p, i) => (
                <div className="govuk-radios__item" key={p.code}>
                  <input className="govuk-radios__input" id={i === 0 ? "preset" : `preset-${p.code}`} name="preset" type="radio" value={p.code} defaultChecked={selected === p.code} />
                  <label className="govuk-label govuk-radios__label" htmlFor={i === 0 ? "preset" : `preset-${p.code}`}>
                    {p.label}
                  </label>
                </div>
              ))}
              <div className="govuk-radios__item">
                <input className="govuk-radios__input" id="preset-custom" name="preset" type="radio" value="custom" defaultChecked={selected === "custom"} />
                <label className="govuk-label govuk-radios__label" htmlFor="preset-custom">
                  Dates of my choice
                </label>
              </div>
            </div>
          </fieldset>
        </div>
        <div className="govuk-inset-text govuk-!-margin-top-0">
          <p className="govuk-body-s">For dates of your choice, both dates are included.</p>
          <DateParts name="from" legend="From" values={values} error={shown.fromDay} />
          <DateParts name="to" legend="To" values={values} error={shown.toDay} />
        </div>
        <button type="submit" className="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
          Show the measures
        </button>
      </form>
    </>
  );
}

export interface RatioView {
  numerator: number;
  denominator: number;
  pct: number | null;
}

/** One headline measure: the percentage and its numerator and denominator (each a link), the plan's baseline and the target. */
export function HeadlineCard({ term, ratio, target, period }: { term: HeadlineTerm; ratio: RatioView; target: number | null; period: Period }) {
  const status = againstTarget(term, ratio.pct, target);
  return (
    <li className={`app-measure-card${status ? ` app-measure-card--${status}` : ""}`} data-testid={`headline-${term.key}`}>
      <h3 className="app-measure-card__title">{term.label}</h3>
      <Link className="govuk-link app-measure-card__value" to={recordsHref(`${term.key}.numerator`, period)} data-figure={`${term.key}.numerator`} data-pct={ratio.pct ?? ""}>
        {formatPct(ratio.pct)}
        <span className="govuk-visually-hidden"> {term.label}: open the list of {term.numeratorWords}</span>
      </Link>
      <p className="app-measure-card__fraction">
        <FigureLink figure={`${term.key}.numerator`} period={period} value={ratio.numerator} label={term.numeratorWords} /> of{" "}
        <FigureLink figure={`${term.key}.denominator`} period={period} value={ratio.denominator} label={term.denominatorWords} /> {term.denominatorWords}
      </p>
      <p className="app-measure-card__plan">
        {term.baseline !== null ? <>Plan baseline {formatPct(term.baseline)}. </> : null}
        {target !== null ? <>Target {formatPct(target)} {term.lowerIsBetter ? "or lower" : "or higher"}.</> : <>No target set.</>}
      </p>
      {status === "missed" ? <strong className="govuk-tag govuk-tag--red">Target missed</strong> : null}
      {status === "met" ? <strong className="govuk-tag govuk-tag--green">Target met</strong> : null}
    </li>
  );
}

export interface TrendPointView {
  month: Period;
  numerator: number;
  denominator: number;
  pct: number | null;
}

const WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { top: 16, right: 16, bottom: 48, left: 48 };

/** A month-by-month line of one headline measure, with its target and baseline; SVG only (no script, no inline style). */
export function TrendChart({ term, points, target }: { term: HeadlineTerm; points: TrendPointView[]; target: number | null }) {
  const x = scalePoint<string>()
    .domain(points.map((p) => p.month.from))
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .padding(0.3);
  const values = points.map((p) => p.pct).filter((v): v is number => v !== null);
  const top = Math.min(100, Math.max(10, Math.ceil(Math.max(...values, target ?? 0, term.baseline ?? 0) / 10) * 10 + 10));
  const y = scaleLinear().domain([0, top]).range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const path = line<TrendPointView>()
    .defined((p) => p.pct !== null)
    .x((p) => x(p.month.from) ?? 0)
    .y((p) => y(p.pct ?? 0))(points);
  const ticks = y.ticks(5);
  const id = `trend-${term.key}`;
  return (
    <svg className="app-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-summary`} focusable="false">
      <title id={`${id}-title`}>{`${term.label}, month by month`}</title>
      {ticks.map((t) => (
        <g key={t}>
          <line className="app-chart__grid" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(t)} y2={y(t)} />
          <text className="app-chart__label" x={MARGIN.left - 6} y={y(t)} dy="0.32em" textAnchor="end">
            {t}%
          </text>
        </g>
      ))}
      <line className="app-chart__axis" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={HEIGHT - MARGIN.bottom} y2={HEIGHT - MARGIN.bottom} />
      {points.map((p, i) =>
        i % 3 === 0 || i === points.length - 1 ? (
          <text key={p.month.from} className="app-chart__label" x={x(p.month.from)} y={HEIGHT - MARGIN.bottom + 16} textAnchor="middle">
            {monthLabel(p.month.from)}
          </text>
        ) : null,
      )}
      {term.baseline !== null ? <line className="app-chart__baseline" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(term.baseline)} y2={y(term.baseline)} /> : null}
      {target !== null ? <line className="app-chart__target" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(target)} y2={y(target)} /> : null}
      {path ? <path className="app-chart__line" d={path} /> : null}
      {points.map((p) => (p.pct === null ? null : <circle key={p.month.from} className="app-chart__point" cx={x(p.month.from)} cy={y(p.pct)} r={3} />))}
    </svg>
  );
}

/** The chart's story in words: first and last month, highest and lowest (for everyone, screen readers included). */
export function trendSummary(term: HeadlineTerm, points: TrendPointView[], target: number | null): string {
  const known = points.filter((p) => p.pct !== null);
  if (known.length === 0) return `${term.label}: no contacts to measure in these 24 months.`;
  const first = known[0]!;
  const last = known[known.length - 1]!;
  const highest = known.reduce((a, b) => ((b.pct ?? 0) > (a.pct ?? 0) ? b : a));
  const lowest = known.reduce((a, b) => ((b.pct ?? 0) < (a.pct ?? 0) ? b : a));
  const parts = [
    `${term.label} went from ${formatPct(first.pct)} in ${monthLabel(first.month.from)} to ${formatPct(last.pct)} in ${monthLabel(last.month.from)}.`,
    `Highest ${formatPct(highest.pct)} (${monthLabel(highest.month.from)}), lowest ${formatPct(lowest.pct)} (${monthLabel(lowest.month.from)}).`,
  ];
  if (term.baseline !== null) parts.push(`Plan baseline ${formatPct(term.baseline)}.`);
  if (target !== null) {
    const missed = known.filter((p) => againstTarget(term, p.pct, target) === "missed").length;
    parts.push(`Target ${formatPct(target)}: missed in ${missed} of ${known.length} months.`);
  }
  return parts.join(" ");
}
