// Frozen once released: migrations never change and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * Each contact's visits to the lifecycle's stages, stored (decision 019), so the demand flow and
 * process map (`/measures/flow`, decision 012) read only their period's visits instead of every event
 * of the period with a window over them.
 *
 * A stage is a top-level state of the contact machine (`split_part(state, '.', 1)`: the two substates
 * of awaiting partner information are one stage). A visit starts with the event that enters a stage
 * (`state_before` null — the contact's receipt — or in another stage) and ends with the next event
 * that enters another one. One row per visit:
 * - `sequence`: the event that entered it; `entered_at` that event's time, null for the visit the
 *   contact began with (entered at its receipt: read as `received_at`);
 * - `next_stage`, `left_at`: the next visit's stage and the time of the event that began it (null while
 *   the contact is still there — or closed);
 * - `received_at`: the contact's, for the period's range scan;
 * - on the visit the contact began with, the first decision the MASH made (`first_decision`: the first
 *   PROPOSE_DECISION's outcome, `strategy_discussion` for CONFIRM_STRATEGY_DISCUSSION, or the outcome a
 *   HISTORY_IMPORTED event recorded) and `decided_sequence`, its event (null: nothing decided yet).
 *
 * Kept exact by triggers, whoever writes (the lifecycle service, the history import — also its bulk
 * load and COPY —, the demo data): after each INSERT statement into `contact_events`, set-based over
 * the statement's rows (a transition table); the events of one contact arrive in sequence order (the
 * table is append-only and each writer appends). A contact's events written before the contact itself
 * (the import's bulk load) take their receipt from the first event's time until the contact arrives;
 * an INSERT into `contacts` then puts its own `received_at` on any of its visits that differ.
 * Existing events are projected here, set-based.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table contact_stage_visits (
    contact_id text not null,
    sequence integer not null,
    stage text not null,
    received_at timestamptz,
    entered_at timestamptz,
    next_stage text,
    left_at timestamptz,
    first_decision text,
    decided_sequence integer,
    primary key (contact_id, sequence)
  )`.execute(db);

  await sql`create function project_contact_stage_visits() returns trigger language plpgsql as $$
  begin
    -- A contact already known whose first new stage change ends the visit it is in now.
    with entering as (
      select distinct on (contact_id) contact_id, sequence, at, split_part(state_after, '.', 1) as stage, state_before
      from new_events
      where state_before is null or split_part(state_before, '.', 1) <> split_part(state_after, '.', 1)
      order by contact_id, sequence
    )
    update contact_stage_visits v set next_stage = e.stage, left_at = e.at
    from entering e
    where e.state_before is not null and v.contact_id = e.contact_id and v.next_stage is null and v.sequence < e.sequence;

    -- The statement's visits, each ended by the next of the same contact in it.
    insert into contact_stage_visits (contact_id, sequence, stage, received_at, entered_at, next_stage, left_at, first_decision, decided_sequence)
    select e.contact_id, e.sequence, e.stage,
      coalesce(c.received_at, r.at),
      case when e.state_before is null then null else e.at end,
      lead(e.stage) over w, lead(e.at) over w,
      case when e.state_before is null then d.decision end,
      case when e.state_before is null then d.sequence end
    from (
      select contact_id, sequence, at, state_before, split_part(state_after, '.', 1) as stage
      from new_events
      where state_before is null or split_part(state_before, '.', 1) <> split_part(state_after, '.', 1)
    ) e
    left join contacts c on c.id = e.contact_id
    left join (
      select contact_id, min(at) as at from new_events where state_before is null group by contact_id
    ) r on r.contact_id = e.contact_id
    left join (
      select distinct on (contact_id) contact_id, sequence,
        case when type = 'CONFIRM_STRATEGY_DISCUSSION' then 'strategy_discussion' else payload->>'outcome' end as decision
      from new_events
      where type in ('PROPOSE_DECISION', 'CONFIRM_STRATEGY_DISCUSSION') or (type = 'HISTORY_IMPORTED' and payload->>'outcome' is not null)
      order by contact_id, sequence
    ) d on d.contact_id = e.contact_id
    window w as (partition by e.contact_id order by e.sequence);

    -- A first decision of a contact that began before this statement.
    update contact_stage_visits v set first_decision = d.decision, decided_sequence = d.sequence
    from (
      select distinct on (contact_id) contact_id, sequence,
        case when type = 'CONFIRM_STRATEGY_DISCUSSION' then 'strategy_discussion' else payload->>'outcome' end as decision
      from new_events n
      where (type in ('PROPOSE_DECISION', 'CONFIRM_STRATEGY_DISCUSSION') or (type = 'HISTORY_IMPORTED' and payload->>'outcome' is not null))
        and not exists (select 1 from new_events b where b.contact_id = n.contact_id and b.state_before is null)
      order by contact_id, sequence
    ) d
    where v.contact_id = d.contact_id and v.entered_at is null and (v.decided_sequence is null or d.sequence < v.decided_sequence);
    return null;
  end
  $$`.execute(db);

  await sql`create function project_contact_receipt() returns trigger language plpgsql as $$
  begin
    update contact_stage_visits v set received_at = n.received_at
    from new_contacts n
    where v.contact_id = n.id and v.received_at is distinct from n.received_at;
    return null;
  end
  $$`.execute(db);

  await sql`create trigger contact_events_project_stage_visits after insert on contact_events
    referencing new table as new_events for each statement execute function project_contact_stage_visits()`.execute(db);
  await sql`create trigger contacts_project_receipt after insert on contacts
    referencing new table as new_contacts for each statement execute function project_contact_receipt()`.execute(db);

  // The events already held, projected the same way in one statement, in the order of receipt (a period's visits lie together).
  await sql`insert into contact_stage_visits (contact_id, sequence, stage, received_at, entered_at, next_stage, left_at, first_decision, decided_sequence)
    select e.contact_id, e.sequence, e.stage, c.received_at,
      case when e.state_before is null then null else e.at end,
      lead(e.stage) over w, lead(e.at) over w,
      case when e.state_before is null then d.decision end,
      case when e.state_before is null then d.sequence end
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
    window w as (partition by e.contact_id order by e.sequence)
    order by c.received_at`.execute(db);

  await sql`create index contact_stage_visits_received on contact_stage_visits (received_at)`.execute(db);
  await sql`analyze contact_stage_visits`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger contacts_project_receipt on contacts`.execute(db);
  await sql`drop trigger contact_events_project_stage_visits on contact_events`.execute(db);
  await sql`drop function project_contact_receipt()`.execute(db);
  await sql`drop function project_contact_stage_visits()`.execute(db);
  await sql`drop table contact_stage_visits`.execute(db);
}
