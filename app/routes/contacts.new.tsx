import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { readForm } from "../http/request.server";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useMemo } from "react";
import { requirePermission } from "../auth/guards.server";
import { recordContact } from "../contacts/intake.server";
import { Button, Checkboxes, DateInput, ErrorSummary, type FieldErrors, Radios, Select, Textarea, TextInput } from "../ui/form";
import { londonDate } from "../clocks/clocks";
import { choicesOf, CONSENT_STATUSES, FACTORS, RECORDABLE_CHANNELS, REFERRAL_SOURCES } from "../vocabulary";
import { type FormResult, parseSubmission, resultErrors, toFieldErrors, useGovukForm } from "../ui/forms";
import { checkReceivedAt, formFieldName, intakeFormData, intakeFormSchema, MAX_CHILDREN, MAX_HOUSEHOLD, messageNamingRow, rowsAsLists } from "../contacts/intake.schema";

/** Presenting factors in the census order, with "Other" and "No factors identified" last (issue 11, item 9). */
const LAST_FACTORS = ["20", "21"];
const FACTOR_CHOICES = [
  ...choicesOf(FACTORS.filter((t) => !LAST_FACTORS.includes(t.code)), (t) => `${t.label} (${t.code})`),
  ...choicesOf(FACTORS.filter((t) => LAST_FACTORS.includes(t.code)), (t) => `${t.label} (${t.code})`),
];

export const meta: MetaFunction = () => [{ title: "Record a contact – Children's front door" }];

type Values = Record<string, unknown> & { children?: Record<string, unknown>[]; household?: Record<string, unknown>[] };

const newRow = () => ({ key: crypto.randomUUID() });

export function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "contact.record");
  const now = new Date();
  const [year, month, day] = londonDate(now).split("-");
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(now);
  // The form's idempotency key: sending this form twice (a double click, a retry) records it once.
  const values: Values = { idempotencyKey: crypto.randomUUID(), receivedDate: { day: String(Number(day)), month: String(Number(month)), year }, receivedTime: time, children: [newRow()], household: [] };
  return { values };
}

type ActionResponse = { result: FormResult; notice: string | null; added?: string | null };

/** What was typed, as the form shows it again: the rows as lists (with `values`' changes: a row added or removed, a fresh key). */
function keep(result: FormResult, values?: Values): FormResult {
  return { ...result, initialValue: (values ?? rowsAsLists(result.initialValue)) as FormResult["initialValue"] };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(request, context, "contact.record");
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "record");
  // Only the form's own names reach Conform; the schema reads the rows as lists.
  const submission = parseSubmission(intakeFormData(formData), intakeFormSchema);

  if (intent !== "record") {
    // Adding or removing a row (without JavaScript too) sends the whole form back, so nothing typed is lost; nothing is checked yet.
    const values = rowsAsLists(submission.payload) as Values & { children: Record<string, unknown>[]; household: Record<string, unknown>[] };
    if (intent === "add-child" && values.children.length < MAX_CHILDREN) values.children.push(newRow());
    if (intent === "add-household" && values.household.length < MAX_HOUSEHOLD) values.household.push(newRow());
    const remove = /^remove-(child|household)-(\d+)$/.exec(intent);
    if (remove) (remove[1] === "child" ? values.children : values.household).splice(Number(remove[2]), 1);
    // The row just added, whose first field takes the focus (issue 11, item 9).
    const added = intent === "add-child" ? `children.${values.children.length - 1}.firstName` : intent === "add-household" ? `household.${values.household.length - 1}.name` : null;
    return data<ActionResponse>({ result: { initialValue: values as FormResult["initialValue"] }, notice: null, added }, { status: 200 });
  }

  if (submission.status !== "success") {
    const result = keep(submission.reply());
    // A missing or broken idempotency key is not a field to correct: the form gets a fresh one.
    const keyError = result.error?.idempotencyKey?.[0];
    if (keyError) {
      delete result.error!.idempotencyKey;
      (result.initialValue as Values).idempotencyKey = crypto.randomUUID();
    }
    return data<ActionResponse>({ result, notice: keyError ?? null }, { status: 400 });
  }
  const now = new Date();
  const received = checkReceivedAt(submission.value, now);
  if (!received.ok) return data<ActionResponse>({ result: keep(submission.reply({ fieldErrors: toFieldErrors(received.errors) })), notice: null }, { status: 400 });

  const result = await recordContact(context.db, { user, form: submission.value, receivedAt: received.receivedAt, now, ipAddress: context.clientIp });
  if (result.kind === "key_reused") {
    // The same form was sent before with other details: nothing is recorded, nothing typed is lost,
    // and the form gets a fresh key, so sending it again on purpose records it as a new contact.
    const values = rowsAsLists(submission.payload);
    values.idempotencyKey = crypto.randomUUID();
    const notice = `This form was already used to record ${result.reference ?? "a contact"}, with different details, so nothing was recorded now. Check the contact already recorded; if this is a different contact, send the form again to record it as a new one.`;
    return data<ActionResponse>({ result: { initialValue: values as FormResult["initialValue"] }, notice }, { status: 409 });
  }
  // A repeated submission of the same form is answered as the first was: with the contacts it recorded.
  const first = result.contacts[0]!;
  return redirect(`/contacts/${first.id}?recorded=${result.contacts.length}`, 303);
}

export default function RecordContact() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // Conform checks the form with the server's schema before it is sent (only when recording: adding or
  // removing a row checks nothing), and shows the server's answer; the names are the form's ("children.0.lastName").
  const form = useGovukForm(intakeFormSchema, actionData?.result);
  const errors: FieldErrors = useMemo(() => Object.fromEntries(Object.entries(form.errors).map(([name, message]) => [formFieldName(name), message])), [form.errors]);
  // The summary lists messages away from their fields: a row's names its row ("Child 2: …").
  const summaryErrors: FieldErrors = useMemo(() => Object.fromEntries(Object.entries(errors).map(([name, message]) => [name, message && messageNamingRow(name, message)])), [errors]);
  // Messages the browser found since the server's answer (the server's notice then gives way to them).
  const checkedInBrowser = Object.keys(form.errors).length > 0 && JSON.stringify(form.errors) !== JSON.stringify(resultErrors(actionData?.result?.error));
  const values = (actionData?.result?.initialValue ?? loaderData.values) as Values;
  const at = (path: string) => path.split(".").reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), values);
  const s = (path: string) => {
    const v = at(path);
    return typeof v === "string" ? v : undefined;
  };
  const dateValue = (path: string) => ({ day: s(`${path}.day`), month: s(`${path}.month`), year: s(`${path}.year`) });
  const children = values.children ?? [];
  const household = values.household ?? [];
  // After "Add another child" the new child's first field takes the focus. Without JavaScript the
  // button's address ends in the new row's anchor, so the page comes back at that row.
  const added = actionData && "added" in actionData ? (actionData.added as string | null) : null;
  useEffect(() => {
    if (added) document.getElementById(added)?.focus();
  }, [actionData, added]);

  return (
    <>
      {actionData?.notice && !checkedInBrowser ? (
        <div className="govuk-error-summary" role="alert" tabIndex={-1} data-testid="form-notice">
          <h2 className="govuk-error-summary__title">The contact was not recorded</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">{actionData.notice}</p>
          </div>
        </div>
      ) : null}
      <ErrorSummary errors={summaryErrors} />
      <h1 className="govuk-heading-l">Record a contact</h1>
      <p className="govuk-body">If a child is in immediate danger, the police must be called on 999 first.</p>
      <Form
        method="post"
        {...form.props}
        onSubmit={(event) => {
          const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
          if (submitter?.value === "record") form.props.onSubmit(event);
        }}
      >
        {/* Pressing Enter in a field records the contact (the first submit button is the default). */}
        <button type="submit" name="intent" value="record" hidden tabIndex={-1} aria-hidden="true" />
        <input type="hidden" name="idempotencyKey" value={s("idempotencyKey") ?? ""} />
        <h2 className="govuk-heading-m">Who made the contact</h2>
        <TextInput name="referrerName" label="Referrer's name" error={errors.referrerName} defaultValue={s("referrerName")} width="30" />
        <Radios name="referrerType" legend="The referrer is" inline choices={[{ value: "professional", text: "A professional" }, { value: "public", text: "A member of the public" }]} error={errors.referrerType} defaultValue={s("referrerType")} />
        <TextInput name="referrerRole" label="Role (optional)" hint="For example, designated safeguarding lead, health visitor, neighbour" error={errors.referrerRole} defaultValue={s("referrerRole")} width="30" />
        <TextInput name="referrerOrganisation" label="Organisation (for a professional)" error={errors.referrerOrganisation} defaultValue={s("referrerOrganisation")} width="30" />
        <TextInput name="referrerPhone" label="Phone number (optional)" type="tel" autoComplete="off" error={errors.referrerPhone} defaultValue={s("referrerPhone")} width="20" />
        <TextInput name="referrerEmail" label="E-mail address (optional)" type="email" autoComplete="off" spellCheck={false} error={errors.referrerEmail} defaultValue={s("referrerEmail")} width="30" />
        <Select name="source" label="Referral source (census code)" choices={REFERRAL_SOURCES.map((t) => ({ value: t.code, text: `${t.code} – ${t.label}` }))} error={errors.source} defaultValue={s("source")} />
        <Radios name="channel" legend="How it came in" choices={choicesOf(RECORDABLE_CHANNELS)} error={errors.channel} defaultValue={s("channel")} />
        <DateInput name="receivedDate" legend="Date received" hint="Today, unless you are recording it late." error={errors.receivedDate} value={dateValue("receivedDate")} />
        <TextInput name="receivedTime" label="Time received" hint="24-hour clock, like 14:05" error={errors.receivedTime} defaultValue={s("receivedTime")} width="10" />
        <Textarea name="lateRecordingReason" label="If recorded more than an hour after it was received: why" error={errors.lateRecordingReason} defaultValue={s("lateRecordingReason")} rows={2} />

        <h2 className="govuk-heading-m">The children</h2>
        <p className="govuk-body">Each child becomes a contact of their own, linked to the others. After recording you find each child among the people already known.</p>
        {children.map((child, i) => (
          <fieldset className="govuk-fieldset app-repeat" key={String(child.key ?? i)} id={`child-${i + 1}`}>
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Child {i + 1}</legend>
            <input type="hidden" name={`children.${i}.key`} value={String(child.key ?? "")} />
            <TextInput name={`children.${i}.firstName`} label="First name" error={errors[`children.${i}.firstName`]} defaultValue={s(`children.${i}.firstName`)} width="20" spellCheck={false} />
            <TextInput name={`children.${i}.lastName`} label="Last name" error={errors[`children.${i}.lastName`]} defaultValue={s(`children.${i}.lastName`)} width="20" spellCheck={false} />
            <DateInput name={`children.${i}.dateOfBirth`} legend="Date of birth (or expected date of birth)" hint="Leave blank if not known" error={errors[`children.${i}.dateOfBirth`]} value={dateValue(`children.${i}.dateOfBirth`)} />
            <Checkboxes name={`children.${i}.unborn`} legend="Unborn" choices={[{ value: "yes", text: "Unborn: the date is the expected date of birth" }]} defaultValues={s(`children.${i}.unborn`) ? ["yes"] : []} />
            <Radios name={`children.${i}.sex`} legend="Sex" inline choices={[{ value: "F", text: "Female" }, { value: "M", text: "Male" }, { value: "U", text: "Not known or unborn" }]} error={errors[`children.${i}.sex`]} defaultValue={s(`children.${i}.sex`)} />
            <TextInput name={`children.${i}.nhsNumber`} label="NHS number (optional)" error={errors[`children.${i}.nhsNumber`]} defaultValue={s(`children.${i}.nhsNumber`)} width="10" spellCheck={false} />
            {children.length > 1 ? <Button secondary name="intent" value={`remove-child-${i}`}>{`Remove child ${i + 1}`}</Button> : null}
          </fieldset>
        ))}
        {errors.children ? <p className="govuk-error-message">{errors.children}</p> : null}
        {children.length < MAX_CHILDREN ? <Button secondary name="intent" value="add-child" formAction={`#child-${children.length + 1}`}>Add another child</Button> : null}

        <h2 className="govuk-heading-m">Parents, carers and others in the household</h2>
        {household.map((member, i) => (
          <fieldset className="govuk-fieldset app-repeat" key={String(member.key ?? i)} id={`person-${i + 1}`}>
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Person {i + 1}</legend>
            <input type="hidden" name={`household.${i}.key`} value={String(member.key ?? "")} />
            <TextInput name={`household.${i}.name`} label="Name" error={errors[`household.${i}.name`]} defaultValue={s(`household.${i}.name`)} width="30" />
            <TextInput name={`household.${i}.relationship`} label="Relationship to the children" hint="For example, mother, stepfather, grandmother, mother's partner" error={errors[`household.${i}.relationship`]} defaultValue={s(`household.${i}.relationship`)} width="20" />
            <DateInput name={`household.${i}.dateOfBirth`} legend="Date of birth (optional)" error={errors[`household.${i}.dateOfBirth`]} value={dateValue(`household.${i}.dateOfBirth`)} />
            <Button secondary name="intent" value={`remove-household-${i}`}>{`Remove person ${i + 1}`}</Button>
          </fieldset>
        ))}
        {household.length < MAX_HOUSEHOLD ? <Button secondary name="intent" value="add-household" formAction={`#person-${household.length + 1}`}>Add a person in the household</Button> : null}

        <h2 className="govuk-heading-m">Address</h2>
        <TextInput name="addressLine1" label="Address line 1 (optional)" error={errors.addressLine1} defaultValue={s("addressLine1")} width="30" />
        <TextInput name="addressLine2" label="Address line 2 (optional)" error={errors.addressLine2} defaultValue={s("addressLine2")} width="30" />
        <TextInput name="addressTown" label="Town (optional)" error={errors.addressTown} defaultValue={s("addressTown")} width="20" />
        <TextInput name="addressPostcode" label="Postcode (optional)" error={errors.addressPostcode} defaultValue={s("addressPostcode")} width="10" />

        <h2 className="govuk-heading-m">The concern</h2>
        <Textarea name="concern" label="The concern, in the referrer's words" error={errors.concern} defaultValue={s("concern")} rows={8} />
        <Checkboxes name="factors" legend="Presenting factors (optional)" choices={FACTOR_CHOICES} error={errors.factors} defaultValues={Array.isArray(values.factors) ? (values.factors as string[]) : []} />
        <Radios name="immediateRisk" legend="Is a child at immediate risk of significant harm?" inline choices={[{ value: "yes", text: "Yes" }, { value: "no", text: "No" }]} error={errors.immediateRisk} defaultValue={s("immediateRisk")} />
        <Radios name="consent" legend="Did the family consent to the contact?" choices={choicesOf(CONSENT_STATUSES, (t) => `Consent ${t.label.toLowerCase()}`)} error={errors.consent} defaultValue={s("consent")} />
        <Textarea name="consentNotes" label="Consent notes (optional)" error={errors.consentNotes} defaultValue={s("consentNotes")} rows={2} />

        <Button name="intent" value="record">Record the contact</Button>
      </Form>
    </>
  );
}
