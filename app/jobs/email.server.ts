/**
 * Notifications by e-mail through SMTP (nodemailer), when a mail server is configured; without one
 * they are only shown in the app. Each notification is claimed before it is sent (another runner
 * skips it), so it is sent at most once. A send the mail server refuses (or that cannot reach it) is
 * tried again with back-off — 1, 2, 4 and 8 minutes later — and after the fifth attempt it is left
 * `failed`, with its last error, on the administrator's jobs page (decision 028).
 */
import type { Kysely } from "kysely";
import nodemailer from "nodemailer";
import { claimNotificationsToEmail, markPendingEmailsNotSent, setEmailResult } from "../../db/queries/notifications";
import type { Database } from "../../db/schema";
import type { SmtpConfig } from "../config.server";
import { type NotificationDetails, notificationText } from "../notifications/notifications";

const BATCH = 50;

/** How many times an e-mail is tried in all, and the wait after the first failure (doubling after each). */
export const EMAIL_ATTEMPTS = 5;
export const EMAIL_FIRST_RETRY_MINUTES = 1;

/** When to try again after the `attempt`th attempt failed at `at`, or null when it was the last. Pure. */
export function nextEmailAttempt(attempt: number, at: Date): Date | null {
  if (attempt >= EMAIL_ATTEMPTS) return null;
  return new Date(at.getTime() + EMAIL_FIRST_RETRY_MINUTES * 60_000 * 2 ** (attempt - 1));
}

export async function sendNotificationEmails(
  db: Kysely<Database>,
  input: { smtp: SmtpConfig | null; publicUrl: string; serviceName: string; now: Date },
): Promise<{ sent: number; retrying: number; failed: number; notSent: number }> {
  if (!input.smtp) return { sent: 0, retrying: 0, failed: 0, notSent: await markPendingEmailsNotSent(db) };
  const transport = nodemailer.createTransport({
    host: input.smtp.host,
    port: input.smtp.port,
    secure: input.smtp.secure,
    ...(input.smtp.auth ? { auth: input.smtp.auth } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  const counts = { sent: 0, retrying: 0, failed: 0, notSent: 0 };
  try {
    for (;;) {
      const batch = await claimNotificationsToEmail(db, BATCH, input.now);
      if (batch.length === 0) break;
      for (const n of batch) {
        const details = n.details as NotificationDetails;
        const { title, body } = notificationText(n.kind, details);
        const link = `${input.publicUrl}${typeof details.path === "string" && details.path.startsWith("/") ? details.path : "/notifications"}`;
        try {
          await transport.sendMail({
            from: input.smtp.from,
            to: { name: n.display_name, address: n.email },
            subject: `${title} - ${input.serviceName}`,
            text: `${body}\n\nSign in to see it: ${link}\n\nThis message was sent by ${input.serviceName}. It names no child: sign in to see the request.`,
          });
          await setEmailResult(db, n.id, { state: "sent", at: input.now });
          counts.sent += 1;
        } catch (error) {
          // The server's reply (a status line), never the message: it names no child anyway.
          const retryAt = nextEmailAttempt(n.email_attempts + 1, input.now);
          await setEmailResult(db, n.id, { state: "failed", at: input.now, error: error instanceof Error ? error.message.slice(0, 500) : "failed", retryAt });
          if (retryAt) counts.retrying += 1;
          else counts.failed += 1;
        }
      }
    }
  } finally {
    transport.close();
  }
  return counts;
}
