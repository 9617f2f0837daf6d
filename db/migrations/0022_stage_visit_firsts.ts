// Frozen once released: migrations never change and never import application code.
import { type Kysely, sql } from "kysely";
import * as m0018 from "./0018_contact_stage_visits";

/**
 * Each stored stage visit (migration 0018, decision 019) says whether it is the contact's first visit
 * to its stage (`first_visit`) and, once it has ended, whether it is the first time the contact made
 * that move (`first_move`: null while the visit is open). The process map counts contacts per stage and
 * per move; with the flags those are filtered counts of the period's visits instead of a hash over
 * 400,000 (stage, contact) groups (decision 019, amended). Each visit also carries its contact's
 * `source` and `outcome` now (a duplicate's visits are not the period's; the flow runs from source to
 * outcome), so the page reads its period's visits alone, without joining them to the contacts.
 *
 * The trigger function is replaced by one that also sets the flags: a visit's earlier visits are either
 * stored already (read by the primary key's `contact_id` prefix) or earlier rows of the same INSERT
 * statement (a window over the transition table). Existing visits get theirs from a window over the
 * stored table. The contact's source and outcome come from `contacts` when a visit is written; an
 * INSERT into `contacts` (its receipt trigger) and a change of a contact's source or outcome (a row
 * trigger, fired only when one of them changes) put them on the contact's visits.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table contact_stage_visits add column first_visit boolean, add column first_move boolean,
    add column source text, add column outcome text`.execute(db);
  await sql`update contact_stage_visits v set first_visit = x.first_visit, first_move = x.first_move, source = c.source, outcome = c.outcome
    from (
      select contact_id, sequence,
        row_number() over (partition by contact_id, stage order by sequence) = 1 as first_visit,
        case when next_stage is not null then row_number() over (partition by contact_id, stage, next_stage order by sequence) = 1 end as first_move
      from contact_stage_visits
    ) x
    join contacts c on c.id = x.contact_id
    where v.contact_id = x.contact_id and v.sequence = x.sequence`.execute(db);
  await sql`alter table contact_stage_visits alter column first_visit set not null`.execute(db);

  await sql`create or replace function project_contact_stage_visits() returns trigger language plpgsql as $$
  begin
    -- A contact already known whose first new stage change ends the visit it is in now.
    with entering as (
      select distinct on (contact_id) contact_id, sequence, at, split_part(state_after, '.', 1) as stage, state_before
      from new_events
      where state_before is null or split_part(state_before, '.', 1) <> split_part(state_after, '.', 1)
      order by contact_id, sequence
    )
    update contact_stage_visits v set next_stage = e.stage, left_at = e.at,
      first_move = not exists (
        select 1 from contact_stage_visits x
        where x.contact_id = v.contact_id and x.sequence < v.sequence and x.stage = v.stage and x.next_stage = e.stage
      )
    from entering e
    where e.state_before is not null and v.contact_id = e.contact_id and v.next_stage is null and v.sequence < e.sequence;

    -- The statement's visits, each ended by the next of the same contact in it.
    insert into contact_stage_visits (contact_id, sequence, stage, received_at, entered_at, next_stage, left_at, first_decision, decided_sequence, source, outcome, first_visit, first_move)
    select s.contact_id, s.sequence, s.stage, s.received_at, s.entered_at, s.next_stage, s.left_at, s.first_decision, s.decided_sequence, s.source, s.outcome,
      row_number() over (partition by s.contact_id, s.stage order by s.sequence) = 1
        and not exists (select 1 from contact_stage_visits x where x.contact_id = s.contact_id and x.stage = s.stage),
      case when s.next_stage is not null then
        row_number() over (partition by s.contact_id, s.stage, s.next_stage order by s.sequence) = 1
        and not exists (select 1 from contact_stage_visits x where x.contact_id = s.contact_id and x.stage = s.stage and x.next_stage = s.next_stage)
      end
    from (
      select e.contact_id, e.sequence, e.stage,
        coalesce(c.received_at, r.at) as received_at,
        case when e.state_before is null then null else e.at end as entered_at,
        lead(e.stage) over w as next_stage, lead(e.at) over w as left_at,
        case when e.state_before is null then d.decision end as first_decision,
        case when e.state_before is null then d.sequence end as decided_sequence,
        c.source, c.outcome
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
      window w as (partition by e.contact_id order by e.sequence)
    ) s;

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

  await sql`create or replace function project_contact_receipt() returns trigger language plpgsql as $$
  begin
    update contact_stage_visits v set received_at = n.received_at, source = n.source, outcome = n.outcome
    from new_contacts n
    where v.contact_id = n.id and (v.received_at, v.source, v.outcome) is distinct from (n.received_at, n.source, n.outcome);
    return null;
  end
  $$`.execute(db);

  await sql`create function project_contact_outcome() returns trigger language plpgsql as $$
  begin
    update contact_stage_visits set source = new.source, outcome = new.outcome where contact_id = new.id;
    return null;
  end
  $$`.execute(db);
  await sql`create trigger contacts_project_outcome after update of source, outcome on contacts for each row
    when (old.source is distinct from new.source or old.outcome is distinct from new.outcome)
    execute function project_contact_outcome()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Back to migration 0018's table and trigger functions (the visits projected again from the events).
  await sql`drop trigger contacts_project_outcome on contacts`.execute(db);
  await sql`drop function project_contact_outcome()`.execute(db);
  await m0018.down(db);
  await m0018.up(db);
}
