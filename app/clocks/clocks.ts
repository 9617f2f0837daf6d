/**
 * The front door's clocks, in Europe/London working days (Monday–Friday, not a bank holiday).
 * Pure: the time and the bank holidays are passed in.
 *
 * - Decision: by the end of the first working day after the local date the contact was received
 *   (Working Together 2023; MEASURES.md `decided_within_one_working_day`).
 * - Partners' information, from the priority set at screening: Red 4 hours, Amber the end of the
 *   next working day, Green the end of the third working day.
 *
 * "The end of a day" is local midnight at its close, the same as the measure uses.
 */
import bankHolidayFile from "./bank-holidays-england-and-wales.json";

export type Priority = "red" | "amber" | "green";

/** Bank holidays in England and Wales, `YYYY-MM-DD`. */
export type BankHolidays = ReadonlySet<string>;

export const ENGLAND_AND_WALES_BANK_HOLIDAYS: BankHolidays = new Set(bankHolidayFile.events.map((e) => e.date));

export interface PartnerTimescales {
  /** Red: hours from the request. */
  redHours: number;
  /** Amber: the end of this many working days after the request's date. */
  amberWorkingDays: number;
  /** Green: the end of this many working days after the request's date. */
  greenWorkingDays: number;
}

export const DEFAULT_PARTNER_TIMESCALES: PartnerTimescales = { redHours: 4, amberWorkingDays: 1, greenWorkingDays: 3 };

const localDateFormat = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });
const localTimeFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/**
 * Local dates by UTC hour: since 1900 London's offset from UTC has been a whole number of hours,
 * changed only on the hour (before 1847 it kept its own mean time, 75 seconds behind), so every instant
 * of one UTC hour has the same local date. Formatting a date in a time zone costs microseconds, and a
 * history import or the generator asks for millions; the hours remembered are forgotten together past
 * a bound.
 */
const localDateByHour = new Map<number, string>();
const LOCAL_DATE_HOURS_KEPT = 200_000;
const WHOLE_HOUR_OFFSETS_FROM = Date.UTC(1900, 0, 1);

/** The local (Europe/London) calendar date of an instant (a Date or epoch milliseconds), `YYYY-MM-DD`. */
export function londonDate(instant: Date | number): string {
  const ms = typeof instant === "number" ? instant : instant.getTime();
  if (!(ms >= WHOLE_HOUR_OFFSETS_FROM)) return localDateFormat.format(ms);
  const hour = Math.floor(ms / 3_600_000);
  let date = localDateByHour.get(hour);
  if (date === undefined) {
    date = localDateFormat.format(ms);
    if (localDateByHour.size >= LOCAL_DATE_HOURS_KEPT) localDateByHour.clear();
    localDateByHour.set(hour, date);
  }
  return date;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The instant local midnight begins the given date. */
export function londonMidnight(date: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  // London is UTC+0 (GMT) or UTC+1 (BST); midnight is never skipped by the clock changes (01:00).
  for (const offsetHours of [0, 1]) {
    const candidate = new Date(Date.UTC(y, m - 1, d) - offsetHours * 3600_000);
    if (londonDate(candidate) === date && localTimeFormat.format(candidate) === "00:00") return candidate;
  }
  throw new Error(`No local midnight found for ${date}`);
}

/** The instant of a local (Europe/London) date and time, `YYYY-MM-DD` and `HH:MM`. */
export function londonDateTime(date: string, time: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [h, min] = time.split(":").map(Number) as [number, number];
  const wanted = `${String(h).padStart(2, "0")}:${String(min).padStart(2, "0")}`;
  for (const offsetHours of [1, 0]) {
    const candidate = new Date(Date.UTC(y, m - 1, d, h, min) - offsetHours * 3600_000);
    if (londonDate(candidate) === date && localTimeFormat.format(candidate) === wanted) return candidate;
  }
  // A time the clocks skip (01:00–01:59 on the last Sunday of March): read it as GMT.
  return new Date(Date.UTC(y, m - 1, d, h, min));
}

export function isWorkingDay(date: string, holidays: BankHolidays): boolean {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(date);
}

/** The `n`th working day after the given date (n ≥ 1; the date itself never counts). */
export function nthWorkingDayAfter(date: string, n: number, holidays: BankHolidays): string {
  let day = date;
  for (let found = 0; found < n; ) {
    day = addDays(day, 1);
    if (isWorkingDay(day, holidays)) found += 1;
  }
  return day;
}

/** The end of the `n`th working day after the local date of `from`. */
export function endOfWorkingDaysAfter(from: Date, n: number, holidays: BankHolidays): Date {
  return londonMidnight(addDays(nthWorkingDayAfter(londonDate(from), n, holidays), 1));
}

/** When a contact received at `receivedAt` must be decided by. */
export function decisionDeadline(receivedAt: Date, holidays: BankHolidays): Date {
  return endOfWorkingDaysAfter(receivedAt, 1, holidays);
}

/**
 * `decisionDeadline` for many contacts (a history import, the generator): the deadline depends only on
 * the local date received, so it is worked out once per date, as an ISO string.
 */
export function decisionDeadlinesByDate(holidays: BankHolidays): (receivedAt: Date | string) => string {
  const byDate = new Map<string, string>();
  return (receivedAt) => {
    const received = new Date(receivedAt);
    const date = londonDate(received);
    let due = byDate.get(date);
    if (due === undefined) byDate.set(date, (due = decisionDeadline(received, holidays).toISOString()));
    return due;
  };
}

/** When a partner's information is due, from the priority set at screening. */
export function partnerDeadline(
  priority: Priority,
  requestedAt: Date,
  holidays: BankHolidays,
  timescales: PartnerTimescales = DEFAULT_PARTNER_TIMESCALES,
): Date {
  if (priority === "red") return new Date(requestedAt.getTime() + timescales.redHours * 3600_000);
  return endOfWorkingDaysAfter(requestedAt, priority === "amber" ? timescales.amberWorkingDays : timescales.greenWorkingDays, holidays);
}
