import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AnswerForm, AnswerPage, ChildRows, revalidateAfterRefusal } from "../answers/answer-pages";
import { answerNotValid, answerOutcome, foundOrThrow, readAnswer } from "../answers/answer-route.server";
import { STEP_DOWN_WORDS, stepDownResponseSchema } from "../step-downs/step-downs";
import { respondToStepDown, viewStepDown } from "../step-downs/step-downs.server";
import { requireHub } from "../auth/guards.server";
import { Textarea, TextInput } from "../ui/form";
import { SummaryRow } from "../ui/summary-row";
import { formatDateTime } from "../ui/format";
import { recordId } from "../http/request.server";
import { labelOf, LEVELS_OF_NEED, STEP_DOWN_STATUSES } from "../vocabulary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Step-down ${data.contact.reference}` : "Step-down"} – Children's front door` },
];

const STATUS_TAGS: Record<string, string> = { offered: "govuk-tag--blue", accepted: "govuk-tag--green" };

/** A hub worker sees their own hub's step-down: what they need to accept or decline it, and nothing more. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requireHub(request, context);
  const view = foundOrThrow(await viewStepDown(context.db, user, recordId(params.stepDownId), context.clientIp));
  // A new key for every rendering of the forms: a repeated submission of this rendering is applied once.
  return { ...view, formKey: crypto.randomUUID() };
}

export const shouldRevalidate = revalidateAfterRefusal;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requireHub(request, context);
  const submission = await readAnswer(request, stepDownResponseSchema);
  if (submission.status !== "success") return answerNotValid(submission);
  const result = await respondToStepDown(context.db, { user, stepDownId: recordId(params.stepDownId), response: submission.value, ipAddress: context.clientIp });
  return answerOutcome(result, submission, STEP_DOWN_WORDS, params.stepDownId!);
}

export default function StepDownPage() {
  const { stepDown, contact, child, decision, canAnswer, formKey } = useLoaderData<typeof loader>();

  return (
    <AnswerPage
      words={STEP_DOWN_WORDS}
      schema={stepDownResponseSchema}
      caption={`Step-down to the ${stepDown.hubName} early help hub`}
      reference={contact.reference}
      status={
        <strong className={`govuk-tag ${STATUS_TAGS[stepDown.status] ?? "govuk-tag--grey"}`} data-testid="step-down-status">
          {labelOf(STEP_DOWN_STATUSES, stepDown.status)}
        </strong>
      }
      version={contact.version}
      formKey={formKey}
    >
      <dl className="govuk-summary-list">
        <ChildRows child={child} reference={contact.reference} />
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
          <AnswerForm primary intent="ACCEPT_STEP_DOWN" title="Accept the step-down" button="Accept the step-down">
            {(errors, v) => (
              <>
                <p className="govuk-body">Accepting starts an episode of early help for the child with the lead practitioner you name, and closes the contact at the MASH.</p>
                <TextInput idPrefix="ACCEPT_STEP_DOWN" name="leadPractitioner" label="Name of the lead practitioner" error={errors.leadPractitioner} defaultValue={v("leadPractitioner")} width="30" autoComplete="off" spellCheck={false} />
              </>
            )}
          </AnswerForm>

          <AnswerForm primary={false} intent="DECLINE_STEP_DOWN" title="Decline the step-down" button="Decline the step-down">
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
    </AnswerPage>
  );
}
