import { describe, expect, it } from "vitest";
import { decide, delayAfterFailures, NEVER_WAITED, THROTTLE_POLICIES, waitInWords } from "../../app/auth/sign-in-throttle";
import { loadConfig } from "../../app/config.server";
import { signInThrottledMessage } from "../../app/auth/sign-in.schema";

describe("sign-in throttle (issue 7, finding 9)", () => {
  it("waits nothing for the first five failures of an account from one address, then 15 s doubling to at most 5 minutes", () => {
    const policy = THROTTLE_POLICIES.account_address;
    const waits = Array.from({ length: 14 }, (_, i) => delayAfterFailures(policy, i + 1));
    expect(waits).toEqual([0, 0, 0, 0, 0, 15, 30, 60, 120, 240, 300, 300, 300, 300]);
    expect(delayAfterFailures(policy, 10_000)).toBe(300);
  });

  it("allows an address twenty free failures and an account fifty, and never waits more than 5 minutes", () => {
    expect(delayAfterFailures(THROTTLE_POLICIES.address, 20)).toBe(0);
    expect(delayAfterFailures(THROTTLE_POLICIES.address, 21)).toBe(15);
    expect(delayAfterFailures(THROTTLE_POLICIES.account, 50)).toBe(0);
    expect(delayAfterFailures(THROTTLE_POLICIES.account, 51)).toBe(15);
    for (const policy of Object.values(THROTTLE_POLICIES)) expect(policy.maxDelaySeconds).toBeLessThanOrEqual(300);
  });

  it("refuses an attempt before the next allowed time, saying how long is left", () => {
    const policy = THROTTLE_POLICIES.account_address;
    const now = new Date("2030-01-01T10:00:00Z");
    const state = { failures: 6, windowStartedAt: new Date("2030-01-01T09:59:00Z"), nextAllowedAt: new Date("2030-01-01T10:00:14.200Z") };
    expect(decide(policy, state, now)).toEqual({ allowed: false, waitSeconds: 15 });
  });

  it("counts an allowed attempt as a failure, and starts the count again once its hour has passed", () => {
    const policy = THROTTLE_POLICIES.account_address;
    const now = new Date("2030-01-01T10:00:00Z");
    expect(decide(policy, null, now)).toEqual({ allowed: true, delaySeconds: 0, next: { failures: 1, windowStartedAt: now, nextAllowedAt: NEVER_WAITED } });
    const fifth = { failures: 5, windowStartedAt: new Date("2030-01-01T09:30:00Z"), nextAllowedAt: NEVER_WAITED };
    expect(decide(policy, fifth, now)).toEqual({
      allowed: true,
      delaySeconds: 15,
      next: { failures: 6, windowStartedAt: fifth.windowStartedAt, nextAllowedAt: new Date("2030-01-01T10:00:15Z") },
    });
    const old = { failures: 12, windowStartedAt: new Date("2030-01-01T09:00:00Z"), nextAllowedAt: new Date("2030-01-01T09:58:00Z") };
    expect(decide(policy, old, now)).toEqual({ allowed: true, delaySeconds: 0, next: { failures: 1, windowStartedAt: now, nextAllowedAt: old.nextAllowedAt } });
  });

  it("a clock set back does not make anyone wait after free failures", () => {
    const policy = THROTTLE_POLICIES.address;
    const later = new Date("2030-01-01T10:00:00Z");
    const first = decide(policy, null, later);
    if (!first.allowed) throw new Error("refused");
    expect(decide(policy, first.next, new Date("2030-01-01T09:59:59Z")).allowed).toBe(true);
  });

  it("says the wait in words", () => {
    expect(waitInWords(1)).toBe("1 second");
    expect(waitInWords(14)).toBe("14 seconds");
    expect(waitInWords(60)).toBe("1 minute");
    expect(waitInWords(61)).toBe("2 minutes");
    expect(waitInWords(300)).toBe("5 minutes");
    expect(signInThrottledMessage(waitInWords(240))).toBe(
      "There have been too many attempts to sign in with this e-mail address or from this computer. Wait 4 minutes, then try again.",
    );
  });
});

describe("session configuration", () => {
  it("ends sessions after 30 idle minutes and 12 hours by default", () => {
    expect(loadConfig({})).toMatchObject({ sessionIdleMinutes: 30, sessionMaxHours: 12 });
  });

  it("takes SESSION_IDLE_MINUTES and SESSION_MAX_HOURS from the environment, and refuses nonsense", () => {
    expect(loadConfig({ SESSION_IDLE_MINUTES: "15", SESSION_MAX_HOURS: "8" })).toMatchObject({ sessionIdleMinutes: 15, sessionMaxHours: 8 });
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: "0" })).toThrow(/SESSION_IDLE_MINUTES/);
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: "ten" })).toThrow(/SESSION_IDLE_MINUTES/);
    expect(() => loadConfig({ SESSION_MAX_HOURS: "1000" })).toThrow(/SESSION_MAX_HOURS/);
  });
});
