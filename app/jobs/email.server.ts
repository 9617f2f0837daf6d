/**
 * Notifications by e-mail through SMTP (nodemailer), when a mail server is configured; without one
 * they are only shown in the app. Each notification is claimed before it is sent (another runner
 * skips it), so it is sent at most once; a failure is kept on the notification and not retried.
 */
import type { Kysely } from "kysely";
import nodemailer from "nodemailer";
import { claimNotificationsToEmail, markPendingEmailsNotSent, setEmailResult } from "../../db/queries/notifications";
import type { Database } from "../../db/schema";
import type { SmtpConfig } from "../config.server";
import { type NotificationDetails, notificationText } from "../notifications/notifications";

const BATCH = 50;

export async function sendNotificationEmails(
  db: Kysely<Database>,
  input: { smtp: SmtpConfig | null; publicUrl: string; serviceName: string; now: Date },
): Promise<{ sent: number; failed: number; notSent: number }> {
  if (!input.smtp) return { sent: 0, failed: 0, notSent: await markPendingEmailsNotSent(db) };
  const transport = nodemailer.createTransport({
    host: input.smtp.host,
    port: input.smtp.port,
    secure: input.smtp.secure,
    ...(input.smtp.auth ? { auth: input.smtp.auth } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  const counts = { sent: 0, failed: 0, notSent: 0 };
  try {
    for (;;) {
      const batch = await claimNotificationsToEmail(db, BATCH);
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
          await setEmailResult(db, n.id, { state: "failed", at: input.now, error: error instanceof Error ? error.message.slice(0, 500) : "failed" });
          counts.failed += 1;
        }
      }
    }
  } finally {
    transport.close();
  }
  return counts;
}
