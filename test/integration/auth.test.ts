import { beforeAll, expect, it } from "vitest";
import { listAuditForSubject } from "../../db/queries/audit";
import { findUserByEmail, insertUser } from "../../db/queries/users";
import { sessions } from "../../app/auth/lucia.server";
import { hashPassword } from "../../app/auth/password.server";
import { revokeUserSessions, signIn, signOut } from "../../app/auth/sign-in.server";
import { describeOnBothDatabases } from "./databases";

const meta = { ipAddress: "127.0.0.1", userAgent: "vitest" };

function tokenOf(setCookie: string): string {
  return /mash_session=([^;]*)/.exec(setCookie)![1]!;
}

describeOnBothDatabases("sign-in and sessions", (t) => {
  // The screener the first tests sign in as, in a hook: each test below stands on its own.
  let passwordHash = "";
  beforeAll(async () => {
    passwordHash = await hashPassword("correct horse battery");
    await insertUser(t.handle.db, { id: "u-screener", email: "Screener@Example.org", display_name: "S", role: "screener", agency_code: null, hub_code: null, password_hash: passwordHash });
  });

  it("stores an Argon2id hash and signs in with the right password only", async () => {
    const { db } = t.handle;
    expect(passwordHash.startsWith("$argon2id$")).toBe(true);
    expect((await findUserByEmail(db, "screener@example.org"))?.password_hash).toBe(passwordHash);

    const wrong = await signIn(db, { email: "screener@example.org", password: "wrong", meta, secure: false });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    const unknown = await signIn(db, { email: "nobody@example.org", password: "wrong", meta, secure: false });
    expect(unknown).toEqual({ ok: false, reason: "invalid" });

    const right = await signIn(db, { email: " SCREENER@example.org ", password: "correct horse battery", meta, secure: false });
    expect(right.ok).toBe(true);
    if (!right.ok) return;
    expect(right.setCookie).toMatch(/HttpOnly/);
    expect(right.setCookie).toMatch(/SameSite=Lax/);
    expect(right.setCookie).not.toMatch(/Secure/);

    const audit = await listAuditForSubject(db, "user", "u-screener");
    expect(audit.map((a) => a.action)).toContain("signed_in");
  });

  it("a new session at every sign-in, Secure over HTTPS, only a hash in the database", async () => {
    const { db } = t.handle;
    const a = await signIn(db, { email: "screener@example.org", password: "correct horse battery", meta, secure: true });
    const b = await signIn(db, { email: "screener@example.org", password: "correct horse battery", meta, secure: true });
    if (!a.ok || !b.ok) throw new Error("sign-in failed");
    expect(a.setCookie).toMatch(/; Secure/);
    expect(tokenOf(a.setCookie)).not.toEqual(tokenOf(b.setCookie));
    const stored = await db.selectFrom("user_sessions").select("id").execute();
    for (const token of [tokenOf(a.setCookie), tokenOf(b.setCookie)]) {
      expect(stored.map((s) => s.id)).not.toContain(token);
    }
    const validation = await sessions(db).validate(`mash_session=${tokenOf(a.setCookie)}`, true);
    expect(validation.user?.role).toBe("screener");
  });

  it("sign-out revokes the session server-side", async () => {
    const { db } = t.handle;
    const result = await signIn(db, { email: "screener@example.org", password: "correct horse battery", meta, secure: false });
    if (!result.ok) throw new Error("sign-in failed");
    const cookie = `mash_session=${tokenOf(result.setCookie)}`;
    const before = await sessions(db).validate(cookie, false);
    expect(before.user).not.toBeNull();
    const clear = await signOut(db, { user: before.user!, sessionId: before.sessionId!, ipAddress: null, secure: false });
    expect(clear).toMatch(/mash_session=;/);
    const after = await sessions(db).validate(cookie, false);
    expect(after.user).toBeNull();
  });

  it("an administrator can sign a user out everywhere", async () => {
    const { db } = t.handle;
    const result = await signIn(db, { email: "screener@example.org", password: "correct horse battery", meta, secure: false });
    if (!result.ok) throw new Error("sign-in failed");
    const admin = { id: "u-screener", email: "x", displayName: "x", role: "admin" as const, agencyCode: null, hubCode: null };
    await revokeUserSessions(db, { admin, userId: "u-screener", ipAddress: null });
    const after = await sessions(db).validate(`mash_session=${tokenOf(result.setCookie)}`, false);
    expect(after.user).toBeNull();
  });

  it("a disabled account's session stops working at once", async () => {
    const { db } = t.handle;
    const result = await signIn(db, { email: "screener@example.org", password: "correct horse battery", meta, secure: false });
    if (!result.ok) throw new Error("sign-in failed");
    await db.updateTable("users").set({ active: false }).where("id", "=", "u-screener").execute();
    try {
      const after = await sessions(db).validate(`mash_session=${tokenOf(result.setCookie)}`, false);
      expect(after.user).toBeNull();
      const again = await signIn(db, { email: "screener@example.org", password: "correct horse battery", meta, secure: false });
      expect(again.ok).toBe(false);
    } finally {
      // The account is the other tests' too: active again whatever happened here.
      await db.updateTable("users").set({ active: true }).where("id", "=", "u-screener").execute();
    }
  });

  it("the database refuses a partner without an agency and an early help worker without a hub", async () => {
    const { db } = t.handle;
    const base = { display_name: "X", password_hash: "x", hub_code: null, agency_code: null };
    await expect(insertUser(db, { ...base, id: "p1", email: "p1@example.org", role: "partner" })).rejects.toThrow();
    await expect(insertUser(db, { ...base, id: "e1", email: "e1@example.org", role: "early_help" })).rejects.toThrow();
    await expect(insertUser(db, { ...base, id: "s1", email: "s1@example.org", role: "screener", agency_code: "police" })).rejects.toThrow();
    await insertUser(db, { ...base, id: "p2", email: "p2@example.org", role: "partner", agency_code: "police" });
    expect((await findUserByEmail(db, "p2@example.org"))?.agency_code).toBe("police");
  });
  // ── Issue 7, finding 9: session lifetimes, a new sign-in ends the old session, no hard lock ──

  const lifetimes = { sessionIdleMinutes: 30, sessionMaxHours: 12 };
  const minutes = (from: Date, n: number) => new Date(from.getTime() + n * 60_000);
  const seconds = (from: Date, n: number) => new Date(from.getTime() + n * 1000);

  async function auditOf(db: Parameters<typeof listAuditForSubject>[0], subjectType: string, subjectId: string) {
    return (await listAuditForSubject(db, subjectType, subjectId)).map((a) => a.action);
  }

  async function addUser(db: Parameters<typeof insertUser>[0], id: string, email: string, password: string, role: "screener" | "manager" = "manager") {
    await insertUser(db, { id, email, display_name: id, role, agency_code: null, hub_code: null, password_hash: await hashPassword(password) });
  }

  it("a session ends after 30 minutes without use, and that end is audited once", async () => {
    const { db } = t.handle;
    await addUser(db, "u-idle", "idle@example.org", "idle password");
    const t0 = new Date("2030-01-07T09:00:00Z");
    const signedIn = await signIn(db, { email: "idle@example.org", password: "idle password", meta, secure: false, now: t0, lifetimes });
    if (!signedIn.ok) throw new Error("sign-in failed");
    // The cookie lasts as long as the session would without use: 30 minutes.
    expect(signedIn.setCookie).toMatch(/Max-Age=1800(;|$)/);
    const cookie = `mash_session=${tokenOf(signedIn.setCookie)}`;

    // Used at 09:29: still signed in, and the idle end moves on to 09:59 (the cookie is sent again).
    const at0929 = await sessions(db, lifetimes).validate(cookie, false, { now: minutes(t0, 29) });
    expect(at0929.user?.id).toBe("u-idle");
    expect(at0929.setCookie).toMatch(/Max-Age=1800(;|$)/);
    // Used at 09:58: still signed in (more than 30 minutes after signing in, less than 30 since last use).
    expect((await sessions(db, lifetimes).validate(cookie, false, { now: minutes(t0, 58) })).user?.id).toBe("u-idle");
    // Not used again until 10:28, 30 minutes after 09:58: ended.
    const at1028 = await sessions(db, lifetimes).validate(cookie, false, { now: minutes(t0, 88), ipAddress: "192.0.2.9" });
    expect(at1028.user).toBeNull();
    expect(at1028.setCookie).toMatch(/mash_session=;/);
    expect((await sessions(db, lifetimes).validate(cookie, false, { now: minutes(t0, 89) })).user).toBeNull();
    expect((await auditOf(db, "user", "u-idle")).filter((a) => a.startsWith("session_ended"))).toEqual(["session_ended_idle_timeout"]);
  });

  it("the idle timeout is configurable", async () => {
    const { db } = t.handle;
    await addUser(db, "u-short", "short@example.org", "short password");
    const t0 = new Date("2030-01-07T09:00:00Z");
    const short = { sessionIdleMinutes: 5, sessionMaxHours: 12 };
    const signedIn = await signIn(db, { email: "short@example.org", password: "short password", meta, secure: false, now: t0, lifetimes: short });
    if (!signedIn.ok) throw new Error("sign-in failed");
    expect(signedIn.setCookie).toMatch(/Max-Age=300(;|$)/);
    const cookie = `mash_session=${tokenOf(signedIn.setCookie)}`;
    expect((await sessions(db, short).validate(cookie, false, { now: minutes(t0, 4) })).user?.id).toBe("u-short");
    expect((await sessions(db, short).validate(cookie, false, { now: minutes(t0, 9) })).user).toBeNull();
  });

  it("a session ends 12 hours after signing in however much it is used, and that end is audited", async () => {
    const { db } = t.handle;
    await addUser(db, "u-long", "long@example.org", "long password");
    const t0 = new Date("2030-01-07T08:00:00Z");
    const signedIn = await signIn(db, { email: "long@example.org", password: "long password", meta, secure: false, now: t0, lifetimes });
    if (!signedIn.ok) throw new Error("sign-in failed");
    const cookie = `mash_session=${tokenOf(signedIn.setCookie)}`;
    // Used every 25 minutes from 08:25 to 19:40 (28 requests): signed in throughout.
    for (let k = 1; k <= 28; k++) {
      expect((await sessions(db, lifetimes).validate(cookie, false, { now: minutes(t0, 25 * k) })).user?.id).toBe("u-long");
    }
    // At 19:40 the idle end would be 20:10, but the session ends at 20:00: so does the cookie (20 minutes).
    const [row] = await db.selectFrom("user_sessions").select(["expires_at", "absolute_expires_at"]).where("user_id", "=", "u-long").execute();
    expect(new Date(row!.expires_at).toISOString()).toBe("2030-01-07T20:00:00.000Z");
    expect(new Date(row!.absolute_expires_at).toISOString()).toBe("2030-01-07T20:00:00.000Z");
    // 19:59:59 still in; 20:00, 12 hours after signing in and 20 minutes after the last use: ended.
    expect((await sessions(db, lifetimes).validate(cookie, false, { now: seconds(t0, 12 * 3600 - 1) })).user?.id).toBe("u-long");
    expect((await sessions(db, lifetimes).validate(cookie, false, { now: minutes(t0, 12 * 60) })).user).toBeNull();
    expect((await auditOf(db, "user", "u-long")).filter((a) => a.startsWith("session_ended"))).toEqual(["session_ended_absolute_timeout"]);
  });

  it("sessions past their end are removed at start-up, each end audited", async () => {
    const { db } = t.handle;
    await addUser(db, "u-left", "left@example.org", "left password");
    const t0 = new Date("2031-03-02T09:00:00Z");
    const a = await signIn(db, { email: "left@example.org", password: "left password", meta, secure: false, now: t0, lifetimes });
    const b = await signIn(db, { email: "left@example.org", password: "left password", meta, secure: false, now: minutes(t0, 600), lifetimes });
    if (!a.ok || !b.ok) throw new Error("sign-in failed");
    // At 19:01: a, unused since it started at 09:00, ended at 09:30 (idle); b, started at 19:00, runs to 19:30.
    // (Sessions of earlier tests, started at the real time, have ended by then too: hence "at least".)
    expect(await sessions(db, lifetimes).endExpired(minutes(t0, 601))).toBeGreaterThanOrEqual(1);
    expect((await auditOf(db, "user", "u-left")).filter((x) => x.startsWith("session_ended"))).toEqual(["session_ended_idle_timeout"]);
    expect((await sessions(db, lifetimes).validate(`mash_session=${tokenOf(b.setCookie)}`, false, { now: minutes(t0, 601) })).user?.id).toBe("u-left");
  });

  it("signing in again ends the session the browser presented, and says so in the audit trail", async () => {
    const { db } = t.handle;
    await addUser(db, "u-first", "first@example.org", "first password", "screener");
    await addUser(db, "u-second", "second@example.org", "second password");
    const first = await signIn(db, { email: "first@example.org", password: "first password", meta, secure: false, lifetimes });
    if (!first.ok) throw new Error("sign-in failed");
    const firstCookie = `mash_session=${tokenOf(first.setCookie)}`;
    expect((await sessions(db, lifetimes).validate(firstCookie, false)).user?.id).toBe("u-first");

    // The same browser signs in as someone else: the first session ends, the new one works.
    const second = await signIn(db, { email: "second@example.org", password: "second password", meta, secure: false, presentedCookie: `theme=x; ${firstCookie}`, lifetimes });
    if (!second.ok) throw new Error("sign-in failed");
    expect((await sessions(db, lifetimes).validate(firstCookie, false)).user).toBeNull();
    expect((await sessions(db, lifetimes).validate(`mash_session=${tokenOf(second.setCookie)}`, false)).user?.id).toBe("u-second");
    const trail = await listAuditForSubject(db, "user", "u-first");
    const replaced = trail.filter((a) => a.action === "session_replaced_at_sign_in");
    expect(replaced).toHaveLength(1);
    expect(replaced[0]!.actor_name).toBe("u-second");

    // A cookie the server does not know, or cannot read, is no obstacle.
    const third = await signIn(db, { email: "first@example.org", password: "first password", meta, secure: false, presentedCookie: "mash_session=%E0%A4%A", lifetimes });
    expect(third.ok).toBe(true);
  });

  it("an unreadable session cookie is no session, not an error", async () => {
    const { db } = t.handle;
    const validation = await sessions(db, lifetimes).validate("mash_session=%E0%A4%A", false);
    expect(validation.user).toBeNull();
  });

  it("wrong passwords make the next attempt wait, doubling up to 5 minutes, never a lock; audited", async () => {
    const { db } = t.handle;
    await addUser(db, "u-guessed", "guessed@example.org", "the right password");
    const guesser = { ipAddress: "192.0.2.10", userAgent: "vitest" };
    const t0 = new Date("2030-02-04T10:00:00Z");
    const attempt = (password: string, now: Date, from = guesser) => signIn(db, { email: "guessed@example.org", password, meta: from, secure: false, now, lifetimes });

    // Five wrong passwords cost nothing; the sixth makes the next attempt wait 15 seconds.
    for (let i = 1; i <= 6; i++) expect(await attempt(`guess ${i}`, t0)).toEqual({ ok: false, reason: "invalid" });
    // Even the right password waits, and is not checked.
    expect(await attempt("the right password", seconds(t0, 1))).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 14 });

    // Each further wrong password doubles the wait: 30 s, 1, 2, 4 minutes, then never more than 5.
    let now = seconds(t0, 15);
    for (const wait of [30, 60, 120, 240, 300, 300]) {
      expect(await attempt("another guess", now)).toEqual({ ok: false, reason: "invalid" });
      expect(await attempt("another guess", now)).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: wait });
      now = seconds(now, wait);
    }
    // 5 minutes after the last guess the right password works.
    expect((await attempt("the right password", now)).ok).toBe(true);
    // And it starts this account's count from this address again: five more free failures.
    for (let i = 1; i <= 5; i++) expect(await attempt(`guess ${i}`, now)).toEqual({ ok: false, reason: "invalid" });

    const actions = await auditOf(db, "email", "guessed@example.org");
    expect(actions.filter((a) => a === "sign_in_throttled")).toHaveLength(7);
    expect(actions.filter((a) => a === "sign_in_failed")).toHaveLength(17);
    const throttled = (await listAuditForSubject(db, "email", "guessed@example.org")).find((a) => a.action === "sign_in_throttled");
    expect(throttled?.details).toMatchObject({ scopes: ["account_address"], wait_seconds: 300 });
  });

  it("ten wrong passwords from one machine do not keep the account's owner out at another", async () => {
    const { db } = t.handle;
    await addUser(db, "u-target", "target@example.org", "manager's password");
    const attacker = { ipAddress: "198.51.100.7", userAgent: "x" };
    const owner = { ipAddress: "192.0.2.11", userAgent: "vitest" };
    for (let i = 0; i < 10; i++) {
      await signIn(db, { email: "target@example.org", password: `guess ${i}`, meta: attacker, secure: false, lifetimes });
    }
    const result = await signIn(db, { email: "target@example.org", password: "manager's password", meta: owner, secure: false, lifetimes });
    expect(result.ok).toBe(true);
    // The attacker's own machine waits (six failures counted, the rest refused).
    const actions = await auditOf(db, "email", "target@example.org");
    expect(actions.filter((a) => a === "sign_in_failed")).toHaveLength(6);
    expect(actions.filter((a) => a === "sign_in_throttled")).toHaveLength(4);
  });

  it("an address that fails often waits, whichever accounts it tries (password spraying); others do not", async () => {
    const { db } = t.handle;
    await addUser(db, "u-sprayed", "sprayed@example.org", "sprayed password", "screener");
    const sprayer = { ipAddress: "192.0.2.50", userAgent: "vitest" };
    const t0 = new Date("2030-02-06T10:00:00Z");
    // Twenty failures from one address are free (an office may share one); the 21st makes it wait 15 s.
    for (let i = 1; i <= 21; i++) {
      expect(await signIn(db, { email: `user${i}@example.org`, password: "Winter2030!", meta: sprayer, secure: false, now: t0, lifetimes })).toEqual({ ok: false, reason: "invalid" });
    }
    const refused = await signIn(db, { email: "sprayed@example.org", password: "sprayed password", meta: sprayer, secure: false, now: t0, lifetimes });
    expect(refused).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 15 });
    const elsewhere = await signIn(db, { email: "sprayed@example.org", password: "sprayed password", meta, secure: false, now: t0, lifetimes });
    expect(elsewhere.ok).toBe(true);
    const later = await signIn(db, { email: "sprayed@example.org", password: "sprayed password", meta: sprayer, secure: false, now: seconds(t0, 15), lifetimes });
    expect(later.ok).toBe(true);
    const throttled = (await listAuditForSubject(db, "email", "sprayed@example.org")).find((a) => a.action === "sign_in_throttled");
    expect(throttled?.details).toMatchObject({ scopes: ["address"], wait_seconds: 15 });
  });

  it("an account guessed at from many addresses waits too, at most 5 minutes", async () => {
    const { db } = t.handle;
    await addUser(db, "u-botnet", "botnet@example.org", "botnet password");
    const t0 = new Date("2030-02-07T10:00:00Z");
    const from = (n: number) => ({ ipAddress: `203.0.113.${n}`, userAgent: "x" });
    // Fifty failures from fifty addresses are free; the 51st makes the account wait 15 s.
    for (let n = 1; n <= 51; n++) {
      expect(await signIn(db, { email: "botnet@example.org", password: "guess", meta: from(n), secure: false, now: t0, lifetimes })).toEqual({ ok: false, reason: "invalid" });
    }
    const refused = await signIn(db, { email: "botnet@example.org", password: "botnet password", meta: from(200), secure: false, now: seconds(t0, 5), lifetimes });
    expect(refused).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 10 });
    const later = await signIn(db, { email: "botnet@example.org", password: "botnet password", meta: from(200), secure: false, now: seconds(t0, 15), lifetimes });
    expect(later.ok).toBe(true);
  });

  it("simultaneous wrong passwords are counted one after another: six are checked, the rest wait", async () => {
    const { db } = t.handle;
    await addUser(db, "u-rushed", "rushed@example.org", "rushed password");
    const rusher = { ipAddress: "192.0.2.60", userAgent: "vitest" };
    const t0 = new Date("2030-02-08T10:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signIn(db, { email: "rushed@example.org", password: `guess ${i}`, meta: rusher, secure: false, now: t0, lifetimes })),
    );
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(6);
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(14);
  });
});
