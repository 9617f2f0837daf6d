/**
 * The app's process: reads the configuration, opens the database (waiting for PostgreSQL, saying
 * so), migrates it and loads demo data where configured, serves app/http/app.server.ts, and closes
 * the database on shutdown. Everything a request meets is in app/http/ and the Remix routes under app/.
 */
// First: the production build of React unless NODE_ENV or --dev says otherwise.
import "./app/http/production-by-default";
import type { Server } from "node:http";
import { getHeapStatistics } from "node:v8";
import { prepareDatabase } from "./app/boot.server";
import { loadConfig } from "./app/config.server";
import { createServer } from "./app/http/app.server";
import { logger } from "./app/http/log.server";
import { appJobs, JobRunner } from "./app/jobs/runner.server";
import { openDatabase } from "./db/client";
import { vacuumAnalyze } from "./db/maintenance";

const devMode = process.argv.includes("--dev");
const log = (line: string) => logger.info(line);

async function main() {
  const config = loadConfig();
  const started = Date.now();
  const where = { url: config.databaseUrl, pgliteDataDir: config.pgliteDataDir, poolSize: config.databasePoolSize, log };
  // Migrations and demo data may run long statements: a connection without the serving timeouts, closed before serving.
  // (The embedded database has one connection and no timeouts: one handle serves both.)
  let database = await openDatabase({ ...where, connectWaitMs: config.databaseStartWaitMs, connectTimeoutMs: config.databaseTimeouts.connectMs });
  const demo = await prepareDatabase(database, config, { log });
  // The embedded database has no autovacuum: hint bits, visibility and the planner's statistics once at start (db/maintenance.ts).
  if (database.kind === "pglite") {
    const vacuumStarted = Date.now();
    await vacuumAnalyze(database.db);
    log(`Embedded database vacuumed and analysed in ${((Date.now() - vacuumStarted) / 1000).toFixed(1)} s.`);
  }
  if (database.kind === "postgres") {
    await database.close();
    database = await openDatabase({ ...where, timeouts: config.databaseTimeouts });
  }
  const { app, availability } = await createServer(config, database, { dev: devMode, log });
  // Time-driven work (partners' deadlines, reminders, e-mail, expired sessions): decision 017.
  const jobs = config.jobs.enabled ? new JobRunner(database.db, appJobs(config), { intervalSeconds: config.jobs.intervalSeconds, log }) : null;

  const server: Server = app.listen(config.port, config.host, () => {
    const url = `http://localhost:${config.port}`;
    logger.info({ url, database: database.description, nodeEnv: process.env.NODE_ENV, heapLimitMiB: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20), readyInSeconds: Number(((Date.now() - started) / 1000).toFixed(1)) }, `${config.serviceName} is running: open ${url} and sign in.`);
    if (demo) {
      logger.info({ password: demo.password, users: demo.users.map((user) => ({ label: user.label, email: user.email })) }, "Demo sign-ins (one password for all)");
    }
    jobs?.start();
  });
  // A client that sends its request slowly does not hold a connection for long.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${signal}: closing the server and the database…`);
    availability.stop();
    server.close(() => {
      Promise.resolve(jobs?.stop())
        .then(() => database.close())
        .then(() => process.exit(0))
        .catch((error: unknown) => {
          logger.error(error instanceof Error ? error.message : String(error));
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

main().catch((error: unknown) => {
  logger.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
