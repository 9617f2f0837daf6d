/**
 * The loaders of "who has seen this child" (by person record) and "who has seen this contact" (a
 * contact not yet linked to a child): the page and its CSV download. Managers and administrators only.
 */
import { data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { requirePermission } from "../auth/guards.server";
import { childAccessQuerySchema } from "./child-access.schema";
import { fieldErrors } from "../ui/forms";
import { type AccessSubject, downloadChildAccess, readChildAccess } from "./child-access.server";

/** The filter as typed, to show again in the form (never longer than a field can be). */
function typedFilter(url: URL) {
  const value = (name: string) => (url.searchParams.get(name) ?? "").slice(0, 100);
  return { from: value("from"), to: value("to"), user: value("user") };
}

/** The record the address names; one no record could have (a control character, far too long) is not found. */
function subjectOf(kind: AccessSubject["kind"], params: LoaderFunctionArgs["params"]): AccessSubject {
  const id = (kind === "person" ? params.personId : params.contactId) ?? "";
  if (!id || id.length > 200 || /[\u0000-\u001f\u007f]/.test(id)) throw new Response("Not found", { status: 404 });
  return { kind, id };
}

export async function accessPageLoader({ request, context, params }: LoaderFunctionArgs, kind: AccessSubject["kind"]) {
  const user = requirePermission(request, context, "audit.view");
  const url = new URL(request.url);
  const values = typedFilter(url);
  const parsed = childAccessQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  const query = parsed.success ? parsed.data : null;
  const result = await readChildAccess(context.db, { user, subject: subjectOf(kind, params), query, ipAddress: context.clientIp });
  if (!result) throw new Response("Not found", { status: 404 });
  if ("linkedTo" in result) throw redirect(`/people/${encodeURIComponent(result.linkedTo)}/access${url.search}`);
  // A filter that cannot be read: the page again with what was typed and why, and no records (400).
  const errors = parsed.success ? null : fieldErrors(parsed.error);
  return data({ ...result, errors, values, subject: kind, search: url.search }, { status: errors ? 400 : 200 });
}

export async function accessCsvLoader({ request, context, params }: LoaderFunctionArgs, kind: AccessSubject["kind"]) {
  const user = requirePermission(request, context, "audit.view");
  const url = new URL(request.url);
  const parsed = childAccessQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    const messages = Object.values(fieldErrors(parsed.error));
    return new Response(`The download could not be made: ${messages.join(". ")}.`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const result = await downloadChildAccess(context.db, { user, subject: subjectOf(kind, params), query: parsed.data, ipAddress: context.clientIp });
  if (!result) throw new Response("Not found", { status: 404 });
  if ("linkedTo" in result) throw redirect(`/people/${encodeURIComponent(result.linkedTo)}/access.csv${url.search}`);
  // A byte-order mark, so spreadsheets read the names as UTF-8.
  return new Response(`\uFEFF${result.csv}`, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${result.filename}"`,
    },
  });
}
