import { type ActionFunctionArgs, data, type MetaFunction, redirect } from "@remix-run/node";
import { readForm } from "../http/request.server";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { reportConcern } from "../public-reports/public-report.server";
import { Button, ErrorSummary, Radios, Textarea, TextInput } from "../ui/form";
import { type FormResult, parseSubmission, useGovukForm } from "../ui/forms";
import { MAX_REPORT_BYTES, publicReportSchema, REPORTER_KINDS } from "../public-reports/public-report.schema";

export const meta: MetaFunction = () => [{ title: "Report a concern about a child – Children's front door" }];

function phoneTheMash(phone: string) {
  return phone ? `phone the MASH on ${phone}` : "phone the council's children's services";
}

/** The form's idempotency key: the same report sent twice (a double click, a retry) is sent once. */
export function loader() {
  return { formKey: crypto.randomUUID() };
}

/** Open to everyone, no sign-in. Nothing about any child is ever shown back: only the new reference. */
export async function action({ request, context }: ActionFunctionArgs) {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_REPORT_BYTES) {
    const result: FormResult = { status: "error", error: { concern: ["Your report is too long to send. Shorten it to 5,000 characters or fewer."] } };
    return data({ result, refused: null as string | null }, { status: 413 });
  }
  const submission = parseSubmission(await readForm(request), publicReportSchema);
  // The hidden trap field is never sent back.
  const reply = submission.reply({ hideFields: ["website"] });
  const values = (reply.initialValue ??= {});
  if (submission.status !== "success") {
    // A missing or broken key is not the reporter's to correct: the form gets a fresh one.
    const keyError = reply.error?.idempotencyKey?.[0];
    if (keyError) {
      delete reply.error!.idempotencyKey;
      values.idempotencyKey = crypto.randomUUID();
    }
    return data({ result: reply, refused: keyError ?? null }, { status: 400 });
  }
  const report = submission.value;
  if (report.website) {
    return data({ result: reply, refused: `Your report could not be sent. Please ${phoneTheMash(context.config.mashPhone)} instead.` }, { status: 400 });
  }
  const result = await reportConcern(context.db, { report, address: context.clientIp, now: new Date(), addressHashKey: context.config.addressHashKey });
  if (!result.ok && result.reason === "key_reused") {
    // This form was sent before with a different report: nothing is sent, nothing typed is lost, and
    // the form gets a fresh key, so sending it again on purpose sends it as a new report.
    values.idempotencyKey = crypto.randomUUID();
    const refused = "This form was already used to send a different report, so this one was not sent. Check what you typed and send the form again: it will be sent as a new report.";
    return data({ result: reply, refused }, { status: 409 });
  }
  if (!result.ok) {
    const refused = `We have received several reports from your connection in the last hour, so this one was not sent. Wait an hour and try again, or ${phoneTheMash(context.config.mashPhone)}.`;
    return data({ result: reply, refused }, { status: 429 });
  }
  return redirect(`/report-a-concern/sent?reference=${encodeURIComponent(result.reference)}`, 303);
}

export default function ReportAConcern() {
  const { formKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { props, errors, values: v } = useGovukForm(publicReportSchema, actionData?.result);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {actionData?.refused ? (
          <div className="govuk-error-summary" role="alert" tabIndex={-1}>
            <h2 className="govuk-error-summary__title">Your report was not sent</h2>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">{actionData.refused}</p>
            </div>
          </div>
        ) : null}
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Report a concern about a child</h1>
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            If a child is in immediate danger, call 999 now. Do not use this form.
          </strong>
        </div>
        <p className="govuk-body">
          Use this form if you are worried that a child is being harmed or neglected. It goes to the Multi-Agency Safeguarding Hub (MASH), who
          will read it within one working day. You will get a reference number straight away.
        </p>
        <Form method="post" {...props}>
          <input type="hidden" name="idempotencyKey" value={v.idempotencyKey || formKey} />
          <Radios name="reporterKind" legend="Who are you?" choices={Object.entries(REPORTER_KINDS).map(([value, k]) => ({ value, text: k.text }))} error={errors.reporterKind} defaultValue={v.reporterKind} />
          <TextInput name="reporterName" label="Your name" error={errors.reporterName} defaultValue={v.reporterName} autoComplete="name" width="30" />
          <TextInput name="reporterOrganisation" label="Your organisation (if you are reporting for work)" error={errors.reporterOrganisation} defaultValue={v.reporterOrganisation} autoComplete="organization" width="30" />
          <TextInput name="reporterPhone" label="Your phone number (optional)" hint="So we can call you if we need to know more" type="tel" autoComplete="tel" error={errors.reporterPhone} defaultValue={v.reporterPhone} width="20" />
          <TextInput name="reporterEmail" label="Your e-mail address (optional)" type="email" autoComplete="email" spellCheck={false} error={errors.reporterEmail} defaultValue={v.reporterEmail} width="30" />
          <h2 className="govuk-heading-m">The child</h2>
          <TextInput name="childFirstName" label="The child's first name" error={errors.childFirstName} defaultValue={v.childFirstName} width="20" />
          <TextInput name="childLastName" label="The child's last name" error={errors.childLastName} defaultValue={v.childLastName} width="20" />
          <TextInput name="childAge" label="The child's age or date of birth, if you know it" error={errors.childAge} defaultValue={v.childAge} width="10" />
          <Textarea name="childAddress" label="Where the child lives, if you know" error={errors.childAddress} defaultValue={v.childAddress} rows={2} />
          <Textarea name="concern" label="What are you worried about?" hint="Tell us what you saw or heard, when, and anything the child said." error={errors.concern} defaultValue={v.concern} rows={8} />
          <div className="govuk-visually-hidden" aria-hidden="true">
            <label htmlFor="website">Leave this field empty</label>
            <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
          </div>
          <Button>Send the report</Button>
        </Form>
      </div>
    </div>
  );
}
