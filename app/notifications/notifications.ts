/**
 * What a notification says, in the page's and the e-mail's words (browser and server). A
 * notification names the contact's reference, the agency and the deadline — never the child, so an
 * e-mail carries nothing about a child beyond a reference that means something only to someone
 * who may sign in.
 */
import type { NotificationKind } from "../../db/schema";

export interface NotificationDetails {
  reference?: string;
  agencyName?: string;
  dueAt?: string;
  /** Where the notification leads in the app. */
  path?: string;
}

const when = (iso: string | undefined) =>
  iso
    ? new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit", hour12: true }).format(new Date(iso))
    : "its deadline";

/** The notification's title and sentence. */
export function notificationText(kind: NotificationKind, details: NotificationDetails): { title: string; body: string } {
  const ref = details.reference ?? "a contact";
  const agency = details.agencyName ?? "the partner agency";
  switch (kind) {
    case "partner_deadline_near":
      return {
        title: `Information request due soon: contact ${ref}`,
        body: `The MASH's request to ${agency} about contact ${ref} is due by ${when(details.dueAt)}.`,
      };
    case "partner_deadline_passed":
      return {
        title: `Information request overdue: contact ${ref}`,
        body: `${agency} has not answered the request about contact ${ref}, which was due by ${when(details.dueAt)}.`,
      };
    case "partner_answer_arrived":
      return {
        title: `Partner information returned: contact ${ref}`,
        body: `${agency} has answered the request about contact ${ref}.`,
      };
  }
}
