/**
 * Time to a deadline in words, for people scanning a queue: "due in 2 h 10 min", "due in 1 day 4 h",
 * "due in 3 days", "overdue by 1 day 4 h". Pure: `now` is passed in.
 *
 * - Under a day: hours and minutes ("2 h 10 min", "45 min", "3 h").
 * - From one day to under three: days and whole hours ("1 day 4 h", "2 days").
 * - Three days or more: whole days ("3 days").
 * Parts are rounded down, so "due in" never promises more time than there is. A deadline at or
 * before `now` is overdue.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface TimeLeft {
  overdue: boolean;
  /** Milliseconds to the deadline (negative when overdue). */
  milliseconds: number;
  /** "due in 2 h 10 min" or "overdue by 1 day". */
  words: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A length of time in words ("2 h 10 min", "1 day 4 h", "3 days"). */
export function durationWords(milliseconds: number): string {
  const ms = Math.abs(milliseconds);
  if (ms < MINUTE) return "less than a minute";
  if (ms < DAY) {
    const hours = Math.floor(ms / HOUR);
    const minutes = Math.floor((ms % HOUR) / MINUTE);
    return [hours ? `${hours} h` : "", minutes ? `${minutes} min` : ""].filter(Boolean).join(" ");
  }
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  if (days >= 3 || hours === 0) return plural(days, "day", "days");
  return `${plural(days, "day", "days")} ${hours} h`;
}

export function timeLeft(deadline: Date | string, now: Date): TimeLeft {
  const milliseconds = new Date(deadline).getTime() - now.getTime();
  const overdue = milliseconds <= 0;
  return { overdue, milliseconds, words: overdue ? `overdue by ${durationWords(milliseconds)}` : `due in ${durationWords(milliseconds)}` };
}

const longDate = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" });

/** A calendar date in full: `2027-05-03` → "Monday 3 May 2027". */
export function formatLongDate(date: string): string {
  return longDate.format(new Date(`${date}T12:00:00Z`)).replace(",", "");
}
