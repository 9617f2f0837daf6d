/** The forms that change a contact, one per event the contact and the user's role allow now. */
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type { ContactEventType } from "../../machines/contact.machine";
import {
  choicesOf,
  CONSENT_OVERRIDE_REASONS,
  CONSENT_PURPOSES,
  CONSENT_STATUSES,
  DECISION_OUTCOMES,
  LEVELS_OF_NEED,
  PRIMARY_NEEDS,
  RAG_RATINGS,
} from "../vocabulary";
import { Button, Checkboxes, type FieldErrors, Radios, Select, Textarea, TextInput } from "../ui/form";
import { resultList } from "../ui/forms";
import { usePageForm } from "../ui/page-forms";
import { contactActionSchema } from "./contact-actions.schema";

export const ACTION_TITLES: Partial<Record<ContactEventType, string>> = {
  START_SCREENING: "Start screening",
  SET_PRIORITY: "Set the priority",
  RECORD_CONSENT: "Record consent",
  // A consent override is asked for by the screener and decided by another manager (issue 12, item 2).
  REQUEST_CONSENT_OVERRIDE: "Ask for a consent override",
  AUTHORISE_CONSENT_OVERRIDE: "Authorise the consent override",
  REFUSE_CONSENT_OVERRIDE: "Refuse the consent override",
  REQUEST_PARTNER_INFORMATION: "Request partner information",
  PARTNER_DEADLINE_PASSED: "Record a partner's deadline as passed",
  COMPLETE_SCREENING: "Complete screening",
  PROCEED_TO_DECISION: "Go ahead to a decision without waiting",
  PROPOSE_DECISION: "Propose a decision",
  AUTHORISE_DECISION: "Authorise the decision",
  RETURN_DECISION: "Return the decision with comments",
  FLAG_IMMEDIATE_RISK: "Flag immediate risk",
  CONFIRM_STRATEGY_DISCUSSION: "Confirm a strategy discussion now",
  STAND_DOWN_IMMEDIATE_RISK: "Stand down the immediate-risk flag",
  MARK_DUPLICATE: "Close as a duplicate of another contact",
};

/** Census primary needs in census order (N1 … N9, then N0), code and words. */
const PRIMARY_NEED_CHOICES = choicesOf(PRIMARY_NEEDS, (t) => `${t.code} ${t.label}`);
const REFERRAL_NFA_CHOICES = [
  { value: "no", text: "No: the referral goes on to assessment" },
  { value: "yes", text: "Yes: the referral itself ends with no further action" },
];

/** The agencies and hubs in use, from the database (app/agencies/agencies.server.ts): nothing here lists them. */
export interface AgencyAndHubChoices {
  agencies: { value: string; text: string }[];
  hubs: { value: string; text: string }[];
}

const NO_CHOICES: AgencyAndHubChoices = { agencies: [], hubs: [] };

function Fields({ intent, errors, values, ticked, choices }: {
  intent: ContactEventType;
  errors: FieldErrors;
  /** What was typed, when the form comes back refused; `ticked`: the boxes that were ticked. */
  values: Record<string, string | undefined>;
  ticked: string[];
  choices: AgencyAndHubChoices;
}): ReactNode {
  const v = (name: string) => values[name];
  const common = { idPrefix: intent };
  switch (intent) {
    case "SET_PRIORITY":
      return (
        <>
          <Radios {...common} name="priority" legend="Priority" hint="It sets the partners' deadlines: Red 4 hours, Amber the end of the next working day, Green the end of the third working day." inline choices={choicesOf(RAG_RATINGS)} error={errors.priority} defaultValue={v("priority")} />
          <Textarea {...common} name="reason" label="Reason for the priority" error={errors.reason} defaultValue={v("reason")} rows={2} />
        </>
      );
    case "RECORD_CONSENT":
      return (
        <>
          <Radios {...common} name="consent" legend="The family's answer" choices={choicesOf(CONSENT_STATUSES)} error={errors.consent} defaultValue={v("consent")} />
          {/* Consent is sought again at later points; each answer is kept (issue 12, item 2). */}
          <Radios {...common} name="purpose" legend="What consent was sought for" hint="Early help needs the family's agreement before a step-down." choices={choicesOf(CONSENT_PURPOSES)} error={errors.purpose} defaultValue={v("purpose") ?? "partner_information"} />
        </>
      );
    case "REQUEST_CONSENT_OVERRIDE":
      return (
        <>
          <Radios {...common} name="overrideReason" legend="Why partners should be asked without consent" hint="A manager other than you decides; partners see this lawful basis on the request." choices={choicesOf(CONSENT_OVERRIDE_REASONS)} error={errors.overrideReason} defaultValue={v("overrideReason")} />
          <Textarea {...common} name="explanation" label="Explanation (required for other)" error={errors.explanation} defaultValue={v("explanation")} rows={3} />
        </>
      );
    case "AUTHORISE_CONSENT_OVERRIDE":
      return <Textarea {...common} name="comments" label="Comments (optional)" error={errors.comments} defaultValue={v("comments")} rows={2} />;
    case "REFUSE_CONSENT_OVERRIDE":
      return <Textarea {...common} name="comments" label="Why the override is refused" hint="The screener reads this; consent can be sought again." error={errors.comments} defaultValue={v("comments")} rows={2} />;
    case "OVERRIDE_CONSENT":
      return (
        <>
          <Radios {...common} name="overrideReason" legend="Reason partner information is needed without consent" hint="Partners see this lawful basis on the request." choices={choicesOf(CONSENT_OVERRIDE_REASONS)} error={errors.overrideReason} defaultValue={v("overrideReason")} />
          <Textarea {...common} name="explanation" label="Explanation (required for other)" error={errors.explanation} defaultValue={v("explanation")} rows={3} />
        </>
      );
    case "REQUEST_PARTNER_INFORMATION":
      return (
        <Checkboxes
          {...common}
          name="agencies"
          legend="Agencies to ask"
          hint="The deadline comes from the priority. Each agency sees the child's and household's identifying details and address, your question and the summary you share with it, the priority, the deadline and the lawful basis: nothing else of the contact."
          choices={choices.agencies}
          error={errors.agencies}
          defaultValues={ticked}
          conditional={(choice) => (
            <>
              <Textarea {...common} name={`question.${choice.value}`} label={`Question for ${choice.text} (optional)`} error={errors[`question.${choice.value}`]} defaultValue={v(`question.${choice.value}`)} rows={2} />
              <Textarea {...common} name={`summary.${choice.value}`} label={`Summary to share with ${choice.text} (optional)`} hint="Only what this agency needs to know to search its records and answer." error={errors[`summary.${choice.value}`]} defaultValue={v(`summary.${choice.value}`)} rows={3} />
            </>
          )}
        />
      );
    case "PARTNER_DEADLINE_PASSED":
      return <Select {...common} name="agency" label="Agency whose deadline has passed" choices={choices.agencies} error={errors.agency} defaultValue={v("agency")} />;
    case "PROCEED_TO_DECISION":
      return <Textarea {...common} name="reason" label="Why go ahead before every partner has answered" hint="Required while a partner's deadline has not passed." error={errors.reason} defaultValue={v("reason")} rows={3} />;
    case "PROPOSE_DECISION":
      return (
        <>
          <Radios {...common} name="outcome" legend="Decision" choices={choicesOf(DECISION_OUTCOMES, (t) => t.decisionLabel)} error={errors.outcome} defaultValue={v("outcome")} />
          <Radios {...common} name="levelOfNeed" legend="Level of need" inline choices={choicesOf(LEVELS_OF_NEED)} error={errors.levelOfNeed} defaultValue={v("levelOfNeed")} />
          <Textarea {...common} name="rationale" label="Rationale" error={errors.rationale} defaultValue={v("rationale")} />
          {/* Only the fields of the chosen outcome show (app/styles/_workspace.scss, CSS only: also without JavaScript). */}
          <fieldset className="govuk-fieldset app-outcome-fields app-outcome-fields--referral">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">For a referral or strategy discussion</legend>
            <Radios {...common} name="referralNfa" legend="Does the referral itself end with no further action? (ReferralNFA)" hint="The census records this on every referral." choices={REFERRAL_NFA_CHOICES} error={errors.referralNfa} defaultValue={v("referralNfa")} />
            <Select {...common} name="primaryNeed" label="Primary need" hint="Required unless the referral ends with no further action." choices={PRIMARY_NEED_CHOICES} error={errors.primaryNeed} defaultValue={v("primaryNeed")} />
            <TextInput {...common} name="referralTeam" label="Team the referral is passed to" error={errors.referralTeam} defaultValue={v("referralTeam")} />
            <TextInput {...common} name="referralWorker" label="Worker it is passed to (if allocated)" error={errors.referralWorker} defaultValue={v("referralWorker")} />
          </fieldset>
          <div className="app-outcome-fields app-outcome-fields--early_help">
            <Select {...common} name="hub" label="Early help hub (for a step-down)" hint="The family's agreement to early help is recorded first, on the consent form." choices={choices.hubs} error={errors.hub} defaultValue={v("hub")} />
          </div>
          <div className="app-outcome-fields app-outcome-fields--nfa">
            <Textarea {...common} name="reason" label="Reason (for no further action)" error={errors.reason} defaultValue={v("reason")} rows={2} />
          </div>
          <div className="app-outcome-fields app-outcome-fields--advice_signpost">
            <Textarea {...common} name="service" label="Service signposted to (for advice or signposting)" error={errors.service} defaultValue={v("service")} rows={2} />
          </div>
          <div className="app-outcome-fields app-outcome-fields--existing_case">
            <Textarea {...common} name="allocatedWorker" label="Allocated worker (for a child already open)" error={errors.allocatedWorker} defaultValue={v("allocatedWorker")} rows={1} />
            <Textarea {...common} name="allocatedTeam" label="Allocated team (for a child already open)" error={errors.allocatedTeam} defaultValue={v("allocatedTeam")} rows={1} />
          </div>
        </>
      );
    case "AUTHORISE_DECISION":
      return <Textarea {...common} name="comments" label="Comments (optional)" error={errors.comments} defaultValue={v("comments")} rows={3} />;
    case "RETURN_DECISION":
      return (
        <>
          <Textarea {...common} name="comments" label="Comments for the screener" error={errors.comments} defaultValue={v("comments")} rows={3} />
          <Radios {...common} name="to" legend="Send it back to" choices={[{ value: "ready_for_decision", text: "Ready for decision (a new proposal)" }, { value: "screening", text: "Screening (more work first)" }]} error={errors.to} defaultValue={v("to")} />
        </>
      );
    case "FLAG_IMMEDIATE_RISK":
      return <Textarea {...common} name="rationale" label="Why the child is at immediate risk" hint="A manager is asked to confirm a strategy discussion now." error={errors.rationale} defaultValue={v("rationale")} rows={3} />;
    case "CONFIRM_STRATEGY_DISCUSSION":
      return (
        <>
          <Select {...common} name="primaryNeed" label="Primary need" choices={PRIMARY_NEED_CHOICES} error={errors.primaryNeed} defaultValue={v("primaryNeed")} />
          <TextInput {...common} name="referralTeam" label="Team the strategy discussion is passed to" error={errors.referralTeam} defaultValue={v("referralTeam")} />
          <TextInput {...common} name="referralWorker" label="Worker it is passed to (if allocated)" error={errors.referralWorker} defaultValue={v("referralWorker")} />
          <Textarea {...common} name="rationale" label="Rationale (optional)" error={errors.rationale} defaultValue={v("rationale")} rows={3} />
        </>
      );
    case "STAND_DOWN_IMMEDIATE_RISK":
      return <Textarea {...common} name="comments" label="Why the flag is stood down" error={errors.comments} defaultValue={v("comments")} rows={3} />;
    case "MARK_DUPLICATE":
      return (
        <TextInput {...common} name="duplicateOfReference" label="Reference of the contact this one duplicates" hint="For example, MASH-2026-000123" error={errors.duplicateOfReference} defaultValue={v("duplicateOfReference")} width="20" spellCheck={false} />
      );
    default:
      return null;
  }
}

/**
 * One action: a GOV.UK details section holding its form, checked in the browser with the server's
 * schema before it is sent (decision 024). Opened when it has errors or the user's input to show again.
 * Inside the contact page's forms (`PageFormsProvider`).
 */
export function ContactActionForm({
  intent,
  version,
  formKey,
  choices = NO_CHOICES,
  next = false,
}: {
  intent: ContactEventType;
  version: number;
  formKey: string;
  choices?: AgencyAndHubChoices;
  /** The next action for this role (issue 11 "Design"): open from the start, marked. */
  next?: boolean;
}) {
  const { props, errors, values, result } = usePageForm(contactActionSchema, { intent });
  const title = ACTION_TITLES[intent] ?? intent;
  return (
    <details className={`govuk-details${next ? " app-next-action__form" : ""}`} open={next || Boolean(result) || Object.keys(errors).length > 0} data-testid={`action-${intent}`}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{title}</span>
      </summary>
      <div className="govuk-details__text">
        <Form method="post" {...props} className={intent === "PROPOSE_DECISION" ? "app-decision-form" : undefined}>
          <input type="hidden" name="intent" value={intent} />
          <input type="hidden" name="version" value={version} />
          <input type="hidden" name="idempotencyKey" value={`${formKey}:${intent}`} />
          <Fields intent={intent} errors={errors} values={values} ticked={resultList(result, "agencies")} choices={choices} />
          <Button>{title}</Button>
        </Form>
      </div>
    </details>
  );
}
