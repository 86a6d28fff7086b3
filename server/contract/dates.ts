import { z } from 'zod';

/**
 * The one strict date parser of every endpoint (HTTP bodies and queries, socket payloads). A date
 * must exist (no 30 February: `Date.parse` would roll it over to 2 March) and lie within sane
 * bounds (PostgreSQL and the bank-time arithmetic misbehave on year 0 or 9999); times need an
 * explicit offset (a bank in Shanghai and a server in UTC must not disagree about "10:00").
 */
export const FIRST_DAY = '1970-01-01';
export const LAST_DAY = '2099-12-31';
export const DAY_REASON = `must be a date written YYYY-MM-DD, between ${FIRST_DAY} and ${LAST_DAY}`;
export const TIME_REASON = `must be an ISO-8601 time with an offset, e.g. 2026-11-01T10:30:00+08:00, between ${FIRST_DAY} and ${LAST_DAY}`;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-](\d{2}):?(\d{2}))$/;

function dayExists(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const inBounds = (day: string): boolean => day >= FIRST_DAY && day <= LAST_DAY;

/** `YYYY-MM-DD` that exists in the calendar and lies within the bounds. */
export function isStrictDay(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const m = DAY.exec(text);
  return !!m && dayExists(Number(m[1]), Number(m[2]), Number(m[3])) && inBounds(text);
}

/** The instant of an ISO-8601 time with an offset, or undefined when malformed, impossible or out of bounds. */
export function parseStrictTime(text: unknown): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const m = TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  if (!dayExists(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  if (m[9] !== undefined && (Number(m[9]) > 14 || Number(m[10]) > 59)) return undefined;
  if (!inBounds(`${m[1]}-${m[2]}-${m[3]}`)) return undefined;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

/** A day on the wire (`day=2026-11-05`). */
export const DaySchema = z.string({ message: DAY_REASON }).refine(isStrictDay, DAY_REASON);
/** A time on the wire; stays a string (handlers turn it into a Date where they need one). */
export const TimeSchema = z.string({ message: TIME_REASON }).refine((v) => parseStrictTime(v) !== undefined, TIME_REASON);
