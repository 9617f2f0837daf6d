/**
 * How failed sign-ins slow down the next attempt (issue 7, finding 9). Pure: no database, no clock.
 *
 * There is no lock. Each thing counted has a number of failures allowed without waiting; after that,
 * each failure makes the next attempt wait, twice as long as the failure before, up to a few minutes.
 * So the right password is never kept out for longer than the longest wait, and guessing slows to
 * one attempt per longest wait.
 *
 * - `account_address`: one account from one network address. Someone guessing a password (or
 *   fumbling their own) waits; the account's owner at another machine does not.
 * - `address`: one network address, whatever accounts it tries (password spraying). More failures are
 *   free, because a council office may share one address.
 * - `account`: one account from anywhere. Only several addresses together reach it (the throttles
 *   above hold one address to about 25 failures an hour on one account), so one attacker at one
 *   machine cannot keep the MASH manager out.
 *
 * Counts start again when their window (an hour from the first failure counted) has passed. An
 * attempt is counted as a failure before the password is checked (so simultaneous attempts cannot
 * all slip through); a right password then takes its own count back.
 */
import type { SignInThrottleScope } from "../../db/schema";

export type { SignInThrottleScope };

export interface ThrottlePolicy {
  /** Failures in a window that cost no wait. */
  freeFailures: number;
  /** The wait after the first failure beyond those; each further failure doubles it. */
  firstDelaySeconds: number;
  /** The longest wait. */
  maxDelaySeconds: number;
  /** How long a count lasts from its first failure. */
  windowMinutes: number;
}

export const THROTTLE_POLICIES: Record<SignInThrottleScope, ThrottlePolicy> = {
  account_address: { freeFailures: 5, firstDelaySeconds: 15, maxDelaySeconds: 300, windowMinutes: 60 },
  address: { freeFailures: 20, firstDelaySeconds: 15, maxDelaySeconds: 300, windowMinutes: 60 },
  account: { freeFailures: 50, firstDelaySeconds: 15, maxDelaySeconds: 300, windowMinutes: 60 },
};

/** Scopes in the order their rows are locked (the same order everywhere, so no deadlocks). */
export const SCOPE_ORDER: SignInThrottleScope[] = ["account", "account_address", "address"];

/** Seconds to wait after the `failures`-th failure in a window. */
export function delayAfterFailures(policy: ThrottlePolicy, failures: number): number {
  if (failures <= policy.freeFailures) return 0;
  const doublings = failures - policy.freeFailures - 1;
  // Past 30 doublings the cap has long been reached; avoid 2 ** huge.
  return Math.min(policy.maxDelaySeconds, policy.firstDelaySeconds * 2 ** Math.min(doublings, 30));
}

/** The next allowed time of something that has never had to wait. */
export const NEVER_WAITED = new Date(0);

export interface ThrottleState {
  failures: number;
  windowStartedAt: Date;
  nextAllowedAt: Date;
}

export type ThrottleDecision =
  | { allowed: false; waitSeconds: number }
  | { allowed: true; next: ThrottleState; delaySeconds: number };

/**
 * Whether an attempt may be made at `now` against one throttle, and if so its state once the
 * attempt is counted as a failure. `state` is null for something never counted before.
 */
export function decide(policy: ThrottlePolicy, state: ThrottleState | null, now: Date): ThrottleDecision {
  if (state && state.nextAllowedAt.getTime() > now.getTime()) {
    return { allowed: false, waitSeconds: Math.ceil((state.nextAllowedAt.getTime() - now.getTime()) / 1000) };
  }
  const windowOver = !state || now.getTime() - state.windowStartedAt.getTime() >= policy.windowMinutes * 60_000;
  const failures = (windowOver ? 0 : state.failures) + 1;
  const delaySeconds = delayAfterFailures(policy, failures);
  return {
    allowed: true,
    delaySeconds,
    next: {
      failures,
      windowStartedAt: windowOver ? now : state.windowStartedAt,
      // A free failure leaves the next allowed time in the past (never "now": a clock set back must not make anyone wait).
      nextAllowedAt: delaySeconds > 0 ? new Date(now.getTime() + delaySeconds * 1000) : (state?.nextAllowedAt ?? NEVER_WAITED),
    },
  };
}

/** "45 seconds", "1 minute", "5 minutes": a wait in words, rounded up to whole minutes past one minute. */
export function waitInWords(seconds: number): string {
  if (seconds <= 60) {
    const s = Math.max(1, Math.ceil(seconds));
    return s === 60 ? "1 minute" : `${s} ${s === 1 ? "second" : "seconds"}`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}
