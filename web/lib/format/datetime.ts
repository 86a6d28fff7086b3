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
