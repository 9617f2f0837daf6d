/**
 * The one set of permission checks every loader and action uses, asking the permission table
 * (./permissions.ts). Not signed in: a redirect to sign-in that comes back afterwards. Signed in
 * but not allowed: 403.
 */
import { redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import { type Ability, can, type Target } from "./permissions";
import type { SessionUser } from "./session-user";

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

/** The signed-in user, if the permission table lets them do `ability` (to `target`, for an agency's or hub's own work); else 403. */
export function requirePermission(request: Request, context: AppLoadContext, ability: Ability, target?: Target): SessionUser {
  const user = requireUser(request, context);
  if (!can(user, ability, target)) forbidden();
  return user;
}

/** Who may read the front-door measures, open any figure as its list of records and download it. */
export function requireMeasuresReader(request: Request, context: AppLoadContext): SessionUser {
  return requirePermission(request, context, "measures.view");
}

/** Whether a user may open a contact's own page (the MASH roles); a performance lead may not. */
export function mayOpenContacts(user: Pick<SessionUser, "role">): boolean {
  return can(user.role, "contact.view");
}

/** A partner agency officer who may answer information requests; when `agencyCode` is given, of that agency only. */
export function requireAgency(request: Request, context: AppLoadContext, agencyCode?: string): SessionUser & { agencyCode: string } {
  return requirePermission(request, context, "information-request.answer", { agencyCode }) as SessionUser & { agencyCode: string };
}

/** An early help hub worker who may answer step-downs; when `hubCode` is given, of that hub only. */
export function requireHub(request: Request, context: AppLoadContext, hubCode?: string): SessionUser & { hubCode: string } {
  return requirePermission(request, context, "step-down.answer", { hubCode }) as SessionUser & { hubCode: string };
}
