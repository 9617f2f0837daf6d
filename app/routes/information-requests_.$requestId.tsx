import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AnswerForm, AnswerPage, revalidateAfterRefusal } from "../answers/answer-pages";
import { answerNotValid, answerOutcome, foundOrThrow, readAnswer } from "../answers/answer-route.server";
import { INFORMATION_REQUEST_WORDS, informationResponseSchema, ragAnswerChoices } from "../information-requests/information-requests";
import type { AnswerView } from "../information-requests/information-request-view.server";
import { respondToInformationRequest, viewInformationRequest } from "../information-requests/information-requests.server";
import { requireAgency } from "../auth/guards.server";
import { PriorityTag } from "../measures/figures";
import { Radios, Textarea } from "../ui/form";
import { SummaryRow } from "../ui/summary-row";
import { formatDate, formatDateTime, formatDeadline } from "../ui/format";
import { recordId } from "../http/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Information request ${data.contact.reference}` : "Information request"} – Children's front door` },
];

/** A partner sees their own agency's request: what they need to know to answer it, and nothing more (the view model: information-request-view.server.ts). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requireAgency(request, context);
  const view = foundOrThrow(await viewInformationRequest(context.db, user, recordId(params.requestId), context.clientIp));
  // A new key for every rendering of the forms: a repeated submission of this rendering is applied once.
  return { ...view, overdue: view.request.overdue, formKey: crypto.randomUUID() };
}

export const shouldRevalidate = revalidateAfterRefusal;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requireAgency(request, context);
  const submission = await readAnswer(request, informationResponseSchema);
  if (submission.status !== "success") return answerNotValid(submission);
  const result = await respondToInformationRequest(context.db, { user, requestId: recordId(params.requestId), response: submission.value, ipAddress: context.clientIp });
  return answerOutcome(result, submission, INFORMATION_REQUEST_WORDS, params.requestId!);
}

/** The three ways to answer; as a correction, the same forms marked as one (the answer sent stays beside it). */
function AnswerForms({ correction }: { correction: boolean }) {
  const mark = correction ? <input type="hidden" name="correction" value="yes" /> : null;
  const variant = correction ? "correction" : undefined;
  return (
    <>
      <AnswerForm primary heading="h3" intent="PARTNER_INFORMATION_RETURNED" variant={variant} title={correction ? "Correct: return information" : "Return information"} button={correction ? "Send corrected information" : "Return information"}>
        {(errors, v) => (
          <>
            {mark}
            <Radios idPrefix="PARTNER_INFORMATION_RETURNED" name="rag" legend="Your RAG rating" hint="Your agency's own rating of what your information shows. It can differ from the MASH priority." choices={ragAnswerChoices()} error={errors.rag} defaultValue={v("rag")} />
            <Textarea idPrefix="PARTNER_INFORMATION_RETURNED" name="ragRationale" label="Why you gave this rating" hint="Your rationale for the rating, apart from the information itself." error={errors.ragRationale} defaultValue={v("ragRationale")} rows={3} />
            <Textarea idPrefix="PARTNER_INFORMATION_RETURNED" name="information" label="The information you are returning" hint="What your agency knows about the child and family that matters to this concern, with dates." error={errors.information} defaultValue={v("information")} rows={6} />
          </>
        )}
      </AnswerForm>

      <AnswerForm primary={false} heading="h3" intent="PARTNER_NOTHING_KNOWN" variant={variant} title={correction ? "Correct: no information held" : "No information held"} button={correction ? "Send no information held" : "Send nothing known"}>
        {(errors, v) => (
          <>
            {mark}
            <p className="govuk-body">Your agency holds no information about this child or family.</p>
            <Textarea idPrefix="PARTNER_NOTHING_KNOWN" name="information" label="Note for the MASH (optional)" hint="For example, the checks you made." error={errors.information} defaultValue={v("information")} rows={3} />
          </>
        )}
      </AnswerForm>

      <AnswerForm primary={false} heading="h3" intent="PARTNER_DECLINED" variant={variant} title={correction ? "Correct: decline to share" : "Decline to share"} button="Decline to share">
        {(errors, v) => (
          <>
            {mark}
            <Textarea idPrefix="PARTNER_DECLINED" name="reason" label="Why you are declining to share" hint="The MASH reads this when it decides what happens next for the child." error={errors.reason} defaultValue={v("reason")} rows={3} />
          </>
        )}
      </AnswerForm>
    </>
  );
}

/** One answer: its status, the rating in colour and words with its meaning, the rationale and the information. */
function AnswerRows({ answer, testId }: { answer: AnswerView; testId: string }) {
  return (
    <dl className="govuk-summary-list" data-testid={testId}>
      <SummaryRow label="Answer">{answer.statusLabel}</SummaryRow>
      {answer.rag ? (
        <>
          <SummaryRow label="Your RAG rating">
            <PriorityTag priority={answer.rag} /> <span className="govuk-body-s">{answer.ragMeaning}</span>
          </SummaryRow>
          <SummaryRow label="Why you gave this rating">{answer.ragRationale || "Not given"}</SummaryRow>
        </>
      ) : null}
      <SummaryRow label={answer.status === "returned" ? "Information you returned" : answer.status === "declined" ? "Why you declined" : "Your note"}>
        {answer.information || "None"}
      </SummaryRow>
      <SummaryRow label="Sent">{formatDateTime(answer.respondedAt)}</SummaryRow>
    </dl>
  );
}

export default function InformationRequestPage() {
  const { request, contact, identifying, lawfulBasis, canAnswer, canCorrect, answer, earlierAnswers, requests, overdue, formKey } = useLoaderData<typeof loader>();
  const answered = request.status !== "requested";
  const overdueTag = overdue ? <strong className="govuk-tag govuk-tag--red">Overdue</strong> : null;
  // A correction refused or not valid comes back open, with its errors.
  const sent = useActionData<typeof action>();

  return (
    <AnswerPage
      words={INFORMATION_REQUEST_WORDS}
      schema={informationResponseSchema}
      caption={`Information request to ${request.agencyName}`}
      reference={contact.reference}
      status={
        <>
          <strong className={`govuk-tag ${answered ? "govuk-tag--green" : "govuk-tag--blue"}`} data-testid="request-status">
            {request.statusLabel}
          </strong>{" "}
          {overdueTag}
        </>
      }
      version={contact.version}
      formKey={formKey}
    >
      <h2 className="govuk-heading-m">What the MASH asks</h2>
      <dl className="govuk-summary-list" data-testid="request-details">
        <SummaryRow label="Contact reference">{contact.reference}</SummaryRow>
        <SummaryRow label="MASH priority">
          <PriorityTag priority={contact.priority} />
        </SummaryRow>
        <SummaryRow label="Question for your agency">{request.question || "What does your agency know about this child and their household?"}</SummaryRow>
        <SummaryRow label="Summary shared with your agency">
          <span data-testid="shared-summary">{request.summary || "The MASH has not shared a summary."}</span>
        </SummaryRow>
        <SummaryRow label="Lawful basis for sharing">
          {lawfulBasis.words}
          {lawfulBasis.authorisedAt ? ` Authorised ${formatDateTime(lawfulBasis.authorisedAt)}.` : ""}
        </SummaryRow>
        <SummaryRow label="Deadline">
          {formatDeadline(request.dueAt)} {overdueTag}
        </SummaryRow>
        <SummaryRow label="Status">{request.statusLabel}</SummaryRow>
      </dl>

      <h2 className="govuk-heading-m">Who to search for</h2>
      <dl className="govuk-summary-list" data-testid="identifying-details">
        <SummaryRow label="Child">{identifying.child.name ?? "Not known"}</SummaryRow>
        <SummaryRow label="Date of birth">{identifying.child.dateOfBirth ? formatDate(identifying.child.dateOfBirth) : "Not known"}</SummaryRow>
        <SummaryRow label="Sex">{identifying.child.sex ?? "Not known"}</SummaryRow>
        <SummaryRow label="NHS number">{identifying.child.nhsNumber ?? "Not known"}</SummaryRow>
        <SummaryRow label="Address">
          {identifying.address.length ? identifying.address.map((line, i) => <span key={i} className="app-address-line">{line}{i < identifying.address.length - 1 ? <br /> : null}</span>) : "Not known"}
        </SummaryRow>
      </dl>
      {identifying.household.length ? (
        <table className="govuk-table app-table--stack" data-testid="household">
          <caption className="govuk-table__caption govuk-table__caption--s">Household members</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header">Relationship to the child</th>
              <th scope="col" className="govuk-table__header">Date of birth</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {identifying.household.map((m, i) => (
              <tr key={i} className="govuk-table__row">
                <td className="govuk-table__cell">{m.name}</td>
                <td className="govuk-table__cell">{m.relationship}</td>
                <td className="govuk-table__cell">{m.dateOfBirth ? formatDate(m.dateOfBirth) : "Not known"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">No household members are recorded.</p>
      )}

      {answer ? (
        <>
          <h2 className="govuk-heading-m">{earlierAnswers.length ? "Your answer, as corrected" : "Your answer"}</h2>
          <p className="govuk-body">An answer is read-only once sent. {canCorrect ? "To change it, send a correction: the MASH sees both." : ""}</p>
          <AnswerRows answer={answer} testId="answer-current" />
          {earlierAnswers.length ? (
            <>
              <h3 className="govuk-heading-s">Earlier {earlierAnswers.length === 1 ? "answer" : "answers"}, replaced by a correction</h3>
              {earlierAnswers.map((earlier, i) => (
                <AnswerRows key={i} answer={earlier} testId={`answer-earlier-${i + 1}`} />
              ))}
            </>
          ) : null}
        </>
      ) : null}

      {requests.length > 1 ? (
        <>
          <h2 className="govuk-heading-m">Every request to your agency about this contact</h2>
          <ul className="govuk-list govuk-list--bullet" data-testid="agency-requests">
            {requests.map((r) => (
              <li key={r.id}>
                {r.thisOne ? (
                  <strong>Request {r.sequence} (this one)</strong>
                ) : (
                  <Link className="govuk-link" to={`/information-requests/${encodeURIComponent(r.id)}`}>Request {r.sequence}</Link>
                )}
                , sent {formatDateTime(r.requestedAt)}: {r.statusLabel}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {canAnswer ? (
        <>
          <h2 className="govuk-heading-m">Your answer</h2>
          <p className="govuk-body">Answer in one of three ways. The MASH sees your answer as soon as you send it.</p>
          <AnswerForms correction={false} />
        </>
      ) : canCorrect ? (
        <details className="govuk-details" data-testid="correct-answer" open={Boolean(sent)}>
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Correct your answer</span>
          </summary>
          <div className="govuk-details__text">
            <AnswerForms correction />
          </div>
        </details>
      ) : !answered ? (
        <p className="govuk-body" data-testid="cannot-answer">
          The MASH no longer needs an answer to this request.
        </p>
      ) : null}
    </AnswerPage>
  );
}
