/**
 * The SQL of the job runner (app/jobs/, decision 017): the `jobs` table, one row per recurring job,
 * claimed with `for update skip locked` and leased, so that with two app servers (or two runners on
 * one embedded database) each run of a job happens once; and what the time-driven jobs look for.
 */
import { sql } from "kysely";
import type { Executor } from "../executor";

/** The jobs exist, each with its interval (a changed interval applies from its next run). */
export async function ensureJobs(db: Executor, jobs: { name: string; everySeconds: number }[], now: Date): Promise<void> {
  for (const job of jobs) {
    await db
      .insertInto("jobs")
      .values({ name: job.name, every_seconds: job.everySeconds, run_at: now })
      .onConflict((oc) => oc.column("name").doUpdateSet({ every_seconds: job.everySeconds }))
      .execute();
  }
}

/**
 * Claims one due job of `names` for `runner`: the row is locked (another runner's claim skips it),
 * leased until `now + leaseSeconds` (a runner that dies leaves it to be claimed again after that)
 * and its next run set one interval on — all in one statement. Undefined when none is due.
 */
export async function claimDueJob(db: Executor, input: { names: string[]; runner: string; now: Date; leaseSeconds: number }) {
  if (input.names.length === 0) return undefined;
  const { rows } = await sql<{ name: string; runs: number }>`
    update jobs set
      locked_by = ${input.runner},
      locked_until = ${input.now}::timestamptz + make_interval(secs => ${input.leaseSeconds}),
      last_started_at = ${input.now}::timestamptz,
      run_at = ${input.now}::timestamptz + make_interval(secs => every_seconds),
      runs = runs + 1
    where name = (
      select name from jobs
      where name = any(${input.names}::text[]) and run_at <= ${input.now}::timestamptz
        and (locked_until is null or locked_until <= ${input.now}::timestamptz)
      order by run_at, name
      limit 1
      for update skip locked
    )
    returning name, runs`.execute(db);
  return rows[0];
}

/** The run is over: the lease is released (only by the runner that holds it), with the error if it failed. */
export async function finishJob(db: Executor, input: { name: string; runner: string; now: Date; error: string | null }): Promise<void> {
  await db
    .updateTable("jobs")
    .set({ locked_by: null, locked_until: null, last_finished_at: input.now, last_error: input.error })
    .where("name", "=", input.name)
    .where("locked_by", "=", input.runner)
    .execute();
}

/** Makes a job due now (tests, and an operator who wants a run at once). */
export async function makeJobDue(db: Executor, name: string, now: Date): Promise<void> {
  await db.updateTable("jobs").set({ run_at: now }).where("name", "=", name).execute();
}

export function listJobs(db: Executor) {
  return db.selectFrom("jobs").selectAll().orderBy("name").execute();
}

/** Requests still waiting whose deadline is not yet recorded as passed: what both deadline jobs read. */
function requestsStillWaiting(db: Executor) {
  return db
    .selectFrom("information_requests")
    .select(["information_requests.id", "information_requests.contact_id", "information_requests.agency_code", "information_requests.due_at"])
    .where("information_requests.waiting", "=", true)
    .where("information_requests.overdue_at", "is", null);
}

/**
 * Requests still waiting whose deadline has passed and is not yet recorded as passed, on contacts
 * that are waiting for partners (the only state where the machine records it), earliest first.
 */
export function listRequestsPastDeadline(db: Executor, now: Date, limit: number) {
  return requestsStillWaiting(db)
    .innerJoin("contacts", "contacts.id", "information_requests.contact_id")
    .where("information_requests.due_at", "<=", now)
    .where("contacts.state", "like", "awaiting\\_partner\\_information%")
    .orderBy("information_requests.due_at")
    .orderBy("information_requests.id")
    .limit(limit)
    .execute();
}

/**
 * Requests still waiting, not yet reminded of, in the last quarter of the time they were given (a Red request's last
 * hour of four; a Green request's last ~18 hours of three working days), not yet past it.
 */
export function listRequestsNearDeadline(db: Executor, now: Date, limit: number) {
  return requestsStillWaiting(db)
    .where("information_requests.due_at", ">", now)
    .where(sql<boolean>`${now}::timestamptz >= information_requests.due_at - (information_requests.due_at - information_requests.requested_at) / 4`)
    // Not yet reminded of this deadline (`nearDeadlineKey` in app/notifications/notify.server.ts).
    .where(sql<boolean>`not exists (select 1 from notifications n
      where n.event_key = 'partner_deadline_near:' || information_requests.id || ':' || (extract(epoch from information_requests.due_at) * 1000)::bigint)`)
    .orderBy("information_requests.due_at")
    .limit(limit)
    .execute();
}
