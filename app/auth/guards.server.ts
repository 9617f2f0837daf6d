/**
 * The one set of permission checks every loader and action uses. Not signed in: a redirect to
 * sign-in that comes back afterwards. Signed in but not allowed: 403.
 */
import { redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import type { SessionUser } from "./lucia.server";
import type { Role } from "./roles";

export function forbidden(): never {
  throw new Response("You do not have permission to see this page.", { status: 403, statusText: "Forbidden" });
}

export function requireUser(request: Request, context: AppLoadContext): SessionUser {
  const user = context.auth.user;
  if (!user) {
    const url = new URL(request.url);
    const back = `${url.pathname}${url.search}`;
    throw redirect(back === "/" ? "/sign-in" : `/sign-in?redirectTo=${encodeURIComponent(back)}`);
  }
  return user;
}

export function requireRole(request: Request, context: AppLoadContext, ...roles: Role[]): SessionUser {
  const user = requireUser(request, context);
  if (!roles.includes(user.role)) forbidden();
  return user;
}

/**
 * Who may read the front-door measures, open any figure as its list of records and download it:
 * a performance lead (read-only: no child record beyond what such a list shows) or a MASH manager.
 */
export const MEASURES_READERS: readonly Role[] = ["performance", "manager"];

export function requireMeasuresReader(request: Request, context: AppLoadContext): SessionUser {
  return requireRole(request, context, ...MEASURES_READERS);
}

/** Whether a user may open a contact's own page (the MASH roles); a performance lead may not. */
export function mayOpenContacts(user: Pick<SessionUser, "role">): boolean {
  return user.role === "screener" || user.role === "manager";
}

/** A partner agency officer; when `agencyCode` is given, of that agency only. */
export function requireAgency(request: Request, context: AppLoadContext, agencyCode?: string): SessionUser & { agencyCode: string } {
  const user = requireRole(request, context, "partner");
  if (!user.agencyCode || (agencyCode !== undefined && user.agencyCode !== agencyCode)) forbidden();
  return user as SessionUser & { agencyCode: string };
}

/** An early help hub worker; when `hubCode` is given, of that hub only. */
export function requireHub(request: Request, context: AppLoadContext, hubCode?: string): SessionUser & { hubCode: string } {
  const user = requireRole(request, context, "early_help");
  if (!user.hubCode || (hubCode !== undefined && user.hubCode !== hubCode)) forbidden();
  return user as SessionUser & { hubCode: string };
}
