/** The app's own server in a child process (the production build in build/), for tests that need their own database or must read its logs. */
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";

export interface AppProcess {
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs the app until it exits by itself (or `timeoutMs` passes), for start-ups that must fail; returns its exit code and output. */
export async function runAppUntilExit(env: Record<string, string>, timeoutMs: number): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  let output = "";
  const child = spawn("node_modules/.bin/tsx", ["server.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(await freePort()), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code, output, ms: Date.now() - started };
}

/** Starts the app and waits until it answers (at most `startupMs`: loading the demo data takes longer on a busy machine). */
export async function startApp(env: Record<string, string>, { startupMs = 120_000 } = {}): Promise<AppProcess> {
  const port = await freePort();
  let output = "";
  const child: ChildProcess = spawn("node_modules/.bin/tsx", ["server.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + startupMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The app exited at start:\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The app did not start within ${startupMs / 1000} s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
