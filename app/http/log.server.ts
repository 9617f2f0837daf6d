/**
 * The server's logs: structured (pino, one JSON object a line), each request with its own id, which
 * is also sent back in the `X-Request-Id` header and shown to the user on the error page.
 *
 * What a user typed about a child never reaches the logs: no form body, no query string (searches
 * for a child carry names and dates of birth), no query parameters, no row. A request's line has
 * its method, its path cut at "?", its status, size and time. Database errors are logged by their
 * SQLSTATE code and the schema object involved only: their messages quote values ("Failing row
 * contains …").
 */
import { randomBytes } from "node:crypto";
import type { RequestHandler } from "express";
import { pino, type Logger } from "pino";

/** Quiet under tests (NODE_ENV=test: warnings and errors only) unless LOG_LEVEL says otherwise. */
function defaultLevel(): string {
  return process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info");
}

/** The process's logger. Children add fields (a request's id). */
export const logger: Logger = pino({
  level: defaultLevel(),
  base: { service: "mash-front-door" },
  // Never a body or a query, whatever a caller passes by mistake.
  redact: { paths: ["body", "query", "req.body", "req.query", "params"], remove: true },
});

/** A short reference for one request, e.g. "E-3F9K2QX7": in the response's header, in the log and on the error page. */
export function newErrorId(): string {
  return `E-${randomBytes(5).toString("hex").toUpperCase().slice(0, 8)}`;
}

/** The same reference, by its other name: every request has one, whether or not it fails. */
export const newRequestId = newErrorId;

/** A request's path without its query string. */
export function pathOnly(url: string | undefined): string {
  return (url ?? "").split("?")[0]!;
}

/**
 * Gives each request its id (`res.locals.requestId`, header `X-Request-Id`) and logs one line
 * when it has been answered (`access: false`: the id only, no line).
 */
export function requestLog(options: { access: boolean; log?: Logger }): RequestHandler {
  const log = options.log ?? logger;
  return (req, res, next) => {
    const requestId = newRequestId();
    res.locals.requestId = requestId;
    res.setHeader("X-Request-Id", requestId);
    if (options.access) {
      const started = process.hrtime.bigint();
      res.on("finish", () => {
        log.info(
          {
            requestId,
            method: req.method,
            path: pathOnly(req.originalUrl ?? req.url),
            status: res.statusCode,
            bytes: Number(res.getHeader("content-length") ?? 0) || undefined,
            ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
            ip: req.ip,
          },
          "request",
        );
      });
    }
    next();
  };
}

export interface ErrorPlace {
  /** The request's id (or, outside a request, a fresh reference). */
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

/** The line of a failure: which request, what kind of failure — described by `describeError` only. */
export function errorLine(error: unknown, place: ErrorPlace): string {
  const where = [place.method, place.path === undefined ? undefined : pathOnly(place.path)].filter(Boolean).join(" ");
  return `error ${place.errorId}${where ? ` on ${where}` : ""}: ${describeError(error)}`;
}

export function logError(error: unknown, place: ErrorPlace, log: Logger = logger): void {
  log.error({ requestId: place.errorId, method: place.method, path: place.path === undefined ? undefined : pathOnly(place.path) }, errorLine(error, place));
}
