import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, type ShouldRevalidateFunction, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { readForm, recordId } from "../http/request.server";
import { requirePermission } from "../auth/guards.server";
import { notFound } from "../http/not-found.server";
import { type RefusedChild, screenGroup, viewGroupForScreening } from "../contacts/group-screening.server";
import { groupScreeningSchema } from "../contacts/group-screening.schema";
import { PriorityTag } from "../measures/figures";
import { Button, Checkboxes, ErrorSummary, Radios, Textarea } from "../ui/form";
import { type FormResult, parseSubmission, toFieldErrors, useGovukForm } from "../ui/forms";
import { SuccessBanner } from "../ui/layout";
import { CONSENT_STATUSES, RAG_RATINGS } from "../vocabulary";

/** Screening siblings together (issue 11, "Siblings together"; decision 029). */

export const meta: MetaFunction = () => [{ title: "Screen the children together – Children's front door" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requirePermission(request, context, "contact.screen");
  const contactId = recordId(params.contactId);
  const view = await viewGroupForScreening(context.db, { user, contactId, ipAddress: context.clientIp });
  if (!view) notFound();
  // A new key for every rendering: the same form sent twice is recorded once.
  return { contactId, ...view, formKey: crypto.randomUUID() };
}

/** After a refusal, show every child as it is now (its new version) beside what was chosen. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => actionStatus === 409 || defaultShouldRevalidate;

type ActionResponse = { result: FormResult; refused?: RefusedChild[] };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requirePermission(request, context, "contact.screen");
  const contactId = recordId(params.contactId);
  const submission = parseSubmission(await readForm(request), groupScreeningSchema);
  // The key and versions are rendered afresh with the page; what was chosen and typed comes back.
  const reply = (errors?: Record<string, string[]>) => submission.reply({ hideFields: ["idempotencyKey", "versions"], ...(errors ? { fieldErrors: errors } : {}) });
  if (submission.status !== "success") return data<ActionResponse>({ result: reply() }, { status: 400 });
  const result = await screenGroup(context.db, { user, contactId, form: submission.value, ipAddress: context.clientIp });
  switch (result.kind) {
    case "applied":
      return redirect(`/contacts/${encodeURIComponent(contactId)}/siblings?done=${result.contactIds.length}`, 303);
    case "not_found":
      return notFound();
    case "invalid":
      return data<ActionResponse>({ result: reply(toFieldErrors(result.errors)) }, { status: 400 });
    case "refused":
      return data<ActionResponse>({ result: reply(), refused: result.children }, { status: 409 });
  }
}

/** Every value sent back for a field (ticked boxes), or null when the form was not sent back. */
function sentBack(result: FormResult | undefined, name: string): string[] | null {
  if (!result?.initialValue) return null;
  const value = (result.initialValue as Record<string, unknown>)[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : typeof value === "string" ? [value] : [];
}

export default function ScreenSiblingsTogether() {
  const { contactId, children, agencies, formKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const form = useGovukForm(groupScreeningSchema, actionData?.result, { id: "screen-together" });
  const [params] = useSearchParams();
  const done = actionData ? null : params.get("done");
  const offered = children.filter((c) => c.screenable);
  const notOffered = children.filter((c) => !c.screenable);
  const chosen = sentBack(actionData?.result, "children") ?? offered.map((c) => c.id);
  const refused = actionData?.refused ?? [];
  const childId = (id: string) => (offered[0]?.id === id ? "children" : `children-${id}`);

  return (
    <div className="app-wide">
      <Link className="govuk-back-link" to={`/contacts/${encodeURIComponent(contactId)}`}>
        Back to the contact
      </Link>
      {done ? (
        <SuccessBanner id="done" testId="done-banner" heading={`Recorded for ${done === "1" ? "1 child" : `${done} children`}, each on their own contact.`} />
      ) : null}
      {refused.length ? (
        <div className="govuk-error-summary" role="alert" tabIndex={-1} data-testid="group-refused">
          <h2 className="govuk-error-summary__title">Nothing was recorded for any of the children</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">
              {refused.length === 1 ? "This child cannot take this step now" : "These children cannot take this step now"}. Untick{" "}
              {refused.length === 1 ? "them" : "each of them"}, or deal with {refused.length === 1 ? "their" : "each"} contact first, then send the form again.
            </p>
            <ul className="govuk-list govuk-error-summary__list">
              {refused.map((c) => (
                <li key={c.contactId} data-testid="refused-child">
                  <a href={`#${childId(c.contactId)}`}>{`${c.name} (${c.reference}): ${c.reason}`}</a>
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      <ErrorSummary errors={form.errors} />

      <h1 className="govuk-heading-l">Screen the children together</h1>
      <p className="govuk-body">
        These children were recorded together. What you choose is recorded for each child you tick, on their own contact, with its own history; each child is
        decided on its own later. If any child cannot take the step, nothing is recorded for any of them and this page says which child and why.
      </p>

      {/* A new form after each rendering of the page (its key): nothing chosen before stays ticked after a success. */}
      <Form method="post" {...form.props} key={formKey}>
        <input type="hidden" name="idempotencyKey" value={formKey} />
        {children.map((c) => (
          <input key={c.id} type="hidden" name="versions" value={`${c.id}:${c.version}`} />
        ))}
        <div className="app-table-scroll" role="region" aria-label="The children recorded together" tabIndex={0}>
          <table className="govuk-table app-dense-table" data-testid="group-children">
            <caption className="govuk-table__caption govuk-table__caption--s">The children recorded together, as they are now</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Child</th>
                <th scope="col" className="govuk-table__header">Contact</th>
                <th scope="col" className="govuk-table__header">State</th>
                <th scope="col" className="govuk-table__header">Priority</th>
                <th scope="col" className="govuk-table__header">Consent</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {children.map((c) => (
                <tr className="govuk-table__row" key={c.id} data-testid="group-child">
                  <td className="govuk-table__cell">
                    {c.name}
                    {c.born ? `, born ${c.born}` : ""}
                  </td>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/contacts/${encodeURIComponent(c.id)}`}>
                      {c.reference}
                    </Link>
                  </td>
                  <td className="govuk-table__cell">{c.stateLabel}</td>
                  <td className="govuk-table__cell">
                    <PriorityTag priority={c.priority} />
                  </td>
                  <td className="govuk-table__cell">{c.consent}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>

        {offered.length ? (
          <Checkboxes
            name="children"
            legend="Record it for"
            hint="Children not yet being screened are started first."
            choices={offered.map((c) => ({ value: c.id, text: `${c.name} (${c.reference})` }))}
            defaultValues={chosen}
            error={form.errors.children}
          />
        ) : (
          <p className="govuk-body">None of these children can be screened now.</p>
        )}
        {notOffered.length ? (
          <p className="govuk-body" data-testid="not-offered">
            {`Not offered here: ${notOffered.map((c) => `${c.name} (${c.reference}, ${c.stateLabel.toLowerCase()})`).join("; ")}.`}
          </p>
        ) : null}

        <div className="app-group-steps">
          <div>
            <Radios
              name="priority"
              legend="Priority (optional)"
              hint="It sets partners' deadlines: red 4 hours, amber the end of the next working day, green the end of the third."
              choices={RAG_RATINGS.map((r) => ({ value: r.code, text: r.label }))}
              defaultValue={form.values.priority}
              error={form.errors.priority}
            />
            <Textarea name="reason" label="Reason for the priority (needed with a priority)" defaultValue={form.values.reason} error={form.errors.reason} rows={3} />
          </div>
          <div>
            <Radios
              name="consent"
              legend="Consent to share with partners (optional)"
              choices={CONSENT_STATUSES.map((s) => ({ value: s.code, text: s.label }))}
              defaultValue={form.values.consent}
              error={form.errors.consent}
            />
          </div>
          <div>
            <Checkboxes
              name="agencies"
              legend="Ask partners for information (optional)"
              hint="Each child gets their own request. Partners can be asked only with a priority, and with consent given or an override."
              choices={agencies}
              defaultValues={sentBack(actionData?.result, "agencies") ?? []}
              error={form.errors.agencies}
            />
          </div>
        </div>
        {offered.length ? <Button>Record for the children ticked</Button> : null}
      </Form>
    </div>
  );
}
