/**
 * The pages of every answer (a partner's information request, a hub's step-down): the list of
 * what was sent to the agency or hub, and the page of one with its answer forms. Each form is
 * versioned and idempotent, and checks itself in the browser with the same zod schema as the
 * server; the page around them shows the success banner, the refusal (409) and the errors.
 */
import { Form, Link, type ShouldRevalidateFunction, useActionData, useSearchParams } from "@remix-run/react";
import { createContext, type ReactNode, useContext } from "react";
import type { z } from "zod";
import { SummaryFigures } from "../measures/figures";
import { Button, ErrorSummary } from "../ui/form";
import { Pagination } from "../ui/pagination";
import { SummaryRow } from "../ui/summary-row";
import { formatDate, personName } from "../ui/format";
import { PageFormsProvider, usePageForm, usePageForms } from "../ui/page-forms";
import { ownEntry } from "../http/ids";
import type { AnswerActionData, AnswerWords } from "./answers";
import { RefusalSummary, SuccessBanner } from "../ui/layout";

/** What every answer form on a page shares: the schema, the contact's version and the rendering's key. */
interface AnswerForms {
  schema: z.ZodType;
  version: number;
  formKey: string;
}

const AnswerFormsContext = createContext<AnswerForms | null>(null);

/**
 * The page of one request or step-down: the success banner after an answer, the refusal, the
 * errors, the heading and status, then `children` (its summary and forms) and the link back.
 */
export function AnswerPage({ words, schema, caption, reference, status, version, formKey, children }: {
  words: AnswerWords<string>;
  schema: z.ZodType;
  caption: string;
  /** The contact's reference, the page's heading. */
  reference: string;
  /** The status line under the heading. */
  status: ReactNode;
  version: number;
  formKey: string;
  children: ReactNode;
}) {
  const actionData = useActionData() as AnswerActionData | undefined;
  const forms = usePageForms(actionData);
  const [params] = useSearchParams();
  const done = params.get("done");

  return (
    <>
      {done && !actionData && !forms.hasErrors ? (
        <SuccessBanner id="done" testId="done-banner" heading={ownEntry(words.done, done) ?? words.doneOtherwise} />
      ) : null}
      {actionData?.message && !forms.hasErrors ? (
        <RefusalSummary title={actionData.message.title} body={actionData.message.body} testId="action-refused" />
      ) : null}
      <ErrorSummary errors={forms.summary?.errors} idPrefix={forms.summary?.prefix} />

      <span className="govuk-caption-l">{caption}</span>
      <h1 className="govuk-heading-l">Contact {reference}</h1>
      <p className="govuk-body">{status}</p>

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <PageFormsProvider context={forms.context}>
            <AnswerFormsContext.Provider value={{ schema, version, formKey }}>{children}</AnswerFormsContext.Provider>
          </PageFormsProvider>

          <p className="govuk-body">
            <Link className="govuk-link" to={words.list.path}>
              {words.list.back}
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}

/** The first rows of every answer page's summary: who the child is and which contact. */
export function ChildRows({ child, reference }: {
  child: { first_name: string | null; last_name: string | null; date_of_birth: string | null; postcode: string | null };
  reference: string;
}) {
  return (
    <>
      <SummaryRow label="Child">{personName(child)}</SummaryRow>
      <SummaryRow label="Date of birth">{child.date_of_birth ? formatDate(child.date_of_birth) : "Not known"}</SummaryRow>
      <SummaryRow label="Postcode">{child.postcode ?? "Not known"}</SummaryRow>
      <SummaryRow label="Contact reference">{reference}</SummaryRow>
    </>
  );
}

/** One way of answering (a partner's return, a hub's accept or decline), inside an `AnswerPage`. */
export function AnswerForm({ intent, title, button, primary, heading = "h2", variant, children }: {
  intent: string;
  title: string;
  button: string;
  /** "correction": the same answer sent again to correct one already sent (its own ids and test ids). */
  variant?: "correction";
  /** The main answer gets the green button; the others a grey one. */
  primary: boolean;
  heading?: "h2" | "h3";
  children: (errors: Record<string, string>, value: (name: string) => string | undefined) => ReactNode;
}) {
  const forms = useContext(AnswerFormsContext);
  if (!forms) throw new Error("An AnswerForm belongs inside an AnswerPage");
  const { schema, version, formKey } = forms;
  // Checked in the browser with the server's schema before it is sent (decision 024); what the server refused comes back in it.
  const { props, errors, values } = usePageForm(schema, { intent });
  const value = (name: string) => values[name];
  const Heading = heading;
  return (
    <section className="govuk-!-margin-bottom-6" aria-labelledby={`${intent}${variant ? `-${variant}` : ""}-title`} data-testid={variant ? `${variant}-${intent}` : `answer-${intent}`}>
      <Heading className={heading === "h2" ? "govuk-heading-m" : "govuk-heading-s"} id={`${intent}${variant ? `-${variant}` : ""}-title`}>
        {title}
      </Heading>
      <Form method="post" {...props}>
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="idempotencyKey" value={`${formKey}:${intent}${variant ? `:${variant}` : ""}`} />
        {children(errors, value)}
        <Button secondary={!primary}>{button}</Button>
      </Form>
    </section>
  );
}

/** A column of an answer list after the contact, the child and the date of birth. */
export interface AnswerColumn<Row> {
  header: string;
  nowrap?: boolean;
  cell: (row: Row) => ReactNode;
}

interface ListedRow {
  id: string;
  reference: string;
  /** No longer opened by the answerer (need to know: a request on a closed contact, or withdrawn): listed without a link. */
  closed?: boolean;
  first_name: string | null;
  last_name: string | null;
  date_of_birth: string | null;
}

/** The list of what was sent to the agency or hub: heading, figures, then a table (or `empty`) and the pages. */
export function AnswerList<Row extends ListedRow>({ words, title, intro, figures, filters, empty, caption, columns, rows, page = 1, pageSize = rows.length, total = rows.length, pagination }: {
  words: AnswerWords<string>;
  title: string;
  intro: string;
  figures: { label: string; value: number }[];
  empty: string;
  caption: string;
  columns: AnswerColumn<Row>[];
  rows: Row[];
  /** Filters and search above the table. */
  filters?: ReactNode;
  /** Numbered pages from `page`, `pageSize` and `total`, or `pagination` (a list paged by position). */
  page?: number;
  pageSize?: number;
  total?: number;
  pagination?: ReactNode;
}) {
  return (
    <>
      <h1 className="govuk-heading-l">{title}</h1>
      <p className="govuk-body">{intro}</p>
      <SummaryFigures figures={figures} />
      {filters}
      {rows.length === 0 ? (
        <p className="govuk-body">{empty}</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              {["Contact", "Child", "Date of birth", ...columns.map((c) => c.header)].map((header) => (
                <th key={header} scope="col" className="govuk-table__header">
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((r) => (
              <tr key={r.id} className="govuk-table__row">
                <td className="govuk-table__cell app-nowrap">
                  {r.closed ? (
                    <>
                      {r.reference} <span className="govuk-body-s">(closed)</span>
                    </>
                  ) : (
                    <Link className="govuk-link" to={`${words.list.path}/${encodeURIComponent(r.id)}`}>
                      {r.reference}
                    </Link>
                  )}
                </td>
                <td className="govuk-table__cell">{personName(r)}</td>
                <td className="govuk-table__cell">{formatDate(r.date_of_birth)}</td>
                {columns.map((c) => (
                  <td key={c.header} className={c.nowrap ? "govuk-table__cell app-nowrap" : "govuk-table__cell"}>
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pagination === undefined ? <Pagination page={page} pageSize={pageSize} total={total} /> : pagination}
    </>
  );
}

/** After a refused answer (409), read the page again: the forms then carry the contact's version as it is now. */
export const revalidateAfterRefusal: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? true : defaultShouldRevalidate;
