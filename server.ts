/**
 * The app's server: Express in front of Remix. It owns the database for the life of the process
 * (open, migrate, demo data, close on shutdown), validates the session of every request and sets
 * the security headers. Everything else is in Remix routes under app/.
 */
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";
import { sessions } from "./app/auth/lucia.server";
import { MAX_REPORT_BYTES } from "./app/validation/public-report";
import { type AppConfig, loadConfig } from "./app/config.server";
import { prepareDatabase } from "./app/boot.server";
import { type DatabaseHandle, openDatabase } from "./db/client";

const devMode = process.argv.includes("--dev");

async function createServer(config: AppConfig, database: DatabaseHandle, options: { dev?: boolean } = {}) {
  const app = express();
  app.disable("x-powered-by");
  // Behind one TLS-terminating proxy: trust its X-Forwarded-* (only the nearest hop, so clients cannot forge addresses).
  if (config.trustProxy) app.set("trust proxy", 1);
  app.use(compression());

  // Security headers on every response. Scripts only from this app, inline ones only with this response's nonce.
  app.use((_req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'${options.dev ? " 'unsafe-inline'" : ""}`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        `connect-src 'self'${options.dev ? " ws:" : ""}`,
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
      ].join("; "),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    // Pages about children are never kept in a browser's or a proxy's cache (shared workstations).
    res.setHeader("Cache-Control", "no-store");
    next();
  });

  // GOV.UK Frontend and MOJ Frontend images, served by the app itself.
  app.use("/assets", express.static("node_modules/govuk-frontend/dist/govuk/assets", { maxAge: "1d" }));
  app.use("/assets", express.static("node_modules/@ministryofjustice/frontend/moj/assets", { maxAge: "1d" }));

  let build: () => Promise<ServerBuild>;
  if (options.dev) {
    const vite = await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }));
    app.use(vite.middlewares);
    build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
    app.use(express.static("build/client", { maxAge: "1h" }));
    const serverBuild = (await import(new URL("./build/server/index.js", import.meta.url).href)) as ServerBuild;
    build = async () => serverBuild;
  }

  // Access logs never hold query strings: searches for a child carry names and dates of birth.
  morgan.token("path", (req) => ((req as express.Request).originalUrl ?? req.url ?? "").split("?")[0]!);
  if (config.env !== "test") {
    app.use(morgan(config.env === "production" ? ':remote-addr - [:date[clf]] ":method :path HTTP/:http-version" :status :res[content-length] :response-time ms' : ":method :path :status :response-time ms"));
  }

  // Forms are only accepted from this site's own pages (defence in depth beside SameSite=Lax cookies).
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const origin = req.get("origin");
    if (origin && !sameHost(origin, req.get("host"))) {
      res.status(403).type("text/plain").send("This form was sent from another site, so it was refused.");
      return;
    }
    next();
  });

  // Who is asking: the session is checked against the database on every request.
  app.use(async (req, res, next) => {
    try {
      const secure = req.secure;
      const validation = await sessions(database.db).validate(req.get("cookie") ?? null, secure);
      if (validation.setCookie) res.append("Set-Cookie", validation.setCookie);
      res.locals.auth = { user: validation.user, sessionId: validation.sessionId };
      next();
    } catch (error) {
      next(error);
    }
  });

  // The public form is the one page anyone can post to: cap what it reads before Remix sees it.
  app.post(["/report-a-concern", "/report-a-concern.data"], (req, res, next) => {
    const length = Number(req.get("content-length"));
    if (!Number.isFinite(length) || length > MAX_REPORT_BYTES) {
      res.status(413).type("text/plain").send("Your report is too long to send. Shorten it, or phone the council's children's services.");
      return;
    }
    next();
  });

  app.all(
    "*",
    createRequestHandler({
      build,
      // Errors are never shown to users in detail, whatever NODE_ENV says.
      mode: options.dev ? "development" : "production",
      getLoadContext: (req, res) => ({
        db: database.db,
        config,
        auth: res.locals.auth,
        cspNonce: res.locals.cspNonce,
        clientIp: req.ip ?? null,
        secure: req.secure,
      }),
    }),
  );

  // Anything that goes wrong outside Remix: a plain page, never a stack trace.
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    console.error(error);
    if (!res.headersSent) res.status(500).type("text/plain").send("Sorry, there is a problem with the service. Try again later.");
  });

  return app;
}

/** Whether an Origin header names this site ("null" and anything unreadable do not). */
function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

async function main() {
  const config = loadConfig();
  const started = Date.now();
  const database = await openDatabase({ url: config.databaseUrl, pgliteDataDir: config.pgliteDataDir });
  const demo = await prepareDatabase(database, config, { log: (line) => console.log(line) });
  const app = await createServer(config, database, { dev: devMode });

  const server: Server = app.listen(config.port, config.host, () => {
    const url = `http://localhost:${config.port}`;
    console.log(`\n${config.serviceName} is running on ${database.description} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s).`);
    console.log(`Open ${url} and sign in.`);
    if (demo) {
      console.log(`\nDemo sign-ins (password for all: ${demo.password}):`);
      for (const user of demo.users) console.log(`  ${user.label.padEnd(34)} ${user.email}`);
    }
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: closing the server and the database…`);
    server.close(() => {
      database
        .close()
        .then(() => process.exit(0))
        .catch((error) => {
          console.error(error);
          process.exit(1);
        });
    });
    // Idle keep-alive connections would otherwise hold the close open.
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
