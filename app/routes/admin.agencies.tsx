import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AgenciesAdminPage } from "../agencies/agencies-admin";
import { agencyFormSchema, readAgencyForm, typedValues } from "../agencies/agencies.schema";
import { changeAgency, listAgencies } from "../agencies/agencies.server";
import { requirePermission } from "../auth/guards.server";
import { readForm } from "../http/request.server";
import type { FieldErrors } from "../ui/form";

export const meta: MetaFunction = () => [{ title: "Partner agencies – Children's front door" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "admin.settings");
  const url = new URL(request.url);
  const agencies = await listAgencies(context.db);
  const done = agencies.find((a) => a.code === url.searchParams.get("code"));
  return {
    rows: agencies.map((a) => ({ code: a.code, name: a.name, partOf: a.parent_name, retired: a.retired_at !== null })),
    parents: agencies.filter((a) => a.parent_code === null && a.retired_at === null).map((a) => ({ value: a.code, text: a.name })),
    done: done ? { intent: url.searchParams.get("done") ?? "", name: done.name } : null,
  };
}

type ActionResponse = { errors: FieldErrors; values: Record<string, string>; message?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requirePermission(request, context, "admin.settings");
  const formData = await readForm(request);
  const values = typedValues(formData);
  const parsed = readAgencyForm(agencyFormSchema, formData);
  if (!parsed.ok) return data<ActionResponse>({ errors: parsed.errors, values }, { status: 400 });
  const result = await changeAgency(context.db, { admin, form: parsed.data, ipAddress: context.clientIp });
  if (result.kind === "refused") {
    return result.field === "form"
      ? data<ActionResponse>({ errors: {}, values, message: result.message }, { status: 409 })
      : data<ActionResponse>({ errors: { [result.field]: result.message }, values }, { status: 409 });
  }
  return redirect(`/admin/agencies?done=${result.intent}&code=${encodeURIComponent(result.code)}`, 303);
}

export default function Agencies() {
  const { rows, parents, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <AgenciesAdminPage
      kind="agency"
      rows={rows}
      parents={parents}
      done={actionData ? null : done}
      errors={actionData?.errors ?? {}}
      values={actionData?.values ?? {}}
      message={actionData?.message ?? null}
    />
  );
}
