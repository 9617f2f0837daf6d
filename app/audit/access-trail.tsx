/** The page "who has seen this child" (or this contact): the filter, the CSV download and the table. */
import { Form, Link } from "@remix-run/react";
import { formatDateTime, formatNumber, personName } from "../ui/format";
import { ErrorSummary, type FieldErrors, TextInput } from "../ui/form";
import { Pagination } from "../ui/pagination";

interface AccessRowView {
  id: number;
  at: Date | string;
  who: string;
  role: string;
  what: string;
  record: string;
}

export interface AccessTrailData {
  subject: "person" | "contact";
  /** The filter could not be read: the messages, and no records shown. */
  errors: FieldErrors | null;
  child: { first_name: string | null; last_name: string | null } | null;
  references: string[];
  rows: AccessRowView[];
  total: number;
  page: number;
  pageSize: number;
  users: { id: string; name: string; role: string }[];
  values: { from: string; to: string; user: string };
  search: string;
}

export function AccessTrail({ data, basePath }: { data: AccessTrailData; basePath: string }) {
  const about = data.subject === "person" ? "child" : "contact";
  const title = `Who has seen this ${about}`;
  const values = data.values;
  const filtered = Boolean(values.from || values.to || values.user);
  const csvParams = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) csvParams.set(k, v);
  const csvHref = `${basePath}.csv${csvParams.size ? `?${csvParams}` : ""}`;
  return (
    <>
      <ErrorSummary errors={data.errors} />
      <h1 className="govuk-heading-l">
        {data.child ? <span className="govuk-caption-l">{personName(data.child)}</span> : null}
        {title}
      </h1>
      {data.references ? (
        <p className="govuk-body">
          Every view and change of {data.subject === "person" ? "the child's person record and of" : ""} {data.references.length === 1 ? "contact" : "contacts"}{" "}
          {data.references.length ? data.references.join(", ") : "(none yet)"}, with their information requests and step-downs; every list that showed one of
          them, every person search that found the child, and every attempt that was refused. Newest first.
        </p>
      ) : null}

      <Form method="get" action={basePath} data-testid="access-filters" key={data.search}>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-quarter">
            <TextInput name="from" label="From" hint="For example, 17/5/2026" width="10" labelSize="s" defaultValue={values.from} error={data.errors?.from} />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <TextInput name="to" label="To" hint="For example, 24/5/2026" width="10" labelSize="s" defaultValue={values.to} error={data.errors?.to} />
          </div>
          <div className="govuk-grid-column-one-half">
            <UserSelect users={data.users} value={values.user} error={data.errors?.user} />
          </div>
        </div>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Apply filters
          </button>
          {filtered ? (
            <Link className="govuk-link" to={basePath}>
              Clear filters
            </Link>
          ) : null}
        </div>
      </Form>

      {data.errors ? null : (
        <>
          <p className="govuk-body" data-testid="access-summary" aria-live="polite">
            <strong>{formatNumber(data.total)}</strong> {data.total === 1 ? "record" : "records"}
            {filtered ? " match" : ""}.{" "}
            {data.total > 0 ? (
              <a className="govuk-link" href={csvHref} download data-testid="access-csv">
                Download {filtered ? "these records" : "all records"} as a spreadsheet (CSV)
              </a>
            ) : null}
          </p>
          {data.rows.length === 0 ? (
            <p className="govuk-body">No one has seen or changed this {about}'s records{filtered ? " in what the filters select" : ""}.</p>
          ) : (
            <table className="govuk-table govuk-!-font-size-16" data-testid="access-trail">
              <caption className="govuk-table__caption govuk-table__caption--m">
                {title}, page {data.page} of {Math.max(1, Math.ceil(data.total / data.pageSize))}
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">When</th>
                  <th scope="col" className="govuk-table__header">Who</th>
                  <th scope="col" className="govuk-table__header">What</th>
                  <th scope="col" className="govuk-table__header">Record</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {data.rows.map((r) => (
                  <tr key={r.id} className="govuk-table__row" data-testid="access-row">
                    <td className="govuk-table__cell app-nowrap">
                      <time dateTime={new Date(r.at).toISOString()}>{formatDateTime(r.at)}</time>
                    </td>
                    <td className="govuk-table__cell" data-testid="access-who">
                      {r.who}
                      {r.role ? (
                        <>
                          <br />
                          <span className="govuk-hint govuk-!-font-size-16 govuk-!-margin-0">{r.role}</span>
                        </>
                      ) : null}
                    </td>
                    <td className="govuk-table__cell" data-testid="access-what">
                      {r.what}
                    </td>
                    <td className="govuk-table__cell">{r.record}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pagination page={data.page} pageSize={data.pageSize} total={data.total} />
        </>
      )}
    </>
  );
}

function UserSelect({ users, value, error }: { users: { id: string; name: string; role: string }[]; value: string; error?: string }) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label govuk-label--s" htmlFor="user">
        User
      </label>
      {error ? (
        <p id="user-error" className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <select className={`govuk-select${error ? " govuk-select--error" : ""}`} id="user" name="user" defaultValue={value} aria-describedby={error ? "user-error" : undefined}>
        <option value="">Anyone</option>
        {users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name} ({u.role})
          </option>
        ))}
      </select>
    </div>
  );
}
