import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { readForm } from "../http/request.server";
import { isRecordId } from "../http/ids";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { listUsersWithSessions } from "../../db/queries/users";
import { requirePermission } from "../auth/guards.server";
import { ROLE_LABELS } from "../auth/roles";
import { revokeUserSessions } from "../auth/sign-in.server";
import { SuccessBanner } from "../ui/layout";
import { parseSubmission } from "../ui/forms";

export const meta: MetaFunction = () => [{ title: "Users – Children's front door" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "admin.settings");
  return { users: await listUsersWithSessions(context.db, new Date()) };
}

const revokeSchema = z.object({ intent: z.literal("revoke-sessions"), userId: z.string().refine(isRecordId) });

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requirePermission(request, context, "admin.settings");
  const submission = parseSubmission(await readForm(request), revokeSchema);
  if (submission.status !== "success") throw new Response("Bad request", { status: 400 });
  const { userId } = submission.value;
  await revokeUserSessions(context.db, { admin, userId, ipAddress: context.clientIp });
  return redirect(`/admin/users?revoked=${encodeURIComponent(userId)}`);
}

export default function Users() {
  const { users } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const revoked = users.find((u) => u.id === params.get("revoked"));
  return (
    <>
      {revoked ? (
        <SuccessBanner id="revoked" heading={<>{revoked.display_name} has been signed out everywhere.</>} />
      ) : null}
      <h1 className="govuk-heading-l">Users</h1>
      <a href="/admin/users/new" role="button" draggable="false" className="govuk-button govuk-button--secondary" data-module="govuk-button">Add a user</a>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">{users.length} users</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Name</th>
            <th scope="col" className="govuk-table__header">E-mail address</th>
            <th scope="col" className="govuk-table__header">Role</th>
            <th scope="col" className="govuk-table__header">Agency or hub</th>
            <th scope="col" className="govuk-table__header">Signed in</th>
            <th scope="col" className="govuk-table__header">
              <span className="govuk-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {users.map((u) => (
            <tr key={u.id} className="govuk-table__row">
              <td className="govuk-table__cell">{u.display_name}{u.active ? "" : " (disabled)"}</td>
              <td className="govuk-table__cell">{u.email}</td>
              <td className="govuk-table__cell">{ROLE_LABELS[u.role]}</td>
              <td className="govuk-table__cell">{u.agency_name ?? (u.hub_name ? `${u.hub_name} hub` : "")}</td>
              <td className="govuk-table__cell">{Number(u.live_sessions) > 0 ? `${u.live_sessions} session${Number(u.live_sessions) > 1 ? "s" : ""}` : "No"}</td>
              <td className="govuk-table__cell">
                {Number(u.live_sessions) > 0 ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke-sessions" />
                    <input type="hidden" name="userId" value={u.id} />
                    <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                      Sign out everywhere<span className="govuk-visually-hidden"> for {u.display_name}</span>
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
