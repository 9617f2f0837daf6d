import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "../auth/guards.server";
import { Button } from "../ui/form";
import { formatDateTime } from "../ui/format";
import { markNotificationsReadUpTo, readNotifications } from "../notifications/notifications.server";
import { readForm } from "../http/request.server";

export const meta: MetaFunction = () => [{ title: "Notifications – Children's front door" }];

/** Anyone signed in sees their own notifications, and nobody else's. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return { notifications: await readNotifications(context.db, user) };
}

const markReadSchema = z.object({ upTo: z.string().regex(/^\d{1,18}$/) });

/** Marks the user's notifications up to the newest one the page showed as read. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = markReadSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (parsed.success) await markNotificationsReadUpTo(context.db, user, parsed.data.upTo);
  return redirect("/notifications", 303);
}

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const unread = notifications.filter((n) => n.unread);
  const newest = notifications.map((n) => BigInt(n.id)).reduce<bigint | null>((a, b) => (a === null || b > a ? b : a), null);
  return (
    <>
      <h1 className="govuk-heading-l">Notifications</h1>
      {notifications.length === 0 ? (
        <p className="govuk-body">You have no notifications.</p>
      ) : (
        <>
          <p className="govuk-body" data-testid="unread-summary">
            {unread.length === 0 ? "You have read all your notifications." : `${unread.length} unread.`}
          </p>
          <ul className="govuk-list app-notifications" data-testid="notifications">
            {notifications.map((n) => (
              <li key={n.id} className="app-notification govuk-!-margin-bottom-4" data-testid="notification">
                <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
                  {n.unread ? (
                    <>
                      <strong className="govuk-tag govuk-tag--blue">New</strong>{" "}
                    </>
                  ) : null}
                  {n.path ? (
                    <Link className="govuk-link" to={n.path}>
                      {n.title}
                    </Link>
                  ) : (
                    n.title
                  )}
                </h2>
                <p className="govuk-body govuk-!-margin-bottom-1">{n.body}</p>
                <p className="govuk-body-s govuk-hint">{formatDateTime(n.at)}</p>
              </li>
            ))}
          </ul>
          {unread.length > 0 && newest !== null ? (
            <Form method="post">
              <input type="hidden" name="upTo" value={newest.toString()} />
              <Button secondary>Mark all as read</Button>
            </Form>
          ) : null}
        </>
      )}
    </>
  );
}
