/** Dates and times as people in England read them, always in Europe/London. */
const TIME_ZONE = "Europe/London";

const dateTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: TIME_ZONE,
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const dateOnly = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, day: "numeric", month: "short", year: "numeric" });

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "";
  return dateTime.format(new Date(value));
}

/**
 * Who changed a record while the user was working on it, and when — "Sam Okafor changed it at
 * 5 Dec 2026, 14:03" — for the 409 that keeps what they typed. `what` is the change in words.
 */
export function changedMeanwhile(change: { changedBy: string | null; changedAt: Date | null }, what = "changed it"): string {
  return `${change.changedBy ?? "Someone"} ${what} at ${change.changedAt ? formatDateTime(change.changedAt) : "just now"}`;
}

/** A calendar date (`YYYY-MM-DD`) or a timestamp, as a date. */
export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return "";
  const date = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return dateOnly.format(date);
}

export function personName(person: { first_name: string | null; last_name: string | null }): string {
  if (!person.last_name) return "Not yet linked to a child";
  return person.first_name ? `${person.first_name} ${person.last_name}` : `${person.last_name} (unborn)`;
}

export function formatNumber(n: number): string {
  return n.toLocaleString("en-GB");
}

const localTime = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** A deadline: one at local midnight is "end of" the day before it (that is how the clocks set them). */
export function formatDeadline(value: Date | string | null | undefined): string {
  if (!value) return "";
  const date = new Date(value);
  if (localTime.format(date) === "00:00") return `end of ${dateOnly.format(new Date(date.getTime() - 60_000))}`;
  return dateTime.format(date);
}
