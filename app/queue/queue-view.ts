/**
 * What the queue page shows of each open contact (issue 10, item 3: the page reads this view model,
 * never the query's rows): every code in words, the marks as tags, the siblings recorded together
 * marked as one group. Pure, shared by the server (which builds it) and the page (which shows it).
 */
import { stateLabel } from "../contacts/labels";
import { personName } from "../ui/format";
import { labelOf, REFERRAL_SOURCES } from "../vocabulary";
import { type QueueCursor, queueCursorOf } from "../../db/queries/queue";

export type TagColour = "red" | "orange" | "purple" | "blue" | "grey" | "green" | "pink" | "yellow";

/** A mark on a row: its words, its colour and a name for tests. */
export interface QueueTag {
  text: string;
  colour: TagColour;
  kind: "immediate-risk" | "bounce-back" | "repeat";
}

/**
 * A row as the page receives it: only what the page shows or sends back (issue 13: every field is sent
 * again per row in the loader's data, which made the 50-row page over 40 KB compressed). The contact's
 * address is made from its id on the page; the queue position only of the first and last rows is sent
 * (`queueEnds`).
 */
export interface QueueRowView {
  id: string;
  reference: string;
  /** The linked child's name, or the name the referrer gave. */
  childName: string;
  tags: readonly QueueTag[];
  immediateRisk: boolean;
  /** The decision deadline (ISO), null only until it has been worked out. */
  dueAt: string | null;
  stateLabel: string;
  /** The priority code for `PriorityTag` (red, amber, green), null when not set yet. */
  priority: string | null;
  sourceLabel: string;
  allocatedTo: string | null;
  allocatedName: string | null;
  version: number;
  /** Siblings recorded together: the group, and where this row stands in it on the page. */
  group: { key: string; size: number; first: boolean; last: boolean } | null;
}

/** A row as `listQueuePage` returns it (the fields the view reads). */
export interface QueueRowData {
  id: string;
  reference: string;
  group_id: string | null;
  group_key: string;
  risk_rank: number;
  decision_due_at: Date | string | null;
  source: string;
  state: string;
  priority: string | null;
  immediate_risk: boolean;
  allocated_to: string | null;
  allocated_to_name: string | null;
  version: number;
  described_child: { firstName: string | null; lastName: string } | null;
  first_name: string | null;
  last_name: string | null;
  repeat: boolean;
  bounce_back: boolean;
  group_size: number;
}

/** One object per mark, shared by every row: the page's data then sends each mark once, the rows referring to it. */
const TAGS = {
  immediateRisk: { text: "Immediate risk", colour: "red", kind: "immediate-risk" },
  immediateRiskReported: { text: "Immediate risk reported", colour: "red", kind: "immediate-risk" },
  bounceBack: { text: "Bounce-back", colour: "orange", kind: "bounce-back" },
  repeat: { text: "Repeat", colour: "purple", kind: "repeat" },
} as const satisfies Record<string, QueueTag>;

export function queueTags(row: Pick<QueueRowData, "state" | "immediate_risk" | "bounce_back" | "repeat">): QueueTag[] {
  const tags: QueueTag[] = [];
  if (row.state === "immediate_risk") tags.push(TAGS.immediateRisk);
  else if (row.immediate_risk) tags.push(TAGS.immediateRiskReported);
  if (row.bounce_back) tags.push(TAGS.bounceBack);
  if (row.repeat) tags.push(TAGS.repeat);
  return tags;
}

/** The positions of the page's first and last rows: where the previous and next pages start. */
export function queueEnds(rows: readonly QueueRowData[]): { first: QueueCursor | null; last: QueueCursor | null } {
  const first = rows[0];
  const last = rows.at(-1);
  return { first: first ? queueCursorOf(first) : null, last: last ? queueCursorOf(last) : null };
}

/** The page's rows, in the queue's order, with the siblings on the page marked as one group. */
export function queueRowsView(rows: readonly QueueRowData[]): QueueRowView[] {
  return rows.map((r, i) => {
    const grouped = r.group_id !== null && r.group_size > 1;
    return {
      id: r.id,
      reference: r.reference,
      childName: personName(r),
      tags: queueTags(r),
      immediateRisk: r.risk_rank === 0,
      dueAt: r.decision_due_at ? new Date(r.decision_due_at).toISOString() : null,
      stateLabel: stateLabel(r.state),
      priority: r.priority,
      sourceLabel: labelOf(REFERRAL_SOURCES, r.source),
      allocatedTo: r.allocated_to,
      allocatedName: r.allocated_to_name,
      version: r.version,
      group: grouped
        ? { key: r.group_key, size: r.group_size, first: rows[i - 1]?.group_key !== r.group_key, last: rows[i + 1]?.group_key !== r.group_key }
        : null,
    };
  });
}
