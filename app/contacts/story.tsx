/**
 * The child's story and the contact's history on the contact page (issue 11, "Design" and item 7):
 * every contact about the child in two columns that wrap — when and which contact, then what
 * happened — so the table fits its column at 1280 px and on a phone; and every event of this
 * contact as a timeline, codes always in words.
 */
import { Link } from "@remix-run/react";
import { formatDate, formatDateTime } from "../ui/format";
import { labelOf, OUTCOMES, RAG_RATINGS, REFERRAL_SOURCES, REQUEST_STATUSES } from "../vocabulary";
import { type AgencyAndHubNames, EVENT_LABELS, eventDetails, stateLabel } from "./labels";

type When = string | Date;

export interface StoryContact {
  id: string;
  reference: string;
  received_at: When;
  source: string | null;
  outcome: string | null;
  decided_at: When | null;
  state: string;
  repeat: boolean;
  reReferral: boolean;
  returns: { agency_name: string; rag: string | null; status: string }[];
  stepDowns: { hub_name: string; offered_at: When; status: string; lead_practitioner: string | null; decline_reason: string | null }[];
}

export interface StoryMerge {
  id: string;
  merged_at: When;
  merged_first_name: string | null;
  merged_last_name: string | null;
  merged_date_of_birth: When | null;
  contacts_moved: number;
  merged_by_name: string | null;
  reason: string;
}

/** A partner's answer in the story: their rating, or where the request stands, in words. */
function partnerWords(r: StoryContact["returns"][number]): string {
  if (r.rag) return `${r.agency_name} ${labelOf(RAG_RATINGS, r.rag)}`;
  if (r.status === "requested") return `${r.agency_name} awaited`;
  return `${r.agency_name} ${labelOf(REQUEST_STATUSES, r.status).toLowerCase()}`;
}

function stepDownWords(s: StoryContact["stepDowns"][number]): string {
  const what =
    s.status === "accepted"
      ? `accepted${s.lead_practitioner ? ` (lead practitioner ${s.lead_practitioner})` : ""}`
      : s.status === "declined"
        ? `declined (bounce-back)${s.decline_reason ? `: ${s.decline_reason}` : ""}`
        : "offered";
  return `Early help, ${s.hub_name} hub: ${what}`;
}

/** The child's story told once: every contact, with outcome, partners' returns, step-downs, and merges. */
export function ChildStory({ contacts, merges, current }: { contacts: StoryContact[]; merges: StoryMerge[]; current: string }) {
  type Entry = { at: string; key: string; node: React.ReactNode };
  const entries: Entry[] = [
    ...contacts.map((c) => ({
      at: String(c.received_at),
      key: c.id,
      node: (
        <tr className="govuk-table__row" key={c.id} data-testid="chronology-contact">
          <td className="govuk-table__cell app-story__when">
            <span className="app-story__date">{formatDate(c.received_at)}</span>{" "}
            {c.id === current ? (
              <strong>{c.reference} (this contact)</strong>
            ) : (
              <Link className="govuk-link" to={`/contacts/${encodeURIComponent(c.id)}`}>
                {c.reference}
              </Link>
            )}
            {c.source ? <span className="app-story__source">{labelOf(REFERRAL_SOURCES, c.source)}</span> : null}
          </td>
          <td className="govuk-table__cell app-story__what">
            <span className="app-story__outcome">{c.outcome ? `${labelOf(OUTCOMES, c.outcome)}, ${formatDate(c.decided_at)}` : stateLabel(c.state)}</span>
            {c.repeat ? <strong className="govuk-tag govuk-tag--orange">Repeat</strong> : null}{" "}
            {c.reReferral ? <strong className="govuk-tag govuk-tag--purple">Re-referral</strong> : null}
            {c.returns.length ? <span className="app-story__line">Partners: {c.returns.map(partnerWords).join(", ")}</span> : null}
            {c.stepDowns.map((s) => (
              <span className="app-story__line" key={`${s.hub_name}${String(s.offered_at)}`}>
                {stepDownWords(s)}
              </span>
            ))}
          </td>
        </tr>
      ),
    })),
    ...merges.map((m) => ({
      at: String(m.merged_at),
      key: m.id,
      node: (
        <tr className="govuk-table__row" key={m.id}>
          <td className="govuk-table__cell app-story__when">
            <span className="app-story__date">{formatDate(m.merged_at)}</span>
          </td>
          <td className="govuk-table__cell app-story__what">
            Record merged: {[m.merged_first_name, m.merged_last_name].filter(Boolean).join(" ")}
            {m.merged_date_of_birth ? `, born ${formatDate(m.merged_date_of_birth)}` : ""} was the same child ({m.contacts_moved} contact
            {m.contacts_moved === 1 ? "" : "s"} moved) by {m.merged_by_name ?? "a manager"}: {m.reason}
          </td>
        </tr>
      ),
    })),
  ].sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime() || a.key.localeCompare(b.key));
  return (
    <section aria-labelledby="story-heading" data-testid="story">
      <h2 className="govuk-heading-m" id="story-heading">
        The child's story
      </h2>
      <div className="app-table-scroll" role="region" aria-label="The child's story" tabIndex={0}>
        <table className="govuk-table app-story" data-testid="chronology">
          <caption className="govuk-table__caption govuk-table__caption--s">
            {contacts.length} contact{contacts.length === 1 ? "" : "s"} about this child, newest first
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Received</th>
              <th scope="col" className="govuk-table__header">What happened</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">{entries.map((e) => e.node)}</tbody>
        </table>
      </div>
    </section>
  );
}

export interface HistoryEvent {
  sequence: number;
  type: string;
  at: When;
  actor_name: string | null;
  payload: unknown;
}

/** Who an event is by: a user, the public form, the previous system, or the app by the clock. */
export function eventByline(e: { type: string; actor_name: string | null }): string {
  if (e.actor_name) return `by ${e.actor_name}`;
  if (e.type === "CONTACT_RECEIVED") return "from the online form";
  if (e.type === "HISTORY_IMPORTED") return "from the previous system";
  return "by the system";
}

/** Every event of this contact, newest first, each with its details in words. */
export function ContactHistory({ history, names }: { history: HistoryEvent[]; names: AgencyAndHubNames }) {
  return (
    <details className="govuk-details" data-testid="history">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">History of this contact ({history.length} events)</span>
      </summary>
      <div className="govuk-details__text">
        <div className="moj-timeline">
          {[...history].reverse().map((e) => {
            const details = eventDetails(e.payload as Record<string, unknown>, names);
            return (
              <div className="moj-timeline__item" key={e.sequence}>
                <div className="moj-timeline__header">
                  <h3 className="moj-timeline__title">{EVENT_LABELS[e.type] ?? "Changed"}</h3>
                  <p className="moj-timeline__byline">{eventByline(e)}</p>
                </div>
                <p className="moj-timeline__date">
                  <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at)}</time>
                </p>
                {details.length ? (
                  <div className="moj-timeline__description">
                    <ul className="govuk-list">
                      {details.map(([label, value]) => (
                        <li key={label}>
                          {label}: {value}
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </div>
    </details>
  );
}
