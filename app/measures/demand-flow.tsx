/**
 * The demand flow (a Sankey laid out by d3-sankey) and the process map of the contact's lifecycle,
 * drawn as SVG on the server: no script, no inline style (classes only, the CSP forbids inline
 * styles). Every node, box, link and arrow is a link to the list of records it counts; the page
 * gives the same numbers in tables and a summary in words.
 */
import { sankey, type SankeyLink, type SankeyNode } from "d3-sankey";
import type { ReactNode } from "react";
import { recordsHref, type Period } from "./dashboard-terms";
import { decisionLabel, endLabel, isLoop, LOOPS, processStateLabel } from "./demand-flow-terms";
import { formatNumber } from "../ui/format";
import { labelOf, REFERRAL_SOURCES } from "../vocabulary";

export interface FlowView {
  total: number;
  links: { source: string; decision: string; outcome: string; contacts: number }[];
  sources: { code: string; contacts: number }[];
  decisions: { code: string; contacts: number }[];
  ends: { code: string; contacts: number }[];
}

export interface StateView {
  state: string;
  contacts: number;
  visits: number;
  waiting: number;
  medianHours: number | null;
  p90Hours: number | null;
}

/** A substate drawn as a box inside its stage (partner information overdue). */
export interface SubstateView extends Omit<StateView, "state"> {
  substate: string;
}

export interface TransitionView {
  from: string;
  to: string;
  contacts: number;
  moves: number;
}

/** Hours as people say them: minutes under an hour, hours under two days, else days. */
export function durationInWords(hours: number | null): string {
  if (hours === null) return "–";
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${(Math.round(hours * 10) / 10).toFixed(1)} h`;
  return `${(Math.round((hours / 24) * 10) / 10).toFixed(1)} days`;
}

/** The figure of a source node (the measures' own), a decision node, and an outcome node. */
export const sourceFigure = (code: string) => `by_source.${code}.contacts`;
export const decisionFigure = (code: string) => `flow_decision.${code}`;
export const endFigure = (code: string) => (code === "pending" ? "contacts.pending" : `outcomes.${code}`);

/**
 * A diagram's frame: on a screen narrower than the diagram it keeps its drawn size (its text as
 * legible as on a desktop) and scrolls sideways inside this region, never the page (a two-dimensional
 * diagram, WCAG 1.4.10's exception; its numbers are also in the tables beside it). Its links are what
 * the keyboard reaches, and focusing one scrolls it into view.
 */
function Scrolls({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="app-diagram" role="region" aria-label={`${label} (on a narrow screen, scroll sideways to see all of it)`}>
      {children}
    </div>
  );
}

const plural = (n: number, one: string, many: string) => `${formatNumber(n)} ${n === 1 ? one : many}`;
const shorten = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

interface NodeDatum {
  id: string;
  column: "source" | "decision" | "end";
  code: string;
  label: string;
  figure: string;
  value: number;
}
interface LinkDatum {
  figure: string;
  label: string;
  value: number;
  source: string;
  target: string;
}

/** The narrowest the flow is drawn (the CSS's `min-width`), and its labels' font size (`.app-flow__label`). */
const FLOW_MIN_WIDTH = 960;
const LABEL_PX = 14;
const NODE_WIDTH = 16;
/** Between a node and its label, and between a label and the edge of the drawing or the next column. */
const LABEL_GAP = 8;
const EDGE = 6;
/** The least gap between the source and decision columns (their ribbons), where no label sits. */
const RIBBON_GAP = 90;
/** A label's longest text before an ellipsis (the full text is in its <title> and its link's name). */
const LABEL_CHARS = { source: 30, decision: 28, end: 28 } as const;

/**
 * A label's width in pixels, estimated on the server (no layout engine there) from the widths of
 * Arial's and GDS Transport's glyphs at 14 px, a little generous: narrow letters, capitals and wide
 * letters apart. The margins and gaps are made from it, so that no label leaves the drawing or runs
 * over a bar; the browser test checks every label's box.
 */
export function labelWidth(text: string): number {
  let ems = 0;
  for (const ch of text) {
    if (/[ilIj.,:;'’|!()[\] ]/.test(ch)) ems += 0.3;
    else if (/[frt-]/.test(ch)) ems += 0.38;
    else if (/[mwMW]/.test(ch)) ems += 0.9;
    else if (/[A-Z&]/.test(ch)) ems += 0.7;
    else if (ch === "–" || ch === "…") ems += 0.6;
    else ems += 0.58;
  }
  return Math.ceil(ems * LABEL_PX * 1.05);
}

/** Source → first decision → outcome, as a Sankey; each node and link opens its list. */
export function FlowDiagram({ flow, period }: { flow: FlowView; period: Period }) {
  if (flow.total === 0) return null;
  const sourceName = (code: string) => labelOf(REFERRAL_SOURCES, code);
  const nodes: NodeDatum[] = [
    ...flow.sources.map((s) => ({ id: `s:${s.code}`, column: "source" as const, code: s.code, label: sourceName(s.code), figure: sourceFigure(s.code), value: s.contacts })),
    ...flow.decisions.map((d) => ({ id: `d:${d.code}`, column: "decision" as const, code: d.code, label: decisionLabel(d.code), figure: decisionFigure(d.code), value: d.contacts })),
    ...flow.ends.map((e) => ({ id: `e:${e.code}`, column: "end" as const, code: e.code, label: endLabel(e.code), figure: endFigure(e.code), value: e.contacts })),
  ];
  const links: LinkDatum[] = [];
  const add = (source: string, target: string, value: number, figure: string, label: string) => {
    const existing = links.find((l) => l.source === source && l.target === target);
    if (existing) existing.value += value;
    else links.push({ source, target, value, figure, label });
  };
  for (const l of flow.links) {
    const decision = decisionLabel(l.decision);
    add(`s:${l.source}`, `d:${l.decision}`, l.contacts, `flow_source.${l.source}.${l.decision}`, `from ${sourceName(l.source)}, first decision: ${decision}`);
    add(`d:${l.decision}`, `e:${l.outcome}`, l.contacts, `flow_outcome.${l.decision}.${l.outcome}`, `first decision: ${decision}, outcome: ${endLabel(l.outcome)}`);
  }
  const rows = Math.max(flow.sources.length, flow.decisions.length, flow.ends.length);
  const height = Math.max(320, rows * 34 + 40);
  // Each label as drawn (shortened, with its count) and the widest of each column: the source
  // labels sit left of their bars, the decision labels right of theirs (over the ribbons to the
  // outcomes, which are drawn far enough away), the outcome labels right of theirs.
  const text = (n: NodeDatum) => `${shorten(n.label, LABEL_CHARS[n.column])} (${formatNumber(n.value)})`;
  const widest = (column: NodeDatum["column"]) => Math.max(0, ...nodes.filter((n) => n.column === column).map((n) => labelWidth(text(n))));
  const left = EDGE + widest("source") + LABEL_GAP;
  const decisionGap = LABEL_GAP + widest("decision") + LABEL_GAP * 2;
  const right = LABEL_GAP + widest("end") + EDGE;
  const drawn = left + NODE_WIDTH + RIBBON_GAP + NODE_WIDTH + decisionGap + NODE_WIDTH + right;
  const width = Math.max(FLOW_MIN_WIDTH, drawn);
  // Any room to spare widens both gaps alike.
  const spare = (width - drawn) / 2;
  const columnX = { source: left, decision: left + NODE_WIDTH + RIBBON_GAP + spare, end: width - right - NODE_WIDTH };
  const layout = sankey<NodeDatum, LinkDatum>()
    .nodeId((n) => n.id)
    .nodeWidth(NODE_WIDTH)
    .nodePadding(14)
    .nodeSort(null)
    .linkSort(null)
    .extent([
      [left, 10],
      [width - right, height - 10],
    ]);
  const graph = layout({ nodes: nodes.map((n) => ({ ...n })), links: links.map((l) => ({ ...l })) });
  // The columns where the labels leave room for them (d3-sankey spaces them evenly).
  for (const n of graph.nodes) {
    n.x0 = columnX[n.column];
    n.x1 = n.x0 + NODE_WIDTH;
  }
  const ribbon = (l: SankeyLink<NodeDatum, LinkDatum>) => {
    const s = l.source as SankeyNode<NodeDatum, LinkDatum>;
    const t = l.target as SankeyNode<NodeDatum, LinkDatum>;
    const x0 = s.x1!;
    const x1 = t.x0!;
    const xm = (x0 + x1) / 2;
    const w = Math.max(1, l.width!) / 2;
    // A filled ribbon (not a stroke) so that it can be focused and outlined like any other shape.
    return `M${x0},${l.y0! - w}C${xm},${l.y0! - w} ${xm},${l.y1! - w} ${x1},${l.y1! - w}L${x1},${l.y1! + w}C${xm},${l.y1! + w} ${xm},${l.y0! + w} ${x0},${l.y0! + w}Z`;
  };
  return (
    <Scrolls label="The demand flow diagram">
    <svg className="app-flow" viewBox={`0 0 ${width} ${height}`} role="group" aria-labelledby="flow-title flow-summary" data-testid="flow-diagram">
      <title id="flow-title">Demand flow: referral source, first decision, outcome</title>
      <g>
        {graph.links.map((l, i) => (
          <a key={i} href={recordsHref(l.figure, period)} aria-label={`${plural(l.value, "contact", "contacts")} ${l.label}: open the list`} className="app-flow__link-anchor" data-figure={l.figure}>
            <path className={`app-flow__link app-flow__link--${(l.target as NodeDatum).column}`} d={ribbon(l)} />
          </a>
        ))}
      </g>
      <g>
        {graph.nodes.map((n) => {
          const onLeft = n.column === "source";
          const x = onLeft ? n.x0! - LABEL_GAP : n.x1! + LABEL_GAP;
          const y = (n.y0! + n.y1!) / 2;
          const shown = text(n);
          return (
            <a key={n.id} href={recordsHref(n.figure, period)} aria-label={`${n.label}: ${plural(n.value, "contact", "contacts")}, open the list`} data-figure={n.figure} className="app-flow__node-anchor">
              <rect className={`app-flow__node app-flow__node--${n.column}`} x={n.x0} y={n.y0} width={n.x1! - n.x0!} height={Math.max(2, n.y1! - n.y0!)} />
              <text className="app-flow__label" x={x} y={y} dy="0.35em" textAnchor={onLeft ? "end" : "start"}>
                {shorten(n.label, LABEL_CHARS[n.column]) !== n.label ? <title>{`${n.label} (${formatNumber(n.value)})`}</title> : null}
                {shown}
              </text>
            </a>
          );
        })}
      </g>
    </svg>
    </Scrolls>
  );
}

/** The flow in words: the biggest sources, decisions changed on the way, and what is still waiting. */
export function flowSummary(flow: FlowView): string {
  if (flow.total === 0) return "No contacts were received in this period.";
  const top = [...flow.sources].sort((a, b) => b.contacts - a.contacts).slice(0, 3);
  const changed = flow.links.filter((l) => l.decision !== "none" && l.outcome !== "pending" && l.decision !== l.outcome).reduce((n, l) => n + l.contacts, 0);
  const pending = flow.ends.find((e) => e.code === "pending")?.contacts ?? 0;
  const biggestEnd = [...flow.ends].filter((e) => e.code !== "pending").sort((a, b) => b.contacts - a.contacts)[0];
  const parts = [
    `${plural(flow.total, "contact was", "contacts were")} received.`,
    `Most came from ${top.map((s) => `${labelOf(REFERRAL_SOURCES, s.code)} (${formatNumber(s.contacts)})`).join(", ")}.`,
  ];
  if (biggestEnd) parts.push(`The most common outcome was ${endLabel(biggestEnd.code).toLowerCase()} (${formatNumber(biggestEnd.contacts)}).`);
  parts.push(`${plural(changed, "contact ended", "contacts ended")} with an outcome other than the first decision proposed.`);
  parts.push(`${plural(pending, "is", "are")} still waiting for a decision.`);
  return parts.join(" ");
}

// ---------------------------------------------------------------------------------------------
// The process map

const MAP_WIDTH = 960;
const MAP_HEIGHT = 440;
const BOX_W = 124;
const BOX_H = 118;
const MAIN_Y = 220;
/** Where each state's box is drawn (centres): the main path left to right, immediate risk above, the step-down below. */
const POSITIONS: Record<string, { x: number; y: number }> = {
  received: { x: 62, y: MAIN_Y },
  screening: { x: 229, y: MAIN_Y },
  awaiting_partner_information: { x: 396, y: MAIN_Y },
  ready_for_decision: { x: 563, y: MAIN_Y },
  awaiting_authorisation: { x: 730, y: MAIN_Y },
  closed: { x: 897, y: MAIN_Y },
  immediate_risk: { x: 312, y: 62 },
  step_down_offered: { x: 730, y: 378 },
};
/** Substates' boxes: under their stage, joined to it by a dotted line. */
const SUBSTATE_POSITIONS: Record<string, { x: number; y: number; within: string }> = {
  partner_information_overdue: { x: 396, y: 378, within: "awaiting_partner_information" },
};

/** Where a ray from a box's centre towards (dx, dy) leaves the box. */
function edgePoint(c: { x: number; y: number }, dx: number, dy: number) {
  const t = Math.min(dx === 0 ? Infinity : BOX_W / 2 / Math.abs(dx), dy === 0 ? Infinity : BOX_H / 2 / Math.abs(dy));
  return { x: c.x + dx * t, y: c.y + dy * t };
}

/** A curved arrow between two boxes, bent to the left of its direction (so a move and its way back never overlap). */
function arrowPath(from: string, to: string) {
  const a = POSITIONS[from]!;
  const b = POSITIONS[to]!;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = Math.hypot(dx, dy);
  const sameRow = dy === 0;
  const bend = sameRow && Math.abs(dx) > 200 ? 150 : 34;
  const c = { x: (a.x + b.x) / 2 + (dy / length) * bend, y: (a.y + b.y) / 2 - (dx / length) * bend };
  const p0 = edgePoint(a, c.x - a.x, c.y - a.y);
  const p2 = edgePoint(b, c.x - b.x, c.y - b.y);
  const mid = { x: 0.25 * p0.x + 0.5 * c.x + 0.25 * p2.x, y: 0.25 * p0.y + 0.5 * c.y + 0.25 * p2.y };
  return { d: `M${p0.x.toFixed(1)},${p0.y.toFixed(1)}Q${c.x.toFixed(1)},${c.y.toFixed(1)} ${p2.x.toFixed(1)},${p2.y.toFixed(1)}`, mid };
}

/** Words broken into lines of at most `max` characters. */
function lines(text: string, max: number): string[] {
  const out: string[] = [];
  for (const word of text.split(" ")) {
    const last = out[out.length - 1];
    if (last !== undefined && `${last} ${word}`.length <= max) out[out.length - 1] = `${last} ${word}`;
    else out.push(word);
  }
  return out;
}

/** The lifecycle: a box per state (contacts through it, median and 90th percentile time there), an arrow per move made. */
export function ProcessMap({
  states,
  substates = [],
  transitions,
  period,
}: {
  states: StateView[];
  substates?: SubstateView[];
  transitions: TransitionView[];
  period: Period;
}) {
  const most = Math.max(1, ...transitions.map((t) => t.contacts));
  return (
    <Scrolls label="The process map">
    <svg className="app-process" viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`} role="group" aria-labelledby="process-title process-summary" data-testid="process-map">
      <title id="process-title">Process map: how the period's contacts moved through the lifecycle</title>
      <defs>
        <marker id="process-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse">
          <path className="app-process__head" d="M0,0L10,5L0,10z" />
        </marker>
        <marker id="process-arrow-loop" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse">
          <path className="app-process__head app-process__head--loop" d="M0,0L10,5L0,10z" />
        </marker>
      </defs>
      {transitions.map((t) => {
        const { d, mid } = arrowPath(t.from, t.to);
        const loop = isLoop(t.from, t.to);
        const width = 1.5 + 5 * Math.sqrt(t.contacts / most);
        const figure = `transition.${t.from}.${t.to}`;
        const words = `${plural(t.contacts, "contact", "contacts")} went from ${processStateLabel(t.from)} to ${processStateLabel(t.to)}${t.moves > t.contacts ? ` (${formatNumber(t.moves)} times)` : ""}${loop ? `, ${LOOPS[`${t.from}.${t.to}`]}` : ""}`;
        return (
          <a key={figure} href={recordsHref(figure, period)} aria-label={`${words}: open the list`} data-figure={figure} className="app-process__arrow-anchor">
            <path className={`app-process__arrow${loop ? " app-process__arrow--loop" : ""}`} d={d} strokeWidth={width.toFixed(1)} markerEnd={`url(#process-arrow${loop ? "-loop" : ""})`} />
            <text className="app-process__count" x={mid.x} y={mid.y} dy="0.35em" textAnchor="middle">
              {formatNumber(t.contacts)}
            </text>
          </a>
        );
      })}
      {states.map((s) => {
        const c = POSITIONS[s.state];
        if (!c) return null;
        const title = lines(processStateLabel(s.state), 18);
        const top = c.y - BOX_H / 2;
        const figure = `state.${s.state}`;
        const timing = s.state === "closed" ? "" : `, median ${durationInWords(s.medianHours)}, 90% within ${durationInWords(s.p90Hours)}, ${formatNumber(s.waiting)} there now`;
        return (
          <a key={s.state} href={recordsHref(figure, period)} aria-label={`${processStateLabel(s.state)}: ${plural(s.contacts, "contact", "contacts")}${timing}: open the list`} data-figure={figure} className="app-process__box-anchor">
            <rect className={`app-process__box${s.contacts === 0 ? " app-process__box--empty" : ""}`} x={c.x - BOX_W / 2} y={top} width={BOX_W} height={BOX_H} rx={4} />
            {title.map((line, i) => (
              <text key={i} className="app-process__title" x={c.x} y={top + 16 + i * 15} textAnchor="middle">
                {line}
              </text>
            ))}
            <text className="app-process__value" x={c.x} y={top + 22 + title.length * 15 + 6} textAnchor="middle">
              {formatNumber(s.contacts)}
            </text>
            {s.state !== "closed" ? (
              <>
                <text className="app-process__time" x={c.x} y={top + BOX_H - 22} textAnchor="middle">
                  median {durationInWords(s.medianHours)}
                </text>
                <text className="app-process__time" x={c.x} y={top + BOX_H - 8} textAnchor="middle">
                  90%: {durationInWords(s.p90Hours)} · now {formatNumber(s.waiting)}
                </text>
              </>
            ) : null}
          </a>
        );
      })}
      {substates.map((s) => {
        const c = SUBSTATE_POSITIONS[s.substate];
        if (!c) return null;
        const parent = POSITIONS[c.within]!;
        const top = c.y - BOX_H / 2;
        const figure = `state.${s.substate}`;
        const label = processStateLabel(s.substate);
        return (
          <g key={s.substate}>
            <line className="app-process__within" x1={parent.x} y1={parent.y + BOX_H / 2} x2={c.x} y2={top} />
            <a
              href={recordsHref(figure, period)}
              aria-label={`${label} (within ${processStateLabel(c.within)}): ${plural(s.contacts, "contact", "contacts")}, median ${durationInWords(s.medianHours)}, 90% within ${durationInWords(s.p90Hours)}, ${formatNumber(s.waiting)} there now: open the list`}
              data-figure={figure}
              className="app-process__box-anchor"
            >
              <rect className={`app-process__subbox${s.contacts === 0 ? " app-process__subbox--empty" : ""}`} x={c.x - BOX_W / 2} y={top} width={BOX_W} height={BOX_H} rx={4} />
              {lines(label, 18).map((line, i) => (
                <text key={i} className="app-process__title" x={c.x} y={top + 16 + i * 15} textAnchor="middle">
                  {line}
                </text>
              ))}
              <text className="app-process__value" x={c.x} y={top + 22 + lines(label, 18).length * 15 + 6} textAnchor="middle">
                {formatNumber(s.contacts)}
              </text>
              <text className="app-process__time" x={c.x} y={top + BOX_H - 22} textAnchor="middle">
                median {durationInWords(s.medianHours)}
              </text>
              <text className="app-process__time" x={c.x} y={top + BOX_H - 8} textAnchor="middle">
                90%: {durationInWords(s.p90Hours)} · now {formatNumber(s.waiting)}
              </text>
            </a>
          </g>
        );
      })}
    </svg>
    </Scrolls>
  );
}

/** The process map in words: the longest wait, the loops, and where contacts are now. */
export function processSummary(states: StateView[], transitions: TransitionView[]): string {
  const received = states.find((s) => s.state === "received")?.contacts ?? 0;
  if (received === 0) return "No contacts were received in this period.";
  const timed = states.filter((s) => s.medianHours !== null);
  const slowest = [...timed].sort((a, b) => (b.medianHours ?? 0) - (a.medianHours ?? 0))[0];
  const slowestTail = [...timed].sort((a, b) => (b.p90Hours ?? 0) - (a.p90Hours ?? 0))[0];
  const waiting = states.filter((s) => s.waiting > 0).sort((a, b) => b.waiting - a.waiting);
  const loops = transitions.filter((t) => isLoop(t.from, t.to));
  const parts = [`${plural(received, "contact", "contacts")} received.`];
  if (slowest) parts.push(`The longest median wait was in ${processStateLabel(slowest.state).toLowerCase()} (${durationInWords(slowest.medianHours)}).`);
  if (slowestTail) parts.push(`The longest 90th-percentile wait was in ${processStateLabel(slowestTail.state).toLowerCase()} (${durationInWords(slowestTail.p90Hours)}).`);
  parts.push(
    loops.length === 0
      ? "No contact was sent back."
      : `Sent back: ${loops.map((t) => `${LOOPS[`${t.from}.${t.to}`]}: ${plural(t.contacts, "contact", "contacts")}`).join("; ")}.`,
  );
  parts.push(
    waiting.length === 0
      ? "None is still open."
      : `Still open now: ${waiting.map((s) => `${formatNumber(s.waiting)} in ${processStateLabel(s.state).toLowerCase()}`).join(", ")}.`,
  );
  return parts.join(" ");
}
