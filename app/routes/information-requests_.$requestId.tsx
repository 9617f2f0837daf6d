import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AnswerForm, AnswerPage, ChildRows, revalidateAfterRefusal } from "../answers/answer-pages";
import { answerNotValid, answerOutcome, foundOrThrow, readAnswer } from "../answers/answer-route.server";
import { INFORMATION_REQUEST_WORDS, informationResponseSchema, RAG_CHOICES, requestStatusForPartner } from "../information-requests/information-requests";
import { respondToInformationRequest, viewInformationRequest } from "../information-requests/information-requests.server";
import { requireAgency } from "../auth/guards.server";
import { PriorityTag } from "../measures/figures";
import { Radios, Textarea } from "../ui/form";
import { SummaryRow } from "../ui/summary-row";
import { lawfulBasisWords } from "../contacts/labels";
import { formatDateTime, formatDeadline } from "../ui/format";
import { recordId } from "../http/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Information request ${data.contact.reference}` : "Information request"} – Children's front door` },
];

/** A partner sees their own agency's request: what they need to answer it, and nothing more. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requireAgency(request, context);
  const view = foundOrThrow(await viewInformationRequest(context.db, user, recordId(params.requestId), context.clientIp));
  const overdue = view.request.status === "requested" && new Date(view.request.dueAt).getTime() < Date.now();
  // A new key for every rendering of the forms: a repeated submission of this rendering is applied once.
  return { ...view, overdue, formKey: crypto.randomUUID() };
}

export const shouldRevalidate = revalidateAfterRefusal;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requireAgency(request, context);
  const submission = await readAnswer(request, informationResponseSchema);
  if (!submission.ok) return answerNotValid(submission);
  const result = await respondToInformationRequest(context.db, { user, requestId: recordId(params.requestId), response: submission.data, ipAddress: context.clientIp });
  return answerOutcome(result, submission, INFORMATION_REQUEST_WORDS, params.requestId!);
}

export default function InformationRequestPage() {
  const { request, contact, child, lawfulBasis, canAnswer, overdue, formKey } = useLoaderData<typeof loader>();
  const answered = request.status !== "requested";
  const overdueTag = overdue ? <strong className="govuk-tag govuk-tag--red">Overdue</strong> : null;

  return (
    <AnswerPage
      words={INFORMATION_REQUEST_WORDS}
      schema={informationResponseSchema}
      caption={`Information request to ${request.agencyName}`}
      reference={contact.reference}
      status={
        <>
          <strong className={`govuk-tag ${answered ? "govuk-tag--green" : "govuk-tag--blue"}`} data-testid="request-status">
            {requestStatusForPartner(request.status)}
          </strong>{" "}
          {overdueTag}
        </>
      }
      version={contact.version}
      formKey={formKey}
    >
      <dl className="govuk-summary-list">
        <ChildRows child={child} reference={contact.reference} />
        <SummaryRow label="MASH priority">
          <PriorityTag priority={contact.priority} />
        </SummaryRow>
        <SummaryRow label="Lawful basis for sharing">
          {lawfulBasisWords(lawfulBasis)}
          {lawfulBasis.authorisedAt ? ` Authorised ${formatDateTime(lawfulBasis.authorisedAt)}.` : ""}
        </SummaryRow>
        <SummaryRow label="Deadline">
          {formatDeadline(request.dueAt)} {overdueTag}
        </SummaryRow>
        <SummaryRow label="Concern">{contact.concern || "Not recorded"}</SummaryRow>
        <SummaryRow label="Status">{requestStatusForPartner(request.status)}</SummaryRow>
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

          <AnswerForm primary heading="h3" intent="PARTNER_INFORMATION_RETURNED" title="Return information" button="Return information">
            {(errors, v) => (
              <>
                <Radios idPrefix="PARTNER_INFORMATION_RETURNED" name="rag" legend="Your RAG rating" hint="Your agency's own rating of what your information shows. It can differ from the MASH priority." inline choices={RAG_CHOICES} error={errors.rag} defaultValue={v("rag")} />
                <Textarea idPrefix="PARTNER_INFORMATION_RETURNED" name="information" label="The information you are returning" hint="What your agency knows about the child and family that matters to this concern, with dates." error={errors.information} defaultValue={v("information")} rows={6} />
              </>
            )}
          </AnswerForm>

          <AnswerForm primary={false} heading="h3" intent="PARTNER_NOTHING_KNOWN" title="Nothing known" button="Send nothing known">
            {(errors, v) => (
              <>
                <p className="govuk-body">Your agency holds no information about this child or family.</p>
                <Textarea idPrefix="PARTNER_NOTHING_KNOWN" name="information" label="Note for the MASH (optional)" hint="For example, the checks you made." error={errors.information} defaultValue={v("information")} rows={3} />
              </>
            )}
          </AnswerForm>

          <AnswerForm primary={false} heading="h3" intent="PARTNER_DECLINED" title="Decline to share" button="Decline to share">
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
    </AnswerPage>
  );
}
