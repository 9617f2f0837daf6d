/**
 * The page's <title>, with "Error: " in front while the page shows errors (the GOV.UK pattern: a
 * screen reader hears it first). One mechanism for every page, in the root's <head>:
 * - a form the server refused: any route's action data says so (`hasFormErrors`) — with and
 *   without JavaScript, since the server renders the same;
 * - a form the browser checked before sending: the error summary on show reports itself here.
 * The title itself is the page's own (its route's `meta`), as Remix's <Meta /> gives it.
 */
import { Meta, UNSAFE_RemixContext, useLocation, useMatches } from "@remix-run/react";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { UNSAFE_DataRouterStateContext } from "react-router";
import { hasFormErrors } from "./forms";

const SummariesShown = createContext<{ shown: number; report: (delta: number) => void }>({ shown: 0, report: () => undefined });

/** Around the document: counts the error summaries on show. */
export function PageTitleProvider({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState(0);
  const report = useCallback((delta: number) => setShown((n) => Math.max(0, n + delta)), []);
  const value = useMemo(() => ({ shown, report }), [shown, report]);
  return <SummariesShown.Provider value={value}>{children}</SummariesShown.Provider>;
}

/** Called by the error summary while it shows errors. */
export function useReportErrorsShown(showing: boolean) {
  const { report } = useContext(SummariesShown);
  useEffect(() => {
    if (!showing) return;
    report(1);
    return () => report(-1);
  }, [showing, report]);
}

/** The title the deepest route's `meta` gives (routes give nothing else in `meta`). */
function usePageTitle(): string {
  const { routeModules } = useContext(UNSAFE_RemixContext)!;
  const matches = useMatches();
  const location = useLocation();
  let title = "";
  const metaMatches = matches.map((m) => ({ ...m, meta: [] as unknown[] }));
  for (const match of matches) {
    const meta = routeModules[match.id]?.meta;
    if (typeof meta !== "function") continue;
    const descriptors = meta({ data: match.data, params: match.params, location, matches: metaMatches as never, error: undefined }) ?? [];
    for (const d of descriptors) if (d && "title" in d) title = String(d.title);
  }
  return title;
}

export function PageTitle() {
  const { shown } = useContext(SummariesShown);
  const actionData = useContext(UNSAFE_DataRouterStateContext)?.actionData;
  const refused = Object.values(actionData ?? {}).some(hasFormErrors);
  const title = usePageTitle();
  if (!refused && shown === 0) return <Meta />;
  return <title>{`Error: ${title}`}</title>;
}
