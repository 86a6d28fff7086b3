/**
 * History arithmetic (issue #16): the comparison periods the bank's plan asks for (同比, 环比, same
 * weekday last week), changes with the direction that is good for each KPI, months, quarters and
 * month series. Pure: days in, days and numbers out. Every comparison is computed from SUMS over
 * the period (computeKpis), never by averaging daily ratios, so a quiet 春节 day weighs what its
 * tickets weigh.
 */
import { addDays, daysBetween, isValidDay } from '../../platform/bank-time.ts';
import { EMPTY_SUMS } from './kpi.rules.ts';
import type { KpiName, KpiSums } from './kpi.types.ts';

export interface DayRange {
  from: string;
  to: string;
}

/** Whether a higher value is better ('up') or a lower one ('down'), per KPI with a target. */
export const KPI_DIRECTION: Readonly<Record<KpiName, 'up' | 'down'>> = Object.freeze({
  satisfactionRate: 'up',
  participationRate: 'up',
  averageWaitSeconds: 'down',
  longWaitShare: 'down',
  averageHandlingSeconds: 'down',
  errorRate: 'down',
  serviceIndex: 'up',
});

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_PATTERN = /^(\d{4})Q([1-4])$/;

export const isValidMonth = (text: string): boolean => MONTH_PATTERN.test(text);
export const isValidQuarter = (text: string): boolean => QUARTER_PATTERN.test(text);

/** 'YYYY-MM' of a day. */
export const monthOf = (day: string): string => day.slice(0, 7);

/** The last day of month 'YYYY-MM' (28, 29, 30 or 31). */
export function lastDayOfMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${month}-${String(days).padStart(2, '0')}`;
}

export const monthRange = (month: string): DayRange => ({ from: `${month}-01`, to: lastDayOfMonth(month) });

/** The month `n` months after `month` (negative: before). */
export function addMonths(month: string, n: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Days of a quarter 'YYYYQn'. */
export function quarterRange(quarter: string): DayRange {
  const match = QUARTER_PATTERN.exec(quarter);
  if (!match) throw new RangeError(`not a quarter: ${quarter}`);
  const first = `${match[1]}-${String((Number(match[2]) - 1) * 3 + 1).padStart(2, '0')}`;
  return { from: `${first}-01`, to: lastDayOfMonth(addMonths(first, 2)) };
}

const isMonthEnd = (day: string): boolean => lastDayOfMonth(monthOf(day)) === day;

/** Month to date: the first of `day`'s month through `day`. */
export const monthToDate = (day: string): DayRange => ({ from: `${monthOf(day)}-01`, to: day });

/**
 * The same period of another month for a month-to-date ending on `day`: the same days of the
 * month, capped at that month's length; a month-to-date that is the whole month (it ends on the
 * month's last day) compares with the whole other month. So 29 Feb 2028 compares with 1–28 Feb
 * 2027, 28 Feb 2029 with 1–29 Feb 2028, and 31 March with 1–28 (or 29) February.
 */
function samePeriodIn(day: string, month: string): DayRange {
  const whole = monthRange(month);
  if (isMonthEnd(day)) return whole;
  const candidate = `${month}-${day.slice(8, 10)}`;
  return { from: whole.from, to: isValidDay(candidate) && candidate <= whole.to ? candidate : whole.to };
}

/** 同比: the same month-to-date period a year earlier. */
export const samePeriodLastYear = (day: string): DayRange => samePeriodIn(day, addMonths(monthOf(day), -12));

/** 环比: the same month-to-date period of the previous month. */
export const samePeriodLastMonth = (day: string): DayRange => samePeriodIn(day, addMonths(monthOf(day), -1));

/** The same weekday a week earlier. */
export const sameWeekdayLastWeek = (day: string): string => addDays(day, -7);

/** Every day of a range, in order. */
export function daysOf(range: DayRange): string[] {
  const n = daysBetween(range.from, range.to);
  return Array.from({ length: Math.max(0, n + 1) }, (_, i) => addDays(range.from, i));
}

export function addSums(a: KpiSums, b: KpiSums): KpiSums {
  const result = { ...a };
  for (const key of Object.keys(EMPTY_SUMS) as (keyof KpiSums)[]) result[key] = a[key] + b[key];
  return result;
}

/** The sums of the days of `range` in a day → sums map (missing days count as zero). */
export function sumRange(byDay: ReadonlyMap<string, KpiSums>, range: DayRange): KpiSums {
  let total: KpiSums = { ...EMPTY_SUMS };
  for (const [day, sums] of byDay) if (day >= range.from && day <= range.to) total = addSums(total, sums);
  return total;
}

/** Day sums grouped into months ('YYYY-MM'), in month order. */
export function sumByMonth(byDay: ReadonlyMap<string, KpiSums>): Map<string, KpiSums> {
  const months = new Map<string, KpiSums>();
  for (const day of [...byDay.keys()].sort()) months.set(monthOf(day), addSums(months.get(monthOf(day)) ?? { ...EMPTY_SUMS }, byDay.get(day)!));
  return months;
}

export interface Change {
  value: number | null;
  previous: number | null;
  /** value − previous; null when either is missing. */
  delta: number | null;
  /** delta / |previous|; null when either is missing or previous is 0. */
  relative: number | null;
  /** Whether the change goes the good way for the KPI; null when unknown or unchanged. */
  better: boolean | null;
}

export function compareValues(value: number | null, previous: number | null, direction: 'up' | 'down'): Change {
  if (value === null || previous === null) return { value, previous, delta: null, relative: null, better: null };
  const delta = value - previous;
  return {
    value, previous, delta,
    relative: previous === 0 ? null : delta / Math.abs(previous),
    better: delta === 0 ? null : (delta > 0) === (direction === 'up'),
  };
}

/** Whether `value` meets `target` in the KPI's direction (≥ for 'up', ≤ for 'down'); null without either. */
export function meetsTarget(value: number | null, target: number | undefined, direction: 'up' | 'down'): boolean | null {
  if (value === null || target === undefined) return null;
  return direction === 'up' ? value >= target : value <= target;
}
