import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AgenciesAdminPage } from "../agencies/agencies-admin";
import { changeFromAdminPage, HUBS, loadAdminPage } from "../agencies/agencies-admin-route.server";

export const meta: MetaFunction = () => [{ title: "Early help hubs – Children's front door" }];

export const loader = (args: LoaderFunctionArgs) => loadAdminPage(HUBS, args);

export const action = (args: ActionFunctionArgs) => changeFromAdminPage(HUBS, args);

export default function Hubs() {
  const { rows, parents, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return <AgenciesAdminPage kind="hub" rows={rows} parents={parents} done={actionData ? null : done} result={actionData?.result ?? null} message={actionData?.message ?? null} />;
}
