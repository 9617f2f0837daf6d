import { formatNumber } from "../ui/format";
import { labelOf, RAG_RATINGS } from "../vocabulary";

/** A row of headline figures, each with what it counts. */
export function SummaryFigures({ figures }: { figures: { label: string; value: number }[] }) {
  return (
    <ul className="app-summary-figures govuk-list" aria-label="Summary">
      {figures.map((f) => (
        <li key={f.label} className="app-summary-figure">
          <span className="app-summary-figure__value">{formatNumber(f.value)}</span>
          <span className="app-summary-figure__label">{f.label}</span>
        </li>
      ))}
    </ul>
  );
}

export function PriorityTag({ priority }: { priority: string | null }) {
  if (!priority) return <span className="govuk-tag govuk-tag--grey">Not set</span>;
  const className = { red: "govuk-tag--red", amber: "govuk-tag--orange", green: "govuk-tag--green" }[priority] ?? "govuk-tag--grey";
  return <strong className={`govuk-tag ${className}`}>{labelOf(RAG_RATINGS, priority)}</strong>;
}
