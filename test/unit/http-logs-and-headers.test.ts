/**
 * The HTTP edge's logs and headers: every answer carries its request id, the access line has no
 * query string, and helmet's headers carry the response's nonce, with HSTS over HTTPS only.
 */
import type { AddressInfo } from "node:net";
import express from "express";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorLine, logError, requestLog } from "../../app/http/log.server";
import { securityHeaders } from "../../app/http/security-headers.server";

const lines: Record<string, unknown>[] = [];
const log = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
let base = "";
let close = () => {};

beforeAll(async () => {
  const app = express();
  app.set("trust proxy", 1);
  app.use(requestLog({ access: true, log }));
  app.use(securityHeaders());
  app.use(express.urlencoded({ extended: false }));
  app.all("/page", (_req, res) => void res.type("text/plain").send(`nonce ${String(res.locals.cspNonce)} id ${String(res.locals.requestId)}`));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

describe("request ids and the access log", () => {
  it("gives each request its own id, in the X-Request-Id header and in the log line", async () => {
    const first = await fetch(`${base}/page`);
    const second = await fetch(`${base}/page`);
    const id = first.headers.get("x-request-id")!;
    expect(id).toMatch(/^E-[0-9A-F]{8}$/);
    expect(second.headers.get("x-request-id")).not.toBe(id);
    expect(await first.text()).toContain(`id ${id}`);
    await expect.poll(() => lines.find((l) => l.requestId === id)).toMatchObject({ method: "GET", path: "/page", status: 200, msg: "request" });
  });

  it("never logs a query string or a form body", async () => {
    const response = await fetch(`${base}/page?name=Jayden+Smith&dob=2015-03-02`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "concern=his+stepfather+hits+him",
    });
    const id = response.headers.get("x-request-id")!;
    await expect.poll(() => lines.find((l) => l.requestId === id)).toMatchObject({ method: "POST", path: "/page" });
    const all = JSON.stringify(lines);
    expect(all).not.toContain("Jayden");
    expect(all).not.toContain("stepfather");
    expect(all).not.toContain("2015-03-02");
  });

  it("logs an error with its request id and path, cut at the query string", () => {
    const before = lines.length;
    logError(new TypeError("boom"), { errorId: "E-00000001", method: "GET", path: "/people?name=Jayden" }, log);
    expect(lines.slice(before)[0]).toMatchObject({ level: 50, requestId: "E-00000001", path: "/people" });
    expect(errorLine(new TypeError("boom"), { errorId: "E-00000001", method: "GET", path: "/people?name=Jayden" })).toMatch(/^error E-00000001 on GET \/people: TypeError: boom/);
    expect(JSON.stringify(lines.slice(before))).not.toContain("Jayden");
  });
});

describe("security headers", () => {
  it("puts this response's nonce in the script policy, allows no inline style and frames nowhere", async () => {
    const response = await fetch(`${base}/page`);
    const nonce = (await response.text()).split(" ")[1]!;
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(csp).toContain("style-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("permissions-policy")).toBe("camera=(), microphone=(), geolocation=()");
    expect(response.headers.get("x-powered-by")).toBeNull();
  });

  it("sends HSTS only over HTTPS (here: from the trusted proxy)", async () => {
    expect((await fetch(`${base}/page`)).headers.get("strict-transport-security")).toBeNull();
    const overHttps = await fetch(`${base}/page`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(overHttps.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });
});
