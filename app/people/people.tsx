/** Finding a child: the search form and the ways a person record is shown. Shared by the "find the child" and merge pages. */
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { stateLabel } from "../contacts/labels";
import { labelOf, OUTCOMES, SEXES } from "../vocabulary";
import { formatDate } from "../ui/format";
import { useGovukForm } from "../ui/forms";
import { PERSON_SEARCH_FIELDS, personSearchSchema } from "./person-search.schema";
import { Button, ErrorSummary, type FieldErrors, TextInput } from "../ui/form";

export type SearchValues = Partial<Record<(typeof PERSON_SEARCH_FIELDS)[number], string>>;

/**
 * The GET search form. Checked in the browser with the server's schema before it is sent.
 * `keep`: other query parameters to carry along (the merge page's chosen records).
 */
export function PersonSearchForm({ values, errors, keep = {}, children }: { values: SearchValues; errors: FieldErrors | null; keep?: Record<string, string>; children?: ReactNode }) {
  // Conform checks the form with the schema before it is sent; the loader checks it again.
  const search = useGovukForm(personSearchSchema, null, { id: "person-search" });
  const shown = Object.keys(search.errors).length ? search.errors : (errors ?? {});
  return (
    <>
      <ErrorSummary errors={shown} />
      <Form method="get" role="search" aria-label="Search for the child" {...search.props}>
        {Object.entries(keep).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {children}
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <TextInput name="firstName" label="First name" error={shown.firstName} defaultValue={values.firstName} autoComplete="off" spellCheck={false} />
          </div>
          <div className="govuk-grid-column-one-half">
            <TextInput name="lastName" label="Last name" error={shown.lastName} defaultValue={values.lastName} autoComplete="off" spellCheck={false} />
          </div>
        </div>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <TextInput name="dateOfBirth" label="Date of birth" hint="For example, 27/3/2015" error={shown.dateOfBirth} defaultValue={values.dateOfBirth} width="10" autoComplete="off" />
          </div>
          <div className="govuk-grid-column-one-third">
            <TextInput name="postcode" label="Postcode" hint="For example, EX1 1AA" error={shown.postcode} defaultValue={values.postcode} width="10" autoComplete="off" spellCheck={false} />
          </div>
          <div className="govuk-grid-column-one-third">
            <TextInput name="nhsNumber" label="NHS number" hint="10 digits, like 943 476 5919" error={shown.nhsNumber} defaultValue={values.nhsNumber} width="10" autoComplete="off" />
          </div>
        </div>
        <p className="govuk-body govuk-hint">
          Search with a last name, an NHS number, or a date of birth and postcode. Names are matched however they are spelt, by how they sound, by
          short forms (Bill for William) and the other way round.
        </p>
        <Button>Search</Button>
      </Form>
    </>
  );
}

/** "John Smith"; a record without a first name (an unborn child) by its last name. */
export function fullName(firstName: string | null, lastName: string): string {
  return firstName ? `${firstName} ${lastName}` : `${lastName} (no first name)`;
}

/** "born 27 Mar 2015" / "expected 1 Jun 2026" / "date of birth not known". */
export function birthWords(p: { dateOfBirth?: string | null; expectedDateOfBirth?: string | null }): string {
  if (p.dateOfBirth) return `born ${formatDate(p.dateOfBirth)}`;
  if (p.expectedDateOfBirth) return `expected ${formatDate(p.expectedDateOfBirth)}`;
  return "date of birth not known";
}

export function sexWords(sex: string): string {
  return labelOf(SEXES, sex);
}

/** A contact's outcome in words, or its state while it is open. */
export function contactStatusWords(c: { outcome: string | null; state: string }): string {
  return c.outcome ? labelOf(OUTCOMES, c.outcome) : `Open: ${stateLabel(c.state).toLowerCase()}`;
}
