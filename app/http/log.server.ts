/**
 * The server's error log. A line says which request failed and what kind of failure it was, with
 * an id the user is shown — never a query's parameters, a row, a form body or a query string, since
 * those hold what was typed about a child. Database errors are logged by their SQLSTATE code and
 * the schema object involved only: their messages quote values ("Failing row contains …").
 */
import { randomBytes } from "node:crypto";

/** A short reference for one failure, e.g. "E-3F9K2QX7", shown to the user and written in the log. */
export function newErrorId(): string {
  return `E-${randomBytes(5).toString("hex").toUpperCase().slice(0, 8)}`;
}

export interface ErrorPlace {
  errorId: string;
  method?: string;
  /** The request's path; any query string is cut off here. */
  path?: string;
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `thrown ${typeof error}`;
  const e = error as Error & { code?: unknown; severity?: unknown; constraint?: unknown; table?: unknown; column?: unknown };
  const frames = (error.stack ?? "")
    .split("\n")
    .filter((line) => line.trimStart().startsWith("at "))
    .slice(0, 6)
    .map((line) => line.trim())
    .join(" < ");
  if (isDatabaseError(e)) {
    const objects = [e.table && `table ${String(e.table)}`, e.column && `column ${String(e.column)}`, e.constraint && `constraint ${String(e.constraint)}`]
      .filter(Boolean)
      .join(", ");
    return `database error ${String(e.code)}${objects ? ` (${objects})` : ""}${frames ? ` ${frames}` : ""}`;
  }
  // Messages of the app's own and Node's errors describe the program, not the data; cut them short anyway.
  const message = error.message.split("\n")[0]!.slice(0, 200);
  return `${error.name}: ${message}${frames ? ` ${frames}` : ""}`;
}

/** A PostgreSQL error (from `pg` or PGlite): it carries a five-character SQLSTATE code. */
function isDatabaseError(error: { code?: unknown; severity?: unknown }): boolean {
  return typeof error.code === "string" && /^[0-9A-Z]{5}$/.test(error.code) && ("severity" in error || error.constructor.name.includes("Database"));
}

export function logError(error: unknown, place: ErrorPlace): void {
  const where = [place.method, place.path?.split("?")[0]].filter(Boolean).join(" ");
  console.error(`[${new Date().toISOString()}] error ${place.errorId}${where ? ` on ${where}` : ""}: ${describeError(error)}`);
}
