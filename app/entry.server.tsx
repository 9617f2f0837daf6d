import { Writable } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { ErrorReferenceProvider } from "./ui/error-reference";
import { NonceProvider } from "./ui/nonce";
import { logError } from "./http/log.server";

/** Errors in loaders, actions and rendering: logged with the request's reference, never with its values. */
export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  // Remix's own answers to malformed requests (a 4xx it throws, its warning about `?_data`) are not failures.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  if (error instanceof Error && error.message.startsWith("Warning: Single fetch-enabled apps should not be making ?_data requests")) return;
  logError(error, { errorId: context.requestId, method: request.method, path: new URL(request.url).pathname });
}

// How long deferred data may stream (the app defers none). There is no timer aborting the render
// itself: pages are rendered whole once their data is loaded, and the embedded database runs in this
// process, so a long statement (a year's measures) can hold an unrelated render for a while; aborting
// it then would turn a slow page into an error page.
const ABORT_DELAY = 5_000;

// Pages are rendered whole before sending (onAllReady): forms and pages work without JavaScript and
// assistive technology gets the complete page at once. The whole page is then sent as one piece: Remix
// flushes the response after every piece it is given, and the compression middleware's flush is a full
// flush, which starts the compressor afresh; React writes a page in pieces of about 2 KB, so each was
// compressed alone (the 50-row queue: 44 KB gzip as sent against 14 KB for the same HTML in one piece).
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
          const pieces: Buffer[] = [];
          const page = new Writable({
            write(piece: Buffer | string, _encoding, done) {
              pieces.push(typeof piece === "string" ? Buffer.from(piece) : piece);
              done();
            },
            final(done) {
              responseHeaders.set("Content-Type", "text/html; charset=utf-8");
              resolve(new Response(Buffer.concat(pieces), { headers: responseHeaders, status: failed ? 500 : responseStatusCode }));
              done();
            },
          });
          page.on("error", reject);
          pipe(page);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          if (request.signal.aborted) return;
          failed = true;
          logError(error, { errorId: loadContext.requestId, method: request.method, path: new URL(request.url).pathname });
        },
      },
    );
    // Nobody is waiting any more (the browser went away): stop rendering.
    request.signal.addEventListener("abort", () => abort(), { once: true });
  });
}
