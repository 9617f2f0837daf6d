import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, type ShouldRevalidateFunction, useLoaderData } from "@remix-run/react";
import { useCallback, useState } from "react";
import { requirePermission } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { AllocateForm, type AllocationRefusal, PickUpForm } from "../queue/allocate";
import { PriorityTag } from "../measures/figures";
import { KeysetPagination } from "../ui/keyset-pagination";
import { choicesOf, labelOf, RAG_RATINGS, REFERRAL_SOURCES } from "../vocabulary";
import { STATE_LABELS, stateLabel } from "../contacts/labels";
import { timeLeft } from "../clocks/time-left";
import { formatNumber, personName } from "../ui/format";
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
  const { rows, query, byState, workers, me, formKey } = data;
  const now = new Date(data.now);
  // An allocation refused (the contact changed meanwhile) is shown at the top: its row may have left this page.
  const [refused, setRefused] = useState<{ reference: string; refusal: AllocationRefusal } | null>(null);
  const onRefused = useCallback((reference: string, refusal: AllocationRefusal) => setRefused({ reference, refusal }), []);
  const mine = query.view === "mine";
  const openTotal = Object.values(byState).reduce((a, b) => a + b, 0);
  const filtered = Boolean(query.state || query.priority || query.source || query.allocated || query.repeat);

  // Links keep the filters and move the position.
  const params = new URLSearchParams(data.search);
  for (const key of ["after", "before", "page", "done"]) params.delete(key);
  const link = (extra: Record<string, string>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return `/queue?${p}`;
  };
  const first = rows[0];
  const last = rows.at(-1);
  const nextHref = data.hasNext && last ? link({ after: cursorParam(last), page: String(data.pageNumber + 1) }) : null;
  const previousHref = data.hasPrevious && first ? link({ before: cursorParam(first), page: String(data.pageNumber - 1) }) : null;
  // After allocating, back to this page as it is (same filters and position).
  const here = new URLSearchParams(data.search);
  here.delete("done");
  const thisPage = `/queue${here.toString() ? `?${here}` : ""}`;

  return (
    <>
      {data.done === "allocated" || data.done === "picked-up" ? (
        <SuccessBanner id="done" testId="done-banner" heading={data.done === "allocated" ? "The contact has been allocated." : "You have picked up the contact: it is in your work."} />
      ) : null}
      {refused?.refusal.message ? (
        <RefusalSummary title={refused.refusal.message.title} body={`Contact ${refused.reference}: ${refused.refusal.message.body}`} testId="allocation-refused" />
      ) : null}
      <h1 className="govuk-heading-l">MASH queue</h1>
      <p className="govuk-body">Open contacts by their decision deadline, the nearest first. Overdue contacts come first.</p>

      <ul className="app-summary-figures govuk-list" aria-label="Open contacts by state" data-testid="state-counts">
        <li className="app-summary-figure">
          <span className="app-summary-figure__value">{formatNumber(openTotal)}</span>
          <span className="app-summary-figure__label">Open contacts</span>
        </li>
        {OPEN_STATES.filter((s) => byState[s]).map((s) => (
          <li key={s} className="app-summary-figure">
            <span className="app-summary-figure__value">{formatNumber(byState[s] ?? 0)}</span>
            <span className="app-summary-figure__label">
              <Link className="govuk-link" to={`/queue?state=${encodeURIComponent(s)}${mine ? "&view=mine" : ""}`}>
                {stateLabel(s)}
              </Link>
            </span>
          </li>
        ))}
      </ul>

      <nav className="moj-sub-navigation" aria-label="Whose work">
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

      <Form method="get" action="/queue" data-testid="queue-filters" key={data.search}>
        {mine ? <input type="hidden" name="view" value="mine" /> : null}
        <div className="govuk-grid-row">
          <FilterSelect name="state" label="State" value={query.state} any="Any state" choices={OPEN_STATES.map((s) => ({ value: s, text: stateLabel(s) }))} />
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
        </div>
        <div className="govuk-form-group">
          <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
            <div className="govuk-checkboxes__item">
              <input className="govuk-checkboxes__input" id="filter-repeat" name="repeat" type="checkbox" value="yes" defaultChecked={query.repeat === "yes"} />
              <label className="govuk-label govuk-checkboxes__label" htmlFor="filter-repeat">
                Repeat contacts only (the child had another contact in the 12 months before)
              </label>
            </div>
          </div>
        </div>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Apply filters
          </button>
          {filtered ? (
            <Link className="govuk-link" to={mine ? "/queue?view=mine" : "/queue"}>
              Clear filters
            </Link>
          ) : null}
        </div>
      </Form>

      <p className="govuk-body" data-testid="queue-summary" aria-live="polite">
        <strong>{formatNumber(data.total)}</strong> {data.total === 1 ? "contact" : "contacts"}
        {filtered || mine ? " match" : " open"}
        {data.overdue ? (
          <>
            , <strong className="govuk-!-font-weight-bold">{formatNumber(data.overdue)} overdue</strong>
          </>
        ) : null}
        .
      </p>

      {rows.length === 0 ? (
        <p className="govuk-body">{mine ? "No open contacts are allocated to you." : "There are no open contacts that match."}</p>
      ) : (
        <table className="govuk-table govuk-!-font-size-16" data-testid="queue">
          <caption className="govuk-table__caption govuk-table__caption--m">
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
              const due = c.decision_due_at ? timeLeft(c.decision_due_at, now) : null;
              const overdue = due?.overdue ?? false;
              return (
                <tr
                  key={c.id}
                  className={`govuk-table__row${overdue ? " app-row--overdue" : ""}`}
                  data-testid="queue-row"
                  data-overdue={overdue ? "true" : "false"}
                  data-due={c.decision_due_at ? new Date(c.decision_due_at).toISOString() : ""}
                >
                  <td className="govuk-table__cell">
                    <Link className="govuk-link app-nowrap" to={`/contacts/${c.id}`}>
                      {c.reference}
                    </Link>
                    <br />
                    {personName(c)}
                    {c.immediate_risk ? (
                      <>
                        {" "}
                        <strong className="govuk-tag govuk-tag--red">Immediate risk</strong>
                      </>
                    ) : null}
                    {c.repeat ? (
                      <>
                        {" "}
                        <strong className="govuk-tag govuk-tag--purple" data-testid="repeat-tag">
                          Repeat
                        </strong>
                      </>
                    ) : null}
                  </td>
                  <td className="govuk-table__cell" data-testid="due">
                    <Deadline at={c.decision_due_at} now={now} />
                  </td>
                  <td className="govuk-table__cell">{stateLabel(c.state)}</td>
                  <td className="govuk-table__cell">
                    <PriorityTag priority={c.priority} />
                  </td>
                  <td className="govuk-table__cell">
                    <span className="govuk-body-s">{labelOf(REFERRAL_SOURCES, c.source)}</span>
                  </td>
                  <td className="govuk-table__cell" data-testid="allocated">
                    <span data-testid="allocated-name">{c.allocated_to_name ?? "Not allocated"}</span>
                    {can(me.role, "contact.allocate") ? (
                      <AllocateForm
                        compact
                        contactId={c.id}
                        reference={c.reference}
                        version={c.version}
                        formKey={formKey}
                        returnTo={thisPage}
                        workers={workers}
                        allocatedTo={c.allocated_to}
                        onRefused={onRefused}
                      />
                    ) : null}
                    {can(me.role, "contact.pick-up") && !c.allocated_to ? (
                      <PickUpForm compact contactId={c.id} reference={c.reference} version={c.version} formKey={formKey} returnTo={thisPage} onRefused={onRefused} />
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <KeysetPagination previousHref={previousHref} nextHref={nextHref} page={data.pageNumber} pages={data.pages} />
    </>
  );
}

function FilterSelect({ name, label, value, any, choices }: { name: string; label: string; value: string | undefined; any: string; choices: { value: string; text: string }[] }) {
  const id = `filter-${name}`;
  return (
    <div className="govuk-grid-column-one-quarter">
      <div className="govuk-form-group">
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
    </div>
  );
}
