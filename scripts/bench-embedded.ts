/**
 * `npm run bench:embedded`: the embedded default at its own scale (issue 13, item 5): every page's p95
 * at 5 concurrent users on the demo data with PGlite, beside the limit (150 ms). Prints figures; never
 * fails on a time.
 *
 * 1. The production build (`npm run build` under the browser tests' lock; BENCH_BUILD=0 uses the build there).
 * 2. The app started as its own process on BENCH_PORT (default 3407), on a new embedded database in a
 *    temporary directory, which it fills with the demo data as `npm start` does on a fresh machine
 *    (jobs on, as there).
 * 3. scripts/measure-pages.ts twice: a warm-up round (V8 compiles PGlite's WebAssembly as it gets hot,
 *    so a server's first minute is slower than the hours after), then the measured round —
 *    BENCH_USERS users (default 5) asking for each page BENCH_REQUESTS times (default 40).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { buildUnlessTold, startApp } from "./app-process";

const PORT = Number(process.env.BENCH_PORT ?? 3407);
const USERS = process.env.BENCH_USERS ?? "5";
const REQUESTS = process.env.BENCH_REQUESTS ?? "40";
const LIMIT_P95_MS = 150;
const base = `http://127.0.0.1:${PORT}`;

function measurePages(requests: string, stdio: "inherit" | "ignore", pid: number): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/measure-pages.ts"], {
    env: { ...process.env, MEASURE_URL: base, MEASURE_PID: String(pid), MEASURE_USERS: USERS, MEASURE_REQUESTS: requests, MEASURE_LIMIT_P95: String(LIMIT_P95_MS) },
    stdio: ["ignore", stdio, "inherit"],
  });
  return new Promise((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`measure-pages exited ${code}`)))));
}

buildUnlessTold();
const dir = mkdtempSync(join(tmpdir(), "bench-embedded-"));
const { DATABASE_URL: _notThis, ...env } = process.env;
const { child: server, seconds } = await startApp(PORT, { ...env, PGLITE_DATA_DIR: join(dir, "pglite"), DEMO_DATA: "auto", LOG_LEVEL: "warn" }, { withinMs: 900_000 }).catch((error: unknown) => {
  rmSync(dir, { recursive: true, force: true });
  throw error;
});
try {
  console.log(`App started on a new embedded database with the demo data in ${seconds.toFixed(0)} s (pid ${server.pid}).`);
  const w = performance.now();
  await measurePages("10", "ignore", server.pid!);
  console.log(`Warm-up round: ${((performance.now() - w) / 1000).toFixed(0)} s.\n`);
  await measurePages(REQUESTS, "inherit", server.pid!);
  console.log(`\nLimit: every page's p95 ≤ ${LIMIT_P95_MS} ms at ${USERS} users (issue 13, item 5). Machine: load average ${loadavg().map((l) => l.toFixed(2)).join(", ")}.`);
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  rmSync(dir, { recursive: true, force: true });
}
