/** What each kind of audit record means, in words, for "who has seen this child". Shared by browser and server. */
import { EVENT_LABELS } from "../contacts/labels";

/** Views, lists and changes recorded under a fixed action name. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "contact.viewed": "Viewed the contact",
  "contact.recorded": "Recorded the contact",
  "contact.reported_online": "Reported online by a member of the public",
  "person.viewed": "Viewed the person record",
  "person.created": "Created the person record",
  "people.merged": "Merged person records",
  "people.searched": "Searched for a child",
  "information_request.viewed": "Viewed the information request",
  "step_down.viewed": "Viewed the step-down",
  "queue.listed": "Shown in the MASH queue",
  "oversight.listed": "Shown in management oversight",
  "information_requests.listed": "Shown in a partner's information requests",
  "step_downs.listed": "Shown in an early help hub's step-downs",
  "access.refused": "Refused: no permission",
  "access.not_found": "Refused: not found",
  "person.access_viewed": "Viewed who has seen this child",
  "person.access_downloaded": "Downloaded who has seen this child",
  "contact.access_viewed": "Viewed who has seen this contact",
  "contact.access_downloaded": "Downloaded who has seen this contact",
};

/** Purposes some views record (`details.purpose`), in words. */
const PURPOSES: Record<string, string> = {
  "finding the child": "finding the child",
  "merging person records": "merging person records",
};

/**
 * An audit action in words. Changes to a contact are recorded as `contact.<event type>`: those read
 * as the event's label in the contact's history.
 */
export function auditActionLabel(action: string, details: Record<string, unknown> = {}): string {
  let label = AUDIT_ACTION_LABELS[action];
  if (!label && action.startsWith("contact.")) {
    const event = EVENT_LABELS[action.slice("contact.".length).toUpperCase()];
    if (event) label = `Changed the contact: ${event.charAt(0).toLowerCase()}${event.slice(1)}`;
  }
  label ??= action.replace(/[._]/g, " ").replace(/^./, (c) => c.toUpperCase());
  const purpose = typeof details.purpose === "string" ? PURPOSES[details.purpose] : undefined;
  return purpose ? `${label} (${purpose})` : label;
}
