import chineseDays from 'chinese-days';
import type { CalendarDay, CalendarSource, IsoDate } from './calendar.types.ts';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Far beyond any statutory deadline; stops a runaway loop on a calendar made only of holidays.
const MAX_STEPS = 100_000;

/** Days since 1970-01-01 for a valid 'YYYY-MM-DD', or undefined (also for 2026-02-30). */
export function parseIsoDate(value: string): number | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}

export const formatEpochDay = (epochDay: number): IsoDate => new Date(epochDay * DAY_MS).toISOString().slice(0, 10);

function toEpochDay(date: IsoDate): number {
  const day = parseIsoDate(date);
  if (day === undefined) throw new RangeError(`not a calendar date: "${date}" (expected YYYY-MM-DD)`);
  return day;
}

export const addDays = (date: IsoDate, days: number): IsoDate => formatEpochDay(toEpochDay(date) + days);

// 1970-01-01 was a Thursday; 0 = Sunday … 6 = Saturday.
const isWeekend = (epochDay: number): boolean => {
  const weekday = (((epochDay + 4) % 7) + 7) % 7;
  return weekday === 0 || weekday === 6;
};

/**
 * Working-day arithmetic for one bank calendar. Dates are 'YYYY-MM-DD'. A weekday is a working
 * day unless it is listed as a holiday; a Saturday or Sunday is a rest day unless it is listed as
 * a make-up workday (调休). Years without entries fall back to that weekday rule.
 */
export interface WorkingCalendar {
  isWorkingDay(date: IsoDate): boolean;
  /** The entry for a date (holiday or make-up workday with its festival name), if any. */
  findDay(date: IsoDate): CalendarDay | undefined;
  /** The n-th working day after `date` (before it when n < 0); `date` itself is not counted, n = 0 returns it. */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: IsoDate): IsoDate;
  /**
   * Working days d with from < d ≤ to (negative when to < from), so that
   * addWorkingDays(from, workingDaysBetween(from, to)) === to whenever `to` is a working day.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): number;
}

export function createWorkingCalendar(days: readonly CalendarDay[]): WorkingCalendar {
  const byDay = new Map<number, CalendarDay>();
  for (const entry of days) byDay.set(toEpochDay(entry.date), entry);

  const isWorking = (epochDay: number): boolean => {
    const entry = byDay.get(epochDay);
    if (entry) return entry.kind === 'workday';
    return !isWeekend(epochDay);
  };

  const step = (start: number, n: number): number => {
    const direction = n < 0 ? -1 : 1;
    let day = start;
    let remaining = Math.abs(n);
    for (let guard = 0; remaining > 0; guard++) {
      if (guard > MAX_STEPS) throw new RangeError('no working day found within 100,000 days');
      day += direction;
      if (isWorking(day)) remaining--;
    }
    return day;
  };

  return {
    isWorkingDay: (date) => isWorking(toEpochDay(date)),
    findDay: (date) => byDay.get(toEpochDay(date)),
    addWorkingDays: (date, n) => formatEpochDay(step(toEpochDay(date), Math.trunc(n))),
    nextWorkingDay: (date) => formatEpochDay(step(toEpochDay(date), 1)),
    workingDaysBetween(from, to) {
      const [a, b] = [toEpochDay(from), toEpochDay(to)];
      const [low, high, sign] = a <= b ? [a, b, 1] : [b, a, -1];
      let count = 0;
      for (let day = low + 1; day <= high; day++) if (isWorking(day)) count++;
      return sign * count;
    },
  };
}

const lunarToSolar = (year: number, month: number, day: number): IsoDate =>
  chineseDays.getSolarDateFromLunar(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`).date;

/**
 * The statutory festival days (全体公民放假的节日) of a year, for years the State Council has not
 * yet scheduled: tentative. Follows the 2024 revision of 《全国年节及纪念日放假办法》 (in force
 * from 2025): 元旦 1 day, 春节 4 (除夕 and the first three lunar days), 清明 1, 劳动节 2, 端午 1,
 * 中秋 1, 国庆 3. Bridge days and make-up workdays cannot be derived; only the notice gives them.
 * When two festivals fall on the same day (中秋 on 10-03 in 2028) the entry names both.
 */
export function computeTraditionalFestivals(year: number): CalendarDay[] {
  const pad = (n: number) => String(n).padStart(2, '0');
  const fixed = (month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;
  const springFestival = lunarToSolar(year, 1, 1);
  const festivals: [IsoDate, string][] = [
    [fixed(1, 1), '元旦'],
    [addDays(springFestival, -1), '春节'],
    [springFestival, '春节'],
    [addDays(springFestival, 1), '春节'],
    [addDays(springFestival, 2), '春节'],
    [chineseDays.getSolarTermDate(year, 4, 'pure_brightness'), '清明'],
    [fixed(5, 1), '劳动节'],
    [fixed(5, 2), '劳动节'],
    [lunarToSolar(year, 5, 5), '端午'],
    [lunarToSolar(year, 8, 15), '中秋'],
    [fixed(10, 1), '国庆节'],
    [fixed(10, 2), '国庆节'],
    [fixed(10, 3), '国庆节'],
  ];
  const byDate = new Map<IsoDate, string>();
  for (const [date, name] of festivals) byDate.set(date, byDate.has(date) ? `${byDate.get(date)}、${name}` : name);
  return [...byDate]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, name]) => ({ date, kind: 'holiday', name }));
}

/** Years the calendar should hold through `currentYear + SEED_HORIZON_YEARS` (tentative if need be). */
export const SEED_HORIZON_YEARS = 2;

/**
 * Which years seeding writes, and from where. Sources rank import > chinese-days > computed: the
 * package's official data fills missing years and replaces computed ones; computed festivals
 * fill only the years from `currentYear` to the horizon that nothing else covers; an imported year
 * is never touched.
 */
export function planCalendarSeeding(
  existing: ReadonlyMap<number, CalendarSource>,
  packageYears: readonly number[],
  currentYear: number,
): { year: number; source: CalendarSource }[] {
  const plan = new Map<number, CalendarSource>();
  for (const year of packageYears) {
    const current = existing.get(year);
    if (current === undefined || current === 'computed') plan.set(year, 'chinese-days');
  }
  for (let year = currentYear; year <= currentYear + SEED_HORIZON_YEARS; year++) {
    if (!existing.has(year) && !packageYears.includes(year)) plan.set(year, 'computed');
  }
  return [...plan].sort(([a], [b]) => a - b).map(([year, source]) => ({ year, source }));
}
