/**
 * Withdrawing an unanswered information request (decision 028), in the agency's card on the contact
 * page: the reason from the one list (app/vocabulary), and an explanation for "other". One of the
 * page's forms through Conform (decision 024, app/ui/page-forms.tsx): the same schema checks it in the
 * browser before sending and on the server, the page's error summary shows its errors, and without
 * JavaScript the server's answer comes back in the page with what was typed. One form per agency,
 * told apart by its agency (`withdraw-<agency>`).
 */
import { Form } from "@remix-run/react";
import { choicesOf, REQUEST_WITHDRAWAL_REASONS } from "../vocabulary";
import { Radios, Textarea } from "../ui/form";
import { usePageForm } from "../ui/page-forms";
import { withdrawRequestSchema } from "./contact-actions.schema";

const REASON_CHOICES = choicesOf(REQUEST_WITHDRAWAL_REASONS);

/** The prefix of one agency's withdrawal form (its fields' ids, and the page's error summary links). */
export function withdrawPrefix(agency: string | undefined): string {
  return `withdraw-${agency ?? ""}`;
}

export function WithdrawRequestForm({ agency, agencyName, version, formKey }: { agency: string; agencyName: string; version: number; formKey: string }) {
  const prefix = withdrawPrefix(agency);
  const { props, errors, values, result } = usePageForm(withdrawRequestSchema, { intent: "WITHDRAW_PARTNER_REQUEST", prefix, mine: (sent) => sent.agency === agency });
  // Open when it comes back with errors or a refusal, so that what was typed is in view.
  const open = Object.keys(errors).length > 0 || result !== undefined;
  return (
    <details className="govuk-details govuk-!-margin-top-4 govuk-!-margin-bottom-2" open={open || undefined} data-testid={prefix}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">
          Withdraw this request<span className="govuk-visually-hidden"> to {agencyName}</span>
        </span>
      </summary>
      <div className="govuk-details__text">
        <Form method="post" {...props}>
          <input type="hidden" name="intent" value="WITHDRAW_PARTNER_REQUEST" />
          <input type="hidden" name="version" value={version} />
          <input type="hidden" name="idempotencyKey" value={`${formKey}:withdraw:${agency}`} />
          <input type="hidden" name="agency" value={agency} />
          <Radios
            name="reason"
            idPrefix={prefix}
            legend={`Why is the request to ${agencyName} withdrawn?`}
            hint="They will no longer be able to open or answer it. You can ask them again afterwards."
            choices={REASON_CHOICES}
            error={errors.reason ?? errors.agency}
            defaultValue={values.reason}
          />
          <Textarea name="explanation" idPrefix={prefix} label="Explanation (needed for other)" rows={2} error={errors.explanation} defaultValue={values.explanation} />
          <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
            Withdraw the request<span className="govuk-visually-hidden"> to {agencyName}</span>
          </button>
        </Form>
      </div>
    </details>
  );
}
