/**
 * `tsx scripts/measure-pages.ts`: a small measure of a running server (issue 13, items 3 and 5), not the
 * benchmark (`npm run bench` is that): signs in the demo users, then for each main page has
 * MEASURE_USERS users (default 5) ask for it MEASURE_REQUESTS times each (default 40), one request
 * after another per user, and prints p50/p95 milliseconds, pages per second, the page's size
 * uncompressed and gzip-compressed as sent, the server's resident memory (MEASURE_PID: its process
 * id; the highest seen while measuring) and the machine's load average; with MEASURE_LIMIT_P95 (ms),
 * each page's p95 beside that limit. Prints figures; fails on none (`npm run bench:embedded` runs it
 * against the embedded database's demo).
 *
 *   MEASURE_URL=http://localhost:3000 MEASURE_PID=<server pid> npx tsx scripts/measure-pages.ts
 *
 * Needs the demo users (one password for all, MEASURE_PASSWORD or the demo's).
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import { loadavg } from "node:os";
import { gunzipSync } from "node:zlib";

const base = new URL(process.env.MEASURE_URL ?? "http://localhost:3000");
const users = Number(process.env.MEASURE_USERS ?? 5);
const requests = Number(process.env.MEASURE_REQUESTS ?? 40);
const password = process.env.MEASURE_PASSWORD ?? "front-door-demo";
const pid = process.env.MEASURE_PID;
const only = process.env.MEASURE_ONLY?.split(",");
const limitP95 = process.env.MEASURE_LIMIT_P95 ? Number(process.env.MEASURE_LIMIT_P95) : null;
const agent = new http.Agent({ keepAlive: true, maxSockets: users * 2 });

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  wire: number;
  body: string;
}

function ask(path: string, options: { cookie?: string; form?: Record<string, string> } = {}): Promise<Answer> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(path, base),
      {
        agent,
        method: body ? "POST" : "GET",
        headers: {
          "accept-encoding": "gzip",
          accept: "text/html",
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(body ? { "content-type": "application/x-www-form-urlencoded", origin: base.origin } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const raw = Buffer.concat(chunks);
          const text = res.headers["content-encoding"] === "gzip" ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, wire: raw.length, body: text });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function signIn(email: string): Promise<string> {
  const answer = await ask("/sign-in", { form: { email, password, redirectTo: "" } });
  const cookie = [answer.headers["set-cookie"] ?? []].flat().map((c) => c.split(";")[0]).find((c) => c && !c.endsWith("="));
  if (answer.status !== 302 && answer.status !== 303 && answer.status !== 204) throw new Error(`Signing in ${email}: HTTP ${answer.status}`);
  if (!cookie) throw new Error(`Signing in ${email}: no session cookie`);
  return cookie;
}

function rssMiB(): number | null {
  if (!pid) return null;
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
  return line ? Math.round(Number(line.split(/\s+/)[1]) / 1024) : null;
}

let peakRss = rssMiB() ?? 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB() ?? 0)), 100);

const signIns: Record<string, string> = {};
const who = ["screener", "manager", "police", "north", "performance"];
for (const role of who) {
  // One session per simulated user: each user signs in once.
  for (let i = 0; i < users; i++) signIns[`${role}${i}`] = await signIn(`${role === "north" ? "north" : role}@demo.mash.example`);
}

// A contact from the queue (the first row), for the contact page.
const queue = await ask("/queue", { cookie: signIns.screener0 });
const contactPath = /href="(\/contacts\/[A-Za-z0-9_-]+)"/.exec(queue.body)?.[1];

const pages: { name: string; path: string; role: string }[] = [
  { name: "queue", path: "/queue", role: "screener" },
  { name: "queue, repeat contacts only", path: "/queue?repeat=yes", role: "screener" },
  { name: "queue, not allocated", path: "/queue?allocated=none", role: "screener" },
  ...(contactPath ? [{ name: "contact page", path: contactPath, role: "screener" }] : []),
  { name: "partner inbox (police)", path: "/information-requests", role: "police" },
  { name: "hub list (North)", path: "/step-downs", role: "north" },
  { name: "oversight", path: "/oversight", role: "manager" },
  { name: "measures", path: "/measures", role: "performance" },
];

const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
console.log(`${base.origin}: ${users} users, ${requests} requests each per page; load average ${load()}; server RSS ${rssMiB() ?? "?"} MiB`);
const rows: string[][] = [];
for (const page of pages.filter((p) => !only || only.includes(p.name))) {
  const first = await ask(page.path, { cookie: signIns[`${page.role}0`] });
  if (first.status !== 200) throw new Error(`${page.path}: HTTP ${first.status}`);
  const times: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      for (let r = 0; r < requests; r++) {
        const t = performance.now();
        const answer = await ask(page.path, { cookie: signIns[`${page.role}${u}`] });
        if (answer.status !== 200) throw new Error(`${page.path}: HTTP ${answer.status}`);
        times.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  const kb = (n: number) => (n / 1024).toFixed(1);
  const rowsShown = (first.body.match(/<tr class="govuk-table__row/g) ?? []).length;
  const p95 = Number(at(0.95));
  const limit = limitP95 === null ? [] : [`${limitP95} ms: ${p95 <= limitP95 ? "within" : "OVER"}`];
  rows.push([page.name, at(0.5), at(0.95), ...limit, (times.length / seconds).toFixed(1), kb(Buffer.byteLength(first.body)), kb(first.wire), String(rowsShown)]);
}
clearInterval(sampler);
const header = ["page", "p50 ms", "p95 ms", ...(limitP95 === null ? [] : ["p95 limit"]), "pages/s", "KB", "KB gzip", "table rows"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log(`load average after: ${load()}; server RSS now ${rssMiB() ?? "?"} MiB, highest seen ${peakRss || "?"} MiB`);
agent.destroy();
