/**
 * The contacts' stored stage visits (`contact_stage_visits`, migration 0018, decision 019) checked
 * against the same visits worked out afresh from the event history (the rule the demand flow used
 * to apply on every view: decision 012).
 */
import { sql } from "kysely";
import type { Executor } from "../users";

export interface StageVisitRow {
  contact_id: string;
  sequence: number;
  stage: string;
  received_at: Date | null;
  entered_at: Date | null;
  next_stage: string | null;
  left_at: Date | null;
  first_decision: string | null;
  decided_sequence: number | null;
}

/** Every contact's visits worked out from `contact_events` (and `contacts.received_at`), in the stored rows' shape. */
const FROM_EVENTS = sql`select e.contact_id, e.sequence, e.stage, c.received_at,
    case when e.state_before is null then null else e.at end as entered_at,
    lead(e.stage) over w as next_stage, lead(e.at) over w as left_at,
    case when e.state_before is null then d.decision end as first_decision,
    case when e.state_before is null then d.sequence end as decided_sequence
  from (
    select contact_id, sequence, at, state_before, split_part(state_after, '.', 1) as stage
    from contact_events
    where state_before is null or split_part(state_before, '.', 1) <> split_part(state_after, '.', 1)
  ) e
  join contacts c on c.id = e.contact_id
  left join (
    select distinct on (contact_id) contact_id, sequence,
      case when type = 'CONFIRM_STRATEGY_DISCUSSION' then 'strategy_discussion' else payload->>'outcome' end as decision
    from contact_events
    where type in ('PROPOSE_DECISION', 'CONFIRM_STRATEGY_DISCUSSION') or (type = 'HISTORY_IMPORTED' and payload->>'outcome' is not null)
    order by contact_id, sequence
  ) d on d.contact_id = e.contact_id
  window w as (partition by e.contact_id order by e.sequence)`;

const COLUMNS = sql`contact_id, sequence, stage, received_at, entered_at, next_stage, left_at, first_decision, decided_sequence`;

/** The visits of some contacts (all when `contactIds` is omitted) as stored, ordered by contact and sequence. */
export async function storedStageVisits(db: Executor, contactIds?: readonly string[]): Promise<StageVisitRow[]> {
  const where = contactIds ? sql`where contact_id = any(${[...contactIds]}::text[])` : sql``;
  const { rows } = await sql<StageVisitRow>`select ${COLUMNS} from contact_stage_visits ${where} order by contact_id, sequence`.execute(db);
  return rows;
}

/** The same visits worked out afresh from the event history. */
export async function stageVisitsFromEvents(db: Executor, contactIds?: readonly string[]): Promise<StageVisitRow[]> {
  const where = contactIds ? sql`where contact_id = any(${[...contactIds]}::text[])` : sql``;
  const { rows } = await sql<StageVisitRow>`select ${COLUMNS} from (${FROM_EVENTS}) f ${where} order by contact_id, sequence`.execute(db);
  return rows;
}

/** How many visits differ between the stored projection and the event history (both ways), over the whole database. */
export async function countStageVisitDifferences(db: Executor): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (
    (select ${COLUMNS} from contact_stage_visits except all select ${COLUMNS} from (${FROM_EVENTS}) f)
    union all
    (select ${COLUMNS} from (${FROM_EVENTS}) f except all select ${COLUMNS} from contact_stage_visits)
  ) d`.execute(db);
  return Number(rows[0]!.n);
}
