/**
 * Express → Remix, with the body read by us first: every request body is capped before it is read
 * (whatever Content-Length or chunked encoding claim), and a body too large is refused with 413
 * without ever being held whole in memory. Otherwise as `@remix-run/express` does it.
 */
import { type AppLoadContext, createRequestHandler, type ServerBuild, writeReadableStreamToWritable } from "@remix-run/node";
import type { Request as ExpressRequest, Response as ExpressResponse, NextFunction } from "express";

export interface RemixHandlerOptions {
  build: () => Promise<ServerBuild>;
  mode: "development" | "production";
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
  /** The most bytes this request's body may have. */
  bodyLimit: (req: ExpressRequest, res: ExpressResponse) => number;
  /** Given a 5xx from Remix, may send something else instead (returns true if it did). */
  replaceServerError?: (req: ExpressRequest, res: ExpressResponse) => Promise<boolean>;
}

export function remixHandler(options: RemixHandlerOptions) {
  let handle: ReturnType<typeof createRequestHandler> | null = null;
  let handleBuild: ServerBuild | null = null;
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const build = await options.build();
      if (build !== handleBuild) {
        handle = createRequestHandler(build, options.mode);
        handleBuild = build;
      }
      let body: Buffer | null = null;
      if (req.method !== "GET" && req.method !== "HEAD") {
        body = await readBodyWithin(req, options.bodyLimit(req, res));
        if (body === null) return refuseTooLarge(req, res);
      }
      const response = await handle!(toFetchRequest(req, res, body), options.getLoadContext(req, res));
      if (response.status >= 500 && options.replaceServerError && (await options.replaceServerError(req, res))) {
        await response.body?.cancel().catch(() => {});
        return;
      }
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

/** The body, or null as soon as it passes `limit` bytes (declared or counted). */
export function readBodyWithin(req: ExpressRequest, limit: number): Promise<Buffer | null> {
  const declared = Number(req.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        resolve(null);
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

function refuseTooLarge(req: ExpressRequest, res: ExpressResponse) {
  // The rest of the body is never read: the connection closes once the answer is sent.
  res.on("finish", () => req.destroy());
  res
    .status(413)
    .set("Connection", "close")
    .type("text/plain")
    .send(
      res.locals.auth?.user
        ? "What you sent is too large to accept. Shorten the text, or split it over more than one contact."
        : "What you sent is too long. Shorten it, or phone the council's children's services.",
    );
}

function toFetchRequest(req: ExpressRequest, res: ExpressResponse, body: Buffer | null): Request {
  // As @remix-run/express: the port from X-Forwarded-Host or Host; req.hostname and req.protocol respect "trust proxy".
  const port = [req.get("x-forwarded-host"), req.get("host")]
    .map((host) => Number.parseInt(host?.split(":")[1] ?? "", 10))
    .find((n) => Number.isSafeInteger(n));
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  let controller: AbortController | null = new AbortController();
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === "transfer-encoding" || name === "content-length") continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  if (body) headers.set("content-length", String(body.length));
  return new Request(url.href, { method: req.method, headers, signal: controller.signal, ...(body ? { body: new Uint8Array(body) } : {}) });
}

async function sendRemixResponse(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
