/**
 * The reference of the request being answered, for the error page: the server puts it in the page,
 * and the browser reads it back from the page while bringing it to life. An error met later in the
 * browser (a failed client-side navigation) belongs to another request, so shows no reference.
 */
import { createContext, useContext, useState } from "react";

const ErrorReferenceContext = createContext<string | undefined>(undefined);
export const ErrorReferenceProvider = ErrorReferenceContext.Provider;

let hydrated = false;
/** Called once the page has come to life in the browser. */
export function markHydrated() {
  hydrated = true;
}

export function useErrorReference(): string | undefined {
  const fromServer = useContext(ErrorReferenceContext);
  const [reference] = useState(() =>
    fromServer ?? (typeof document !== "undefined" && !hydrated ? document.querySelector("[data-error-reference]")?.textContent ?? undefined : undefined),
  );
  return reference;
}
