import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { agencyChoices, hubChoices } from "../agencies/agencies.server";
import { readAgencyForm, typedValues } from "../agencies/agencies.schema";
import { requirePermission } from "../auth/guards.server";
import { ROLE_LABELS, ROLES } from "../auth/permissions";
import { readForm } from "../http/request.server";
import { addUserFormSchema } from "../users/add-user-form.schema";
import { addUser } from "../users/add-user.server";
import { ErrorSummary, type FieldErrors, Radios, Select, TextInput } from "../ui/form";
import { RefusalSummary } from "../ui/layout";

export const meta: MetaFunction = () => [{ title: "Add a user – Children's front door" }];

/** The agencies and hubs a new user can belong to: those in use, from the database. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "admin.settings");
  const [agencies, hubs] = [await agencyChoices(context.db), await hubChoices(context.db)];
  return { agencies, hubs };
}

type ActionResponse = { errors: FieldErrors; values: Record<string, string>; message?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requirePermission(request, context, "admin.settings");
  const formData = await readForm(request);
  // What was typed comes back, never the password.
  const { password: _p, ...values } = typedValues(formData);
  const parsed = readAgencyForm(addUserFormSchema, formData);
  if (!parsed.ok) return data<ActionResponse>({ errors: parsed.errors, values }, { status: 400 });
  const result = await addUser(context.db, parsed.data, { adminId: admin.id, ipAddress: context.clientIp });
  if (result.kind === "refused") return data<ActionResponse>({ errors: {}, values, message: result.message }, { status: 409 });
  return redirect(`/admin/users?added=${encodeURIComponent(result.id)}`, 303);
}

export default function AddUser() {
  const { agencies, hubs } = useLoaderData<typeof loader>();
  const sent = useActionData<typeof action>();
  const errors = sent?.errors ?? {};
  const values = sent?.values ?? {};
  return (
    <>
      <Link to="/admin/users" className="govuk-back-link">
        Back to users
      </Link>
      {sent?.message ? <RefusalSummary title="The user cannot be added" body={sent.message} testId="action-refused" /> : null}
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Add a user</h1>
      <Form method="post" noValidate data-testid="add-user">
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
