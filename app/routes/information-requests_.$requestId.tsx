import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { readForm, recordId } from "../validation/request.server";
import { ownEntry } from "../validation/ids";
import { Link, type ShouldRevalidateFunction, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { forbidden, requireAgency } from "../auth/guards.server";
import type { ActionFormState } from "../components/contact-actions";
import { PriorityTag } from "../components/figures";
import { ErrorSummary, Radios, Textarea } from "../components/form";
import { lawfulBasisWords } from "../domain/labels";
import { REQUEST_STATUSES } from "../vocabulary";
import { formatDate, formatDateTime, personName } from "../format";
import { respondToInformationRequest, viewInformationRequest } from "../partners/information-requests.server";
import { formObject } from "../validation/contact-actions";
import { readSubmission } from "../validation/forms";
import { informationResponseSchema, type InformationResponseIntent, RAG_CHOICES } from "../validation/partner-responses";
import { AnswerForm, SummaryRow } from "../components/answer-form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Information request ${data.contact.reference}` : "Information request"} – Children's front door` },
];

const DONE: Record<InformationResponseIntent, string> = {
  PARTNER_INFORMATION_RETURNED: "Your information has been sent to the MASH",
  PARTNER_NOTHING_KNOWN: "Your answer has been sent to the MASH: nothing known",
  PARTNER_DECLINED: "The MASH has been told that you decline to share information",
};

/** A partner sees their own agency's request: what they need to answer it, and nothing more. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requireAgency(request, context);
  const view = await viewInformationRequest(context.db, user, recordId(params.requestId), context.clientIp);
  if (view.kind === "not_found") throw new Response("Not found", { status: 404 });
  if (view.kind === "forbidden") forbidden();
  const { kind: _kind, ...rest } = view;
  const overdue = view.request.status === "requested" && new Date(view.request.dueAt).getTime() < Date.now();
  // A new key for every rendering of the forms: a repeated submission of this rendering is applied once.
  return { ...rest, overdue, formKey: crypto.randomUUID() };
}

/** After a refused answer, read the request again: the forms then carry the contact's version as it is now. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? true : defaultShouldRevalidate;

type ActionResponse = { state: ActionFormState; message?: { title: string; body: string } };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requireAgency(request, context);
  const parsed = readSubmission(formObject(await readForm(request)), informationResponseSchema);
  const { intent, values } = parsed;
  if (!parsed.ok) return data<ActionResponse>({ state: { intent, errors: parsed.errors, values } }, { status: 400 });
  const result = await respondToInformationRequest(context.db, { user, requestId: recordId(params.requestId), response: parsed.data, ipAddress: context.clientIp });
  switch (result.kind) {
    case "applied":
      return redirect(`/information-requests/${encodeURIComponent(params.requestId!)}?done=${encodeURIComponent(intent)}`, 303);
    case "not_found":
      throw new Response("Not found", { status: 404 });
    case "forbidden":
      return forbidden();
    case "refused":
      return data<ActionResponse>(
        { state: { intent, errors: {}, values }, message: { title: "Your answer cannot be sent now", body: result.reason } },
        { status: 409 },
      );
  }
}

export default function InformationRequestPage() {
  const { request, contact, child, lawfulBasis, canAnswer, overdue, formKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [clientState, setClientState] = useState<ActionFormState | null>(null);
  const [params] = useSearchParams();
  const done = params.get("done") as InformationResponseIntent | null;
  const state = clientState ?? actionData?.state ?? null;
  const answered = request.status !== "requested";

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
            <p className="govuk-notification-banner__heading">{ownEntry(DONE, done) ?? "Your answer has been sent to the MASH"}</p>
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

      <span className="govuk-caption-l">Information request to {request.agencyName}</span>
      <h1 className="govuk-heading-l">Contact {contact.reference}</h1>
      <p className="govuk-body">
        <strong className={`govuk-tag ${answered ? "govuk-tag--green" : "govuk-tag--blue"}`} data-testid="request-status">
          {REQUEST_STATUSES.find((t) => t.code === request.status)?.partnerLabel ?? request.status}
        </strong>{" "}
        {overdue ? <strong className="govuk-tag govuk-tag--red">Overdue</strong> : null}
      </p>

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <dl className="govuk-summary-list">
            <SummaryRow label="Child">{personName(child)}</SummaryRow>
            <SummaryRow label="Date of birth">{child.date_of_birth ? formatDate(child.date_of_birth) : "Not known"}</SummaryRow>
            <SummaryRow label="Postcode">{child.postcode ?? "Not known"}</SummaryRow>
            <SummaryRow label="Contact reference">{contact.reference}</SummaryRow>
            <SummaryRow label="MASH priority">
              <PriorityTag priority={contact.priority} />
            </SummaryRow>
            <SummaryRow label="Lawful basis for sharing">
              {lawfulBasisWords(lawfulBasis)}
              {lawfulBasis.authorisedAt ? ` Authorised ${formatDateTime(lawfulBasis.authorisedAt)}.` : ""}
            </SummaryRow>
            <SummaryRow label="Deadline">
              {formatDateTime(request.dueAt)} {overdue ? <strong className="govuk-tag govuk-tag--red">Overdue</strong> : null}
            </SummaryRow>
            <SummaryRow label="Concern">{contact.concern || "Not recorded"}</SummaryRow>
            <SummaryRow label="Status">{REQUEST_STATUSES.find((t) => t.code === request.status)?.partnerLabel ?? request.status}</SummaryRow>
            {request.status === "returned" ? (
              <>
                <SummaryRow label="Your RAG rating">
                  <PriorityTag priority={request.rag} />
                </SummaryRow>
                <SummaryRow label="Information you returned">{request.information}</SummaryRow>
              </>
            ) : null}
            {request.status === "nothing_known" ? <SummaryRow label="Your note">{request.information || "None"}</SummaryRow> : null}
            {request.status === "declined" ? <SummaryRow label="Why you declined">{request.information}</SummaryRow> : null}
            {answered && request.respondedAt ? <SummaryRow label="Answered">{formatDateTime(request.respondedAt)}</SummaryRow> : null}
          </dl>

          {canAnswer ? (
            <>
              <h2 className="govuk-heading-m">Your answer</h2>
              <p className="govuk-body">Answer in one of three ways. The MASH sees your answer as soon as you send it.</p>

              <AnswerForm primary heading="h3" schema={informationResponseSchema} intent="PARTNER_INFORMATION_RETURNED" title="Return information" button="Return information" version={contact.version} formKey={formKey} state={state} onClientErrors={setClientState}>
                {(errors, v) => (
                  <>
                    <Radios idPrefix="PARTNER_INFORMATION_RETURNED" name="rag" legend="Your RAG rating" hint="Your agency's own rating of what your information shows. It can differ from the MASH priority." inline choices={RAG_CHOICES} error={errors.rag} defaultValue={v("rag")} />
                    <Textarea idPrefix="PARTNER_INFORMATION_RETURNED" name="information" label="The information you are returning" hint="What your agency knows about the child and family that matters to this concern, with dates." error={errors.information} defaultValue={v("information")} rows={6} />
                  </>
                )}
              </AnswerForm>

              <AnswerForm primary={false} heading="h3" schema={informationResponseSchema} intent="PARTNER_NOTHING_KNOWN" title="Nothing known" button="Send nothing known" version={contact.version} formKey={formKey} state={state} onClientErrors={setClientState}>
                {(errors, v) => (
                  <>
                    <p className="govuk-body">Your agency holds no information about this child or family.</p>
                    <Textarea idPrefix="PARTNER_NOTHING_KNOWN" name="information" label="Note for the MASH (optional)" hint="For example, the checks you made." error={errors.information} defaultValue={v("information")} rows={3} />
                  </>
                )}
              </AnswerForm>

              <AnswerForm primary={false} heading="h3" schema={informationResponseSchema} intent="PARTNER_DECLINED" title="Decline to share" button="Decline to share" version={contact.version} formKey={formKey} state={state} onClientErrors={setClientState}>
                {(errors, v) => (
                  <Textarea idPrefix="PARTNER_DECLINED" name="reason" label="Why you are declining to share" hint="The MASH reads this when it decides what happens next for the child." error={errors.reason} defaultValue={v("reason")} rows={3} />
                )}
              </AnswerForm>
            </>
          ) : !answered ? (
            <p className="govuk-body" data-testid="cannot-answer">
              The MASH has closed this contact, so it no longer needs an answer to this request.
            </p>
          ) : null}

          <p className="govuk-body">
            <Link className="govuk-link" to="/information-requests">
              Back to information requests
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}


