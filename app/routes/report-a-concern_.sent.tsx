import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { notFound } from "../http/not-found.server";

export const meta: MetaFunction = () => [{ title: "Report sent – Children's front door" }];

/** Shows the reference the reporter was given, and nothing else: nothing is looked up. */
export function loader({ request, context }: LoaderFunctionArgs) {
  const reference = new URL(request.url).searchParams.get("reference") ?? "";
  if (!/^MASH-\d{4}-\d{6,9}$/.test(reference)) notFound();
  return { reference, phone: context.config.mashPhone };
}

export default function ReportSent() {
  const { reference, phone } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">Report sent</h1>
          <div className="govuk-panel__body">
            Your reference number
            <br />
            <strong data-testid="reference">{reference}</strong>
          </div>
        </div>
        <p className="govuk-body">The MASH will read your report within one working day.{" "}
          {phone ? (
            <>If you call the MASH on {phone}, quote your reference.</>
          ) : (
            <>If you contact the council&apos;s children&apos;s services about it, quote your reference. Keep it: write it down or take a screenshot of this page.</>
          )}
        </p>
        <p className="govuk-body">If a child is in immediate danger, call 999.</p>
        <p className="govuk-body">
          <a className="govuk-link" href="/report-a-concern">
            Report another concern
          </a>
        </p>
      </div>
    </div>
  );
}
