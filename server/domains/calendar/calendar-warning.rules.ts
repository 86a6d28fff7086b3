/**
 * When to warn that next year's holiday schedule is still tentative, and the checks a typed-in
 * year must pass. Pure: the clock and the bank's time zone are passed in.
 */
import { bankDay } from '../../platform/bank-time.ts';
import { parseIsoDate } from './calendar.rules.ts';
import { CALENDAR_DAY_KINDS, type CalendarDay } from './calendar.types.ts';

// The State Council publishes next year's schedule in November or December; warning from
// 1 December leaves the back office the whole month to import it before deadlines cross New Year.
const WARN_FROM_MONTH_DAY = '12-01';

export interface NextYearStatus {
  nextYear: number;
  tentative: boolean;
  warn: boolean;
}

/** Next year (bank time), whether it is tentative, and whether to warn (from 1 December, bank time). */
export function nextYearCalendarStatus(now: Date, timeZone: string, officialYears: readonly number[]): NextYearStatus {
  const today = bankDay(now, timeZone);
  const nextYear = Number(today.slice(0, 4)) + 1;
  const tentative = !officialYears.includes(nextYear);
  return { nextYear, tentative, warn: tentative && today.slice(5) >= WARN_FROM_MONTH_DAY };
}

export const isNextYearTentativeWarning = (now: Date, timeZone: string, officialYears: readonly number[]): boolean =>
  nextYearCalendarStatus(now, timeZone, officialYears).warn;

export interface DayIssue {
  field: string;
  reason: string;
}

/**
 * Checks the days typed in for `year` (the same rules as the CSV import: a real date, holiday or
 * workday, a name) plus: inside that year, no date twice. Returns the first problems, by field.
 */
export function checkYearDays(year: number, days: readonly { date?: unknown; kind?: unknown; name?: unknown }[]): { issues: DayIssue[]; days: CalendarDay[] } {
  const issues: DayIssue[] = [];
  const seen = new Set<string>();
  const valid: CalendarDay[] = [];
  days.forEach((d, i) => {
    const at = `days[${i}]`;
    const date = typeof d.date === 'string' ? d.date : '';
    const name = typeof d.name === 'string' ? d.name.trim() : '';
    const kind = d.kind;
    let ok = true;
    if (parseIsoDate(date) === undefined) { issues.push({ field: `${at}.date`, reason: 'must be a date YYYY-MM-DD' }); ok = false; }
    else if (Number(date.slice(0, 4)) !== year) { issues.push({ field: `${at}.date`, reason: `must be in ${year}` }); ok = false; }
    else if (seen.has(date)) { issues.push({ field: `${at}.date`, reason: `${date} appears twice` }); ok = false; }
    if (!(CALENDAR_DAY_KINDS as readonly unknown[]).includes(kind)) { issues.push({ field: `${at}.kind`, reason: `must be one of ${CALENDAR_DAY_KINDS.join(', ')}` }); ok = false; }
    if (name.length === 0 || name.length > 100) { issues.push({ field: `${at}.name`, reason: 'must be 1–100 characters' }); ok = false; }
    seen.add(date);
    if (ok) valid.push({ date, kind: kind as CalendarDay['kind'], name });
  });
  return { issues, days: valid.sort((a, b) => a.date.localeCompare(b.date)) };
}
