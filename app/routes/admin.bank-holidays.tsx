import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { readForm } from "../http/request.server";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { listBankHolidayYears, listBankHolidaysOfYear } from "../../db/queries/clocks";
import { requirePermission } from "../auth/guards.server";
import { ErrorSummary } from "../ui/form";
import { londonDate } from "../clocks/clocks";
import { formatLongDate } from "../clocks/time-left";
import { addBankHoliday, removeBankHoliday } from "../clocks/clock-settings.server";
import { addBankHolidaySchema, bankHolidayDateParam, removeBankHolidaySchema } from "../clocks/clock-settings.schema";
import { type FormResult, parseSubmission, toFieldErrors, useGovukForm } from "../ui/forms";
import { RefusalSummary, SuccessBanner } from "../ui/layout";

export const meta: MetaFunction = () => [{ title: "Bank holidays – Children's front door" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "admin.settings");
  const url = new URL(request.url);
  const requested = Number(url.searchParams.get("year"));
  const thisYear = Number(londonDate(new Date()).slice(0, 4));
  const year = Number.isInteger(requested) && requested >= 2000 && requested <= 2100 ? requested : thisYear;
  const [years, holidays] = await Promise.all([listBankHolidayYears(context.db), listBankHolidaysOfYear(context.db, year)]);
  return {
    year,
    years: years.includes(year) ? years : [...years, year].sort((a, b) => a - b),
    holidays: holidays.map((h) => ({ date: String(h.date), title: h.title })),
    // What was just added or removed, for the banner: a date that is not a bank holiday's is not shown.
    added: bankHolidayDateParam(url.searchParams.get("added")),
    removed: bankHolidayDateParam(url.searchParams.get("removed")),
    formKey: crypto.randomUUID(),
  };
}

type ActionResponse = { result?: FormResult; message?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requirePermission(request, context, "admin.settings");
  const formData = await readForm(request);
  const by = { user: admin, ipAddress: context.clientIp };

  if (formData.get("intent") === "remove") {
    const parsed = removeBankHolidaySchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) throw new Response("Bad request", { status: 400 });
    const result = await removeBankHoliday(context.db, { ...by, date: parsed.data.date, idempotencyKey: parsed.data.idempotencyKey });
    const year = parsed.data.date.slice(0, 4);
    if (result.kind === "not_found") {
      return data<ActionResponse>({ message: `${formatLongDate(parsed.data.date)} was not a bank holiday (someone may have removed it already).` }, { status: 409 });
    }
    return redirect(`/admin/bank-holidays?year=${year}&removed=${parsed.data.date}`, 303);
  }

  const submission = parseSubmission(formData, addBankHolidaySchema);
  const hideFields = ["idempotencyKey"];
  if (submission.status !== "success") return data<ActionResponse>({ result: submission.reply({ hideFields }) }, { status: 400 });
  const { date, title, idempotencyKey } = submission.value;
  const result = await addBankHoliday(context.db, { ...by, date, title, idempotencyKey });
  if (result.kind === "invalid") return data<ActionResponse>({ result: submission.reply({ hideFields, fieldErrors: toFieldErrors(result.errors) }) }, { status: 409 });
  return redirect(`/admin/bank-holidays?year=${date.slice(0, 4)}&added=${date}`, 303);
}

export default function BankHolidays() {
  const { year, years, holidays, added, removed, formKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { props, errors, values } = useGovukForm(addBankHolidaySchema, actionData?.result);
  const dateError = errors.day ?? errors.month ?? errors.year;

  return (
    <>
      {(added || removed) && !actionData ? (
        <SuccessBanner id="done" testId="done-banner" heading={`${added ? `${formatLongDate(added)} is now a bank holiday.` : `${formatLongDate(removed!)} is no longer a bank holiday.`} Decision deadlines around it have been worked out again.`} />
      ) : null}
      {actionData?.message ? (
        <RefusalSummary title="That cannot be done now" body={actionData.message} testId="action-refused" />
      ) : null}
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Bank holidays</h1>
      <p className="govuk-body">
        England and Wales bank holidays. Working-day clocks (the decision deadline and partners' Amber and Green deadlines) skip weekends and these days.
      </p>

      <nav className="moj-sub-navigation" aria-label="Years">
        <ul className="moj-sub-navigation__list">
          {years.map((y) => (
            <li key={y} className="moj-sub-navigation__item">
              <Link className="moj-sub-navigation__link" to={`/admin/bank-holidays?year=${y}`} aria-current={y === year ? "page" : undefined}>
                {y}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {holidays.length === 0 ? (
            <p className="govuk-body">There are no bank holidays in {year}.</p>
          ) : (
            <table className="govuk-table" data-testid="bank-holidays">
              <caption className="govuk-table__caption govuk-table__caption--m">Bank holidays in {year}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Date</th>
                  <th scope="col" className="govuk-table__header">Name</th>
                  <th scope="col" className="govuk-table__header">
                    <span className="govuk-visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {holidays.map((h) => (
                  <tr key={h.date} className="govuk-table__row">
                    <td className="govuk-table__cell">
                      <time dateTime={h.date}>{formatLongDate(h.date)}</time>
                    </td>
                    <td className="govuk-table__cell">{h.title}</td>
                    <td className="govuk-table__cell">
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="date" value={h.date} />
                        <input type="hidden" name="idempotencyKey" value={`${formKey}:remove:${h.date}`} />
                        <button type="submit" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button">
                          Remove<span className="govuk-visually-hidden"> {h.title}, {formatLongDate(h.date)}</span>
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>

        <div className="govuk-grid-column-one-third">
          <h2 className="govuk-heading-m">Add a bank holiday</h2>
          {/* The same rules as the server, checked before sending. */}
          <Form method="post" {...props}>
            <input type="hidden" name="intent" value="add" />
            <input type="hidden" name="idempotencyKey" value={`${formKey}:add`} />
            <div className={`govuk-form-group${dateError ? " govuk-form-group--error" : ""}`}>
              <fieldset className="govuk-fieldset" role="group" aria-describedby={`date-hint${dateError ? " date-error" : ""}`}>
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Date</legend>
                <div id="date-hint" className="govuk-hint">
                  For example, 27 12 2027
                </div>
                {dateError ? (
                  <p id="date-error" className="govuk-error-message">
                    <span className="govuk-visually-hidden">Error:</span> {dateError}
                  </p>
                ) : null}
                <div className="govuk-date-input">
                  <DatePart name="day" label="Day" width={2} error={Boolean(errors.day)} defaultValue={values.day} />
                  <DatePart name="month" label="Month" width={2} error={Boolean(errors.month)} defaultValue={values.month} />
                  <DatePart name="year" label="Year" width={4} error={Boolean(errors.year)} defaultValue={values.year} />
                </div>
              </fieldset>
            </div>
            <div className={`govuk-form-group${errors.title ? " govuk-form-group--error" : ""}`}>
              <label className="govuk-label govuk-label--s" htmlFor="title">
                Name
              </label>
              <div id="title-hint" className="govuk-hint">
                For example, Boxing Day (substitute day)
              </div>
              {errors.title ? (
                <p id="title-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {errors.title}
                </p>
              ) : null}
              <input
                className={`govuk-input${errors.title ? " govuk-input--error" : ""}`}
                id="title"
                name="title"
                type="text"
                defaultValue={values.title}
                aria-describedby={`title-hint${errors.title ? " title-error" : ""}`}
              />
            </div>
            <button type="submit" className="govuk-button" data-module="govuk-button">
              Add bank holiday
            </button>
          </Form>
        </div>
      </div>
    </>
  );
}

function DatePart({ name, label, width, error, defaultValue }: { name: string; label: string; width: 2 | 4; error: boolean; defaultValue?: string }) {
  return (
    <div className="govuk-date-input__item">
      <div className="govuk-form-group">
        <label className="govuk-label govuk-date-input__label" htmlFor={name}>
          {label}
        </label>
        <input
          className={`govuk-input govuk-date-input__input govuk-input--width-${width}${error ? " govuk-input--error" : ""}`}
          id={name}
          name={name}
          type="text"
          inputMode="numeric"
          defaultValue={defaultValue}
        />
      </div>
    </div>
  );
}
