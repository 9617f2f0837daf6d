import { sql } from "kysely";
import type { Executor } from "../../executor";
import type { SignInThrottleScope } from "../../schema";

export interface ThrottleKey {
  scope: SignInThrottleScope;
  key: string;
}

export interface ThrottleRow extends ThrottleKey {
  failures: number;
  window_started_at: Date;
  next_allowed_at: Date;
}

/**
 * Locks the throttle rows of one sign-in attempt (creating missing ones) for the rest of the
 * transaction. `keys` must come in one fixed order (scope, then key) so two attempts never deadlock.
 */
export async function lockThrottles(db: Executor, keys: ThrottleKey[], now: Date): Promise<ThrottleRow[]> {
  if (keys.length === 0) return [];
  await db
    .insertInto("sign_in_throttles")
    .values(keys.map((k) => ({ scope: k.scope, key: k.key, failures: 0, window_started_at: now, next_allowed_at: new Date(0) })))
    .onConflict((oc) => oc.columns(["scope", "key"]).doNothing())
    .execute();
  const rows = await db
    .selectFrom("sign_in_throttles")
    .selectAll()
    .where((eb) => eb.or(keys.map((k) => eb.and([eb("scope", "=", k.scope), eb("key", "=", k.key)]))))
    .orderBy("scope")
    .orderBy("key")
    .forUpdate()
    .execute();
  return rows.map((r) => ({ ...r, failures: Number(r.failures), window_started_at: new Date(r.window_started_at), next_allowed_at: new Date(r.next_allowed_at) }));
}

/** Writes a throttle's new state (creating the row if it has gone meanwhile). */
export async function saveThrottle(db: Executor, row: ThrottleRow) {
  await db
    .insertInto("sign_in_throttles")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["scope", "key"]).doUpdateSet({ failures: row.failures, window_started_at: row.window_started_at, next_allowed_at: row.next_allowed_at }),
    )
    .execute();
}

/**
 * Takes back the failure an attempt was counted as, once its password proved right. The wait that
 * attempt set is lifted too, unless another attempt has changed the throttle since.
 */
export async function takeBackFailure(db: Executor, key: ThrottleKey, counted: { nextAllowedAt: Date }, previousNextAllowedAt: Date) {
  await db
    .updateTable("sign_in_throttles")
    .set((eb) => ({
      failures: eb.fn("greatest", [eb("failures", "-", 1), eb.lit(0)]),
      next_allowed_at: eb
        .case()
        .when("next_allowed_at", "=", counted.nextAllowedAt)
        .then(eb.val(previousNextAllowedAt))
        .else(eb.ref("next_allowed_at"))
        .end(),
    }))
    .where("scope", "=", key.scope)
    .where("key", "=", key.key)
    .execute();
}

/** Forgets a throttle altogether (an account signed in from an address: its count there starts again). */
export async function clearThrottle(db: Executor, key: ThrottleKey) {
  await db.deleteFrom("sign_in_throttles").where("scope", "=", key.scope).where("key", "=", key.key).execute();
}

/**
 * Removes up to 100 throttles whose window started before `before` and that make nobody wait any
 * more. Rows an attempt has locked are skipped, so this never waits for (or deadlocks with) one.
 */
export async function deleteStaleThrottles(db: Executor, before: Date, now: Date) {
  await sql`
    delete from sign_in_throttles
    where (scope, key) in (
      select scope, key from sign_in_throttles
      where window_started_at < ${before} and next_allowed_at <= ${now}
      limit 100
      for update skip locked
    )
  `.execute(db);
}
