/** The agencies and locality hubs a new installation starts with (administrators can add more). */
import type { Executor } from "../executor";

export const AGENCIES = [
  { code: "police", name: "Police" },
  { code: "health", name: "Health" },
  { code: "education", name: "Education" },
  { code: "probation", name: "Probation" },
  { code: "housing", name: "Housing" },
] as const;

export const HUBS = [
  { code: "north", name: "North" },
  { code: "exeter", name: "Exeter" },
  { code: "mid_east", name: "Mid & East" },
  { code: "south_west", name: "South & West" },
] as const;

export async function ensureReferenceData(db: Executor): Promise<void> {
  await db.insertInto("agencies").values([...AGENCIES]).onConflict((oc) => oc.column("code").doNothing()).execute();
  await db.insertInto("hubs").values([...HUBS]).onConflict((oc) => oc.column("code").doNothing()).execute();
}
