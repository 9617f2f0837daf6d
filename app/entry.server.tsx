import { PassThrough } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { ErrorReferenceProvider } from "./components/error-reference";
import { NonceProvider } from "./components/nonce";
import { logError } from "./http/log.server";

/** Errors in loaders, actions and rendering: logged with the request's reference, never with its values. */
export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  // Remix's own answers to malformed requests (a 4xx it throws, its warning about `?_data`) are not failures.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  if (error instanceof Error && error.message.startsWith("Warning: Single fetch-enabled apps should not be making ?_data requests")) return;
  logError(error, { errorId: context.requestId, method: request.method, path: new URL(request.url).pathname });
}

// A safety net only: pages are rendered whole once their data is loaded, which takes milliseconds.
// It must outlast the embedded database's longest query, though: PGlite runs in this process and a
// long statement (a year's measures) holds the event loop, so an unrelated render waits behind it.
const ABORT_DELAY = 30_000;

// Pages are rendered whole before sending (onAllReady): forms and pages work without JavaScript and
// assistive technology gets the complete page at once.
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  return new Promise((resolve, reject) => {
    let failed = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <ErrorReferenceProvider value={loadContext.requestId}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </ErrorReferenceProvider>
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: failed ? 500 : responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          failed = true;
          logError(error, { errorId: loadContext.requestId, method: request.method, path: new URL(request.url).pathname });
        },
      },
    );
    setTimeout(abort, ABORT_DELAY).unref();
  });
}
