/**
 * Refused attempts, audited centrally: every 403 and 404 answered to a signed-in user is recorded
 * ("access.refused" / "access.not_found") with the path asked for — never its query string, which
 * can hold what was typed about a child — and, when the path names a contact, person, information
 * request or step-down, that record as the subject (so "who has seen this child" shows the attempt).
 *
 * An Express middleware, mounted after the one that puts the session's user in `res.locals.auth`.
 * The response is only finished once the record is written, so a refused attempt is never answered
 * without being recorded; a failure to write it is logged (without the path) and the answer still goes.
 */
import type { NextFunction, Request, Response } from "express";
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import type { Database } from "../../db/schema";
import type { RequestAuth } from "../context";
import { logger } from "../http/log.server";

/** Paths naming one record: `/contacts/:id…`, `/people/:id…`, `/information-requests/:id`, `/step-downs/:id`. */
const RECORD_PATHS: { pattern: RegExp; subjectType: string }[] = [
  { pattern: /^\/contacts\/([^/]+)/, subjectType: "contact" },
  { pattern: /^\/people\/([^/]+)/, subjectType: "person" },
  { pattern: /^\/information-requests\/([^/]+)/, subjectType: "information_request" },
  { pattern: /^\/step-downs\/([^/]+)/, subjectType: "step_down" },
];

/** Pages that are not records, under the same prefixes. */
const NOT_RECORDS = new Set(["/contacts/new", "/people/merge"]);

const MAX_PATH = 500;

/** Static files a browser asks for by itself (a missing icon is not an attempt on a record). */
function isAsset(path: string): boolean {
  return path.startsWith("/assets/") || path.startsWith("/build/") || /\.(ico|png|svg|jpg|jpeg|gif|webp|css|js|map|woff2?|txt|json|webmanifest)$/i.test(path);
}

/** The page a request asked for: Remix's data requests (`/contacts/x.data`) are for the page `/contacts/x`. */
export function requestedPath(originalUrl: string): string {
  let path = originalUrl.split("?")[0]!.split("#")[0]!;
  if (path.endsWith(".data")) path = path.slice(0, -".data".length) || "/";
  if (path === "/_root") path = "/";
  return path;
}

/** The record a path names, if any: its type and id (percent-decoded; nothing a database cannot store). */
export function recordOfPath(path: string): { subjectType: string; subjectId: string } | null {
  if (NOT_RECORDS.has(path) || NOT_RECORDS.has(path.replace(/\/$/, ""))) return null;
  for (const { pattern, subjectType } of RECORD_PATHS) {
    const match = pattern.exec(path);
    if (!match) continue;
    let id: string;
    try {
      id = decodeURIComponent(match[1]!);
    } catch {
      return null;
    }
    if (!id || id.length > 200 || /[\u0000-\u001f\u007f]/.test(id)) return null;
    if (subjectType === "contact" && id === "new") return null;
    if (subjectType === "person" && id === "merge") return null;
    return { subjectType, subjectId: id };
  }
  return null;
}

/** Text a PostgreSQL `text` column can hold, at most `max` characters. */
function storable(text: string, max: number): string {
  return text.replace(/\u0000/g, "").slice(0, max);
}

export function refusedAccessAudit(db: Kysely<Database>, options: { log?: (message: string) => void } = {}) {
  const log = options.log ?? ((message: string) => logger.error(message));
  return (req: Request, res: Response, next: NextFunction) => {
    const originalEnd = res.end;
    let ended = false;
    // biome-ignore lint: res.end has several overloads; the arguments are passed on as they came
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
    res.end = function end(this: Response, ...args: any[]) {
      const status = res.statusCode;
      const user = (res.locals.auth as RequestAuth | undefined)?.user;
      const path = requestedPath(req.originalUrl ?? req.url);
      if (ended || (status !== 403 && status !== 404) || !user || isAsset(path)) {
        return originalEnd.apply(this, args as Parameters<typeof originalEnd>);
      }
      ended = true;
      const record = recordOfPath(path);
      recordAudit(db, {
        actorUserId: user.id,
        action: status === 403 ? "access.refused" : "access.not_found",
        subjectType: record?.subjectType,
        subjectId: record?.subjectId,
        ipAddress: req.ip ?? null,
        details: { path: storable(path, MAX_PATH), method: req.method, status },
      })
        .catch((error: unknown) => {
          log(`A refused attempt (${status}) could not be recorded in the audit trail: ${error instanceof Error ? error.message : String(error)}`);
        })
        .finally(() => {
          originalEnd.apply(this, args as Parameters<typeof originalEnd>);
        });
      return this;
    } as typeof res.end;
    next();
  };
}
