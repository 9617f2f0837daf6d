import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import { clearThrottle, deleteStaleThrottles, lockThrottles, saveThrottle, type ThrottleKey, takeBackFailure } from "../../db/queries/auth/sign-in-throttles";
import { findUserByEmail } from "../../db/queries/users";
import type { Database } from "../../db/schema";
import { type SessionLifetimes, type SessionMeta, sessions } from "./lucia.server";
import type { SessionUser } from "./session-user";
import { verifyAgainstDummy, verifyPassword } from "./password.server";
import { decide, NEVER_WAITED, SCOPE_ORDER, type SignInThrottleScope, THROTTLE_POLICIES, type ThrottleState } from "./sign-in-throttle";

export type SignInResult =
  | { ok: true; setCookie: string; role: SessionUser["role"] }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/** Throttles older than this (and no longer making anyone wait) are removed. */
const STALE_THROTTLE_MS = 24 * 3_600_000;

/** What one attempt is counted against: the account, the account from this address, and this address. */
function throttleKeys(email: string, ipAddress: string | null): ThrottleKey[] {
  const keys: ThrottleKey[] = [
    { scope: "account", key: email },
    { scope: "account_address", key: `${email} ${ipAddress ?? "unknown"}` },
  ];
  if (ipAddress) keys.push({ scope: "address", key: ipAddress });
  return keys.sort((a, b) => SCOPE_ORDER.indexOf(a.scope) - SCOPE_ORDER.indexOf(b.scope) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

interface Counted {
  key: ThrottleKey;
  previousNextAllowedAt: Date;
  next: ThrottleState;
}

type Claim = { allowed: false; waitSeconds: number } | { allowed: true; counted: Counted[]; delaySeconds: number };

/**
 * Counts an attempt as a failure against each of its throttles, or refuses it (audited as
 * `sign_in_throttled`) when any of them says to wait. One transaction with the throttles' rows
 * locked, so simultaneous attempts are counted one after another.
 */
async function countAttempt(db: Kysely<Database>, email: string, ipAddress: string | null, now: Date): Promise<Claim> {
  await deleteStaleThrottles(db, new Date(now.getTime() - STALE_THROTTLE_MS), now);
  const keys = throttleKeys(email, ipAddress);
  return db.transaction().execute(async (trx) => {
    const rows = await lockThrottles(trx, keys, now);
    const decisions = keys.map((key) => {
      const row = rows.find((r) => r.scope === key.scope && r.key === key.key);
      const state = row ? { failures: row.failures, windowStartedAt: row.window_started_at, nextAllowedAt: row.next_allowed_at } : null;
      return { key, state, decision: decide(THROTTLE_POLICIES[key.scope], state, now) };
    });
    const waiting = decisions.filter((d) => !d.decision.allowed);
    if (waiting.length) {
      const waitSeconds = Math.max(...waiting.map((d) => (d.decision.allowed ? 0 : d.decision.waitSeconds)));
      const scopes: SignInThrottleScope[] = waiting.map((d) => d.key.scope);
      await recordAudit(trx, {
        actorUserId: null,
        action: "sign_in_throttled",
        subjectType: "email",
        subjectId: email,
        ipAddress,
        details: { scopes, wait_seconds: waitSeconds },
      });
      return { allowed: false as const, waitSeconds };
    }
    const counted: Counted[] = [];
    for (const { key, state, decision } of decisions) {
      if (!decision.allowed) continue;
      await saveThrottle(trx, {
        ...key,
        failures: decision.next.failures,
        window_started_at: decision.next.windowStartedAt,
        next_allowed_at: decision.next.nextAllowedAt,
      });
      counted.push({ key, previousNextAllowedAt: state?.nextAllowedAt ?? NEVER_WAITED, next: decision.next });
    }
    const delaySeconds = Math.max(0, ...decisions.map((d) => (d.decision.allowed ? d.decision.delaySeconds : 0)));
    return { allowed: true as const, counted, delaySeconds };
  });
}

/**
 * Checks an e-mail address and password and starts a new session. The result never says which of
 * the two was wrong. Every attempt is audited.
 *
 * Failures slow down the next attempt (see sign-in-throttle.ts): an attempt that must wait is refused
 * with how long, without checking the password. Signing in ends the session of the cookie the browser
 * presented with the form (`presentedCookie`), whoever's it was, audited as `session_replaced_at_sign_in`.
 */
export async function signIn(
  db: Kysely<Database>,
  input: {
    email: string;
    password: string;
    meta: SessionMeta;
    secure: boolean;
    now?: Date;
    /** The request's Cookie header. */
    presentedCookie?: string | null;
    lifetimes?: SessionLifetimes;
  },
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const now = input.now ?? new Date();
  const ipAddress = input.meta.ipAddress;

  const claim = await countAttempt(db, email, ipAddress, now);
  if (!claim.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: claim.waitSeconds };

  const user = await findUserByEmail(db, email);
  // The password is checked whether or not the account is active, so timing tells nothing.
  const valid = user ? (await verifyPassword(user.password_hash, input.password)) && user.active : (await verifyAgainstDummy(input.password), false);
  if (!user || !valid) {
    await recordAudit(db, {
      actorUserId: null,
      action: "sign_in_failed",
      subjectType: "email",
      subjectId: email,
      ipAddress,
      details: { next_attempt_wait_seconds: claim.delaySeconds },
    });
    return { ok: false, reason: "invalid" };
  }

  return db.transaction().execute(async (trx) => {
    const session = sessions(trx, input.lifetimes);
    const replacedUserId = await session.endPresented(input.presentedCookie ?? null);
    if (replacedUserId) {
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "session_replaced_at_sign_in",
        subjectType: "user",
        subjectId: replacedUserId,
        ipAddress,
      });
    }
    // The right password takes its attempt back: this account from this address starts again.
    for (const c of claim.counted) {
      if (c.key.scope === "account_address") await clearThrottle(trx, c.key);
      else await takeBackFailure(trx, c.key, c.next, c.previousNextAllowedAt);
    }
    const { setCookie } = await session.create(user.id, input.meta, input.secure, now);
    await recordAudit(trx, {
      actorUserId: user.id,
      action: "signed_in",
      subjectType: "user",
      subjectId: user.id,
      ipAddress,
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
