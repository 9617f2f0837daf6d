import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { jobsAndEmails } from "../jobs/status.server";
import { formatDateTime, formatNumber } from "../ui/format";

export const meta: MetaFunction = () => [{ title: "Jobs and e-mail – Children's front door" }];

/** The time-driven work and the e-mails it sends, as an administrator checks them (decision 028). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "admin.settings");
  return jobsAndEmails(context.db, { failedLimit: 100 });
}

export default function JobsAndEmail() {
  const { jobs, emails, failed } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Jobs and e-mail</h1>
      <div className="app-table-scroll" role="region" aria-label="Jobs (scrolls sideways)" tabIndex={0}>
        <table className="govuk-table" data-testid="jobs">
          <caption className="govuk-table__caption govuk-table__caption--m">Jobs</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Job</th>
              <th scope="col" className="govuk-table__header">Runs</th>
              <th scope="col" className="govuk-table__header">Last finished</th>
              <th scope="col" className="govuk-table__header">Next run</th>
              <th scope="col" className="govuk-table__header">Last error</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {jobs.map((j) => (
              <tr key={j.name} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">{j.label}</th>
                <td className="govuk-table__cell">{formatNumber(j.runs)}</td>
                <td className="govuk-table__cell">{j.lastFinishedAt ? formatDateTime(j.lastFinishedAt) : "Not yet"}</td>
                <td className="govuk-table__cell">{formatDateTime(j.nextRunAt)}</td>
                <td className="govuk-table__cell">{j.lastError ?? "None"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <table className="govuk-table" data-testid="email-states">
        <caption className="govuk-table__caption govuk-table__caption--m">E-mailed notifications</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">State</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Notifications</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {emails.map((e) => (
            <tr key={e.state} className="govuk-table__row">
              <th scope="row" className="govuk-table__header">{e.label}</th>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {formatNumber(e.count)}
                {e.retrying ? ` (${formatNumber(e.retrying)} to be tried again)` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 className="govuk-heading-m">E-mails not sent</h2>
      {failed.length === 0 ? (
        <p className="govuk-body">Every e-mail was sent or is still being tried.</p>
      ) : (
        <div className="app-table-scroll" role="region" aria-label="E-mails not sent (scrolls sideways)" tabIndex={0}>
          <table className="govuk-table" data-testid="failed-emails">
            <caption className="govuk-table__caption govuk-visually-hidden">E-mails not sent after every attempt, newest first</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Notification</th>
                <th scope="col" className="govuk-table__header">For</th>
                <th scope="col" className="govuk-table__header">Attempts</th>
                <th scope="col" className="govuk-table__header">The mail server's last answer</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {failed.map((f) => (
                <tr key={f.id} className="govuk-table__row">
                  <td className="govuk-table__cell">
                    {f.title}
                    <br />
                    <span className="govuk-body-s">{formatDateTime(f.at)}</span>
                  </td>
                  <td className="govuk-table__cell">{f.to}</td>
                  <td className="govuk-table__cell">{f.attempts}</td>
                  <td className="govuk-table__cell">{f.error ?? "None given"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
