/** Security headers on every response. Scripts only from this app, inline ones only with this response's nonce; no inline styles. */
import { randomBytes } from "node:crypto";
import type { RequestHandler } from "express";

export function securityHeaders(options: { dev?: boolean } = {}): RequestHandler {
  return (req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'${options.dev ? " 'unsafe-inline'" : ""}`,
        // Vite's development server injects <style> elements; the built app has none and no style attributes.
        `style-src 'self'${options.dev ? " 'unsafe-inline'" : ""}`,
        "img-src 'self' data:",
        "font-src 'self'",
        `connect-src 'self'${options.dev ? " ws:" : ""}`,
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
      ].join("; "),
    );
    // Over HTTPS (directly, or from a trusted proxy): browsers never use plain HTTP for this site again.
    if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    // Pages about children are never kept in a browser's or a proxy's cache (shared workstations).
    res.setHeader("Cache-Control", "no-store");
    next();
  };
}
