/**
 * Sessions, behind one module (docs/decisions/003-sessions-with-lucia.md). Lucia v3 is deprecated
 * upstream; nothing outside this file imports it, so it can be replaced by a few dozen lines of our own.
 *
 * Sessions live in the database (`user_sessions`) through an adapter written on Kysely, so PGlite and
 * PostgreSQL behave the same. The database keeps only the SHA-256 of each session token.
 */
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { type Adapter, type DatabaseSession, type DatabaseUser, Lucia, TimeSpan } from "lucia";
import type { Role } from "../../db/schema";
import {
  deleteExpiredSessions,
  deleteSession,
  deleteUserSessions,
  findSessionWithUser,
  insertSession,
  listUserSessions,
  updateSessionExpiry,
} from "../../db/queries/sessions";
import type { Executor } from "../../db/queries/users";

export const SESSION_COOKIE_NAME = "mash_session";
/** A session ends after this long without use (it is extended while in use). */
export const SESSION_IDLE_HOURS = 8;

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  agencyCode: string | null;
  hubCode: string | null;
}

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

class KyselySessionAdapter implements Adapter {
  constructor(private readonly db: Executor) {}

  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = await findSessionWithUser(this.db, hashToken(sessionId));
    if (!row) return [null, null];
    const { ip_address, user_agent, expires_at, user_id, session_id: _hash, ...user } = row;
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

function createLucia(db: Executor) {
  return new Lucia(new KyselySessionAdapter(db), {
    sessionExpiresIn: new TimeSpan(SESSION_IDLE_HOURS, "h"),
    sessionCookie: {
      name: SESSION_COOKIE_NAME,
      // The cookie expires with the session and is renewed whenever the session is extended.
      expires: true,
      // `Secure` is added per request when served over HTTPS (see `withSecure`).
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

function withSecure(cookie: string, secure: boolean): string {
  return secure ? `${cookie}; Secure` : cookie;
}

export type SessionValidation =
  | { user: SessionUser; sessionId: string; setCookie: string | null }
  | { user: null; sessionId: null; setCookie: string | null };

/** Everything the app does with sessions. `db` may be a transaction. */
export function sessions(db: Executor) {
  const lucia = createLucia(db);
  return {
    /** Starts a new session (always a new one: never reuses an earlier token). Returns its cookie. */
    async create(userId: string, meta: SessionMeta, secure: boolean): Promise<{ sessionId: string; setCookie: string }> {
      const session = await lucia.createSession(userId, { ip_address: meta.ipAddress, user_agent: meta.userAgent });
      return { sessionId: session.id, setCookie: withSecure(lucia.createSessionCookie(session.id).serialize(), secure) };
    },

    /** Reads the session cookie of a request and checks the session against the database. */
    async validate(cookieHeader: string | null, secure: boolean): Promise<SessionValidation> {
      const token = lucia.readSessionCookie(cookieHeader ?? "");
      if (!token) return { user: null, sessionId: null, setCookie: null };
      const { session, user } = await lucia.validateSession(token);
      const blank = withSecure(lucia.createBlankSessionCookie().serialize(), secure);
      if (!session || !user) return { user: null, sessionId: null, setCookie: blank };
      if (!user.active) {
        await lucia.invalidateSession(session.id);
        return { user: null, sessionId: null, setCookie: blank };
      }
      return {
        user: {
          id: user.id,
          email: user.email,
          displayName: user.display_name,
          role: user.role,
          agencyCode: user.agency_code,
          hubCode: user.hub_code,
        },
        sessionId: session.id,
        // Past half its life a session is extended while in use: send the cookie again with the new expiry.
        setCookie: session.fresh ? withSecure(lucia.createSessionCookie(session.id).serialize(), secure) : null,
      };
    },

    /** Ends one session server-side; returns the cookie that clears it in the browser. */
    async revoke(sessionId: string, secure: boolean): Promise<string> {
      await lucia.invalidateSession(sessionId);
      return withSecure(lucia.createBlankSessionCookie().serialize(), secure);
    },

    /** Ends every session of a user (account disabled, "sign out everywhere"). */
    async revokeAllForUser(userId: string): Promise<void> {
      await lucia.invalidateUserSessions(userId);
    },
  };
}
