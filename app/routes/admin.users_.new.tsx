import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { agencyChoices, hubChoices } from "../agencies/agencies.server";
import { requirePermission } from "../auth/guards.server";
import { ROLE_LABELS, ROLES } from "../auth/permissions";
import { readForm } from "../http/request.server";
import { addUserFormSchema } from "../users/add-user-form.schema";
import { addUser } from "../users/add-user.server";
import { ErrorSummary, Radios, Select, TextInput } from "../ui/form";
import { type FormResult, parseSubmission, useGovukForm } from "../ui/forms";
import { RefusalSummary } from "../ui/layout";

export const meta: MetaFunction = () => [{ title: "Add a user – Children's front door" }];

/** The agencies and hubs a new user can belong to: those in use, from the database. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "admin.settings");
  const [agencies, hubs] = [await agencyChoices(context.db), await hubChoices(context.db)];
  return { agencies, hubs };
}

type ActionResponse = { result: FormResult; message?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requirePermission(request, context, "admin.settings");
  const submission = parseSubmission(await readForm(request), addUserFormSchema);
  // What was typed comes back, never the password.
  const reply = () => submission.reply({ hideFields: ["password"] });
  if (submission.status !== "success") return data<ActionResponse>({ result: reply() }, { status: 400 });
  const result = await addUser(context.db, submission.value, { adminId: admin.id, ipAddress: context.clientIp });
  if (result.kind === "refused") return data<ActionResponse>({ result: reply(), message: result.message }, { status: 409 });
  return redirect(`/admin/users?added=${encodeURIComponent(result.id)}`, 303);
}

export default function AddUser() {
  const { agencies, hubs } = useLoaderData<typeof loader>();
  const sent = useActionData<typeof action>();
  const { props, errors, values } = useGovukForm(addUserFormSchema, sent?.result);
  return (
    <>
      <Link to="/admin/users" className="govuk-back-link">
        Back to users
      </Link>
      {sent?.message ? <RefusalSummary title="The user cannot be added" body={sent.message} testId="action-refused" /> : null}
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Add a user</h1>
      <Form method="post" data-testid="add-user" {...props}>
        <TextInput name="name" label="Name" error={errors.name} defaultValue={values.name} autoComplete="off" />
        <TextInput name="email" label="E-mail address" type="email" error={errors.email} defaultValue={values.email} autoComplete="off" spellCheck={false} />
        <Radios name="role" legend="Role" choices={ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r] }))} error={errors.role} defaultValue={values.role} />
        <Select name="agency" label="Partner agency (for a partner agency officer)" choices={agencies} error={errors.agency} defaultValue={values.agency} />
        <Select name="hub" label="Early help hub (for an early help hub worker)" choices={hubs} error={errors.hub} defaultValue={values.hub} />
        <TextInput name="password" label="Password" hint="At least 12 characters. Give it to the user by a safe route." type="password" error={errors.password} autoComplete="new-password" />
        <button type="submit" className="govuk-button" data-module="govuk-button">
          Add user
        </button>
      </Form>
    </>
  );
}
