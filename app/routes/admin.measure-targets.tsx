import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { ErrorSummary } from "../ui/form";
import { NumberInput } from "../ui/number-input";
import { changedMeanwhile, formatDateTime } from "../ui/format";
import { HEADLINES, type Targets } from "../measures/dashboard-terms";
import { changeMeasureTargets, readMeasureSettings } from "../measures/dashboard.server";
import { type FormResult, parseSubmission, useGovukForm } from "../ui/forms";
import { readForm } from "../http/request.server";
import { measureTargetsSchema } from "../measures/measures.schema";
import { RefusalSummary, SuccessBanner } from "../ui/layout";
import { notFound } from "../http/not-found.server";

export const meta: MetaFunction = () => [{ title: "Measure targets – Children's front door" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "admin.settings");
  return { settings: await readMeasureSettings(context.db), formKey: crypto.randomUUID() };
}

type ActionResponse = { result: FormResult; message?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requirePermission(request, context, "admin.settings");
  const submission = parseSubmission(await readForm(request), measureTargetsSchema);
  // The version and key are rendered afresh with the page.
  const hideFields = ["idempotencyKey", "version"];
  if (submission.status !== "success") return data<ActionResponse>({ result: submission.reply({ hideFields }) }, { status: 400 });
  const { version, idempotencyKey, children, ...targets } = submission.value;
  const result = await changeMeasureTargets(context.db, { user: admin, version, idempotencyKey, targets: targets as Targets, children, ipAddress: context.clientIp });
  if (result.kind === "applied") return redirect("/admin/measure-targets?saved=1", 303);
  if (result.kind === "not_found") notFound();
  return data<ActionResponse>(
    {
      result: submission.reply({ hideFields }),
      message: `${changedMeanwhile(result, "changed the targets")} while you were editing them. Nothing you entered has been saved yet, and it is still in the form: check the targets as they are now, then save again.`,
    },
    { status: 409 },
  );
}

export default function MeasureTargets() {
  const { settings, formKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { props, errors, values } = useGovukForm(measureTargetsSchema, actionData?.result);
  const value = (name: string, current: number | null) => values[name] ?? (current === null ? "" : String(current));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {params.get("saved") && !actionData ? (
          <SuccessBanner id="saved" testId="done-banner" heading="The targets have been saved. The measures show them at once." />
        ) : null}
        {actionData?.message ? (
          <RefusalSummary title="The targets were changed while you were editing them" body={actionData.message} />
        ) : null}
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Measure targets</h1>
        <p className="govuk-body">
          The targets the front-door measures are compared with, and the number of children living in the area (for the referral rate per 10,000 children).
          Leave a box blank for no target. The plan's baselines are fixed: 78%, 38% and 31%.
        </p>
        {settings.updatedBy ? (
          <p className="govuk-body-s">
            Last changed {formatDateTime(settings.updatedAt)} by {settings.updatedBy}.
          </p>
        ) : null}
        <Form method="post" key={settings.version} {...props}>
          <input type="hidden" name="version" value={settings.version} />
          <input type="hidden" name="idempotencyKey" value={`${formKey}:targets`} />
          {HEADLINES.map((h) => (
            <NumberInput
              key={h.key}
              name={h.key}
              label={`${h.label}: target`}
              hint={`${h.lowerIsBetter ? "Lower is better" : "Higher is better"}.${h.baseline !== null ? ` Plan baseline ${h.baseline}%.` : ""} A percentage, up to one decimal place.`}
              suffix="%"
              error={errors[h.key]}
              defaultValue={value(h.key, settings.targets[h.key])}
              width="4"
              inputMode="decimal"
            />
          ))}
          <NumberInput name="children" label="Children living in the area" hint="Children aged 0 to 17, for example from the ONS mid-year estimate." suffix="children" error={errors.children} defaultValue={value("children", settings.children)} width="10" inputMode="decimal" />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Save targets
          </button>
        </Form>
      </div>
    </div>
  );
}
