/**
 * Creating a user outside the web pages (the command line, for a real deployment where no demo
 * users exist). One transaction with its audit record; the password is stored only as its Argon2id hash.
 */
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import { findUserByEmail, insertUser } from "../../db/queries/users";
import { findAgency, findHub } from "../../db/queries/agencies";
import type { Database } from "../../db/schema";
import { hashPassword } from "../auth/password.server";
import type { NewUser } from "./add-user.schema";

export type AddUserResult = { kind: "created"; id: string } | { kind: "refused"; message: string };

/** `by`: the administrator adding the user on /admin/users/new (absent: the command line). */
export async function addUser(db: Kysely<Database>, user: NewUser, by?: { adminId: string; ipAddress: string | null }): Promise<AddUserResult> {
  const passwordHash = await hashPassword(user.password);
  return db.transaction().execute(async (trx) => {
    if (await findUserByEmail(trx, user.email)) return { kind: "refused", message: `A user with the e-mail address ${user.email} already exists.` };
    // Agencies and hubs are data: a user joins one that exists and is in use.
    const agency = user.agency ? await findAgency(trx, user.agency) : null;
    if (user.agency && (!agency || agency.retired_at !== null)) return { kind: "refused", message: `There is no partner agency "${user.agency}" in use.` };
    const hub = user.hub ? await findHub(trx, user.hub) : null;
    if (user.hub && (!hub || hub.retired_at !== null)) return { kind: "refused", message: `There is no early help hub "${user.hub}" in use.` };
    const id = crypto.randomUUID();
    await insertUser(trx, {
      id,
      email: user.email,
      display_name: user.name,
      role: user.role,
      agency_code: user.agency ?? null,
      hub_code: user.hub ?? null,
      password_hash: passwordHash,
    });
    await recordAudit(trx, {
      actorUserId: by?.adminId ?? null,
      action: "user_created",
      subjectType: "user",
      subjectId: id,
      ipAddress: by?.ipAddress ?? null,
      details: { via: by ? "administrator" : "command line", role: user.role, agency: user.agency ?? null, hub: user.hub ?? null },
    });
    return { kind: "created", id };
  });
}
