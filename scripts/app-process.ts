/**
 * The production app as its own process, for the benchmarks (`npm run bench`, `npm run bench:embedded`):
 * built under the browser tests' lock, started with `server.ts`, and ready once `/health` answers.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";

/** `npm run build`, unless BENCH_BUILD=0 (the build already there); under the browser tests' lock, so a running test suite keeps its build. */
export function buildUnlessTold(): void {
  if (process.env.BENCH_BUILD === "0") return;
  const started = performance.now();
  execFileSync("flock", ["/tmp/frontdoor-e2e.lock", "npm", "run", "-s", "build"], { stdio: ["ignore", "ignore", "inherit"] });
  console.log(`Production build: ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

const healthOf = (base: string) =>
  new Promise<number>((resolve) => {
    http.get(`${base}/health`, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on("error", () => resolve(0));
  });

/** The Node flags `npm run start:built` gives the server (its heap limit): the benchmarks run it as it is deployed. */
const SERVER_NODE_FLAGS: string[] = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts["start:built"]!.match(/--[a-z-]+=\S+/g) ?? [];

/** The production build started with `env` on `port`; resolves once `/health` answers 200, with the seconds it took. */
export async function startApp(port: number, env: NodeJS.ProcessEnv, options: { withinMs: number }): Promise<{ child: ChildProcess; seconds: number }> {
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, "--import", "tsx", "server.ts"], {
    env: { ...env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const started = performance.now();
  while ((await healthOf(`http://127.0.0.1:${port}`)) !== 200) {
    if (child.exitCode !== null) throw new Error(`The app stopped at start-up (exit ${child.exitCode}).`);
    if (performance.now() - started > options.withinMs) {
      child.kill("SIGTERM");
      throw new Error(`The app did not start within ${Math.round(options.withinMs / 60_000)} minutes.`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, seconds: (performance.now() - started) / 1000 };
}
