/**
 * Checks every request passes before any route sees it: a readable address, forms only from this
 * site's own pages, and only form encodings on requests that change something. Each refusal is a
 * plain 4xx message, never a 5xx.
 */
import type { RequestHandler, Response } from "express";

const CHANGING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];
/** Control characters PostgreSQL cannot store (NUL) or that have no business in an address. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function refuse(res: Response, status: number, message: string) {
  res.status(status).type("text/plain").set("Cache-Control", "no-store").send(message);
}

/** 400 for an address that cannot be decoded, or whose path or query holds a control character. */
export const readableAddress: RequestHandler = (req, res, next) => {
  const url = req.originalUrl;
  const query = url.indexOf("?");
  const path = query === -1 ? url : url.slice(0, query);
  try {
    const decodedPath = decodeURIComponent(path);
    const decodedQuery = query === -1 ? "" : [...new URLSearchParams(url.slice(query + 1))].flat().join("&");
    if (CONTROL_CHARACTERS.test(decodedPath) || CONTROL_CHARACTERS.test(decodedQuery)) {
      return refuse(res, 400, "The address contains a character that is not allowed. Check the link and try again.");
    }
  } catch {
    return refuse(res, 400, "The address is not valid. Check the link and try again.");
  }
  next();
};

/**
 * A change is only accepted from this site's own pages (defence in depth beside SameSite=Lax
 * cookies): a same-site Origin; or, when a browser sends no Origin, `Sec-Fetch-Site` saying the
 * request is same-origin or typed by the user, or a same-site Referer. Anything else is refused.
 */
export const sameSiteChanges: RequestHandler = (req, res, next) => {
  if (!CHANGING_METHODS.has(req.method)) return next();
  if (isSameSiteRequest(req)) return next();
  refuse(res, 403, "This form was sent from another site, so it was refused. Go back to the page, reload it and try again.");
};

export function isSameSiteRequest(req: { get(name: string): string | undefined }): boolean {
  const host = req.get("host");
  const origin = req.get("origin");
  if (origin !== undefined) return sameHost(origin, host);
  const fetchSite = req.get("sec-fetch-site");
  if (fetchSite !== undefined) return fetchSite === "same-origin" || fetchSite === "none";
  const referer = req.get("referer");
  return referer !== undefined && sameHost(referer, host);
}

/** Whether an Origin or Referer names this site ("null" and anything unreadable do not). */
function sameHost(value: string, host: string | undefined): boolean {
  try {
    const url = new URL(value);
    return host !== undefined && (url.protocol === "http:" || url.protocol === "https:") && url.host === host;
  } catch {
    return false;
  }
}

/** 415 for a change sent as anything but a form (JSON, text, none): every action here reads a form. */
export const formEncodedChanges: RequestHandler = (req, res, next) => {
  if (!CHANGING_METHODS.has(req.method)) return next();
  const type = (req.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (FORM_TYPES.includes(type)) return next();
  refuse(res, 415, "This page only accepts its own form. Go back to the page, reload it and try again.");
};
