import type { Locale } from './locale.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `11-29 10:32` in the bank's time zone (cards are read the same day; the year is noise). */
export function formatShortTime(iso: string | Date, timeZone: string, locale: Locale): string {
  const key = `${timeZone}|${locale}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(key, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export const formatPercent = (value: number | null, digits = 1): string => (value === null ? '—' : `${(value * 100).toFixed(digits)}%`);

export function formatSeconds(value: number | null, locale: Locale): string {
  if (value === null) return '—';
  const total = Math.round(value); // round first: 119.6 s is 2分0秒, never 1分60秒
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  if (locale === 'en') return minutes > 0 ? `${minutes} min ${seconds} s` : `${seconds} s`;
  return minutes > 0 ? `${minutes}分${seconds}秒` : `${seconds}秒`;
}
