/**
 * The signed-in user as every loader, action and service sees them: who they are, their role and
 * the agency or hub a partner or hub worker belongs to. Ours, not the session library's
 * (app/auth/lucia.server.ts produces it; lucia stays swappable).
 */
import type { Role } from "./permissions";

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  agencyCode: string | null;
  hubCode: string | null;
}
