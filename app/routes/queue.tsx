import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, type ShouldRevalidateFunction, useLoaderData } from "@remix-run/react";
import { useCallback, useState } from "react";
import { requirePermission } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { AllocateForm, type AllocationRefusal, PickUpForm } from "../queue/allocate";
import { PriorityTag } from "../measures/figures";
import { KeysetPagination } from "../ui/keyset-pagination";
import { choicesOf, RAG_RATINGS, REFERRAL_SOURCES } from "../vocabulary";
import { STATE_LABELS, stateLabel } from "../contacts/labels";
import { timeLeft } from "../clocks/time-left";
import { formatNumber } from "../ui/format";
import { SummaryBand } from "../ui/summary-band";
import { Deadline } from "../ui/deadline";
import { readQueue } from "../queue/queue.server";
import { cursorParam, queueQuerySchema } from "../queue/queue.schema";
import { RefusalSummary, SuccessBanner } from "../ui/layout";

export const meta: MetaFunction = () => [{ title: "MASH queue – Children's front door" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(request, context, "queue.view");
  const url = new URL(request.url);
  // Each filter value that is not one of the choices is dropped (the queue still shows).
  const query = queueQuerySchema.parse(Object.fromEntries(url.searchParams));
  const now = new Date();
  const queue = await readQueue(context.db, user, query, { now, ipAddress: context.clientIp });
  return {
    ...queue,
    query,
    now: now.toISOString(),
    me: { id: user.id, role: user.role },
    done: url.searchParams.get("done"),
    search: url.search,
    // A new key for every rendering of the forms: a repeated submission of this rendering is applied once.
    formKey: crypto.randomUUID(),
  };
}

/** After an allocation refused as stale, show the rows as they are now. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => actionStatus === 409 || defaultShouldRevalidate;

const PRIORITY_CHOICES = [...choicesOf(RAG_RATINGS), { value: "none", text: "Not set yet" }];
const OPEN_STATES = Object.keys(STATE_LABELS).filter((s) => s !== "closed");

export default function Queue() {
  const data = useLoaderData<typeof loader>();
  const { rows, query, byState, workers, me, formKey, marks } = data;
  const now = new Date(data.now);
  // An allocation refused (the contact changed meanwhile) is shown at the top: its row may have left this page.
  const [refused, setRefused] = useState<{ reference: string; refusal: AllocationRefusal } | null>(null);
  const onRefused = useCallback((reference: string, refusal: AllocationRefusal) => setRefused({ reference, refusal }), []);
  const mine = query.view === "mine";
  const openTotal = Object.values(byState).reduce((a, b) => a + b, 0);
  const filtered = Boolean(query.state || query.priority || query.source || query.allocated || query.repeat || query.risk || query.bounce || query.overdue);

  // Links keep the filters and move the position.
  const params = new URLSearchParams(data.search);
  for (const key of ["after", "before", "page", "done"]) params.delete(key);
  const link = (extra: Record<string, string>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return `/queue?${p}`;
  };
  const { first, last } = data.ends;
  const nextHref = data.hasNext && last ? link({ after: cursorParam(last), page: String(data.pageNumber + 1) }) : null;
  const previousHref = data.hasPrevious && first ? link({ before: cursorParam(first), page: String(data.pageNumber - 1) }) : null;
  // After allocating, back to this page as it is (same filters and position).
  const here = new URLSearchParams(data.search);
  here.delete("done");
  const thisPage = `/queue${here.toString() ? `?${here}` : ""}`;
  // The summary band's links: the whole queue (or my work) narrowed to one mark.
  const bandHref = (mark: string) => `/queue?${mine ? "view=mine&" : ""}${mark}=yes`;

  return (
    <div className="app-wide">
      {data.done === "allocated" || data.done === "picked-up" ? (
        <SuccessBanner id="done" testId="done-banner" heading={data.done === "allocated" ? "The contact has been allocated." : "You have picked up the contact: it is in your work."} />
      ) : null}
      {refused?.refusal.message ? (
        <RefusalSummary title={refused.refusal.message.title} body={`Contact ${refused.reference}: ${refused.refusal.message.body}`} testId="allocation-refused" />
      ) : null}
      <div className="app-list-heading">
        <h1 className="govuk-heading-l">MASH queue</h1>
        <SummaryBand
          label={mine ? "My work at a glance" : "The queue at a glance"}
          items={[
            { key: "open", label: mine ? "Mine, open" : "Open", value: mine ? data.mine : openTotal, href: mine ? "/queue?view=mine" : "/queue" },
            { key: "overdue", label: "Overdue", value: marks.overdue, href: bandHref("overdue"), alert: marks.overdue > 0 },
            { key: "immediate-risk", label: "Immediate risk", value: marks.immediateRisk, href: bandHref("risk"), alert: marks.immediateRisk > 0 },
            { key: "bounce-backs", label: "Bounce-backs", value: marks.bounceBacks, href: bandHref("bounce") },
            { key: "repeats", label: "Repeat contacts", value: marks.repeats, href: bandHref("repeat") },
          ]}
        />
        <nav className="moj-sub-navigation govuk-!-margin-bottom-0 app-list-heading__tabs" aria-label="Whose work">
          <ul className="moj-sub-navigation__list">
            <li className="moj-sub-navigation__item">
              <Link className="moj-sub-navigation__link" to="/queue" aria-current={mine ? undefined : "page"}>
                All open contacts
              </Link>
            </li>
            <li className="moj-sub-navigation__item">
              <Link className="moj-sub-navigation__link" to="/queue?view=mine" aria-current={mine ? "page" : undefined} data-testid="my-work">
                My work ({formatNumber(data.mine)})
              </Link>
            </li>
          </ul>
        </nav>
      </div>

      <div className="app-list-layout">
        <div className="app-list-layout__filters">
          <Form method="get" action="/queue" data-testid="queue-filters" key={data.search} aria-label="Filter the queue">
            <h2 className="govuk-heading-s govuk-!-margin-bottom-2">Filter</h2>
            {mine ? <input type="hidden" name="view" value="mine" /> : null}
            <FilterSelect
              name="state"
              label="State"
              value={query.state}
              any="Any state"
              choices={OPEN_STATES.map((s) => ({ value: s, text: `${stateLabel(s)} (${formatNumber(byState[s] ?? 0)})` }))}
            />
            <FilterSelect name="priority" label="Priority" value={query.priority} any="Any priority" choices={PRIORITY_CHOICES} />
            <FilterSelect name="source" label="Referral source" value={query.source} any="Any source" choices={REFERRAL_SOURCES.map((t) => ({ value: t.code, text: `${t.code}: ${t.label}` }))} />
            {mine ? null : (
              <FilterSelect
                name="allocated"
                label="Allocated to"
                value={query.allocated}
                any="Anyone or no one"
                choices={[{ value: "none", text: "Not allocated" }, ...workers.map((w) => ({ value: w.id, text: w.display_name }))]}
              />
            )}
            <div className="govuk-form-group govuk-!-margin-bottom-3">
              <fieldset className="govuk-fieldset">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Only</legend>
                <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                  <FilterCheckbox name="risk" label="At immediate risk" checked={query.risk === "yes"} />
                  <FilterCheckbox name="overdue" label="Overdue" checked={query.overdue === "yes"} />
                  <FilterCheckbox name="bounce" label="Bounce-backs (declined by an early help hub)" checked={query.bounce === "yes"} />
                  <FilterCheckbox name="repeat" label="Repeat contacts only (the child had another contact in the 12 months before)" checked={query.repeat === "yes"} />
                </div>
              </fieldset>
            </div>
            <div className="govuk-button-group govuk-!-margin-bottom-2">
              <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-2" data-module="govuk-button">
                Apply filters
              </button>
              {filtered ? (
                <Link className="govuk-link" to={mine ? "/queue?view=mine" : "/queue"}>
                  Clear filters
                </Link>
              ) : null}
            </div>
          </Form>
          <h2 className="govuk-heading-s govuk-!-margin-bottom-1">By state</h2>
          <ul className="govuk-list govuk-body-s app-state-counts" aria-label="Open contacts by state" data-testid="state-counts">
            {OPEN_STATES.filter((s) => byState[s]).map((s) => (
              <li key={s}>
                <Link className="govuk-link" to={`/queue?state=${encodeURIComponent(s)}${mine ? "&view=mine" : ""}`}>
                  {stateLabel(s)}
                </Link>{" "}
                {formatNumber(byState[s] ?? 0)}
              </li>
            ))}
          </ul>
        </div>

        <div className="app-list-layout__main">
          <p className="govuk-body-s govuk-!-margin-bottom-1" data-testid="queue-summary" aria-live="polite">
            <strong>{formatNumber(data.total)}</strong> {data.total === 1 ? "contact" : "contacts"}
            {filtered || mine ? " match" : " open"}
            {data.overdue ? (
              <>
                , <strong className="govuk-!-font-weight-bold">{formatNumber(data.overdue)} overdue</strong>
              </>
            ) : null}
            . Immediate risk first, then the nearest deadline; children recorded together side by side.
          </p>

          {rows.length === 0 ? (
            <p className="govuk-body">{mine ? "No open contacts are allocated to you." : "There are no open contacts that match."}</p>
          ) : (
            <div className="app-table-scroll" role="region" aria-label="Open contacts (scrolls sideways)" tabIndex={0}>
              <table className="govuk-table app-dense-table" data-testid="queue">
                <caption className="govuk-table__caption govuk-visually-hidden">
                  {mine ? "My work" : "Open contacts"}, page {data.pageNumber} of {data.pages}
                </caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Contact</th>
                    <th scope="col" className="govuk-table__header">Decision due</th>
                    <th scope="col" className="govuk-table__header">State</th>
                    <th scope="col" className="govuk-table__header">Priority</th>
                    <th scope="col" className="govuk-table__header">Source</th>
                    <th scope="col" className="govuk-table__header">Allocated to</th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {rows.map((c) => {
                    const href = `/contacts/${c.id}`;
                    const overdue = c.dueAt ? timeLeft(c.dueAt, now).overdue : false;
                    const classes = ["govuk-table__row"];
                    if (c.immediateRisk) classes.push("app-row--risk");
                    else if (overdue) classes.push("app-row--overdue");
                    if (c.group) classes.push("app-row--group", ...(c.group.first ? ["app-row--group-first"] : []), ...(c.group.last ? ["app-row--group-last"] : []));
                    return (
                      <tr
                        key={c.id}
                        className={classes.join(" ")}
                        data-testid="queue-row"
                        data-overdue={overdue ? "true" : "false"}
                        data-immediate-risk={c.immediateRisk ? "true" : "false"}
                        data-group={c.group?.key ?? ""}
                        data-due={c.dueAt ?? ""}
                      >
                        <td className="govuk-table__cell">
                          <span className="app-queue-contact">
                            <Link className="govuk-link app-nowrap" to={href}>
                              {c.reference}
                            </Link>
                            <span className="app-queue-contact__name" title={c.childName}>
                              {c.childName}
                            </span>
                            {c.group ? (
                              <span className="app-queue-contact__group" data-testid="group-mark">
                                {c.group.first ? `Recorded with ${c.group.size - 1} other ${c.group.size === 2 ? "child" : "children"}` : "sibling"}
                              </span>
                            ) : null}
                            {c.group?.first ? (
                              <Link className="govuk-link app-queue-contact__group" to={`${href}/siblings`} data-testid="screen-together">
                                Screen together<span className="govuk-visually-hidden">: the children recorded with {c.reference}</span>
                              </Link>
                            ) : null}
                            {c.tags.map((t) => (
                              <strong key={t.kind} className={`govuk-tag govuk-tag--${t.colour} app-tag--small`} data-testid={`${t.kind}-tag`}>
                                {t.text}
                              </strong>
                            ))}
                          </span>
                        </td>
                        <td className="govuk-table__cell" data-testid="due">
                          <Deadline at={c.dueAt} now={now} />
                        </td>
                        <td className="govuk-table__cell">{c.stateLabel}</td>
                        <td className="govuk-table__cell">
                          <PriorityTag priority={c.priority} />
                        </td>
                        <td className="govuk-table__cell">
                          <span className="app-cell-clip" title={c.sourceLabel}>
                            {c.sourceLabel}
                          </span>
                        </td>
                        <td className="govuk-table__cell" data-testid="allocated">
                          <span className="app-queue-allocated">
                            {/* A manager's choice shows who has it: the name is then for screen readers. */}
                            <span data-testid="allocated-name" className={can(me.role, "contact.allocate") ? "govuk-visually-hidden" : undefined}>
                              {c.allocatedName ?? "Not allocated"}
                            </span>
                            {can(me.role, "contact.allocate") ? (
                              <AllocateForm
                                compact
                                contactId={c.id}
                                reference={c.reference}
                                version={c.version}
                                formKey={formKey}
                                returnTo={thisPage}
                                workers={workers}
                                allocatedTo={c.allocatedTo}
                                onRefused={onRefused}
                              />
                            ) : null}
                            {can(me.role, "contact.pick-up") && !c.allocatedTo ? (
                              <PickUpForm compact contactId={c.id} reference={c.reference} version={c.version} formKey={formKey} returnTo={thisPage} onRefused={onRefused} />
                            ) : null}
                          </span>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <KeysetPagination previousHref={previousHref} nextHref={nextHref} page={data.pageNumber} pages={data.pages} />
        </div>
      </div>
    </div>
  );
}

function FilterCheckbox({ name, label, checked }: { name: string; label: string; checked: boolean }) {
  const id = `filter-${name}`;
  return (
    <div className="govuk-checkboxes__item">
      <input className="govuk-checkboxes__input" id={id} name={name} type="checkbox" value="yes" defaultChecked={checked} />
      <label className="govuk-label govuk-checkboxes__label govuk-!-font-size-16" htmlFor={id}>
        {label}
      </label>
    </div>
  );
}

function FilterSelect({ name, label, value, any, choices }: { name: string; label: string; value: string | undefined; any: string; choices: { value: string; text: string }[] }) {
  const id = `filter-${name}`;
  return (
    <div className="govuk-form-group govuk-!-margin-bottom-3">
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      <select className="govuk-select govuk-!-width-full" id={id} name={name} defaultValue={value ?? ""}>
        <option value="">{any}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.text}
          </option>
        ))}
      </select>
    </div>
  );
}
