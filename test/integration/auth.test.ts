import { expect, it } from "vitest";
import { listAuditForSubject } from "../../db/queries/audit";
import { findUserByEmail, insertUser } from "../../db/queries/users";
import { sessions } from "../../app/auth/lucia.server";
import { hashPassword } from "../../app/auth/password.server";
import { SIGN_IN_ATTEMPTS_ALLOWED, SIGN_IN_ATTEMPTS_PER_ADDRESS, revokeUserSessions, signIn, signOut } from "../../app/auth/sign-in.server";
import { describeOnBothDatabases } from "./databases";

const meta = { ipAddress: "127.0.0.1", userAgent: "vitest" };

function tokenOf(setCookie: string): string {
  return /mash_session=([^;]*)/.exec(setCookie)![1]!;
}

describeOnBothDatabases("sign-in and sessions", (t) => {
  it("stores an Argon2id hash and signs in with the right password only", async () => {
    const { db } = t.handle;
    const passwordHash = await hashPassword("correct horse battery");
    expect(passwordHash.startsWith("$argon2id$")).toBe(true);
    await insertUser(db, { id: "u-screener", email: "Screener@Example.org", display_name: "S", role: "screener", agency_code: null, hub_code: null, password_hash: passwordHash });

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
    const after = await sessions(db).validate(`mash_session=${tokenOf(result.setCookie)}`, false);
    expect(after.user).toBeNull();
    const again = await signIn(db, { email: "screener@example.org", password: "correct horse battery", meta, secure: false });
    expect(again.ok).toBe(false);
    await db.updateTable("users").set({ active: true }).where("id", "=", "u-screener").execute();
  });

  it("refuses an address after too many failed attempts, even with the right password", async () => {
    const { db } = t.handle;
    await insertUser(db, { id: "u-locked", email: "locked@example.org", display_name: "L", role: "manager", agency_code: null, hub_code: null, password_hash: await hashPassword("right password") });
    for (let i = 0; i < SIGN_IN_ATTEMPTS_ALLOWED; i++) {
      await signIn(db, { email: "locked@example.org", password: `guess ${i}`, meta, secure: false });
    }
    const result = await signIn(db, { email: "locked@example.org", password: "right password", meta, secure: false });
    expect(result).toEqual({ ok: false, reason: "locked" });
    const later = await signIn(db, { email: "locked@example.org", password: "right password", meta, secure: false, now: new Date(Date.now() + 16 * 60_000) });
    expect(later.ok).toBe(true);
  });

  it("refuses an address that has failed too often, whichever accounts it tried", async () => {
    const { db } = t.handle;
    const sprayer = { ipAddress: "192.0.2.50", userAgent: "vitest" };
    for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_ADDRESS; i++) {
      await signIn(db, { email: `user${i}@example.org`, password: "Winter2026!", meta: sprayer, secure: false });
    }
    const result = await signIn(db, { email: "screener@example.org", password: "correct horse battery", meta: sprayer, secure: false });
    expect(result).toEqual({ ok: false, reason: "locked" });
    const elsewhere = await signIn(db, { email: "screener@example.org", password: "correct horse battery", meta, secure: false });
    expect(elsewhere.ok).toBe(true);
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
});
