import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { requireUser } from "../auth/guards.server";
import { HOME_PATHS } from "../auth/roles";

/** Everyone starts on their own role's page. */
export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return redirect(HOME_PATHS[user.role]);
}
