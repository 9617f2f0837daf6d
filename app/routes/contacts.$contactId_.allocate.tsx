import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { readForm, recordId } from "../http/request.server";
import { Link, useActionData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { safeRedirectPath } from "../auth/roles";
import type { AllocationRefusal } from "../queue/allocate";
import { ErrorSummary, type FieldErrors } from "../ui/form";
import { changedMeanwhile } from "../ui/format";
import { allocateContact, pickUpContact } from "../queue/allocation.server";
import { parseSubmission, resultErrors, toFieldErrors } from "../ui/forms";
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

/** Rendered afresh with the page the form came from: never sent back. */
const HIDDEN_FIELDS = ["version", "idempotencyKey", "returnTo"];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requirePermission(request, context, "queue.view");
  const contactId = recordId(params.contactId);
  const form = await readForm(request);
  const sentReturnTo = form.get("returnTo");
  const returnTo = safeRedirectPath(typeof sentReturnTo === "string" ? sentReturnTo : null, `/contacts/${encodeURIComponent(contactId)}`);
  const submission = parseSubmission(form, allocationSchema);
  const reply = (errors?: FieldErrors) => submission.reply({ hideFields: HIDDEN_FIELDS, ...(errors ? { fieldErrors: toFieldErrors(errors) } : {}) });
  if (submission.status !== "success") return data<Refused>({ result: reply(), returnTo }, { status: 400 });
  const sent = submission.value;
  const input = { user, contactId, version: sent.version, idempotencyKey: sent.idempotencyKey, ipAddress: context.clientIp };

  if (sent.intent === "allocate" && !can(user, "contact.allocate")) throw new Response("Only a MASH manager can allocate contacts.", { status: 403 });
  if (sent.intent === "pick-up" && !can(user, "contact.pick-up")) throw new Response("Only a MASH screener can pick up contacts.", { status: 403 });
  const result =
    sent.intent === "allocate"
      ? await allocateContact(context.db, { ...input, allocateTo: sent.allocateTo })
      : await pickUpContact(context.db, input);

  switch (result.kind) {
    case "applied": {
      const back = new URL(returnTo, "http://local");
      back.searchParams.set("done", sent.intent === "allocate" ? "allocated" : "picked-up");
      return redirect(`${back.pathname}${back.search}`, 303);
    }
    case "not_found":
      return notFound();
    case "invalid":
      return data<Refused>({ result: reply(result.errors), returnTo }, { status: 400 });
    case "refused":
      return data<Refused>({ result: reply(), returnTo, message: { title: "That cannot be done now", body: result.reason } }, { status: 409 });
    case "stale": {
      return data<Refused>(
        {
          result: reply(),
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
          <ErrorSummary errors={resultErrors(answer?.result?.error)} />
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
