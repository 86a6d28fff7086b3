/**
 * Dates and times are always shown in the bank's time zone (default Asia/Shanghai), never the
 * browser's: a wall in a data centre set to UTC must still show Beijing time.
 * Every function takes the instant and the zone; none reads the clock.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

function toDate(value: string | Date): Date | undefined {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const parts = (date: Date, timeZone: string, options: Intl.DateTimeFormatOptions): Record<string, string> =>
  Object.fromEntries(
    dateTimeFormat('en-US', { timeZone, hourCycle: 'h23', ...options }).formatToParts(date).map((p) => [p.type, p.value]),
  );

/** `2025-11-29 00:30` in the bank's zone; the same digits in both locales, as Chinese banking software writes it. */
export function formatDateTime(value: string | Date, timeZone: string, _locale?: string): string {
  const date = toDate(value);
  if (!date) return '—';
  const p = parts(date, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** `14:05:09` (or `14:05` without seconds), 24-hour, in the bank's zone. */
export function formatTime(value: string | Date, timeZone: string, options: { hasSeconds?: boolean } = {}): string {
  const date = toDate(value);
  if (!date) return '—';
  const p = parts(date, timeZone, { hour: '2-digit', minute: '2-digit', ...(options.hasSeconds ? { second: '2-digit' } : {}) });
  return options.hasSeconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
}

/** The long date for a wall header: `2025年11月29日 星期六` / `Saturday, November 29, 2025`. */
export function formatLongDate(value: string | Date, timeZone: string, locale: string): string {
  const date = toDate(value);
  if (!date) return '—';
  return dateTimeFormat(locale, { timeZone, year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }).format(date);
}

/** The calendar day `YYYY-MM-DD` an instant falls on in the bank's zone. */
export function bankDay(value: string | Date, timeZone: string): string {
  const date = toDate(value);
  if (!date) return '';
  const p = parts(date, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${p.year}-${p.month}-${p.day}`;
}

/** A chat timestamp: only the time for today (in the bank's zone), the full date-time otherwise. */
export function formatMessageTime(value: string | Date, timeZone: string, now: Date): string {
  const date = toDate(value);
  if (!date) return '—';
  return bankDay(date, timeZone) === bankDay(now, timeZone) ? formatTime(date, timeZone) : formatDateTime(date, timeZone);
}

/** `+08:00`: the zone's offset from UTC at an instant. */
export function zoneOffset(value: Date, timeZone: string): string {
  const name = dateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(value).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /^GMT([+-]\d{2}:\d{2})$/.exec(name);
  return match ? match[1]! : '+00:00';
}

const offsetMinutes = (offset: string): number => {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number);
  return sign * ((hours ?? 0) * 60 + (minutes ?? 0));
};

/**
 * The first or last instant of a calendar day `YYYY-MM-DD` in the bank's zone, as an ISO date-time
 * with that zone's offset (`2025-11-29T00:00:00+08:00`, `2025-11-29T23:59:59.999+08:00`): for
 * "from" and "to" filters that mean whole bank days. Undefined for a malformed day.
 */
export function bankDayBoundary(day: string, timeZone: string, edge: 'start' | 'end'): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const time = edge === 'start' ? '00:00:00' : '23:59:59.999';
  const wall = Date.parse(`${day}T${time}Z`);
  if (Number.isNaN(wall)) return undefined;
  // The offset at the instant itself (twice, so a day on which daylight saving changes is right).
  let offset = zoneOffset(new Date(wall), timeZone);
  offset = zoneOffset(new Date(wall - offsetMinutes(offset) * 60_000), timeZone);
  return `${day}T${time}${offset}`;
}
