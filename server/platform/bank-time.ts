/**
 * Bank days: calendar days ('YYYY-MM-DD') in the bank's time zone, the unit every daily KPI is
 * summed over, and the days a KPI is compared with. Time is always a parameter.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock fields of `instant` in `timeZone`. */
function wallClock(instant: Date, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second),
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const formatDay = (year: number, month: number, day: number): string => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/** Whether `text` is a real calendar day written 'YYYY-MM-DD' (2026-02-29 is not). */
export function isValidDay(text: string): boolean {
  const match = DAY_PATTERN.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function parseDay(day: string): { year: number; month: number; day: number } {
  if (!isValidDay(day)) throw new RangeError(`not a day: ${day}`);
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return { year, month, day: date };
}

/** The bank day `instant` falls on ("today" at that instant). */
export function bankDay(instant: Date, timeZone: string): string {
  const t = wallClock(instant, timeZone);
  return formatDay(t.year, t.month, t.day);
}

export function addDays(day: string, days: number): string {
  const p = parseDay(day);
  const date = new Date(Date.UTC(p.year, p.month - 1, p.day) + days * DAY_MS);
  return formatDay(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export const previousDay = (day: string): string => addDays(day, -1);

/** The same calendar day a year earlier; 29 February compares with 28 February. */
export function sameDayLastYear(day: string): string {
  const p = parseDay(day);
  const candidate = formatDay(p.year - 1, p.month, p.day);
  return isValidDay(candidate) ? candidate : formatDay(p.year - 1, p.month, p.day - 1);
}

/** The first instant of a bank day (local midnight, or the first hour after a DST gap at midnight). */
export function startOfBankDay(day: string, timeZone: string): Date {
  const p = parseDay(day);
  const utcMidnight = Date.UTC(p.year, p.month - 1, p.day);
  // Two passes: the offset at the first guess may differ from the offset at local midnight (DST).
  let start = utcMidnight - offsetMs(new Date(utcMidnight), timeZone);
  start = utcMidnight - offsetMs(new Date(start), timeZone);
  while (bankDay(new Date(start), timeZone) < day) start += HOUR_MS;
  while (bankDay(new Date(start - HOUR_MS), timeZone) === day) start -= HOUR_MS;
  return new Date(start);
}

/** The zone's offset from UTC at `instant`, in milliseconds (Asia/Shanghai: +8 h). */
function offsetMs(instant: Date, timeZone: string): number {
  const t = wallClock(instant, timeZone);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The start of every bank-local hour of `day`, in order: 24 of them, or 23/25 on a DST change.
 * These are the `hour` values the ingest writes into branch_hour_kpis.
 */
export function hoursOfBankDay(day: string, timeZone: string): Date[] {
  const start = startOfBankDay(day, timeZone).getTime();
  const end = startOfBankDay(addDays(day, 1), timeZone).getTime();
  const hours: Date[] = [];
  for (let t = start; t < end; t += HOUR_MS) hours.push(new Date(t));
  return hours;
}

/** 23:59:59 of a bank day: the statutory "end of the day" a deadline names. */
export function endOfBankDay(day: string, timeZone: string): Date {
  return new Date(startOfBankDay(addDays(day, 1), timeZone).getTime() - 1000);
}

/** Calendar days between two bank days (to − from). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
