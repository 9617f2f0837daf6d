import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { readForm, recordId } from "../validation/request.server";
import { ownEntry } from "../validation/ids";
import { Link, type ShouldRevalidateFunction, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { forbidden, requireHub } from "../auth/guards.server";
import type { ActionFormState } from "../components/contact-actions";
import { ErrorSummary, Textarea, TextInput } from "../components/form";
import { labelOf, LEVELS_OF_NEED, STEP_DOWN_STATUSES } from "../vocabulary";
import { respondToStepDown, viewStepDown } from "../early-help/step-downs.server";
import { formatDate, formatDateTime, personName } from "../format";
import { formObject } from "../validation/contact-actions";
import { readSubmission } from "../validation/forms";
import { stepDownResponseSchema, type StepDownResponseIntent } from "../validation/partner-responses";
import { AnswerForm, SummaryRow } from "../components/answer-form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Step-down ${data.contact.reference}` : "Step-down"} – Children's front door` },
];

const DONE: Record<StepDownResponseIntent, string> = {
  ACCEPT_STEP_DOWN: "You have accepted the step-down: the episode of early help has started",
  DECLINE_STEP_DOWN: "You have declined the step-down: the contact has gone back to the MASH for a new decision",
};

/** A hub worker sees their own hub's step-down: what they need to accept or decline it, and nothing more. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requireHub(request, context);
  const view = await viewStepDown(context.db, user, recordId(params.stepDownId), context.clientIp);
  if (view.kind === "not_found") throw new Response("Not found", { status: 404 });
  if (view.kind === "forbidden") forbidden();
  const { kind: _kind, ...rest } = view;
  // A new key for every rendering of the forms: a repeated submission of this rendering is applied once.
  return { ...rest, formKey: crypto.randomUUID() };
}

/** After a refused answer, read the step-down again: the forms then carry the contact's version as it is now. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? true : defaultShouldRevalidate;

type ActionResponse = { state: ActionFormState; message?: { title: string; body: string } };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requireHub(request, context);
  const parsed = readSubmission(formObject(await readForm(request)), stepDownResponseSchema);
  const { intent, values } = parsed;
  if (!parsed.ok) return data<ActionResponse>({ state: { intent, errors: parsed.errors, values } }, { status: 400 });
  const result = await respondToStepDown(context.db, { user, stepDownId: recordId(params.stepDownId), response: parsed.data, ipAddress: context.clientIp });
  switch (result.kind) {
    case "applied":
      return redirect(`/step-downs/${encodeURIComponent(params.stepDownId!)}?done=${encodeURIComponent(intent)}`, 303);
    case "not_found":
      throw new Response("Not found", { status: 404 });
    case "forbidden":
      return forbidden();
    case "refused":
      return data<ActionResponse>(
        { state: { intent, errors: {}, values }, message: { title: "Your answer cannot be recorded now", body: result.reason } },
        { status: 409 },
      );
  }
}

export default function StepDownPage() {
  const { stepDown, contact, child, decision, canAnswer, formKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [clientState, setClientState] = useState<ActionFormState | null>(null);
  const [params] = useSearchParams();
  const done = params.get("done") as StepDownResponseIntent | null;
  const state = clientState ?? actionData?.state ?? null;

  return (
    <>
      {done && !actionData && !clientState ? (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="done-title" data-testid="done-banner">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="done-title">
              Success
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{ownEntry(DONE, done) ?? "Your answer has been recorded"}</p>
          </div>
        </div>
      ) : null}
      {actionData?.message && !clientState ? (
        <div className="govuk-error-summary" role="alert" tabIndex={-1} data-testid="action-refused">
          <h2 className="govuk-error-summary__title">{actionData.message.title}</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">{actionData.message.body}</p>
          </div>
        </div>
      ) : null}
      <ErrorSummary errors={state?.errors} idPrefix={state?.intent} />

      <span className="govuk-caption-l">Step-down to the {stepDown.hubName} early help hub</span>
      <h1 className="govuk-heading-l">Contact {contact.reference}</h1>
      <p className="govuk-body">
        <strong className={`govuk-tag ${stepDown.status === "offered" ? "govuk-tag--blue" : stepDown.status === "accepted" ? "govuk-tag--green" : "govuk-tag--grey"}`} data-testid="step-down-status">
          {labelOf(STEP_DOWN_STATUSES, stepDown.status)}
        </strong>
      </p>

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <dl className="govuk-summary-list">
            <SummaryRow label="Child">{personName(child)}</SummaryRow>
            <SummaryRow label="Date of birth">{child.date_of_birth ? formatDate(child.date_of_birth) : "Not known"}</SummaryRow>
            <SummaryRow label="Postcode">{child.postcode ?? "Not known"}</SummaryRow>
            <SummaryRow label="Contact reference">{contact.reference}</SummaryRow>
            <SummaryRow label="Level of need">{decision.levelOfNeed ? labelOf(LEVELS_OF_NEED, decision.levelOfNeed) : "Not recorded"}</SummaryRow>
            <SummaryRow label="The MASH's rationale">{decision.rationale || "Not recorded"}</SummaryRow>
            <SummaryRow label="Offered">{formatDateTime(stepDown.offeredAt)}</SummaryRow>
            <SummaryRow label="Status">{labelOf(STEP_DOWN_STATUSES, stepDown.status)}</SummaryRow>
            {stepDown.status === "accepted" ? (
              <>
                <SummaryRow label="Lead practitioner">{stepDown.leadPractitioner}</SummaryRow>
                <SummaryRow label="Accepted">{formatDateTime(stepDown.respondedAt)}</SummaryRow>
              </>
            ) : null}
            {stepDown.status === "declined" ? (
              <>
                <SummaryRow label="Why the hub declined">{stepDown.declineReason}</SummaryRow>
                <SummaryRow label="Declined">{formatDateTime(stepDown.respondedAt)}</SummaryRow>
              </>
            ) : null}
          </dl>

          {canAnswer ? (
            <>
              <AnswerForm primary schema={stepDownResponseSchema} intent="ACCEPT_STEP_DOWN" title="Accept the step-down" button="Accept the step-down" version={contact.version} formKey={formKey} state={state} onClientErrors={setClientState}>
                {(errors, v) => (
                  <>
                    <p className="govuk-body">Accepting starts an episode of early help for the child with the lead practitioner you name, and closes the contact at the MASH.</p>
                    <TextInput idPrefix="ACCEPT_STEP_DOWN" name="leadPractitioner" label="Name of the lead practitioner" error={errors.leadPractitioner} defaultValue={v("leadPractitioner")} width="30" autoComplete="off" spellCheck={false} />
                  </>
                )}
              </AnswerForm>

              <AnswerForm primary={false} schema={stepDownResponseSchema} intent="DECLINE_STEP_DOWN" title="Decline the step-down" button="Decline the step-down" version={contact.version} formKey={formKey} state={state} onClientErrors={setClientState}>
                {(errors, v) => (
                  <>
                    <p className="govuk-body">
                      Declining returns the contact to the MASH for a new decision. The MASH reads your reason, and the return is counted as a bounce-back.
                    </p>
                    <Textarea idPrefix="DECLINE_STEP_DOWN" name="reason" label="Why the hub is declining" error={errors.reason} defaultValue={v("reason")} rows={4} />
                  </>
                )}
              </AnswerForm>
            </>
          ) : null}

          <p className="govuk-body">
            <Link className="govuk-link" to="/step-downs">
              Back to step-downs
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}


