/**
 * The job runner (decision 017): time-driven work that runs by itself, backed by the `jobs` table.
 *
 * Every `intervalSeconds` each runner looks for due jobs; it claims one at a time with
 * `for update skip locked` and a lease (db/queries/jobs.ts `claimDueJob`), which also sets the job's
 * next run, so however many runners there are (two app servers on PostgreSQL, or two runners in one
 * process on the embedded database) each run of a job happens on one of them. The work itself is in
 * short transactions of its own and safe to repeat (idempotency keys, `event_key`), so a run cut
 * short by a crash is finished by the next one after the lease ends.
 */
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { claimDueJob, ensureJobs, finishJob } from "../../db/queries/jobs";
import { gatherMonthCounts } from "../../db/queries/measures/month-counts";
import type { Database } from "../../db/schema";
import type { SmtpConfig } from "../config.server";
import { sendNotificationEmails } from "./email.server";
import { removeExpiredRecords } from "./expired-records.server";
import { markPartnerDeadlinesPassed, remindPartnersBeforeDeadline } from "./partner-deadlines.server";

export interface JobContext {
  db: Kysely<Database>;
  now: Date;
}

export interface JobDefinition {
  name: string;
  /** What the run did, for the log (counts only: nothing about a child). */
  run: (context: JobContext) => Promise<Record<string, number>>;
}

export const JOB_NAMES = ["partner-deadlines", "partner-reminders", "notification-emails", "expired-records", "month-counts"] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** The app's jobs. Deadlines run before e-mail, so a deadline passed in a run is e-mailed in the same round. */
export function appJobs(config: { smtp: SmtpConfig | null; publicUrl: string; serviceName: string; jobs?: { clockAheadMinutes: number } }): JobDefinition[] {
  // Browser tests only: partners' deadlines pass for the jobs this much sooner (sessions still expire on time).
  const ahead = (config.jobs?.clockAheadMinutes ?? 0) * 60_000;
  const deadlineNow = (now: Date) => new Date(now.getTime() + ahead);
  return [
    { name: "partner-deadlines", run: ({ db, now }) => markPartnerDeadlinesPassed(db, deadlineNow(now)) },
    { name: "partner-reminders", run: ({ db, now }) => remindPartnersBeforeDeadline(db, deadlineNow(now)) },
    { name: "notification-emails", run: ({ db, now }) => sendNotificationEmails(db, { ...config, now }) },
    { name: "expired-records", run: ({ db, now }) => removeExpiredRecords(db, now) },
    // The measures' counts by month (decision 035): each group's rows of changes gathered into one.
    { name: "month-counts", run: async ({ db }) => ({ rowsGathered: await gatherMonthCounts(db) }) },
  ];
}

export interface RunnerOptions {
  intervalSeconds: number;
  /** A run not finished after this long may be claimed by another runner. */
  leaseSeconds?: number;
  log?: (line: string) => void;
  /** The clock (tests move it). */
  clock?: () => Date;
  id?: string;
}

export class JobRunner {
  readonly id: string;
  private readonly jobs: Map<string, JobDefinition>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private prepared = false;

  constructor(
    private readonly db: Kysely<Database>,
    jobs: JobDefinition[],
    private readonly options: RunnerOptions,
  ) {
    this.id = options.id ?? `runner-${process.pid}-${randomBytes(3).toString("hex")}`;
    this.jobs = new Map(jobs.map((j) => [j.name, j]));
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  /** Runs every due job once (those another runner holds are skipped). Returns the names of the jobs this runner ran. */
  async runDueJobs(): Promise<string[]> {
    if (!this.prepared) {
      await ensureJobs(this.db, [...this.jobs.keys()].map((name) => ({ name, everySeconds: this.options.intervalSeconds })), this.now());
      this.prepared = true;
    }
    const ran: string[] = [];
    for (let i = 0; i < this.jobs.size; i++) {
      const started = this.now();
      const claimed = await claimDueJob(this.db, { names: [...this.jobs.keys()], runner: this.id, now: started, leaseSeconds: this.options.leaseSeconds ?? 600 });
      if (!claimed) break;
      const job = this.jobs.get(claimed.name)!;
      let error: string | null = null;
      try {
        const counts = await job.run({ db: this.db, now: started });
        const said = Object.entries(counts).filter(([, n]) => n > 0);
        if (said.length) this.options.log?.(`Job ${job.name}: ${said.map(([k, n]) => `${k} ${n}`).join(", ")}.`);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
        this.options.log?.(`Job ${job.name} failed: ${error}`);
      }
      await finishJob(this.db, { name: job.name, runner: this.id, now: this.now(), error });
      ran.push(job.name);
    }
    return ran;
  }

  /** Looks for due jobs now and then every interval (a look still running is not started again). */
  start(): void {
    if (this.timer) return;
    const tick = () => {
      if (this.running) return;
      this.running = this.runDueJobs()
        .catch((e) => this.options.log?.(`Job runner: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => {
          this.running = null;
        });
    };
    this.timer = setInterval(tick, this.options.intervalSeconds * 1000);
    this.timer.unref();
    tick();
  }

  /** Stops looking, and waits for a run under way to finish (before the database closes). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
