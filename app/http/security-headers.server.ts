/**
 * Security headers on every response, through helmet. Scripts only from this app, inline ones only
 * with this response's nonce (`res.locals.cspNonce`, given to Remix for its scripts); no inline
 * styles. HSTS only over HTTPS (directly, or from the trusted proxy): a client cannot claim it.
 */
import { randomBytes } from "node:crypto";
import type { RequestHandler } from "express";
import helmet, { strictTransportSecurity } from "helmet";

export function securityHeaders(options: { dev?: boolean } = {}): RequestHandler {
  const dev = options.dev ?? false;
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`, ...(dev ? ["'unsafe-inline'"] : [])],
        // Vite's development server injects <style> elements; the built app has none and no style attributes.
        styleSrc: ["'self'", ...(dev ? ["'unsafe-inline'"] : [])],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", ...(dev ? ["ws:"] : [])],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
    // Set below, over HTTPS only.
    strictTransportSecurity: false,
    xFrameOptions: { action: "deny" },
    referrerPolicy: { policy: "same-origin" },
    crossOriginOpenerPolicy: { policy: "same-origin" },
    xPoweredBy: true,
  });
  // Over HTTPS: browsers never use plain HTTP for this site again.
  const hsts = strictTransportSecurity({ maxAge: 31_536_000, includeSubDomains: true });

  return (req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    // Pages about children are never kept in a browser's or a proxy's cache (shared workstations).
    res.setHeader("Cache-Control", "no-store");
    headers(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (!req.secure) return next();
      hsts(req, res, next);
    });
  };
}
