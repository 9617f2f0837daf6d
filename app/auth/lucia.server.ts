/**
 * Sessions, behind one module (docs/decisions/003-sessions-with-lucia.md). Lucia v3 is deprecated
 * upstream; nothing outside this file imports it, so it can be replaced by a few dozen lines of our own.
 * Lucia reads and writes the cookie and makes the tokens; the lifetimes are ours (below).
 *
 * Sessions live in the database (`user_sessions`) through an adapter written on Kysely, so PGlite and
 * PostgreSQL behave the same. The database keeps only the SHA-256 of each session token.
 *
 * Two lifetimes: a session ends after `sessionIdleMinutes` without a request (each request moves that
 * on, in steps of a minute), and `sessionMaxHours` after signing in however much it is used. Either
 * end is recorded in the audit trail when the session is next presented (or when expired sessions are
 * removed at start-up): `session_ended_idle_timeout` or `session_ended_absolute_timeout`.
 */
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { type Adapter, Cookie, type DatabaseSession, type DatabaseUser, generateIdFromEntropySize, Lucia, TimeSpan } from "lucia";
import type { Role } from "../../db/schema";
import {
  deleteExpiredSessions,
  deleteSession,
  deleteUserSessions,
  endExpiredSessions,
  endSession,
  extendSession,
  findSessionWithUser,
  insertSession,
  listUserSessions,
  updateSessionExpiry,
} from "../../db/queries/auth/sessions";
import type { Executor } from "../../db/executor";
import type { SessionUser } from "./session-user";
import { type AppConfig, loadConfig } from "../config.server";

export const SESSION_COOKIE_NAME = "mash_session";

/** How long sessions last: the idle timeout and the absolute lifetime (from the configuration). */
export type SessionLifetimes = Pick<AppConfig, "sessionIdleMinutes" | "sessionMaxHours">;

/** The idle expiry is moved on at most once in this long (so not every request writes). */
const EXTEND_STEP_MS = 60_000;

let configuredLifetimes: SessionLifetimes | undefined;
/** The lifetimes of this process's configuration (SESSION_IDLE_MINUTES, SESSION_MAX_HOURS). */
function defaultLifetimes(): SessionLifetimes {
  if (!configuredLifetimes) {
    const { sessionIdleMinutes, sessionMaxHours } = loadConfig();
    configuredLifetimes = { sessionIdleMinutes, sessionMaxHours };
  }
  return configuredLifetimes;
}

/** The user type is ours (./session-user.ts); re-exported for the modules that still import it from here. */
export type { SessionUser };

export interface SessionMeta {
  ipAddress: string | null;
  userAgent: string | null;
}

interface UserAttributes {
  email: string;
  display_name: string;
  role: Role;
  agency_code: string | null;
  hub_code: string | null;
  active: boolean;
}

interface SessionAttributes {
  ip_address: string | null;
  user_agent: string | null;
}

function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Lucia's adapter. The app's own paths (below) call the queries directly; Lucia needs this to exist. */
class KyselySessionAdapter implements Adapter {
  constructor(private readonly db: Executor) {}

  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = await findSessionWithUser(this.db, hashToken(sessionId));
    if (!row) return [null, null];
    const { ip_address, user_agent, expires_at, absolute_expires_at: _absolute, created_at: _created, user_id, session_id: _hash, ...user } = row;
    return [
      { id: sessionId, userId: user_id, expiresAt: new Date(expires_at), attributes: { ip_address, user_agent } },
      { id: user_id, attributes: user },
    ];
  }

  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    const rows = await listUserSessions(this.db, userId);
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      expiresAt: new Date(r.expires_at),
      attributes: { ip_address: r.ip_address, user_agent: r.user_agent },
    }));
  }

  async setSession(session: DatabaseSession): Promise<void> {
    const attributes = session.attributes as unknown as SessionAttributes;
    await insertSession(this.db, {
      id: hashToken(session.id),
      user_id: session.userId,
      expires_at: session.expiresAt,
      absolute_expires_at: session.expiresAt,
      ip_address: attributes.ip_address ?? null,
      user_agent: attributes.user_agent ?? null,
    });
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await updateSessionExpiry(this.db, hashToken(sessionId), expiresAt);
  }

  async deleteSession(sessionId: string): Promise<void> {
    await deleteSession(this.db, hashToken(sessionId));
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await deleteUserSessions(this.db, userId);
  }

  async deleteExpiredSessions(): Promise<void> {
    await deleteExpiredSessions(this.db, new Date());
  }
}

function createLucia(db: Executor, lifetimes: SessionLifetimes) {
  return new Lucia(new KyselySessionAdapter(db), {
    sessionExpiresIn: new TimeSpan(lifetimes.sessionIdleMinutes, "m"),
    sessionCookie: {
      name: SESSION_COOKIE_NAME,
      expires: true,
      attributes: { sameSite: "lax", secure: false },
    },
    getUserAttributes: (attributes) => attributes,
    getSessionAttributes: (attributes) => attributes,
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseUserAttributes: UserAttributes;
    DatabaseSessionAttributes: SessionAttributes;
  }
}

/** The session cookie: HttpOnly, SameSite=Lax, `Secure` over HTTPS, gone from the browser when the session would end. */
function sessionCookie(token: string, expiresAt: Date, now: Date, secure: boolean): string {
  const maxAge = Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / 1000));
  return new Cookie(SESSION_COOKIE_NAME, token, { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge }).serialize();
}

function blankCookie(secure: boolean): string {
  return new Cookie(SESSION_COOKIE_NAME, "", { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: 0 }).serialize();
}

export type SessionValidation =
  | { user: SessionUser; sessionId: string; setCookie: string | null }
  | { user: null; sessionId: null; setCookie: string | null };

export interface ValidateOptions {
  /** The time to judge the session at (tests); now by default. */
  now?: Date;
  /** The client's address, recorded when the session is found to have ended. */
  ipAddress?: string | null;
}

/**
 * Everything the app does with sessions. `db` may be a transaction. `lifetimes` default to this
 * process's configuration (pass `config` to be explicit).
 */
export function sessions(db: Executor, lifetimes: SessionLifetimes = defaultLifetimes()) {
  const lucia = createLucia(db, lifetimes);
  const idleMs = lifetimes.sessionIdleMinutes * 60_000;
  const maxMs = lifetimes.sessionMaxHours * 3_600_000;

  /** The session token in a Cookie header, or null (a malformed header is no token, never an error). */
  function tokenOf(cookieHeader: string | null): string | null {
    try {
      return lucia.readSessionCookie(cookieHeader ?? "") || null;
    } catch {
      return null;
    }
  }

  return {
    /** Starts a new session (always a new one: never reuses an earlier token). Returns its cookie. */
    async create(userId: string, meta: SessionMeta, secure: boolean, now: Date = new Date()): Promise<{ sessionId: string; setCookie: string }> {
      const token = generateIdFromEntropySize(25);
      const absoluteExpiresAt = new Date(now.getTime() + maxMs);
      const expiresAt = new Date(Math.min(now.getTime() + idleMs, absoluteExpiresAt.getTime()));
      await insertSession(db, {
        id: hashToken(token),
        user_id: userId,
        created_at: now,
        expires_at: expiresAt,
        absolute_expires_at: absoluteExpiresAt,
        ip_address: meta.ipAddress,
        user_agent: meta.userAgent,
      });
      return { sessionId: token, setCookie: sessionCookie(token, expiresAt, now, secure) };
    },

    /**
     * Reads the session cookie of a request and checks the session against the database. A session
     * past its idle or absolute end is removed and that end audited; a live one is moved on.
     */
    async validate(cookieHeader: string | null, secure: boolean, options: ValidateOptions = {}): Promise<SessionValidation> {
      const now = options.now ?? new Date();
      const token = tokenOf(cookieHeader);
      if (!token) return { user: null, sessionId: null, setCookie: null };
      const id = hashToken(token);
      const row = await findSessionWithUser(db, id);
      const blank = blankCookie(secure);
      if (!row) return { user: null, sessionId: null, setCookie: blank };
      if (new Date(row.expires_at).getTime() <= now.getTime()) {
        await endExpiredSessions(db, now, { id, ipAddress: options.ipAddress ?? null });
        return { user: null, sessionId: null, setCookie: blank };
      }
      if (!row.active) {
        await deleteSession(db, id);
        return { user: null, sessionId: null, setCookie: blank };
      }
      const user: SessionUser = {
        id: row.user_id,
        email: row.email,
        displayName: row.display_name,
        role: row.role,
        agencyCode: row.agency_code,
        hubCode: row.hub_code,
      };
      // In use: the idle end moves on (never past the absolute end); the cookie is sent again to match.
      const expiresAt = new Date(row.expires_at);
      const wanted = new Date(Math.min(now.getTime() + idleMs, new Date(row.absolute_expires_at).getTime()));
      let setCookie: string | null = null;
      if (wanted.getTime() - expiresAt.getTime() >= EXTEND_STEP_MS && (await extendSession(db, id, wanted, now))) {
        setCookie = sessionCookie(token, wanted, now, secure);
      }
      return { user, sessionId: token, setCookie };
    },

    /** Ends one session server-side; returns the cookie that clears it in the browser. */
    async revoke(sessionId: string, secure: boolean): Promise<string> {
      await deleteSession(db, hashToken(sessionId));
      return blankCookie(secure);
    },

    /**
     * Ends the session whose cookie is in `cookieHeader` (the one a browser presents when it signs in
     * again), whoever it belonged to. Returns that user's id, or null when there was no such session.
     */
    async endPresented(cookieHeader: string | null): Promise<string | null> {
      const token = tokenOf(cookieHeader);
      if (!token) return null;
      return (await endSession(db, hashToken(token))) ?? null;
    },

    /** Ends every session of a user (account disabled, "sign out everywhere"). */
    async revokeAllForUser(userId: string): Promise<void> {
      await deleteUserSessions(db, userId);
    },

    /** Removes every session past its end, recording each end in the audit trail; returns how many. */
    async endExpired(now: Date = new Date()): Promise<number> {
      return (await endExpiredSessions(db, now)).length;
    },
  };
}
