/** Roles, where each lands after signing in and the pages it sees: all from the one permission table. Shared by server and browser code. */
import { navigationFor, ROLE_LABELS, ROLES, type NavigationItem, type Role } from "./permissions";

export type { NavigationItem, Role };
export { ROLE_LABELS };

/** The pages each role sees in the service navigation (app/auth/permissions.ts, `PAGES`). */
export const NAVIGATION: Readonly<Record<Role, NavigationItem[]>> = Object.fromEntries(ROLES.map((role) => [role, navigationFor(role)])) as Record<Role, NavigationItem[]>;

/** Where each role lands after signing in: the first page of its navigation. */
export const HOME_PATHS: Readonly<Record<Role, string>> = Object.fromEntries(ROLES.map((role) => [role, NAVIGATION[role][0]!.href])) as Record<Role, string>;

const REDIRECT_BASE = "http://front-door.invalid";
/** Longest path returned to after signing in; anything longer is not a page of this site. */
const MAX_REDIRECT_LENGTH = 2048;

/**
 * Only same-site paths may be returned to after signing in (no open redirects). Anything that is not
 * plainly a path on this site gets `fallback`:
 * - not starting with exactly one "/" ("//host", "/\\host", "https:…", "javascript:…");
 * - a backslash or a control character anywhere (browsers read "\\" as "/" and drop tabs and newlines);
 * - any of those once percent-decoded, however many times (a proxy or a second parse may decode);
 * - a path that only leaves the site after its dot segments are resolved ("/..//evil.example" is "//evil.example").
 * What is returned is the resolved path and query, checked again as a browser would read it.
 */
export function safeRedirectPath(path: string | null | undefined, fallback: string): string {
  if (!path || path.length > MAX_REDIRECT_LENGTH) return fallback;
  let decoded = path;
  for (let round = 0; round < 5; round++) {
    if (!looksLikeOwnPath(decoded)) return fallback;
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return fallback; // a malformed escape: not a link this site made
    }
    if (next === decoded) break;
    if (round === 4) return fallback; // still encoded after five rounds: not a link this site made
    decoded = next;
  }
  const resolved = resolveOnThisSite(path);
  // The browser resolves the Location header again: it must stay the same path on the same site.
  if (resolved === null || resolveOnThisSite(resolved) !== resolved) return fallback;
  return resolved;
}

/** One "/" then not another, and no backslash or control character anywhere. */
function looksLikeOwnPath(path: string): boolean {
  return path.startsWith("/") && !path.startsWith("//") && !/[\u0000-\u001f\u007f-\u009f\\]/.test(path);
}

/** The path and query `path` names on this site after dot segments are resolved, or null if it leaves the site. */
function resolveOnThisSite(path: string): string | null {
  let url: URL;
  try {
    url = new URL(path, REDIRECT_BASE);
  } catch {
    return null;
  }
  if (url.origin !== REDIRECT_BASE || url.username || url.password) return null;
  const result = `${url.pathname}${url.search}`;
  return looksLikeOwnPath(result) && !/^\/%(2f|5c)/i.test(result) ? result : null;
}
