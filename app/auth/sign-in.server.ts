import type { Kysely } from "kysely";
import { countFailedSignIns, countFailedSignInsFromAddress, recordAudit } from "../../db/queries/audit";
import { findUserByEmail } from "../../db/queries/users";
import type { Database } from "../../db/schema";
import { type SessionMeta, type SessionUser, sessions } from "./lucia.server";
import { verifyAgainstDummy, verifyPassword } from "./password.server";

/** After this many failed attempts in the window, an address is refused until the window passes. */
export const SIGN_IN_ATTEMPTS_ALLOWED = 10;
export const SIGN_IN_WINDOW_MINUTES = 15;
/** Failed attempts from one address (any e-mail addresses) in the window before it is refused too. */
export const SIGN_IN_ATTEMPTS_PER_ADDRESS = 50;

export type SignInResult =
  | { ok: true; setCookie: string; role: SessionUser["role"] }
  | { ok: false; reason: "invalid" | "locked" };

/**
 * Checks an e-mail address and password and starts a new session. The result never says which of
 * the two was wrong. Every attempt is audited.
 */
export async function signIn(
  db: Kysely<Database>,
  input: { email: string; password: string; meta: SessionMeta; secure: boolean; now?: Date },
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const now = input.now ?? new Date();
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MINUTES * 60_000);
  const fromAddress = input.meta.ipAddress ? await countFailedSignInsFromAddress(db, input.meta.ipAddress, since) : 0;
  if (fromAddress >= SIGN_IN_ATTEMPTS_PER_ADDRESS || (await countFailedSignIns(db, email, since)) >= SIGN_IN_ATTEMPTS_ALLOWED) {
    await recordAudit(db, { actorUserId: null, action: "sign_in_refused_locked", subjectType: "email", subjectId: email, ipAddress: input.meta.ipAddress });
    return { ok: false, reason: "locked" };
  }

  const user = await findUserByEmail(db, email);
  // The password is checked whether or not the account is active, so timing tells nothing.
  const valid = user ? (await verifyPassword(user.password_hash, input.password)) && user.active : (await verifyAgainstDummy(input.password), false);
  if (!user || !valid) {
    await recordAudit(db, { actorUserId: null, action: "sign_in_failed", subjectType: "email", subjectId: email, ipAddress: input.meta.ipAddress });
    return { ok: false, reason: "invalid" };
  }

  return db.transaction().execute(async (trx) => {
    const { setCookie } = await sessions(trx).create(user.id, input.meta, input.secure);
    await recordAudit(trx, {
      actorUserId: user.id,
      action: "signed_in",
      subjectType: "user",
      subjectId: user.id,
      ipAddress: input.meta.ipAddress,
    });
    return { ok: true as const, setCookie, role: user.role };
  });
}

/** Ends the current session server-side; returns the cookie that clears it. */
export async function signOut(db: Kysely<Database>, input: { user: SessionUser; sessionId: string; ipAddress: string | null; secure: boolean }) {
  return db.transaction().execute(async (trx) => {
    const setCookie = await sessions(trx).revoke(input.sessionId, input.secure);
    await recordAudit(trx, { actorUserId: input.user.id, action: "signed_out", subjectType: "user", subjectId: input.user.id, ipAddress: input.ipAddress });
    return setCookie;
  });
}

/** An administrator ends every session a user holds. */
export async function revokeUserSessions(db: Kysely<Database>, input: { admin: SessionUser; userId: string; ipAddress: string | null }) {
  return db.transaction().execute(async (trx) => {
    await sessions(trx).revokeAllForUser(input.userId);
    await recordAudit(trx, { actorUserId: input.admin.id, action: "sessions_revoked", subjectType: "user", subjectId: input.userId, ipAddress: input.ipAddress });
  });
}
