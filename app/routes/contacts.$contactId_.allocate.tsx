import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { readForm, recordId } from "../http/request.server";
import { Link, useActionData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { safeRedirectPath } from "../auth/roles";
import type { AllocationRefusal } from "../queue/allocate";
import { ErrorSummary } from "../ui/form";
import { changedMeanwhile } from "../ui/format";
import { allocateContact, pickUpContact } from "../queue/allocation.server";
import { fieldErrors } from "../ui/forms";
import { allocationSchema } from "../queue/queue.schema";
import { RefusalSummary } from "../ui/layout";
import { notFound } from "../http/not-found.server";

export const meta: MetaFunction = () => [{ title: "Allocate a contact – Children's front door" }];

/** POST only: a visit goes to the contact. */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  requirePermission(request, context, "queue.view");
  throw redirect(`/contacts/${encodeURIComponent(params.contactId!)}`);
}

const CHANGE_WORDS: Record<string, string> = { ALLOCATED: "allocated it", PICKED_UP: "picked it up" };

type Refused = AllocationRefusal & { returnTo: string };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requirePermission(request, context, "queue.view");
  const contactId = recordId(params.contactId);
  const form = Object.fromEntries(await readForm(request));
  const returnTo = safeRedirectPath(typeof form.returnTo === "string" ? form.returnTo : null, `/contacts/${encodeURIComponent(contactId)}`);
  const values = { allocateTo: typeof form.allocateTo === "string" ? form.allocateTo : undefined };
  const parsed = allocationSchema.safeParse(form);
  if (!parsed.success) return data<Refused>({ errors: fieldErrors(parsed.error), values, returnTo }, { status: 400 });
  const submission = { user, contactId, version: parsed.data.version, idempotencyKey: parsed.data.idempotencyKey, ipAddress: context.clientIp };

  if (parsed.data.intent === "allocate" && !can(user, "contact.allocate")) throw new Response("Only a MASH manager can allocate contacts.", { status: 403 });
  if (parsed.data.intent === "pick-up" && !can(user, "contact.pick-up")) throw new Response("Only a MASH screener can pick up contacts.", { status: 403 });
  const result =
    parsed.data.intent === "allocate"
      ? await allocateContact(context.db, { ...submission, allocateTo: parsed.data.allocateTo })
      : await pickUpContact(context.db, submission);

  switch (result.kind) {
    case "applied": {
      const back = new URL(returnTo, "http://local");
      back.searchParams.set("done", parsed.data.intent === "allocate" ? "allocated" : "picked-up");
      return redirect(`${back.pathname}${back.search}`, 303);
    }
    case "not_found":
      return notFound();
    case "invalid":
      return data<Refused>({ errors: result.errors, values, returnTo }, { status: 400 });
    case "refused":
      return data<Refused>({ errors: {}, values, returnTo, message: { title: "That cannot be done now", body: result.reason } }, { status: 409 });
    case "stale": {
      return data<Refused>(
        {
          errors: {},
          values,
          returnTo,
          message: {
            title: "This contact was changed while you were looking at it",
            body: `${changedMeanwhile(result, (result.change && CHANGE_WORDS[result.change]) || "changed it")}. Nothing has been changed by you. Check the contact as it is now, then try again.`,
          },
        },
        { status: 409 },
      );
    }
  }
}

/** Shown only without JavaScript (with it, the form shows the answer in place). */
export default function AllocateAnswer() {
  const answer = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {answer?.message ? (
          <RefusalSummary title={answer.message.title} body={answer.message.body} testId="allocation-refused" />
        ) : (
          <ErrorSummary errors={answer?.errors} />
        )}
        <h1 className="govuk-heading-l">The contact was not allocated</h1>
        <p className="govuk-body">
          <Link className="govuk-link" to={answer?.returnTo ?? "/queue"}>
            Go back and try again
          </Link>
        </p>
      </div>
    </div>
  );
}
