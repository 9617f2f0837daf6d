/**
 * What an administrator sees of the time-driven work (decision 028): each job's last run, its next
 * run and its last error, and the e-mails that could not be sent after every attempt, with whom each
 * was for and the mail server's last answer. Counts and contact references only: nothing about a child.
 */
import type { Kysely } from "kysely";
import { listJobs } from "../../db/queries/jobs";
import { countEmailStates, listFailedEmails } from "../../db/queries/notifications";
import type { Database } from "../../db/schema";
import { type NotificationDetails, notificationText } from "../notifications/notifications";
import { EMAIL_ATTEMPTS } from "./email.server";

const JOB_WORDS: Record<string, string> = {
  "partner-deadlines": "Partners' deadlines recorded as passed",
  "partner-reminders": "Partners reminded before their deadline",
  "notification-emails": "Notifications e-mailed",
  "expired-records": "Expired sessions removed",
  "month-counts": "Contacts counted by month gathered for the measures",
};

const STATE_WORDS: Record<string, string> = {
  pending: "Waiting to be sent",
  sending: "Being sent",
  sent: "Sent",
  failed: `Not sent after ${EMAIL_ATTEMPTS} attempts`,
  not_sent: "Not e-mailed (no mail server set up)",
};

export async function jobsAndEmails(db: Kysely<Database>, input: { failedLimit: number }) {
  const [jobs, states, failed] = await Promise.all([listJobs(db), countEmailStates(db), listFailedEmails(db, input.failedLimit)]);
  return {
    jobs: jobs.map((j) => ({
      name: j.name,
      label: JOB_WORDS[j.name] ?? j.name,
      runs: Number(j.runs),
      lastStartedAt: j.last_started_at,
      lastFinishedAt: j.last_finished_at,
      nextRunAt: j.run_at,
      lastError: j.last_error,
    })),
    emails: Object.keys(STATE_WORDS).map((state) => {
      const found = states.find((s) => s.state === state);
      return { state, label: STATE_WORDS[state]!, count: found?.count ?? 0, retrying: state === "pending" ? (found?.retrying ?? 0) : 0 };
    }),
    failed: failed.map((f) => ({
      id: f.id,
      at: f.at,
      title: notificationText(f.kind, f.details as NotificationDetails).title,
      to: `${f.display_name} <${f.email}>`,
      attempts: f.email_attempts,
      error: f.email_error,
    })),
  };
}
