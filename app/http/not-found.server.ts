/**
 * The one "not found" answer of loaders and actions: a 404, shown by the root error boundary as
 * "Page not found". Also for a record the user may not know exists (another agency's request), so a
 * refusal never tells them it is there.
 */
export function notFound(): never {
  throw new Response("Not found", { status: 404 });
}
