/**
 * What every request meets before any page (issue 7, findings 4, 7, 8, 12): bodies capped before
 * they are read, addresses and encodings checked, cross-site changes refused, security headers.
 * Sent as raw HTTP where a browser would not send such a request.
 */
import http from "node:http";
import { expect, test } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);

/** A raw request: the test controls every header, including Transfer-Encoding and Content-Length. */
function send(options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string; chunked?: boolean }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: PORT, method: options.method ?? "POST", path: options.path, headers: options.headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      res.on("error", reject);
    });
    // The server may answer and close before the whole body is sent: that is the point. The client
    // may then see the connection reset before it reads the 413 (status 0): refused either way.
    req.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "EPIPE" || error.code === "ECONNRESET" ? setTimeout(() => resolve({ status: 0, headers: {}, text: "" }), 2_000) : reject(error),
    );
    if (options.chunked) {
      const body = Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body ?? "");
      for (let i = 0; i < body.length; i += 1 << 20) req.write(body.subarray(i, i + (1 << 20)));
    } else if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const SAME_SITE = { Origin: `http://localhost:${PORT}`, Host: `localhost:${PORT}` };
const FORM = "application/x-www-form-urlencoded";

test.describe("bodies are capped before they are read", () => {
  const fiftyMegabytes = Buffer.alloc(50 * 1024 * 1024, "a");

  test("an anonymous 50 MB sign-in is refused with 413, declared or chunked", async () => {
    // 413, or (status 0) the connection closed under a client still sending: never read whole.
    const declared = await send({ path: "/sign-in", headers: { ...SAME_SITE, "Content-Type": FORM, "Content-Length": String(fiftyMegabytes.length) }, body: fiftyMegabytes });
    expect([413, 0]).toContain(declared.status);
    const chunked = await send({ path: "/sign-in", headers: { ...SAME_SITE, "Content-Type": FORM, "Transfer-Encoding": "chunked" }, body: fiftyMegabytes, chunked: true });
    expect([413, 0]).toContain(chunked.status);
    // A small excess is answered in words.
    const over = await send({ path: "/sign-in", headers: { ...SAME_SITE, "Content-Type": FORM, "Transfer-Encoding": "chunked" }, body: "a".repeat(40_000), chunked: true });
    expect(over.status).toBe(413);
    expect(over.text).toContain("too long");
  });

  test("the public form's cap holds with chunked encoding and a percent-encoded path", async () => {
    const body = `concern=${"x".repeat(40_000)}`;
    for (const path of ["/report-a-concern", "/report%2Da-concern", "/report-a-concern.data", "/REPORT-a-concern"]) {
      const response = await send({ path, headers: { ...SAME_SITE, "Content-Type": FORM, "Transfer-Encoding": "chunked" }, body, chunked: true });
      expect(response.status, path).toBe(413);
    }
  });

  test("a body that lies about its length is not read past the cap", async () => {
    const response = await send({ path: "/report-a-concern", headers: { ...SAME_SITE, "Content-Type": FORM, "Transfer-Encoding": "chunked" }, body: "a=".padEnd(33_000, "b"), chunked: true });
    expect(response.status).toBe(413);
  });
});

test.describe("only forms from this site change anything", () => {
  const signIn = "email=nobody%40example.org&password=wrong-password";

  test("a cross-site post without Origin is refused unless the browser says it is same-site", async () => {
    const refused: Record<string, string>[] = [
      { "Content-Type": FORM },
      { "Content-Type": FORM, "Sec-Fetch-Site": "cross-site" },
      { "Content-Type": FORM, "Sec-Fetch-Site": "same-site" },
      { "Content-Type": FORM, Referer: "https://evil.example/phish" },
      { "Content-Type": FORM, Origin: "null" },
      { "Content-Type": FORM, Origin: "https://evil.example" },
    ];
    for (const headers of refused) {
      const response = await send({ path: "/sign-in", headers, body: signIn });
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.text).toContain("sent from another site");
    }
    const accepted: Record<string, string>[] = [
      { "Content-Type": FORM, "Sec-Fetch-Site": "same-origin" },
      { "Content-Type": FORM, "Sec-Fetch-Site": "none" },
      { "Content-Type": FORM, Referer: `http://localhost:${PORT}/sign-in` },
      { "Content-Type": FORM, Origin: `http://localhost:${PORT}` },
    ];
    for (const headers of accepted) {
      const response = await send({ path: "/sign-in", headers: { ...headers, Host: `localhost:${PORT}` }, body: signIn });
      expect(response.status, JSON.stringify(headers)).toBe(401);
    }
  });

  test("a change sent as JSON, text or nothing at all gets 415; an address with NUL or broken encoding gets 400", async () => {
    for (const type of ["text/plain", "application/json", ""]) {
      const response = await send({ path: "/report-a-concern", headers: { ...SAME_SITE, ...(type ? { "Content-Type": type } : {}) }, body: '{"concern":"x"}' });
      expect(response.status, type || "no content type").toBe(415);
    }
    for (const path of ["/queue?state=%00", "/contacts/%00", "/sign-in?redirectTo=%2Fqueue%00", "/%E0%A4%A"]) {
      const response = await send({ method: "GET", path });
      expect(response.status, path).toBe(400);
    }
  });
});

test("security headers: a CSP without inline styles or scripts, and no HSTS over plain HTTP (even when a client claims HTTPS)", async () => {
  const response = await send({ method: "GET", path: "/sign-in", headers: { "X-Forwarded-Proto": "https" } });
  expect(response.status).toBe(200);
  const csp = String(response.headers["content-security-policy"]);
  expect(csp).toContain("style-src 'self';");
  expect(csp).not.toContain("unsafe-inline");
  expect(response.headers["strict-transport-security"]).toBeUndefined();
  expect(response.headers["x-frame-options"]).toBe("DENY");
  expect(response.text).not.toMatch(/ style="/);
});

test("liveness and readiness", async () => {
  expect((await send({ method: "GET", path: "/health" })).status).toBe(200);
  const ready = await send({ method: "GET", path: "/ready" });
  expect(ready.status).toBe(200);
  expect(JSON.parse(ready.text)).toEqual({ status: "ready", database: "reachable" });
});

test("the favicon and the stylesheet are served as files; a page's address is not looked up as one", async () => {
  const favicon = await send({ method: "GET", path: "/favicon.svg" });
  expect(favicon.status).toBe(200);
  expect(favicon.headers["content-type"]).toContain("image/svg+xml");
  const page = await send({ method: "GET", path: "/sign-in" });
  const stylesheet = /href="(\/assets\/[^"]+\.css)"/.exec(page.text)?.[1];
  expect(stylesheet).toBeDefined();
  const css = await send({ method: "GET", path: stylesheet! });
  expect(css.status).toBe(200);
  expect(css.headers["content-type"]).toContain("text/css");
  // Not a file of the build: Remix's own not-found page.
  expect((await send({ method: "GET", path: "/favicon.svg.bak" })).status).toBe(404);
});
