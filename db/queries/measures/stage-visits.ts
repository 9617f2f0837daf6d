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
  /** The contact's first visit to this stage. */
  first_visit: boolean;
  /** Once the visit ended: the first time the contact made this move (stage → next stage); null while open. */
  first_move: boolean | null;
  /** The contact's referral source and outcome now (null while pending). */
  source: string | null;
  outcome: string | null;
}

/**
 * The visits worked out from `contact_events` (and `contacts.received_at`), in the stored rows' shape:
 * every contact's, or (`unprojected`) only those of contacts that have none stored yet.
 */
function fromEvents(only: "all" | "unprojected" = "all") {
  const events = only === "all"
    ? sql`contact_events`
    : sql`(select * from contact_events x where not exists (select 1 from contact_stage_visits v where v.contact_id = x.contact_id))`;
  return sql`select s.*,
    row_number() over (partition by s.contact_id, s.stage order by s.sequence) = 1 as first_visit,
    case when s.next_stage is not null then row_number() over (partition by s.contact_id, s.stage, s.next_stage order by s.sequence) = 1 end as first_move
  from (
    select e.contact_id, e.sequence, e.stage, c.received_at,
      case when e.state_before is null then null else e.at end as entered_at,
      lead(e.stage) over w as next_stage, lead(e.at) over w as left_at,
      case when e.state_before is null then d.decision end as first_decision,
      case when e.state_before is null then d.sequence end as decided_sequence,
      c.source, c.outcome
    from (
      select contact_id, sequence, at, state_before, split_part(state_after, '.', 1) as stage
      from ${events} ev
      where state_before is null or split_part(state_before, '.', 1) <> split_part(state_after, '.', 1)
    ) e
    join contacts c on c.id = e.contact_id
    left join (
      select distinct on (contact_id) contact_id, sequence,
        case when type = 'CONFIRM_STRATEGY_DISCUSSION' then 'strategy_discussion' else payload->>'outcome' end as decision
      from ${events} ev
      where type in ('PROPOSE_DECISION', 'CONFIRM_STRATEGY_DISCUSSION') or (type = 'HISTORY_IMPORTED' and payload->>'outcome' is not null)
      order by contact_id, sequence
    ) d on d.contact_id = e.contact_id
    window w as (partition by e.contact_id order by e.sequence)
  ) s`;
}
const FROM_EVENTS = fromEvents();

const COLUMNS = sql`contact_id, sequence, stage, received_at, entered_at, next_stage, left_at, first_decision, decided_sequence, first_visit, first_move, source, outcome`;

/**
 * Stores the visits of every contact that has events but no visits yet, worked out from its events in
 * one statement — for a bulk load, which writes its events with the projecting triggers switched off
 * (`switchOffStageVisitTriggers`, decision 023 amended): set-based once instead of per batch.
 */
export async function projectUnprojectedStageVisits(db: Executor): Promise<void> {
  await sql`insert into contact_stage_visits (${COLUMNS})
    select ${COLUMNS} from (${fromEvents("unprojected")}) f order by received_at`.execute(db);
}

/**
 * Switches the stage-visit triggers (migration 0018) off for the rest of the transaction's load and
 * back on by the returned function; the caller projects the loaded contacts with
 * `projectUnprojectedStageVisits` before switching them on. `alter table` holds the tables' lock
 * to the end of the transaction, so no other writer passes while they are off.
 */
export async function switchOffStageVisitTriggers(db: Executor): Promise<() => Promise<void>> {
  await sql`alter table contact_events disable trigger contact_events_project_stage_visits`.execute(db);
  await sql`alter table contacts disable trigger contacts_project_receipt`.execute(db);
  return async () => {
    await sql`alter table contact_events enable trigger contact_events_project_stage_visits`.execute(db);
    await sql`alter table contacts enable trigger contacts_project_receipt`.execute(db);
  };
}

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
