/**
 * Reference data a new installation needs beyond what the migrations insert. The agencies and hubs
 * it starts with are rows inserted by migration 0019 and kept by an administrator (/admin/agencies,
 * /admin/hubs): nothing in the code lists them.
 */
import type { Executor } from "../executor";

export async function ensureReferenceData(_db: Executor): Promise<void> {
  // Nothing besides the migrations' rows at present; kept as the one place start-up, the command
  // line and the tests call after migrating.
}
