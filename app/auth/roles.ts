/** Roles and where each lands after signing in. Shared by server and browser code. */
import type { Role } from "../../db/schema";

export type { Role };

export const ROLE_LABELS: Record<Role, string> = {
  screener: "MASH screener",
  manager: "MASH manager",
  partner: "Partner agency officer",
  early_help: "Early help hub worker",
  admin: "Administrator",
};

export const HOME_PATHS: Record<Role, string> = {
  screener: "/queue",
  manager: "/oversight",
  partner: "/information-requests",
  early_help: "/step-downs",
  admin: "/admin/users",
};

export interface NavigationItem {
  href: string;
  text: string;
}

export const NAVIGATION: Record<Role, NavigationItem[]> = {
  screener: [
    { href: "/queue", text: "MASH queue" },
    { href: "/contacts/new", text: "Record a contact" },
  ],
  manager: [
    { href: "/oversight", text: "Management oversight" },
    { href: "/queue", text: "MASH queue" },
    { href: "/contacts/new", text: "Record a contact" },
    { href: "/people/merge", text: "Merge records" },
  ],
  partner: [{ href: "/information-requests", text: "Information requests" }],
  early_help: [{ href: "/step-downs", text: "Step-downs" }],
  admin: [
    { href: "/admin/users", text: "Users" },
    { href: "/admin/timescales", text: "Timescales" },
    { href: "/admin/bank-holidays", text: "Bank holidays" },
  ],
};

/** Only same-site paths may be returned to after signing in (no open redirects). */
export function safeRedirectPath(path: string | null | undefined, fallback: string): string {
  // Browsers drop tabs and newlines and read a backslash as "/": "/<tab>/evil.example" would leave the site.
  if (!path || !path.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(path)) return fallback;
  const base = "http://front-door.invalid";
  const url = new URL(path, base);
  if (url.origin !== base) return fallback;
  return `${url.pathname}${url.search}`;
}
