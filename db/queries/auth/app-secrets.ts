import type { Executor } from "../../executor";

/**
 * The secret kept under `name`: the one stored already, or else `candidate`, stored now. When two
 * processes start at once, the first to insert wins and both read the same value back.
 */
export async function findOrCreateAppSecret(db: Executor, name: string, candidate: string): Promise<string> {
  await db.insertInto("app_secrets").values({ name, value: candidate }).onConflict((oc) => oc.column("name").doNothing()).execute();
  const row = await db.selectFrom("app_secrets").select("value").where("name", "=", name).executeTakeFirstOrThrow();
  return row.value;
}
