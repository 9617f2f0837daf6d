import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AgenciesAdminPage } from "../agencies/agencies-admin";
import { AGENCIES, changeFromAdminPage, loadAdminPage } from "../agencies/agencies-admin-route.server";

export const meta: MetaFunction = () => [{ title: "Partner agencies – Children's front door" }];

export const loader = (args: LoaderFunctionArgs) => loadAdminPage(AGENCIES, args);

export const action = (args: ActionFunctionArgs) => changeFromAdminPage(AGENCIES, args);

export default function Agencies() {
  const { rows, parents, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return <AgenciesAdminPage kind="agency" rows={rows} parents={parents} done={actionData ? null : done} result={actionData?.result ?? null} message={actionData?.message ?? null} />;
}
