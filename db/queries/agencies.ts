/**
 * The partner agencies and locality early help hubs (migration 0019): rows an administrator adds,
 * renames and retires. Nothing in the code lists them; every form, label and check reads them here.
 */
import { sql } from "kysely";
import type { Executor } from "./users";

export interface AgencyRow {
  code: string;
  name: string;
  parent_code: string | null;
  parent_name: string | null;
  retired_at: Date | null;
}

export interface HubRow {
  code: string;
  name: string;
  retired_at: Date | null;
}

/** Every agency, services under their agency, by name; `activeOnly` leaves out retired ones. */
export async function listAgencies(db: Executor, options: { activeOnly?: boolean } = {}): Promise<AgencyRow[]> {
  let query = db
    .selectFrom("agencies")
    .leftJoin("agencies as parent", "parent.code", "agencies.parent_code")
    .select(["agencies.code", "agencies.name", "agencies.parent_code", "parent.name as parent_name", "agencies.retired_at"]);
  if (options.activeOnly) query = query.where("agencies.retired_at", "is", null);
  return query
    .orderBy(sql`coalesce(parent.name, agencies.name)`)
    .orderBy(sql`agencies.parent_code is not null`)
    .orderBy("agencies.name")
    .execute();
}

/** Every hub by name; `activeOnly` leaves out retired ones. */
export async function listHubs(db: Executor, options: { activeOnly?: boolean } = {}): Promise<HubRow[]> {
  let query = db.selectFrom("hubs").select(["code", "name", "retired_at"]);
  if (options.activeOnly) query = query.where("retired_at", "is", null);
  return query.orderBy("name").execute();
}

/**
 * Every agency and every hub in one statement (the contact page needs both, for its forms and its
 * history): the agencies in `listAgencies`' order, then the hubs by name.
 */
export async function listAgenciesAndHubs(db: Executor): Promise<{ agencies: AgencyRow[]; hubs: HubRow[] }> {
  const rows = await sql<AgencyRow & { kind: "agency" | "hub" }>`
    select 'agency' as kind, a.code, a.name, a.parent_code, parent.name as parent_name, a.retired_at,
      0 as hub, coalesce(parent.name, a.name) as family, a.parent_code is not null as service
    from agencies a left join agencies parent on parent.code = a.parent_code
    union all
    select 'hub', h.code, h.name, null, null, h.retired_at, 1, h.name, false from hubs h
    order by hub, family, service, name`.execute(db);
  const pick = ({ code, name, parent_code, parent_name, retired_at }: AgencyRow) => ({ code, name, parent_code, parent_name, retired_at });
  return {
    agencies: rows.rows.filter((r) => r.kind === "agency").map(pick),
    hubs: rows.rows.filter((r) => r.kind === "hub").map(({ code, name, retired_at }) => ({ code, name, retired_at })),
  };
}

export function findAgency(db: Executor, code: string) {
  return db.selectFrom("agencies").select(["code", "name", "parent_code", "retired_at"]).where("code", "=", code).executeTakeFirst();
}

export function findHub(db: Executor, code: string) {
  return db.selectFrom("hubs").select(["code", "name", "retired_at"]).where("code", "=", code).executeTakeFirst();
}

/** The codes among `codes` that are agencies still in use (not retired). */
export async function activeAgencyCodes(db: Executor, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom("agencies").select("code").where("code", "in", [...codes]).where("retired_at", "is", null).execute();
  return new Set(rows.map((r) => r.code));
}

export async function insertAgency(db: Executor, row: { code: string; name: string; parent_code: string | null }): Promise<void> {
  await db.insertInto("agencies").values(row).execute();
}

export async function insertHub(db: Executor, row: { code: string; name: string }): Promise<void> {
  await db.insertInto("hubs").values(row).execute();
}

export async function renameAgency(db: Executor, code: string, name: string): Promise<void> {
  await db.updateTable("agencies").set({ name }).where("code", "=", code).execute();
}

export async function renameHub(db: Executor, code: string, name: string): Promise<void> {
  await db.updateTable("hubs").set({ name }).where("code", "=", code).execute();
}

/** Retires (at `at`) or brings back (null) an agency. */
export async function setAgencyRetired(db: Executor, code: string, at: Date | null): Promise<void> {
  await db.updateTable("agencies").set({ retired_at: at }).where("code", "=", code).execute();
}

export async function setHubRetired(db: Executor, code: string, at: Date | null): Promise<void> {
  await db.updateTable("hubs").set({ retired_at: at }).where("code", "=", code).execute();
}

/** Code → name of every agency and hub (retired ones too: history still names them). */
export async function agencyAndHubNames(db: Executor): Promise<{ agencies: Record<string, string>; hubs: Record<string, string> }> {
  const [agencies, hubs] = await Promise.all([
    db.selectFrom("agencies").select(["code", "name"]).execute(),
    db.selectFrom("hubs").select(["code", "name"]).execute(),
  ]);
  return {
    agencies: Object.fromEntries(agencies.map((a) => [a.code, a.name])),
    hubs: Object.fromEntries(hubs.map((h) => [h.code, h.name])),
  };
}
