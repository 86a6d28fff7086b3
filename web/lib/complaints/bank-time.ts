import { formatDateTime, zoneOffset } from '../format/datetime.ts';

/**
 * A `<input type="datetime-local">` holds a wall-clock time without a zone. Complaint times are
 * the bank's wall clock (a branch in Urumqi still records Beijing time), so the value is read and
 * written in the bank's zone, never the browser's.
 */
const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?$/;

const offsetMinutes = (offset: string): number => {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number);
  return sign * ((hours ?? 0) * 60 + (minutes ?? 0));
};

/** `2026-11-05T10:30` in Asia/Shanghai → `2026-11-05T10:30:00+08:00`; undefined when malformed. */
export function bankLocalToIso(local: string, timeZone: string): string | undefined {
  const match = LOCAL.exec(local.trim());
  if (!match) return undefined;
  const wall = `${match[1]}T${match[2]}:${match[3] ?? '00'}`;
  const asUtc = Date.parse(`${wall}Z`);
  if (Number.isNaN(asUtc)) return undefined;
  // The offset at the instant itself (asked twice, so a time near a daylight-saving change is right).
  let offset = zoneOffset(new Date(asUtc), timeZone);
  offset = zoneOffset(new Date(asUtc - offsetMinutes(offset) * 60_000), timeZone);
  return `${wall}${offset}`;
}

/** An instant as the value of a datetime-local input, in the bank's zone: `2026-11-05T10:30`. */
export function bankLocalInputValue(value: Date | string, timeZone: string): string {
  const text = formatDateTime(value, timeZone);
  return text === '—' ? '' : text.replace(' ', 'T');
}
