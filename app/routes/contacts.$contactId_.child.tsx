import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { readForm, recordId } from "../http/request.server";
import { Form, Link, type ShouldRevalidateFunction, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { Button, Checkboxes, ErrorSummary, type FieldErrors, Radios, Select, TextInput } from "../ui/form";
import { birthWords, contactStatusWords, fullName, PersonSearchForm, type SearchValues, sexWords } from "../people/people";
import { formatNhsNumber } from "../people/nhs-number";
import { contactChangedMeanwhile } from "../contacts/labels";
import { formatDate } from "../ui/format";
import { linkChildToContact, viewContactForLinking } from "../people/link.server";
import { type PersonCandidate, searchPeopleAudited } from "../people/search.server";
import { type FormResult, parseSubmission, resultList, resultValues } from "../ui/forms";
import { PageFormsProvider, RENDERED_AFRESH, type SentForm, usePageForm, usePageForms } from "../ui/page-forms";
import { recordChildDetails } from "../people/details.server";
import { childDetailsSchema, childLinkSchema, dateText, PERSON_SEARCH_FIELDS, readPersonSearch } from "../people/person-search.schema";
import { choicesOf, DISABILITIES, ETHNICITIES, SEXES } from "../vocabulary";
import { RefusalSummary } from "../ui/layout";
import { notFound } from "../http/not-found.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `Find the child – contact ${data.contact.reference}` : "Find the child"} – Children's front door` }];

/** The search as typed in the URL, or what the contact says about the child when the URL has none. */
function searchValues(url: URL, contact: NonNullable<Awaited<ReturnType<typeof viewContactForLinking>>>): { values: SearchValues; fromContact: boolean } {
  if (PERSON_SEARCH_FIELDS.some((f) => url.searchParams.has(f))) {
    return { values: Object.fromEntries(PERSON_SEARCH_FIELDS.map((f) => [f, url.searchParams.get(f) ?? ""])), fromContact: false };
  }
  const described = contact.described_child;
  if (!described || typeof described !== "object" || !described.lastName) return { values: {}, fromContact: false };
  const address = contact.address;
  return {
    values: {
      firstName: described.firstName ?? "",
      lastName: described.lastName ?? "",
      dateOfBirth: dateText(described.dateOfBirth),
      postcode: (address && typeof address === "object" ? address.postcode : null) ?? "",
      nhsNumber: described.nhsNumber ?? "",
    },
    fromContact: true,
  };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requirePermission(request, context, "contact.view");
  const contact = await viewContactForLinking(context.db, { user, contactId: recordId(params.contactId), ipAddress: context.clientIp });
  if (!contact) notFound();
  const { values, fromContact } = searchValues(new URL(request.url), contact);
  let searchErrors: FieldErrors | null = null;
  let candidates: PersonCandidate[] | null = null;
  let found = 0;
  if (Object.values(values).some(Boolean)) {
    const search = readPersonSearch(values);
    if (search.ok) {
      ({ candidates, found } = await searchPeopleAudited(context.db, { user, criteria: search.criteria, ipAddress: context.clientIp, contactId: contact.id }));
    } else if (!fromContact) {
      searchErrors = search.errors;
    }
  }
  const { described_child: _d, address: _a, ...shown } = contact;
  // A new key for every rendering of the forms: a repeated submission of this rendering is applied once.
  return { contact: shown, values, fromContact, searchErrors, candidates, found, formKey: crypto.randomUUID() };
}

/** After a refused or stale submission, show the contact as it is now (its new version) beside the kept input. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => actionStatus === 409 || defaultShouldRevalidate;

/** What the action answers a form it did not apply: which form (its intent), Conform's result (errors, what was typed) and any refusal. */
type ActionResponse = SentForm & { result: FormResult; message?: { title: string; body: string } };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requirePermission(request, context, "contact.view");
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  if (intent === "details") {
    const submission = parseSubmission(formData, childDetailsSchema);
    const reply = () => submission.reply({ hideFields: RENDERED_AFRESH });
    if (submission.status !== "success") return data<ActionResponse>({ intent, result: reply() }, { status: 400 });
    const saved = await recordChildDetails(context.db, {
      user,
      contactId: recordId(params.contactId),
      personId: submission.value.personId,
      details: submission.value,
      ipAddress: context.clientIp,
    });
    if (saved.kind === "not_found") notFound();
    if (saved.kind === "refused") {
      return data<ActionResponse>({ intent, result: reply(), message: { title: "The child's details could not be recorded", body: saved.reason } }, { status: 409 });
    }
    return redirect(`/contacts/${params.contactId}?done=child-details`, 303);
  }
  const submission = parseSubmission(formData, childLinkSchema);
  const reply = () => submission.reply({ hideFields: RENDERED_AFRESH });
  if (submission.status !== "success") return data<ActionResponse>({ intent, result: reply() }, { status: 400 });

  const form = submission.value;
  const result = await linkChildToContact(context.db, {
    user,
    contactId: recordId(params.contactId),
    expectedVersion: form.version,
    idempotencyKey: form.idempotencyKey,
    child:
      form.intent === "link"
        ? { kind: "existing", personId: form.personId }
        : {
            kind: "new",
            person: {
              firstName: form.firstName,
              lastName: form.lastName,
              dateOfBirth: form.dateOfBirth,
              expectedDateOfBirth: form.expectedDateOfBirth,
              sex: form.sex,
              ethnicity: form.ethnicity,
              disabilities: form.disabilities,
              postcode: form.postcode,
              nhsNumber: form.nhsNumber,
            },
          },
    ipAddress: context.clientIp,
  });
  switch (result.kind) {
    case "applied":
      return redirect(`/contacts/${params.contactId}?done=CHILD_LINKED`, 303);
    case "not_found":
      return notFound();
    case "refused":
      return data<ActionResponse>({ intent, result: reply(), message: { title: "The child could not be linked", body: result.reason } }, { status: 409 });
    case "stale": {
      return data<ActionResponse>(
        {
          intent,
          result: reply(),
          message: {
            title: "This contact was changed while you were working on it",
            body: `${contactChangedMeanwhile(result)}. Nothing has been linked yet, and what you entered is still below. Check who the contact is about now, then choose again.`,
          },
        },
        { status: 409 },
      );
    }
  }
}

export default function FindTheChild() {
  const { contact, values, fromContact, searchErrors, candidates, found, formKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const closed = contact.outcome !== null;
  // The details and new-person forms check themselves in the browser with the server's schemas; one
  // error summary at the top for the form sent last (app/ui/page-forms.tsx). The new person's fields are "new-…".
  const forms = usePageForms(actionData, (sent) => (sent.intent === "create" ? "new" : sent.intent));

  return (
    <PageFormsProvider context={forms.context}>
      {actionData?.message && !forms.hasErrors ? (
        <RefusalSummary title={actionData.message.title} body={actionData.message.body} testId="action-refused" />
      ) : null}
      <ErrorSummary errors={forms.summary?.errors} idPrefix={forms.summary?.prefix} />

      <span className="govuk-caption-l">Contact {contact.reference}</span>
      <h1 className="govuk-heading-l">Find the child</h1>
      <p className="govuk-body">
        {contact.person_id && contact.last_name ? (
          <>
            This contact is about <strong>{fullName(contact.first_name, contact.last_name)}</strong>,{" "}
            {birthWords({ dateOfBirth: contact.date_of_birth, expectedDateOfBirth: contact.expected_date_of_birth })}. Choose another record only if that
            is wrong.
          </>
        ) : (
          "This contact is not linked to a child yet. Search for the child before creating a new person: most children have been known before."
        )}
      </p>
      {closed ? (
        <div className="govuk-inset-text">This contact is closed, so the child it is about cannot be changed here.</div>
      ) : null}
      {contact.person_id && contact.last_name ? (
        <ChildDetailsForm
          personId={contact.person_id}
          version={contact.version}
          formKey={formKey}
          current={{ sex: contact.sex ?? "", ethnicity: contact.ethnicity ?? "", disabilities: contact.disabilities ?? [] }}
        />
      ) : null}

      <h2 className="govuk-heading-m">Search</h2>
      {fromContact ? <p className="govuk-body">Searched with what the referrer told us about the child. Change it and search again if needed.</p> : null}
      <PersonSearchForm key={location.search} values={values} errors={searchErrors} />

      {candidates ? (
        <>
          <h2 className="govuk-heading-m" id="results">
            {candidates.length === 0 ? "No one found" : `People who may be the child (${candidates.length})`}
          </h2>
          {found > candidates.length ? (
            <p className="govuk-body" data-testid="found-more">
              These are the best {candidates.length} of {found.toLocaleString("en-GB")} people found. Add a first name, date of birth or postcode to narrow
              the search.
            </p>
          ) : null}
          {candidates.length === 0 ? (
            <p className="govuk-body">No person record matches. Check the spelling and the date of birth, or create a new person below.</p>
          ) : (
            <table className="govuk-table" data-testid="candidates">
              <caption className="govuk-table__caption govuk-visually-hidden">People who may be the child, best match first</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Person</th>
                  <th scope="col" className="govuk-table__header">Why they may be the child</th>
                  <th scope="col" className="govuk-table__header">Last contact</th>
                  <th scope="col" className="govuk-table__header">
                    <span className="govuk-visually-hidden">Choose</span>
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {candidates.map((p) => (
                  <tr key={p.id} className="govuk-table__row" data-testid="candidate">
                    <td className="govuk-table__cell">
                      <strong>{fullName(p.firstName, p.lastName)}</strong>
                      <br />
                      {birthWords(p)}
                      <br />
                      {sexWords(p.sex)}
                      {p.postcode ? `, ${p.postcode}` : ""}
                      {p.nhsNumber ? (
                        <>
                          <br />
                          NHS {formatNhsNumber(p.nhsNumber)}
                        </>
                      ) : null}
                    </td>
                    <td className="govuk-table__cell">
                      <ul className="govuk-list govuk-!-margin-bottom-0">
                        {p.reasons.map((r) => (
                          <li key={r}>{r}</li>
                        ))}
                        {p.differences.map((d) => (
                          <li key={d}>
                            <strong className="govuk-tag govuk-tag--yellow">{d}</strong>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td className="govuk-table__cell">
                      {p.lastContact ? (
                        <>
                          {p.lastContact.reference}, {formatDate(p.lastContact.receivedAt)}
                          <br />
                          {contactStatusWords(p.lastContact)}
                          <br />
                          {p.contactCount === 1 ? "1 contact" : `${p.contactCount} contacts`}
                        </>
                      ) : (
                        "No contacts"
                      )}
                    </td>
                    <td className="govuk-table__cell">
                      {closed ? null : (
                        <Form method="post" noValidate>
                          <input type="hidden" name="intent" value="link" />
                          <input type="hidden" name="personId" value={p.id} />
                          <input type="hidden" name="version" value={contact.version} />
                          <input type="hidden" name="idempotencyKey" value={`${formKey}:link:${p.id}`} />
                          <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                            This is the child<span className="govuk-visually-hidden">: {fullName(p.firstName, p.lastName)}, {birthWords(p)}</span>
                          </button>
                        </Form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {closed ? null : (
            <NewPersonForm version={contact.version} formKey={formKey} search={values} />
          )}
        </>
      ) : null}

      <p className="govuk-body">
        <Link className="govuk-link" to={`/contacts/${contact.id}`}>
          Back to contact {contact.reference}
        </Link>
      </p>
    </PageFormsProvider>
  );
}

const SEX_CHOICES = choicesOf(SEXES);
const ETHNICITY_CHOICES = choicesOf(ETHNICITIES, (t) => `${t.label} (${t.code})`);
const DISABILITY_CHOICES = choicesOf(DISABILITIES);
const DISABILITY_HINT = "Census codes. Choose \u201cNo disability\u201d on its own, or every disability that applies. Leave empty if not known yet.";

/** The linked child's census details: sex, ethnicity and disabilities, recorded on their person record. */
function ChildDetailsForm({ personId, version, formKey, current }: {
  personId: string;
  version: number;
  formKey: string;
  current: { sex: string; ethnicity: string; disabilities: string[] };
}) {
  const form = usePageForm(childDetailsSchema, { intent: "details" });
  const { errors } = form;
  // What was typed when the server refused it, else the child's record as it is.
  const kept = form.result ? resultValues(form.result) : null;
  const common = { idPrefix: "details" };
  return (
    <section aria-labelledby="child-details-heading">
      <h2 className="govuk-heading-m" id="child-details-heading">
        The child's details for the census
      </h2>
      <Form method="post" {...form.props}>
        <input type="hidden" name="intent" value="details" />
        <input type="hidden" name="personId" value={personId} />
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="idempotencyKey" value={`${formKey}:details`} />
        <Radios {...common} name="sex" legend="Sex" inline choices={SEX_CHOICES} error={errors.sex} defaultValue={kept ? kept.sex : current.sex} />
        <Select {...common} name="ethnicity" label="Ethnicity (optional)" choices={ETHNICITY_CHOICES} error={errors.ethnicity} defaultValue={kept ? kept.ethnicity : current.ethnicity} />
        <Checkboxes {...common} name="disabilities" legend="Disability" hint={DISABILITY_HINT} choices={DISABILITY_CHOICES} error={errors.disabilities} defaultValues={form.result ? resultList(form.result, "disabilities") : current.disabilities} />
        <Button secondary>Save the child's details</Button>
      </Form>
    </section>
  );
}

/** "None of these": a new person, prefilled from the search, linked to the contact in the same step. */
function NewPersonForm({ version, formKey, search }: { version: number; formKey: string; search: SearchValues }) {
  // The server's own schema for this form (intent "create"), checked before it is sent.
  const form = usePageForm(childLinkSchema, { intent: "create", prefix: "new" });
  const { errors } = form;
  const kept = form.result ? resultValues(form.result) : null;
  const v = (name: string) => (kept ? kept[name] : (search as Record<string, string | undefined>)[name]);
  const common = { idPrefix: "new" };
  return (
    <section aria-labelledby="new-person-heading">
      <h2 className="govuk-heading-m" id="new-person-heading">
        None of these: create a new person
      </h2>
      <Form method="post" {...form.props}>
        <input type="hidden" name="intent" value="create" />
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="idempotencyKey" value={`${formKey}:create`} />
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <TextInput {...common} name="firstName" label="First name (optional)" hint="Leave empty for an unborn child" error={errors.firstName} defaultValue={v("firstName")} autoComplete="off" spellCheck={false} />
          </div>
          <div className="govuk-grid-column-one-half">
            <TextInput {...common} name="lastName" label="Last name" error={errors.lastName} defaultValue={v("lastName")} autoComplete="off" spellCheck={false} />
          </div>
        </div>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <TextInput {...common} name="dateOfBirth" label="Date of birth" hint="For example, 27/3/2015" error={errors.dateOfBirth} defaultValue={v("dateOfBirth")} width="10" autoComplete="off" />
          </div>
          <div className="govuk-grid-column-one-half">
            <TextInput {...common} name="expectedDateOfBirth" label="Or expected date of birth (unborn child)" hint="Never both" error={errors.expectedDateOfBirth} defaultValue={v("expectedDateOfBirth")} width="10" autoComplete="off" />
          </div>
        </div>
        <Radios {...common} name="sex" legend="Sex" inline choices={SEX_CHOICES} error={errors.sex} defaultValue={v("sex")} />
        <Select
          {...common}
          name="ethnicity"
          label="Ethnicity (optional)"
          choices={ETHNICITY_CHOICES}
          error={errors.ethnicity}
          defaultValue={v("ethnicity")}
        />
        <Checkboxes {...common} name="disabilities" legend="Disability (optional)" hint={DISABILITY_HINT} choices={DISABILITY_CHOICES} error={errors.disabilities} defaultValues={resultList(form.result, "disabilities")} />
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <TextInput {...common} name="postcode" label="Postcode (optional)" error={errors.postcode} defaultValue={v("postcode")} width="10" autoComplete="off" spellCheck={false} />
          </div>
          <div className="govuk-grid-column-one-half">
            <TextInput {...common} name="nhsNumber" label="NHS number (optional)" error={errors.nhsNumber} defaultValue={v("nhsNumber")} width="10" autoComplete="off" />
          </div>
        </div>
        <Button>Create a new person and link them</Button>
      </Form>
    </section>
  );
}
