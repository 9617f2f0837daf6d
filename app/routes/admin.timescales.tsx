import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { readForm } from "../http/request.server";
import { Form, type ShouldRevalidateFunction, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { findSetting } from "../../db/queries/clocks";
import { requirePermission } from "../auth/guards.server";
import { ErrorSummary } from "../ui/form";
import { NumberInput } from "../ui/number-input";
import { changedMeanwhile, formatDateTime } from "../ui/format";
import { changePartnerTimescales, PARTNER_TIMESCALES_KEY, timescalesFrom } from "../clocks/clock-settings.server";
import { type FormResult, parseSubmission, toFieldErrors, useGovukForm } from "../ui/forms";
import { partnerTimescalesSchema, TIMESCALE_LIMITS } from "../clocks/clock-settings.schema";
import { RefusalSummary, SuccessBanner } from "../ui/layout";
import { notFound } from "../http/not-found.server";

export const meta: MetaFunction = () => [{ title: "Partner timescales – Children's front door" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "admin.settings");
  const setting = await findSetting(context.db, PARTNER_TIMESCALES_KEY);
  return {
    timescales: timescalesFrom(setting?.value),
    version: setting?.version ?? 1,
    updatedAt: setting?.updated_at ?? null,
    updatedBy: setting?.updated_by_name ?? null,
    formKey: crypto.randomUUID(),
  };
}

export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => actionStatus === 409 || defaultShouldRevalidate;

type ActionResponse = { result: FormResult; message?: { title: string; body: string } };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requirePermission(request, context, "admin.settings");
  const submission = parseSubmission(await readForm(request), partnerTimescalesSchema);
  // The version and key are rendered afresh with the page.
  const hideFields = ["idempotencyKey", "version"];
  if (submission.status !== "success") return data<ActionResponse>({ result: submission.reply({ hideFields }) }, { status: 400 });
  const { version, idempotencyKey, ...timescales } = submission.value;
  const result = await changePartnerTimescales(context.db, { user: admin, version, idempotencyKey, timescales, ipAddress: context.clientIp });
  switch (result.kind) {
    case "applied":
      return redirect("/admin/timescales?saved=1", 303);
    case "stale":
      return data<ActionResponse>(
        {
          result: submission.reply({ hideFields }),
          message: {
            title: "The timescales were changed while you were editing them",
            body: `${changedMeanwhile(result, "changed them")}. Nothing you entered has been saved yet, and it is still in the form. Check the timescales as they are now (above the form), then save again.`,
          },
        },
        { status: 409 },
      );
    case "invalid":
      return data<ActionResponse>({ result: submission.reply({ hideFields, fieldErrors: toFieldErrors(result.errors) }) }, { status: 400 });
    case "not_found":
      notFound();
  }
}

export default function Timescales() {
  const { timescales, version, updatedAt, updatedBy, formKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { props, errors, values } = useGovukForm(partnerTimescalesSchema, actionData?.result);
  const value = (name: keyof typeof timescales) => values[name] ?? String(timescales[name]);

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {params.get("saved") && !actionData ? (
          <SuccessBanner id="saved" testId="done-banner" heading="The partner timescales have been saved. They apply to requests made from now on." />
        ) : null}
        {actionData?.message ? (
          <RefusalSummary title={actionData.message.title} body={actionData.message.body} testId="action-refused" />
        ) : null}
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Partner timescales</h1>
        <p className="govuk-body">
          When a partner agency is asked for information, its deadline comes from the priority set at screening. A change applies to requests made from
          now on; deadlines already given stay as they were.
        </p>
        <dl className="govuk-summary-list" data-testid="current-timescales">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Red</dt>
            <dd className="govuk-summary-list__value">{timescales.redHours} {timescales.redHours === 1 ? "hour" : "hours"} from the request</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Amber</dt>
            <dd className="govuk-summary-list__value">The end of working day {timescales.amberWorkingDays} after the request</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Green</dt>
            <dd className="govuk-summary-list__value">The end of working day {timescales.greenWorkingDays} after the request</dd>
          </div>
          {updatedBy ? (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Last changed</dt>
              <dd className="govuk-summary-list__value">
                {formatDateTime(updatedAt)} by {updatedBy}
              </dd>
            </div>
          ) : null}
        </dl>

        <h2 className="govuk-heading-m">Change the timescales</h2>
        {/* The same rules as the server, checked before sending. */}
        <Form method="post" key={version} {...props}>
          <input type="hidden" name="version" value={version} />
          <input type="hidden" name="idempotencyKey" value={`${formKey}:timescales`} />
          <NumberInput name="redHours" label="Red: hours to answer" suffix="hours" hint={`From ${TIMESCALE_LIMITS.redHours[0]} to ${TIMESCALE_LIMITS.redHours[1]}, counted in clock hours, whatever the day.`} error={errors.redHours} defaultValue={value("redHours")} />
          <NumberInput name="amberWorkingDays" label="Amber: working days to answer" suffix="working days" hint={`From ${TIMESCALE_LIMITS.amberWorkingDays[0]} to ${TIMESCALE_LIMITS.amberWorkingDays[1]}. 1 means the end of the next working day.`} error={errors.amberWorkingDays} defaultValue={value("amberWorkingDays")} />
          <NumberInput name="greenWorkingDays" label="Green: working days to answer" suffix="working days" hint={`From ${TIMESCALE_LIMITS.greenWorkingDays[0]} to ${TIMESCALE_LIMITS.greenWorkingDays[1]}, and at least as many as Amber.`} error={errors.greenWorkingDays} defaultValue={value("greenWorkingDays")} />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Save timescales
          </button>
        </Form>
      </div>
    </div>
  );
}
