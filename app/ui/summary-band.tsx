/**
 * The summary band at the top of a work list (issue 11, "Dense, scannable lists"): a few counts on
 * one line, each a link to the list narrowed to what it counts. A count needing attention (overdue,
 * immediate risk) is marked when it is not zero.
 */
import { Link } from "@remix-run/react";
import { formatNumber } from "./format";

export interface SummaryBandItem {
  /** A name for tests (`data-testid="band-<key>"`). */
  key: string;
  label: string;
  value: number;
  href: string;
  /** Needs attention now: shown in red while not zero. */
  alert?: boolean;
}

export function SummaryBand({ label, items }: { label: string; items: readonly SummaryBandItem[] }) {
  return (
    <ul className="app-summary-band" aria-label={label} data-testid="summary-band">
      {items.map((item) => (
        <li key={item.key} className={`app-summary-band__item${item.alert && item.value > 0 ? " app-summary-band__item--alert" : ""}`}>
          <Link className="govuk-link app-summary-band__link" to={item.href} data-testid={`band-${item.key}`}>
            <span className="app-summary-band__value">{formatNumber(item.value)}</span> <span className="app-summary-band__label">{item.label}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
