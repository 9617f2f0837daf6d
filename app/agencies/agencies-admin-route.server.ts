/**
 * The administrator's pages for agencies (/admin/agencies) and hubs (/admin/hubs), one mechanism:
 * the loader lists the rows and says what was just done; the action reads the form through Conform
 * (decision 024) with the kind's schema, calls the kind's service, and either sends the browser back
 * to the page with its banner (303) or shows the form again with its errors and what was typed (400,
 * or 409 when the service refuses). What differs between the two kinds is data: `AGENCIES`, `HUBS`.
 */
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { z } from "zod";
import type { Database } from "../../db/schema";
import { requirePermission } from "../auth/guards.server";
import type { SessionUser } from "../auth/session-user";
import { readForm } from "../http/request.server";
import { type FormResult, parseSubmission } from "../ui/forms";
import type { AdminRow } from "./agencies-admin";
import { type AgencyForm, agencyFormSchema, type HubForm, hubFormSchema } from "./agencies.schema";
import { changeAgency, changeHub, type ChangeResult, listAgencies, listHubs } from "./agencies.server";

type Choice = { value: string; text: string };

/** One kind of row the administrator keeps: its page, its schema, how it is listed and changed. */
export interface AdminSlice<S extends z.ZodType> {
  kind: "agency" | "hub";
  path: string;
  schema: S;
  /** The rows of the page, and the rows a new one can be part of (none for hubs). */
  list(db: Kysely<Database>): Promise<{ rows: AdminRow[]; parents: Choice[] }>;
  change(db: Kysely<Database>, input: { admin: SessionUser; form: z.infer<S>; ipAddress: string | null }): Promise<ChangeResult>;
}

export const AGENCIES: AdminSlice<typeof agencyFormSchema> = {
  kind: "agency",
  path: "/admin/agencies",
  schema: agencyFormSchema,
  async list(db) {
    const agencies = await listAgencies(db);
    return {
      rows: agencies.map((a) => ({ code: a.code, name: a.name, partOf: a.parent_name, retired: a.retired_at !== null })),
      parents: agencies.filter((a) => a.parent_code === null && a.retired_at === null).map((a) => ({ value: a.code, text: a.name })),
    };
  },
  change: (db, input: { admin: SessionUser; form: AgencyForm; ipAddress: string | null }) => changeAgency(db, input),
};

export const HUBS: AdminSlice<typeof hubFormSchema> = {
  kind: "hub",
  path: "/admin/hubs",
  schema: hubFormSchema,
  async list(db) {
    const hubs = await listHubs(db);
    return { rows: hubs.map((h) => ({ code: h.code, name: h.name, partOf: null, retired: h.retired_at !== null })), parents: [] };
  },
  change: (db, input: { admin: SessionUser; form: HubForm; ipAddress: string | null }) => changeHub(db, input),
};

/** What the page shows after a refused form: Conform's result (errors and what was typed), and a refusal of the whole form. */
export type AdminActionData = { result: FormResult; message?: string };

/** The page's rows, and the banner of what was just done (`?done=<intent>&code=<code>`). */
export async function loadAdminPage<S extends z.ZodType>(slice: AdminSlice<S>, { request, context }: LoaderFunctionArgs) {
  requirePermission(request, context, "admin.settings");
  const url = new URL(request.url);
  const { rows, parents } = await slice.list(context.db);
  const done = rows.find((r) => r.code === url.searchParams.get("code"));
  return { rows, parents, done: done ? { intent: url.searchParams.get("done") ?? "", name: done.name } : null };
}

/** Add, rename, retire or bring back one row of the kind. */
export async function changeFromAdminPage<S extends z.ZodType>(slice: AdminSlice<S>, { request, context }: ActionFunctionArgs) {
  const admin = requirePermission(request, context, "admin.settings");
  const submission = parseSubmission(await readForm(request), slice.schema);
  if (submission.status !== "success") return data<AdminActionData>({ result: submission.reply() }, { status: 400 });
  const result = await slice.change(context.db, { admin, form: submission.value as z.infer<S>, ipAddress: context.clientIp });
  if (result.kind === "refused") {
    return result.field === "form"
      ? data<AdminActionData>({ result: submission.reply(), message: result.message }, { status: 409 })
      : data<AdminActionData>({ result: submission.reply({ fieldErrors: { [result.field]: [result.message] } }) }, { status: 409 });
  }
  return redirect(`${slice.path}?done=${result.intent}&code=${encodeURIComponent(result.code)}`, 303);
}
