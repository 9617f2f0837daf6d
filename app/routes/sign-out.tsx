import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { signOut } from "../auth/sign-in.server";

export async function action({ context }: ActionFunctionArgs) {
  const { user, sessionId } = context.auth;
  if (!user || !sessionId) return redirect("/sign-in");
  const setCookie = await signOut(context.db, { user, sessionId, ipAddress: context.clientIp, secure: context.secure });
  return redirect("/sign-in?signedOut=1", { headers: { "Set-Cookie": setCookie } });
}

export function loader() {
  return redirect("/");
}
