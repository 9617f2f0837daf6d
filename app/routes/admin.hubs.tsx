import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AgenciesAdminPage } from "../agencies/agencies-admin";
import { hubFormSchema, readAgencyForm, typedValues } from "../agencies/agencies.schema";
import { changeHub, listHubs } from "../agencies/agencies.server";
import { requirePermission } from "../auth/guards.server";
import { readForm } from "../http/request.server";
import type { FieldErrors } from "../ui/form";

export const meta: MetaFunction = () => [{ title: "Early help hubs – Children's front door" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "admin.settings");
  const url = new URL(request.url);
  const hubs = await listHubs(context.db);
  const done = hubs.find((h) => h.code === url.searchParams.get("code"));
  return {
    rows: hubs.map((h) => ({ code: h.code, name: h.name, partOf: null, retired: h.retired_at !== null })),
    done: done ? { intent: url.searchParams.get("done") ?? "", name: done.name } : null,
  };
}

type ActionResponse = { errors: FieldErrors; values: Record<string, string>; message?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requirePermission(request, context, "admin.settings");
  const formData = await readForm(request);
  const values = typedValues(formData);
  const parsed = readAgencyForm(hubFormSchema, formData);
  if (!parsed.ok) return data<ActionResponse>({ errors: parsed.errors, values }, { status: 400 });
  const result = await changeHub(context.db, { admin, form: parsed.data, ipAddress: context.clientIp });
  if (result.kind === "refused") {
    return result.field === "form"
      ? data<ActionResponse>({ errors: {}, values, message: result.message }, { status: 409 })
      : data<ActionResponse>({ errors: { [result.field]: result.message }, values }, { status: 409 });
  }
  return redirect(`/admin/hubs?done=${result.intent}&code=${encodeURIComponent(result.code)}`, 303);
}

export default function Hubs() {
  const { rows, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <AgenciesAdminPage
      kind="hub"
      rows={rows}
      parents={[]}
      done={actionData ? null : done}
      errors={actionData?.errors ?? {}}
      values={actionData?.values ?? {}}
      message={actionData?.message ?? null}
    />
  );
}
