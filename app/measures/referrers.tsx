/**
 * Who refers (issue 9 item 7): the funnel plot, drawn as SVG on the server (no script, no inline style:
 * classes only, the CSP forbids inline styles), its table alternative and its summary in words. Each
 * point is a link to the list of decided contacts it counts, with an accessible name saying who it is,
 * its share and where that lies; the status is told by the point's shape and words, never colour alone.
 */
import { scaleLinear, scaleSqrt } from "d3-scale";
import { line } from "d3-shape";
import { formatNumber } from "../ui/format";
import { formatPct, type Period, recordsHref } from "./dashboard-terms";
import { FigureLink } from "./measures";
import { FUNNEL_STATUS_WORDS, type FunnelStatus, isOutsideLimits, limitCurve, type ReferrerGroup, type ReferrersOverall, Z95, Z998 } from "./funnel";

/** What the page draws: the service's groups and whole period (app/measures/funnel.ts), as the loader sends them. */
export type GroupView = ReferrerGroup;
export type OverallView = ReferrersOverall;

const plural = (n: number, one: string, many: string) => `${formatNumber(n)} ${n === 1 ? one : many}`;
const shorten = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);
/** A limit (a proportion) as a percentage with one decimal place. */
const limitPct = (v: number) => `${(Math.round(v * 1000) / 10).toFixed(1)}%`;

/** The group's name with its census code, for a source. */
export function groupName(g: Pick<GroupView, "label" | "code">): string {
  return g.code ? `${g.label} (census code ${g.code})` : g.label;
}

/** The 95% range expected at the group's size, in words ("25.5% to 74.5%"), or a dash. */
export function expectedRange(g: Pick<GroupView, "limits">): string {
  return g.limits ? `${limitPct(g.limits.inner.lower)} to ${limitPct(g.limits.inner.upper)}` : "–";
}

const TAG_CLASS: Record<FunnelStatus, string> = {
  well_below: "govuk-tag--red",
  below: "govuk-tag--orange",
  within: "govuk-tag--grey",
  above: "govuk-tag--blue",
  well_above: "govuk-tag--purple",
  no_decided: "govuk-tag--grey",
};

/** The status as a GOV.UK tag (words, with colour as well). */
export function StatusTag({ status }: { status: FunnelStatus }) {
  return (
    <strong className={`govuk-tag ${TAG_CLASS[status]}`} data-status={status}>
      {FUNNEL_STATUS_WORDS[status]}
    </strong>
  );
}

/** A point's accessible name: who, the share, where it lies, and what the link opens. */
export function pointName(g: GroupView): string {
  const where = isOutsideLimits(g.status)
    ? `${FUNNEL_STATUS_WORDS[g.status].toLowerCase()}: outside the ${g.status.startsWith("well_") ? "99.8%" : "95%"} limits, ${expectedRange(g)} expected at 95%`
    : `as expected: within the 95% limits, ${expectedRange(g)}`;
  return `${groupName(g)}: ${formatNumber(g.referrals)} of ${plural(g.decided, "decided contact", "decided contacts")} became referrals, ${formatPct(g.pct)}, ${where}. Open the list of the ${plural(g.decided, "decided contact", "decided contacts")}`;
}

const WIDTH = 640;
const HEIGHT = 380;
const MARGIN = { top: 16, right: 20, bottom: 56, left: 56 };

/** A point's mark: a circle as expected, a triangle pointing down (below) or up (above), larger and filled beyond 99.8%. */
function Mark({ status, cx, cy }: { status: FunnelStatus; cx: number; cy: number }) {
  if (status === "within") return <circle className="app-funnel__point" cx={cx} cy={cy} r={5} />;
  const size = status.startsWith("well_") ? 9 : 7;
  const down = status.endsWith("below");
  const d = down
    ? `M${cx - size},${cy - size * 0.6}L${cx + size},${cy - size * 0.6}L${cx},${cy + size}Z`
    : `M${cx - size},${cy + size * 0.6}L${cx + size},${cy + size * 0.6}L${cx},${cy - size}Z`;
  return <path className={`app-funnel__point app-funnel__point--${status}`} d={d} />;
}

/**
 * The funnel plot: x = decided contacts, y = % of them that became referrals; the county's share as a
 * line, the 95% limits as solid curves and the 99.8% limits as dashed ones; one point per group.
 */
export function FunnelPlot({ id, title, groups, overall, period }: { id: string; title: string; groups: GroupView[]; overall: OverallView; period: Period }) {
  const plotted = groups.filter((g) => g.decided > 0);
  if (overall.p === null || plotted.length === 0) return null;
  const p = overall.p;
  const maxN = Math.max(...plotted.map((g) => g.decided));
  // A square-root scale across (the limits' width goes as 1/√n, and one large partner would otherwise
  // squeeze every small one against the axis); at least 0–10, so a few contacts still show the funnel.
  const x = scaleSqrt().domain([0, Math.max(10, maxN)]).nice().range([MARGIN.left, WIDTH - MARGIN.right]);
  const top = x.domain()[1]!;
  const y = scaleLinear().domain([0, 100]).range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const curve = (z: number, side: "lower" | "upper") =>
    line<{ n: number; lower: number; upper: number }>()
      .x((d) => x(d.n))
      .y((d) => y(d[side] * 100))(limitCurve(p, z, top)) ?? "";
  // Points outside the limits are named beside them, the largest first, where a name does not run into one already placed.
  const labelled = new Set<string>();
  const placed: { x0: number; x1: number; y: number }[] = [];
  for (const g of plotted.filter((g) => isOutsideLimits(g.status)).sort((a, b) => b.decided - a.decided)) {
    const cx = x(g.decided);
    const cy = y((g.referrals / g.decided) * 100);
    const width = Math.min(g.label.length, 28) * 6.5;
    const box = cx > WIDTH - 200 ? { x0: cx - 10 - width, x1: cx - 10, y: cy } : { x0: cx + 10, x1: cx + 10 + width, y: cy };
    if (placed.some((b) => Math.abs(b.y - box.y) < 14 && b.x0 < box.x1 && box.x0 < b.x1)) continue;
    placed.push(box);
    labelled.add(g.key);
  }
  return (
    <svg className="app-funnel" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-labelledby={`${id}-title ${id}-summary`} data-testid={`${id}-plot`}>
      <title id={`${id}-title`}>{title}</title>
      {y.ticks(5).map((t) => (
        <g key={`y${t}`}>
          <line className="app-chart__grid" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(t)} y2={y(t)} />
          <text className="app-chart__label" x={MARGIN.left - 6} y={y(t)} dy="0.32em" textAnchor="end">
            {t}%
          </text>
        </g>
      ))}
      {x.ticks(6).filter(Number.isInteger).map((t) => (
        <text key={`x${t}`} className="app-chart__label" x={x(t)} y={HEIGHT - MARGIN.bottom + 16} textAnchor="middle">
          {formatNumber(t)}
        </text>
      ))}
      <line className="app-chart__axis" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={HEIGHT - MARGIN.bottom} y2={HEIGHT - MARGIN.bottom} />
      <line className="app-chart__axis" x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={HEIGHT - MARGIN.bottom} />
      <text className="app-chart__label app-funnel__axis-title" x={(MARGIN.left + WIDTH - MARGIN.right) / 2} y={HEIGHT - 12} textAnchor="middle">
        Decided contacts
      </text>
      <text className="app-chart__label app-funnel__axis-title" transform={`translate(14 ${(MARGIN.top + HEIGHT - MARGIN.bottom) / 2}) rotate(-90)`} textAnchor="middle">
        % that became referrals
      </text>
      <g aria-hidden="true">
        <path className="app-funnel__limit app-funnel__limit--outer" d={curve(Z998, "lower")} />
        <path className="app-funnel__limit app-funnel__limit--outer" d={curve(Z998, "upper")} />
        <path className="app-funnel__limit" d={curve(Z95, "lower")} />
        <path className="app-funnel__limit" d={curve(Z95, "upper")} />
        <line className="app-funnel__average" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(p * 100)} y2={y(p * 100)} />
      </g>
      <g>
        {plotted.map((g) => {
          const cx = x(g.decided);
          const cy = y((g.referrals / g.decided) * 100);
          const right = cx > WIDTH - 200;
          return (
            <a key={g.key} href={recordsHref(`${g.figure}.decided`, period)} aria-label={pointName(g)} data-figure={`${g.figure}.decided`} data-status={g.status} className="app-funnel__anchor">
              <title>{pointName(g)}</title>
              <Mark status={g.status} cx={cx} cy={cy} />
              {labelled.has(g.key) ? (
                <text className="app-funnel__label" x={right ? cx - 10 : cx + 10} y={Math.min(cy, HEIGHT - MARGIN.bottom - 9)} dy="0.35em" textAnchor={right ? "end" : "start"} aria-hidden="true">
                  {shorten(g.label, 28)}
                </text>
              ) : null}
            </a>
          );
        })}
      </g>
    </svg>
  );
}

/** The key to the plot's lines and marks, in words. */
export function FunnelKey() {
  return (
    <ul className="app-funnel__key govuk-list">
      <li>
        <span className="app-funnel__swatch app-funnel__swatch--average" aria-hidden="true" /> the county's share
      </li>
      <li>
        <span className="app-funnel__swatch" aria-hidden="true" /> 95% limits
      </li>
      <li>
        <span className="app-funnel__swatch app-funnel__swatch--outer" aria-hidden="true" /> 99.8% limits
      </li>
      <li>circle: as expected; triangle pointing down: below expected; pointing up: above expected; a larger triangle: outside the 99.8% limits</li>
    </ul>
  );
}

/** The plot's story in words: the county's share, and each group outside the limits. */
export function funnelSummary(what: { one: string; many: string }, groups: GroupView[], overall: OverallView): string {
  if (overall.decided === 0) return `No contact received in this period has been decided yet, so there is no share to compare.`;
  const county = `Across the county, ${formatNumber(overall.referrals)} of ${plural(overall.decided, "decided contact", "decided contacts")} (${formatPct(overall.pct)}) became referrals.`;
  const compared = groups.filter((g) => g.decided > 0);
  const outside = compared.filter((g) => isOutsideLimits(g.status));
  if (outside.length === 0) return `${county} Every one of the ${plural(compared.length, what.one, what.many)} with decided contacts lies within the range expected from that.`;
  const parts = [county, `${formatNumber(outside.length)} of ${plural(compared.length, what.one, what.many)} with decided contacts ${outside.length === 1 ? "lies" : "lie"} outside the range expected from that.`];
  for (const status of ["well_below", "below", "above", "well_above"] as const) {
    const these = outside.filter((g) => g.status === status);
    if (these.length === 0) continue;
    const limit = status.startsWith("well_") ? "outside the 99.8% limits" : "outside the 95% limits";
    // The five with the most contacts by name (the table lists them all).
    const named = these.slice(0, 5).map((g) => `${g.label} (${formatNumber(g.referrals)} of ${formatNumber(g.decided)}, ${formatPct(g.pct)})`);
    if (these.length > named.length) named.push(`and ${formatNumber(these.length - named.length)} more`);
    parts.push(`${FUNNEL_STATUS_WORDS[status]} (${limit}): ${named.join("; ")}.`);
  }
  return parts.join(" ");
}

/** The table alternative: every group, sorted by contacts, each figure a link to its list. */
export function ReferrersTable({ caption, nameHeading, groups, period, testId }: { caption: string; nameHeading: string; groups: GroupView[]; period: Period; testId: string }) {
  return (
    <table className="govuk-table app-table--dense app-table--stack app-referrers-table" data-testid={testId}>
      <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">{nameHeading}</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Contacts</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Decided</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Became referrals</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">% became referrals</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Expected (95%)</th>
          <th scope="col" className="govuk-table__header">Compared with the county</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {groups.map((g) => {
          const name = groupName(g);
          return (
            <tr key={g.key} className="govuk-table__row" data-testid={`${testId}-row`} data-key={g.key}>
              <th scope="row" className="govuk-table__header" data-label={nameHeading}>
                <span>
                  {g.label}
                  {g.code ? <span className="app-referrers__code"> Census code {g.code}</span> : null}
                </span>
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Contacts">
                <FigureLink figure={`${g.figure}.contacts`} period={period} value={g.contacts} label={`contacts from ${name}`} />
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Decided">
                <FigureLink figure={`${g.figure}.decided`} period={period} value={g.decided} label={`decided contacts from ${name}`} />
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Became referrals">
                <FigureLink figure={`${g.figure}.referrals`} period={period} value={g.referrals} label={`contacts from ${name} that became referrals`} />
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric" data-label="% became referrals">{formatPct(g.pct)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Expected (95%)">{expectedRange(g)}</td>
              <td className="govuk-table__cell" data-label="Compared with the county">
                <StatusTag status={g.status} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
