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

const sheetDateTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/**
 * `DD/MM/YYYY HH:MM:SS` in Europe/London, as a spreadsheet reads it (the CSV and XLSX downloads);
 * `DD/MM/YYYY HH:MM` with `seconds: false`.
 */
export function spreadsheetDateTime(at: Date, options: { seconds?: boolean } = {}): string {
  const text = sheetDateTime.format(at).replace(",", "");
  return options.seconds === false ? text.slice(0, -3) : text;
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

/**
 * The child's name: the linked person's, else the name the referrer gave (`described_child`, also from a
 * public report) marked as not yet linked, else "Not yet linked to a child".
 */
export function personName(person: {
  first_name: string | null;
  last_name: string | null;
  described_child?: { firstName: string | null; lastName: string } | null;
}): string {
  if (!person.last_name) {
    const given = person.described_child;
    if (given?.lastName) return `${[given.firstName, given.lastName].filter(Boolean).join(" ")} (not yet linked)`;
    return "Not yet linked to a child";
  }
  return person.first_name ? `${person.first_name} ${person.last_name}` : `${person.last_name} (unborn)`;
}

export function formatNumber(n: number): string {
  return n.toLocaleString("en-GB");
}

const localTime = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

const dayMonth = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, day: "numeric", month: "short" });
const localYear = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, year: "numeric" });

/**
 * A deadline, the one way every page shows it: "by end of 3 Dec" for one at local midnight (that is how
 * the working-day clocks set them: the end of the day before), "by 14:30 on 3 Dec" for one at a time of
 * day (Red's 4 hours). The year is added when it is not the year of `now` ("by end of 3 Jan 2027").
 */
export function formatDeadline(value: Date | string | null | undefined, now: Date = new Date()): string {
  if (!value) return "";
  const date = new Date(value);
  const endOfDay = localTime.format(date) === "00:00";
  const day = endOfDay ? new Date(date.getTime() - 60_000) : date;
  const dayText = localYear.format(day) === localYear.format(now) ? dayMonth.format(day) : dateOnly.format(day);
  return endOfDay ? `by end of ${dayText}` : `by ${localTime.format(date)} on ${dayText}`;
}
