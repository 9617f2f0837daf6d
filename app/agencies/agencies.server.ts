/**
 * Partner agencies and early help hubs as data (issue 12, item 1): an administrator adds, renames,
 * retires and brings them back; nothing is ever deleted, because users, requests, contacts and the
 * measures keep naming them. Each change is one transaction with its audit record.
 *
 * Every form, label and check of the front door reads the agencies and hubs from here
 * (`agencyChoices`, `hubChoices`, `agencyAndHubNames`).
 */
import type { Kysely } from "kysely";
import {
  activeAgencyCodes,
  agencyAndHubNames,
  findAgency,
  findHub,
  insertAgency,
  insertHub,
  listAgencies,
  listAgenciesAndHubs,
  listHubs,
  renameAgency,
  renameHub,
  setAgencyRetired,
  setHubRetired,
} from "../../db/queries/agencies";
import { recordAudit } from "../../db/queries/audit";
import type { Executor } from "../../db/queries/users";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../auth/session-user";
import type { AgencyForm, HubForm } from "./agencies.schema";

export { agencyAndHubNames, listAgencies, listHubs };

export interface Choice {
  value: string;
  text: string;
}

/** The agencies the MASH can ask (and partner users can belong to), a service named with its agency. */
export async function agencyChoices(db: Executor): Promise<Choice[]> {
  const rows = await listAgencies(db, { activeOnly: true });
  return rows.map((a) => ({ value: a.code, text: a.parent_name ? `${a.parent_name}: ${a.name}` : a.name }));
}

/**
 * The agencies and hubs in use as the forms offer them (`agencyChoices`, `hubChoices`) and the names
 * of every one, retired too (`agencyAndHubNames`), from one statement: for a page that needs all three.
 */
export async function agencyAndHubChoicesAndNames(db: Executor) {
  const { agencies, hubs } = await listAgenciesAndHubs(db);
  return {
    agencies: agencies.filter((a) => a.retired_at === null).map((a) => ({ value: a.code, text: a.parent_name ? `${a.parent_name}: ${a.name}` : a.name })),
    hubs: hubs.filter((h) => h.retired_at === null).map((h) => ({ value: h.code, text: h.name })),
    names: {
      agencies: Object.fromEntries(agencies.map((a) => [a.code, a.name])) as Record<string, string>,
      hubs: Object.fromEntries(hubs.map((h) => [h.code, h.name])) as Record<string, string>,
    },
  };
}

/** The hubs a step-down can go to (and hub users can belong to). */
export async function hubChoices(db: Executor): Promise<Choice[]> {
  const rows = await listHubs(db, { activeOnly: true });
  return rows.map((h) => ({ value: h.code, text: h.name }));
}

/** The codes among `codes` that are not agencies in use: unknown or retired. */
export async function agenciesNotInUse(db: Executor, codes: readonly string[]): Promise<string[]> {
  const active = await activeAgencyCodes(db, codes);
  return codes.filter((c) => !active.has(c));
}

/** Whether `code` is a hub in use (not retired). */
export async function hubInUse(db: Executor, code: string): Promise<boolean> {
  const hub = await findHub(db, code);
  return hub !== undefined && hub.retired_at === null;
}

export type ChangeResult = { kind: "done"; code: string; name: string; intent: string } | { kind: "refused"; field: string; message: string };

/** Adds, renames, retires or brings back an agency; audited. */
export async function changeAgency(db: Kysely<Database>, input: { admin: SessionUser; form: AgencyForm; ipAddress: string | null; now?: Date }): Promise<ChangeResult> {
  const { form } = input;
  return db.transaction().execute(async (trx) => {
    const existing = await findAgency(trx, form.code);
    let name: string;
    switch (form.intent) {
      case "add": {
        if (existing) return { kind: "refused", field: "name", message: `There is already an agency called ${existing.name}${existing.retired_at ? " (retired: bring it back instead)" : ""}.` };
        if (form.parent) {
          const parent = await findAgency(trx, form.parent);
          if (!parent || parent.parent_code !== null || parent.retired_at !== null) return { kind: "refused", field: "parent", message: "Choose an agency in use, or none" };
        }
        await insertAgency(trx, { code: form.code, name: form.name, parent_code: form.parent });
        name = form.name;
        break;
      }
      case "rename":
        if (!existing) return { kind: "refused", field: "name", message: "That agency no longer exists." };
        await renameAgency(trx, form.code, form.name);
        name = form.name;
        break;
      case "retire":
      case "reinstate":
        if (!existing) return { kind: "refused", field: "form", message: "That agency no longer exists." };
        await setAgencyRetired(trx, form.code, form.intent === "retire" ? (input.now ?? new Date()) : null);
        name = existing.name;
        break;
    }
    await recordAudit(trx, {
      actorUserId: input.admin.id,
      action: `agency_${form.intent === "add" ? "added" : form.intent === "rename" ? "renamed" : form.intent === "retire" ? "retired" : "reinstated"}`,
      subjectType: "agency",
      subjectId: form.code,
      ipAddress: input.ipAddress,
      details: { name, ...(form.intent === "rename" && existing ? { previousName: existing.name } : {}) },
    });
    return { kind: "done", code: form.code, name, intent: form.intent };
  });
}

/** Adds, renames, retires or brings back a hub; audited. */
export async function changeHub(db: Kysely<Database>, input: { admin: SessionUser; form: HubForm; ipAddress: string | null; now?: Date }): Promise<ChangeResult> {
  const { form } = input;
  return db.transaction().execute(async (trx) => {
    const existing = await findHub(trx, form.code);
    let name: string;
    switch (form.intent) {
      case "add":
        if (existing) return { kind: "refused", field: "name", message: `There is already a hub called ${existing.name}${existing.retired_at ? " (retired: bring it back instead)" : ""}.` };
        await insertHub(trx, { code: form.code, name: form.name });
        name = form.name;
        break;
      case "rename":
        if (!existing) return { kind: "refused", field: "name", message: "That hub no longer exists." };
        await renameHub(trx, form.code, form.name);
        name = form.name;
        break;
      case "retire":
      case "reinstate":
        if (!existing) return { kind: "refused", field: "form", message: "That hub no longer exists." };
        await setHubRetired(trx, form.code, form.intent === "retire" ? (input.now ?? new Date()) : null);
        name = existing.name;
        break;
    }
    await recordAudit(trx, {
      actorUserId: input.admin.id,
      action: `hub_${form.intent === "add" ? "added" : form.intent === "rename" ? "renamed" : form.intent === "retire" ? "retired" : "reinstated"}`,
      subjectType: "hub",
      subjectId: form.code,
      ipAddress: input.ipAddress,
      details: { name, ...(form.intent === "rename" && existing ? { previousName: existing.name } : {}) },
    });
    return { kind: "done", code: form.code, name, intent: form.intent };
  });
}
