import { formatDeadline } from "./format";
import { durationWords, timeLeft } from "../clocks/time-left";

/**
 * A deadline as every page shows it, on one line: "by end of 3 Dec · due in 1 day 4 h", or, once it has
 * passed, "by end of 3 Dec · Overdue by 5 days" in red. `open` false (answered, decided) shows the date alone.
 */
export function Deadline({ at, now, open = true }: { at: Date | string | null | undefined; now: Date; open?: boolean }) {
  if (!at) return <span className="govuk-hint govuk-!-margin-0">Not worked out yet</span>;
  const when = new Date(at);
  const left = timeLeft(when, now);
  return (
    <span className="app-deadline" data-testid="deadline" data-overdue={open && left.overdue ? "true" : "false"}>
      <time dateTime={when.toISOString()}>{formatDeadline(when, now)}</time>
      {open ? (
        left.overdue ? (
          <strong className="app-deadline__overdue"> · Overdue by {durationWords(left.milliseconds)}</strong>
        ) : (
          <span className="app-deadline__left"> · {left.words}</span>
        )
      ) : null}
    </span>
  );
}
