/**
 * Creating a user outside the web pages (the command line, for a real deployment where no demo
 * users exist). One transaction with its audit record; the password is stored only as its Argon2id hash.
 */
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import { agencyExists, findUserByEmail, hubExists, insertUser } from "../../db/queries/users";
import type { Database } from "../../db/schema";
import { hashPassword } from "../auth/password.server";
import type { NewUser } from "./add-user.schema";

export type AddUserResult = { kind: "created"; id: string } | { kind: "refused"; message: string };

export async function addUser(db: Kysely<Database>, user: NewUser): Promise<AddUserResult> {
  const passwordHash = await hashPassword(user.password);
  return db.transaction().execute(async (trx) => {
    if (await findUserByEmail(trx, user.email)) return { kind: "refused", message: `A user with the e-mail address ${user.email} already exists.` };
    if (user.agency && !(await agencyExists(trx, user.agency))) return { kind: "refused", message: `There is no partner agency "${user.agency}".` };
    if (user.hub && !(await hubExists(trx, user.hub))) return { kind: "refused", message: `There is no early help hub "${user.hub}".` };
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
      actorUserId: null,
      action: "user_created",
      subjectType: "user",
      subjectId: id,
      details: { via: "command line", role: user.role, agency: user.agency ?? null, hub: user.hub ?? null },
    });
    return { kind: "created", id };
  });
}
