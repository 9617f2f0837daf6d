/**
 * The app's HTTP server: Express in front of Remix. Order matters: the checks that need nothing
 * (address, origin, encoding) come first, then liveness and readiness, then the 503 gate while the
 * database is away, then the session, then Remix with every body capped before it is read.
 */
import type { ServerBuild } from "@remix-run/node";
import { readdirSync } from "node:fs";
import compression from "compression";
import express from "express";
import type { DatabaseHandle } from "../../db/client";
import { refusedAccessAudit } from "../audit/refused-access.server";
import { sessions } from "../auth/lucia.server";
import type { AppConfig } from "../config.server";
import { MAX_REPORT_BYTES } from "../public-reports/public-report.schema";
import { type DatabaseAvailability, watchDatabase } from "./availability.server";
import { logError, requestLog } from "./log.server";
import { remixHandler } from "./remix-handler.server";
import { formEncodedChanges, readableAddress, sameSiteChanges } from "./request-checks.server";
import { securityHeaders } from "./security-headers.server";
import { sendServiceUnavailable } from "./service-unavailable.server";

/** Anyone not signed in (the sign-in and public report forms): the public form's own cap. */
export const ANONYMOUS_BODY_LIMIT = MAX_REPORT_BYTES;
/** A signed-in user's form: the longest concern (20,000 characters) percent-encoded, with room to spare. */
export const SIGNED_IN_BODY_LIMIT = 512 * 1024;

export interface ServerOptions {
  dev?: boolean;
  /** The Remix server build; by default the production build in build/server. */
  build?: () => Promise<ServerBuild>;
  log?: (line: string) => void;
}

export async function createServer(config: AppConfig, database: DatabaseHandle, options: ServerOptions = {}) {
  const app = express();
  app.disable("x-powered-by");
  // Behind one TLS-terminating proxy: trust its X-Forwarded-* (only the nearest hop, so clients cannot forge addresses).
  if (config.trustProxy) app.set("trust proxy", 1);
  // Every request gets its id first, so every answer (even a refusal) carries it in X-Request-Id.
  // Access lines hold no query strings: searches for a child carry names and dates of birth.
  app.use(requestLog({ access: config.env !== "test" }));
  app.use(securityHeaders({ dev: options.dev }));
  app.use(readableAddress);
  app.use(compression());

  // Liveness (the process answers) and readiness (and its database does), for a load balancer or orchestrator.
  const availability: DatabaseAvailability = watchDatabase(database, { log: options.log });
  app.get("/health", (_req, res) => void res.json({ status: "ok" }));
  app.get(
    "/ready",
    handled(async (_req, res) => {
      const ready = await availability.check();
      res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "unavailable", database: ready ? "reachable" : "unreachable" });
    }),
  );

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
    // The build's other files (public/: the favicon), looked up only by their own names, so a page's
    // request does not ask the file system first (a failed stat and an error object each time).
    const publicFiles = new Set(readdirSync("build/client").filter((name) => name !== "assets"));
    const servePublic = express.static("build/client", { maxAge: "1h" });
    app.use((req, res, next) => (publicFiles.has(req.path.slice(1)) ? servePublic(req, res, next) : next()));
    const serverBuild = options.build ? await options.build() : await loadProductionBuild();
    build = async () => serverBuild;
  }
  const stylesheet = await build().then((b) => b.assets.routes.root?.css?.[0], () => undefined);
  const unavailable = (req: express.Request, res: express.Response) =>
    sendServiceUnavailable(res, { councilName: config.councilName, stylesheet, dataRequest: req.path.endsWith(".data") });

  app.use(sameSiteChanges);
  app.use(formEncodedChanges);

  // While the database is away, nothing waits on it: the 503 page at once, until a check finds it back.
  app.use((req, res, next) => (availability.available ? next() : unavailable(req, res)));

  // Who is asking: the session is checked against the database on every request.
  app.use(
    handled(async (req, res, next) => {
      const validation = await sessions(database.db, config).validate(req.get("cookie") ?? null, req.secure, { ipAddress: req.ip ?? null });
      if (validation.setCookie) res.append("Set-Cookie", validation.setCookie);
      res.locals.auth = { user: validation.user, sessionId: validation.sessionId };
      next();
    }),
  );
  // Every 403 and 404 answered to a signed-in user is audited (who tried which record).
  app.use(refusedAccessAudit(database.db));

  app.all(
    "*",
    handled(
      remixHandler({
        build,
        // Errors are never shown to users in detail, whatever NODE_ENV says.
        mode: options.dev ? "development" : "production",
        bodyLimit: (_req, res) => (res.locals.auth?.user ? SIGNED_IN_BODY_LIMIT : ANONYMOUS_BODY_LIMIT),
        // A failure because the database went away is a 503, not a 500.
        replaceServerError: async (req, res) => {
          if (await availability.check()) return false;
          unavailable(req, res);
          return true;
        },
        getLoadContext: (req, res) => ({
          db: database.db,
          config,
          auth: res.locals.auth,
          cspNonce: res.locals.cspNonce,
          clientIp: req.ip ?? null,
          secure: req.secure,
          requestId: res.locals.requestId as string,
        }),
      }),
    ),
  );

  // Anything that goes wrong outside Remix: a plain page with a reference, never a stack trace or a value.
  app.use((error: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    const errorId = res.locals.requestId as string;
    logError(error, { errorId, method: req.method, path: req.path });
    if (res.headersSent) return void res.end();
    void availability.check().then((available) => {
      if (!available) return unavailable(req, res);
      res.status(500).type("text/plain").send(`Sorry, there is a problem with the service. Try again later. If it keeps happening, quote reference ${errorId}.`);
    }, next);
  });

  return { app, availability };
}

/** An async handler for Express: whatever it throws or rejects with goes on to the error handler. */
function handled(fn: (req: express.Request, res: express.Response, next: express.NextFunction) => Promise<unknown>): express.RequestHandler {
  return (req, res, next) => void fn(req, res, next).catch(next);
}

async function loadProductionBuild(): Promise<ServerBuild> {
  return (await import(new URL("../../build/server/index.js", import.meta.url).href)) as ServerBuild;
}
