/**
 * Wall-clock helpers for the simulator: queue machines stamp events in the bank's local time with
 * its offset (2026-11-28T09:15:02+08:00), and opening hours are local. Written for any IANA zone
 * (offsets read from Intl, not assumed), although Chinese banks run on Asia/Shanghai.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export interface LocalTime {
  /** 'YYYY-MM-DD' in the zone. */
  isoDate: string;
  dayOfMonth: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Minutes since local midnight, with seconds as a fraction. */
  minuteOfDay: number;
  /** Local time minus UTC, in minutes (+480 for Asia/Shanghai). */
  offsetMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

// Intl is slow next to the simulator's pace (every event is stamped), so offsets are cached per
// zone and UTC hour: zones change offset on hour boundaries.
function offsetMinutesAt(ms: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(ms / 3_600_000)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    let formatter = formatters.get(timeZone);
    if (!formatter) {
      formatter = new Intl.DateTimeFormat('en-CA', {
        timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      });
      formatters.set(timeZone, formatter);
    }
    const p: Record<string, number> = {};
    for (const part of formatter.formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    const asUtc = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
    offset = Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
    if (offsets.size > 10_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function localTime(ms: number, timeZone: string): LocalTime {
  const offsetMinutes = offsetMinutesAt(ms, timeZone);
  // A Date shifted by the offset reads, in UTC, as the local wall clock.
  const wall = new Date(ms + offsetMinutes * 60_000);
  const startOfDay = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate());
  return {
    isoDate: wall.toISOString().slice(0, 10),
    dayOfMonth: wall.getUTCDate(),
    weekday: wall.getUTCDay(),
    minuteOfDay: (wall.getTime() - startOfDay) / 60_000,
    offsetMinutes,
  };
}

/** The instant at `minuteOfDay` local minutes after midnight of `isoDate` in the zone. */
export function instantOf(isoDate: string, minuteOfDay: number, timeZone: string): number {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(year, month - 1, day) + minuteOfDay * 60_000;
  // Two passes settle the offset even when the first guess lands across a DST change.
  let guess = naive - localTime(naive, timeZone).offsetMinutes * 60_000;
  guess = naive - localTime(guess, timeZone).offsetMinutes * 60_000;
  return guess;
}

/** ISO-8601 with the zone's offset, to the second: `2026-11-28T09:15:02+08:00`. */
export function formatAt(ms: number, timeZone: string): string {
  const offset = offsetMinutesAt(ms, timeZone);
  const wall = new Date(Math.floor(ms / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
  const abs = Math.abs(offset);
  return `${wall}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * A stable 32-bit hash of the parts: seeds per branch and slot, and branch traits. FNV-1a, then
 * murmur3's finalizer: FNV alone leaves codes that differ in one digit (BJ0101, BJ0102) clustered.
 */
export function stableHash(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
