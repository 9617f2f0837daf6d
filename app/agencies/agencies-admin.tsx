/**
 * The administrator's page for agencies or hubs: each row with its name (renamed in place), whether
 * it is in use, and retire / bring back; a form to add one. Nothing is deleted: retired agencies and
 * hubs keep their history and are no longer offered.
 */
import { Form } from "@remix-run/react";
import { ErrorSummary, type FieldErrors, Select, TextInput } from "../ui/form";
import { type FormResult, resultErrors, resultValues, useGovukForm } from "../ui/forms";
import { RefusalSummary, SuccessBanner } from "../ui/layout";
import { agencyFormSchema, hubFormSchema } from "./agencies.schema";

export interface AdminRow {
  code: string;
  name: string;
  /** For a service of an agency: the agency's name. */
  partOf: string | null;
  retired: boolean;
}

export interface AdminPageProps {
  kind: "agency" | "hub";
  rows: AdminRow[];
  /** Agencies a new one can be a service of (none for hubs). */
  parents: { value: string; text: string }[];
  done: { intent: string; name: string } | null;
  /** The server's answer to a refused form (Conform's result: errors and what was typed). */
  result: FormResult | null;
  message: string | null;
}

const WORDS = {
  agency: { title: "Partner agencies", one: "agency", add: "Add an agency", column: "Agency" },
  hub: { title: "Early help hubs", one: "hub", add: "Add a hub", column: "Hub" },
} as const;

function doneWords(kind: "agency" | "hub", done: { intent: string; name: string }): string {
  switch (done.intent) {
    case "add":
      return `${done.name} has been added.`;
    case "rename":
      return `The ${kind} is now called ${done.name}.`;
    case "retire":
      return `${done.name} has been retired: it is no longer offered, and its history is kept.`;
    default:
      return `${done.name} is in use again.`;
  }
}

export function AgenciesAdminPage({ kind, rows, parents, done, result, message }: AdminPageProps) {
  const words = WORDS[kind];
  const values = resultValues(result);
  const adding = values.intent === "add";
  // The add form is checked in the browser with the server's schema before it is sent (decision 024);
  // a rename is checked on the server only, and its errors are shown at its row.
  const add = useGovukForm(kind === "agency" ? agencyFormSchema : hubFormSchema, adding ? result : null, { id: `add-${kind}` });
  const renameErrors: FieldErrors = adding ? {} : resultErrors(result?.error);
  const addShown = Object.keys(add.errors).length > 0;
  return (
    <>
      {done ? <SuccessBanner id="done" testId="done-banner" heading={doneWords(kind, done)} /> : null}
      {message ? <RefusalSummary title="That cannot be done now" body={message} testId="action-refused" /> : null}
      <ErrorSummary errors={addShown ? add.errors : renameErrors} idPrefix={addShown ? "add" : `rename-${values.code ?? ""}`} />
      <h1 className="govuk-heading-l">{words.title}</h1>
      <p className="govuk-body">
        {kind === "agency"
          ? "The agencies the MASH asks for information. Partner users belong to one. A retired agency is no longer asked and its users' requests and returns are kept."
          : "The locality hubs step-downs go to. Early help users belong to one. A retired hub is no longer offered step-downs and its history is kept."}
      </p>
      <table className="govuk-table app-table--stack" data-testid={`${kind}-rows`}>
        <caption className="govuk-table__caption govuk-table__caption--m">
          {rows.length} {kind === "agency" ? "agencies and services" : "hubs"}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">{words.column}</th>
            <th scope="col" className="govuk-table__header">Status</th>
            <th scope="col" className="govuk-table__header">
              <span className="govuk-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((row) => {
            const renaming = values.intent === "rename" && values.code === row.code;
            const error = renaming ? renameErrors.name : undefined;
            return (
              <tr key={row.code} className="govuk-table__row" data-testid={`${kind}-${row.code}`}>
                <td className="govuk-table__cell">
                  <Form method="post" className="app-inline-form app-rename-form">
                    <input type="hidden" name="intent" value="rename" />
                    <input type="hidden" name="code" value={row.code} />
                    <TextInput
                      idPrefix={`rename-${row.code}`}
                      name="name"
                      label={`Name of ${row.name}${row.partOf ? ` (a service of ${row.partOf})` : ""}`}
                      defaultValue={renaming ? values.name : row.name}
                      error={error}
                      labelSize="s"
                    />
                    <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                      Rename<span className="govuk-visually-hidden"> {row.name}</span>
                    </button>
                  </Form>
                </td>
                <td className="govuk-table__cell" data-label="Status">
                  {row.retired ? <strong className="govuk-tag govuk-tag--grey">Retired</strong> : <strong className="govuk-tag govuk-tag--green">In use</strong>}
                </td>
                <td className="govuk-table__cell">
                  <Form method="post">
                    <input type="hidden" name="intent" value={row.retired ? "reinstate" : "retire"} />
                    <input type="hidden" name="code" value={row.code} />
                    <button type="submit" className={`govuk-button govuk-!-margin-bottom-0 ${row.retired ? "govuk-button--secondary" : "govuk-button--warning"}`} data-module="govuk-button">
                      {row.retired ? "Bring back" : "Retire"}
                      <span className="govuk-visually-hidden"> {row.name}</span>
                    </button>
                  </Form>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h2 className="govuk-heading-m">{words.add}</h2>
      <Form method="post" data-testid={`add-${kind}`} {...add.props}>
        <input type="hidden" name="intent" value="add" />
        <TextInput idPrefix="add" name="name" label="Name" error={add.errors.name} defaultValue={adding ? values.name : undefined} width="20" />
        {kind === "agency" ? (
          <Select
            idPrefix="add"
            name="parent"
            label="A service of (optional)"
            hint="For example, a health service such as school nursing is a service of Health."
            choices={parents}
            error={add.errors.parent}
            defaultValue={adding ? values.parent : undefined}
          />
        ) : null}
        <button type="submit" className="govuk-button" data-module="govuk-button">
          {words.add}
        </button>
      </Form>
    </>
  );
}
