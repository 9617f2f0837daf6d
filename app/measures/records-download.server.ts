/** The loader of a figure's list as a download (CSV or XLSX): thin, the service reads and audits. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../auth/guards.server";
import { readRecordsQuery } from "./measures.schema";
import { exportMeasureRecords } from "./dashboard.server";

export async function recordsDownloadLoader({ request, context }: LoaderFunctionArgs, format: "csv" | "xlsx") {
  const user = requirePermission(request, context, "records.download");
  const query = readRecordsQuery(new URL(request.url).searchParams);
  const refuse = (message: string) => new Response(`The download could not be made: ${message}.`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  if (!query.ok) return refuse(Object.values(query.errors).join(". "));
  const { figure, from, to } = query.data;
  const result = await exportMeasureRecords(context.db, user, { figure, period: { from, to }, format, ipAddress: context.clientIp });
  if (result.kind === "unknown_figure") return refuse("that is not a figure of the measures");
  return new Response(new Uint8Array(result.body), {
    status: 200,
    headers: { "Content-Type": result.contentType, "Content-Disposition": `attachment; filename="${result.filename}"` },
  });
}
