import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { readForm } from "../http/request.server";
import { Form, Link, type ShouldRevalidateFunction, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { Button, ErrorSummary, type FieldErrors, Textarea } from "../ui/form";
import { birthWords, contactStatusWords, fullName, PersonSearchForm, type SearchValues, sexWords } from "../people/people";
import { ETHNICITIES, labelOf, REFERRAL_SOURCES } from "../vocabulary";
import { formatNhsNumber } from "../people/nhs-number";
import { formatDate, formatDateTime } from "../ui/format";
import { mergePeople, type PersonRecordView, viewPeopleForMerge } from "../people/merge.server";
import { type PersonCandidate, searchPeopleAudited } from "../people/search.server";
import { isRecordId, ownEntry } from "../http/ids";
import { type FormResult, parseSubmission, useGovukForm } from "../ui/forms";
import { PERSON_SEARCH_FIELDS, personMergeSchema, readPersonSearch } from "../people/person-search.schema";
import { SummaryRow } from "../ui/summary-row";
import { RefusalSummary, SuccessBanner } from "../ui/layout";
import { notFound } from "../http/not-found.server";

export const meta: MetaFunction = () => [{ title: "Merge two records of the same child – Children's front door" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(request, context, "people.merge");
  const url = new URL(request.url);
  // Ids that no record could have (and names like "__proto__") are ignored: nothing is chosen.
  const chosen = (name: string) => {
    const id = url.searchParams.get(name);
    return isRecordId(id) ? id : null;
  };
  const survivorId = chosen("survivor");
  const mergedId = chosen("merged");
  const done = url.searchParams.get("done");
  const values: SearchValues = Object.fromEntries(PERSON_SEARCH_FIELDS.map((f) => [f, url.searchParams.get(f) ?? ""]));

  let searchErrors: FieldErrors | null = null;
  let candidates: PersonCandidate[] | null = null;
  let found = 0;
  if (Object.values(values).some(Boolean)) {
    const search = readPersonSearch(values);
    if (search.ok) ({ candidates, found } = await searchPeopleAudited(context.db, { user, criteria: search.criteria, ipAddress: context.clientIp }));
    else searchErrors = search.errors;
  }
  const ids = [survivorId, mergedId].filter((id): id is string => Boolean(id));
  const views = ids.length ? await viewPeopleForMerge(context.db, { user, personIds: ids, ipAddress: context.clientIp }) : {};
  return {
    values,
    searchErrors,
    candidates,
    found,
    survivorId,
    mergedId,
    survivor: ownEntry(views, survivorId) ?? null,
    merged: ownEntry(views, mergedId) ?? null,
    done: done && /^\d{1,9}$/.test(done) ? Number(done) : null,
    formKey: crypto.randomUUID(),
  };
}

/** After a refused merge, show both records as they are now. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => actionStatus === 409 || defaultShouldRevalidate;

type ActionResponse = { result: FormResult; message?: { title: string; body: string } };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(request, context, "people.merge");
  const submission = parseSubmission(await readForm(request), personMergeSchema);
  // Only the reason is typed: the records and the key are rendered afresh with the page.
  const reply = () => submission.reply({ hideFields: ["survivorId", "mergedId", "idempotencyKey"] });
  if (submission.status !== "success") return data<ActionResponse>({ result: reply() }, { status: 400 });
  const result = await mergePeople(context.db, { user, ...submission.value, ipAddress: context.clientIp });
  switch (result.kind) {
    case "merged":
      return redirect(`/people/merge?survivor=${encodeURIComponent(result.survivorId)}&done=${result.contactsMoved}`, 303);
    case "not_found":
      return notFound();
    case "refused":
      return data<ActionResponse>({ result: reply(), message: { title: "The records were not merged", body: result.reason } }, { status: 409 });
  }
}

export default function MergePeople() {
  const { values, searchErrors, candidates, found, survivorId, mergedId, survivor, merged, done, formKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const mergeForm = useGovukForm(personMergeSchema, actionData?.result, { id: "merge" });
  const location = useLocation();
  const keep: Record<string, string> = {};
  if (survivorId) keep.survivor = survivorId;
  if (mergedId) keep.merged = mergedId;

  /** This page's URL with some query parameters changed (null removes one). */
  const href = (changes: Record<string, string | null>) => {
    const params = new URLSearchParams(location.search);
    params.delete("done");
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) params.delete(k);
      else params.set(k, v);
    }
    return `/people/merge?${params}`;
  };
  const ready = survivor && merged && survivor.person.id !== merged.person.id && !survivor.person.merged_into_id && !merged.person.merged_into_id;

  return (
    <>
      {done !== null && survivor && !actionData ? (
        <SuccessBanner id="done" testId="done-banner" heading={`The records were merged. ${done === 1 ? "1 contact" : `${done} contacts`} moved to ${fullName(survivor.person.first_name, survivor.person.last_name)}'s record.`} />
      ) : null}
      {actionData?.message ? (
        <RefusalSummary title={actionData.message.title} body={actionData.message.body} testId="action-refused" />
      ) : null}
      <ErrorSummary errors={mergeForm.errors} />

      <h1 className="govuk-heading-l">Merge two records of the same child</h1>
      <p className="govuk-body">
        Choose the record to keep and the duplicate to merge into it. Every contact of the duplicate, with its referrals and history, moves to the record
        kept. The merge is recorded and shown in the child's chronology.
      </p>

      <h2 className="govuk-heading-m">Find the records</h2>
      <PersonSearchForm key={location.search} values={values} errors={searchErrors} keep={keep} />

      {candidates ? (
        candidates.length === 0 ? (
          <p className="govuk-body">No person record matches.</p>
        ) : (
          <table className="govuk-table" data-testid="candidates">
            <caption className="govuk-table__caption govuk-table__caption--s">
              {found > candidates.length ? `The best ${candidates.length} of ${found.toLocaleString("en-GB")} people found` : `People found (${candidates.length})`}
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Person</th>
                <th scope="col" className="govuk-table__header">Why they were found</th>
                <th scope="col" className="govuk-table__header">Contacts</th>
                <th scope="col" className="govuk-table__header">Choose</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {candidates.map((p) => {
                const name = fullName(p.firstName, p.lastName);
                return (
                  <tr key={p.id} className="govuk-table__row">
                    <td className="govuk-table__cell">
                      <strong>{name}</strong>
                      <br />
                      {birthWords(p)}
                      {p.postcode ? `, ${p.postcode}` : ""}
                      {p.nhsNumber ? `, NHS ${formatNhsNumber(p.nhsNumber)}` : ""}
                    </td>
                    <td className="govuk-table__cell">{p.reasons.join("; ")}</td>
                    <td className="govuk-table__cell">
                      {p.contactCount}
                      {p.lastContact ? `, last ${formatDate(p.lastContact.receivedAt)}` : ""}
                    </td>
                    <td className="govuk-table__cell">
                      <ul className="govuk-list govuk-!-margin-bottom-0">
                        <li>
                          <Link className="govuk-link" to={href({ survivor: p.id, merged: mergedId === p.id ? null : mergedId })}>
                            Keep this record<span className="govuk-visually-hidden">: {name}</span>
                          </Link>
                        </li>
                        <li>
                          <Link className="govuk-link" to={href({ merged: p.id, survivor: survivorId === p.id ? null : survivorId })}>
                            Merge this one away<span className="govuk-visually-hidden">: {name}</span>
                          </Link>
                        </li>
                      </ul>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )
      ) : null}

      {survivorId || mergedId ? (
        <>
          <h2 className="govuk-heading-m">The two records</h2>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-one-half" data-testid="survivor">
              <h3 className="govuk-heading-s">Record to keep</h3>
              {survivorId ? <PersonRecord view={survivor} /> : <p className="govuk-body">Not chosen yet.</p>}
            </div>
            <div className="govuk-grid-column-one-half" data-testid="merged">
              <h3 className="govuk-heading-s">Duplicate to merge into it</h3>
              {mergedId ? <PersonRecord view={merged} /> : <p className="govuk-body">Not chosen yet.</p>}
            </div>
          </div>
          {survivorId && mergedId ? (
            <p className="govuk-body">
              <Link className="govuk-link" to={href({ survivor: mergedId, merged: survivorId })}>
                Swap them: keep the other record
              </Link>
            </p>
          ) : null}
        </>
      ) : null}

      {ready ? (
        <Form method="post" {...mergeForm.props}>
          <input type="hidden" name="survivorId" value={survivor.person.id} />
          <input type="hidden" name="mergedId" value={merged.person.id} />
          <input type="hidden" name="idempotencyKey" value={`${formKey}:merge`} />
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              {merged.chronology.contacts.length === 1 ? "The 1 contact" : `All ${merged.chronology.contacts.length} contacts`} of{" "}
              {fullName(merged.person.first_name, merged.person.last_name)}'s duplicate record will move to{" "}
              {fullName(survivor.person.first_name, survivor.person.last_name)}'s record. From then on they are one child.
            </strong>
          </div>
          <Textarea name="reason" label="Why these records are the same child" hint="For example, the same NHS number, or confirmed with the school." error={mergeForm.errors.reason} defaultValue={mergeForm.values.reason} rows={3} />
          <Button>Merge the records</Button>
        </Form>
      ) : null}
    </>
  );
}

function PersonRecord({ view }: { view: PersonRecordView | null }) {
  if (!view) return <p className="govuk-body">There is no person record with that id.</p>;
  const { person, chronology } = view;
  return (
    <>
      {person.merged_into_id ? (
        <div className="govuk-inset-text">This record has already been merged into another record, so it cannot be merged again or kept.</div>
      ) : null}
      <dl className="govuk-summary-list govuk-summary-list--no-border">
        <SummaryRow label="Name">{fullName(person.first_name, person.last_name)}</SummaryRow>
        <SummaryRow label="Birth">{birthWords({ dateOfBirth: person.date_of_birth, expectedDateOfBirth: person.expected_date_of_birth })}</SummaryRow>
        <SummaryRow label="Sex">{sexWords(person.sex)}</SummaryRow>
        <SummaryRow label="Ethnicity">{person.ethnicity ? labelOf(ETHNICITIES, person.ethnicity) : "Not recorded"}</SummaryRow>
        <SummaryRow label="Postcode">{person.postcode ?? "Not recorded"}</SummaryRow>
        <SummaryRow label="NHS number">{person.nhs_number ? formatNhsNumber(person.nhs_number) : "Not recorded"}</SummaryRow>
        <SummaryRow label="Record created">{formatDateTime(person.created_at)}</SummaryRow>
      </dl>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/people/${encodeURIComponent(person.id)}/access`}>
          Who has seen this child<span className="govuk-visually-hidden">: {fullName(person.first_name, person.last_name)}</span>
        </Link>
      </p>
      {chronology.contacts.length === 0 ? (
        <p className="govuk-body">No contacts.</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">Contacts ({chronology.contacts.length})</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Contact</th>
              <th scope="col" className="govuk-table__header">Source</th>
              <th scope="col" className="govuk-table__header">Outcome</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {chronology.contacts.map((c) => (
              <tr key={c.id} className="govuk-table__row">
                <td className="govuk-table__cell">
                  {c.reference}
                  <br />
                  {formatDate(c.received_at)}
                </td>
                <td className="govuk-table__cell">{labelOf(REFERRAL_SOURCES, c.source)}</td>
                <td className="govuk-table__cell">{contactStatusWords(c)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {chronology.merges.length ? (
        <ul className="govuk-list">
          {chronology.merges.map((m) => (
            <li key={m.id}>
              Merged {formatDate(m.merged_at)}: {fullName(m.merged_first_name, m.merged_last_name)}'s record ({m.contacts_moved} contacts), by{" "}
              {m.merged_by_name ?? "a manager"}.
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

