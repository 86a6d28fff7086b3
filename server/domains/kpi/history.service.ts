/**
 * History reads (issue #16): a KPI's day or month series for a scope, and each KPI compared with
 * the same weekday last week, the same month-to-date last year (同比) and last month (环比), and
 * its target, with a 30-day trend. Reads only, from the rollups; access control is the caller's.
 */
import type { Queryable, Sql } from '../../../db/types.ts';
import { addDays } from '../../platform/bank-time.ts';
import { AppError } from '../../platform/errors.ts';
import { selectDaySeries, selectHistoryWatermark, refreshRegionDays } from './history.repo.ts';
import {
  addMonths, compareValues, KPI_DIRECTION, meetsTarget, monthOf, monthRange, monthToDate, samePeriodLastMonth, samePeriodLastYear,
  sameWeekdayLastWeek, sumByMonth, sumRange, type Change, type DayRange,
} from './history.rules.ts';
import { selectTargets } from './kpi.repo.ts';
import { computeKpis, EMPTY_SUMS, groupTargets, resolveTargets } from './kpi.rules.ts';
import { ancestorIdsOf, assertDay, bankScoring, findKpiUnit, READ_SNAPSHOT, scopeTextOf } from './kpi.service.ts';
import { KPI_NAMES, type KpiName, type KpiSums, type KpiTargets, type KpiUnit, type KpiValues } from './kpi.types.ts';
import { CARE_WINDOW_DAYS, type QualitySums, type UnitQuality } from './quality.rules.ts';
import { readUnitQuality } from './quality.service.ts';

/** The series a history can be asked for: every KPI with a target, and the plain volumes. */
export const HISTORY_KPIS = [...KPI_NAMES, 'issued', 'finished', 'evaluations', 'serviceErrors'] as const;
export type HistoryKpi = (typeof HISTORY_KPIS)[number];

/** Longest range one history read answers (two years and some: a 13-month page with its year-ago line). */
export const MAX_HISTORY_DAYS = 800;

export interface KpiHistory {
  scope: string;
  name: string;
  kpi: HistoryKpi;
  grain: 'day' | 'month';
  from: string;
  to: string;
  items: { period: string; value: number | null; target: number | null }[];
}

/** Per-KPI comparisons of one day, as the wall tiles and the KPI page show them. */
export interface KpiComparison {
  /** Every KPI with a target, and tickets issued (a volume: no target, more counts as up). */
  kpi: KpiName | 'issued';
  direction: 'up' | 'down';
  target: number | null;
  today: number | null;
  meetsTarget: boolean | null;
  /** Today vs the same weekday a week earlier. */
  lastWeek: Change;
  monthToDate: number | null;
  monthMeetsTarget: boolean | null;
  /** 同比: month to date vs the same period last year. */
  yearOnYear: Change;
  /** 环比: month to date vs the same period last month. */
  monthOnMonth: Change;
  /** The last 30 days, oldest first (null where the unit had no data). */
  trend: { day: string; value: number | null }[];
}

export interface ScopeComparisons {
  scope: string;
  name: string;
  day: string;
  periods: { monthToDate: DayRange; lastYear: DayRange; lastMonth: DayRange; lastWeekDay: string };
  items: KpiComparison[];
}

export interface UnitReadContext {
  unit: KpiUnit;
  targets: KpiTargets;
  /** With `quality` (qualityOf), the service index includes inspections, fixes and care (ADR 0022). */
  kpisOf(sums: KpiSums | undefined, quality?: QualitySums): KpiValues;
  series(range: DayRange): Promise<Map<string, KpiSums>>;
  /**
   * The supervision counts as of the end of `range.to` (care due from `range.from`), never past
   * `today`; undefined when the context was made without a time zone.
   */
  qualityOf(range: DayRange): Promise<UnitQuality | undefined>;
}

/** The window a single day's supervision figures cover (the same as the live reads'). */
export const dayWindow = (day: string): DayRange => ({ from: addDays(day, 1 - CARE_WINDOW_DAYS), to: day });

/** The unit, its targets and scoring, and a day-series reader, in the caller's transaction. */
export async function unitReadContext(tx: Queryable, scope: string, clock?: { timeZone: string; today: string }): Promise<UnitReadContext> {
  const unit = await findKpiUnit(tx, scope);
  const targetsByRegion = groupTargets(await selectTargets(tx, ancestorIdsOf(unit)));
  const scoring = await bankScoring(tx, targetsByRegion);
  const watermark = await selectHistoryWatermark(tx);
  // Several KPIs of one answer share a period: each period's counts are read once.
  const qualities = new Map<string, Promise<UnitQuality>>();
  return {
    unit,
    targets: resolveTargets(targetsByRegion, ancestorIdsOf(unit)),
    kpisOf: (sums, quality) => computeKpis(sums ?? EMPTY_SUMS, scoring, quality),
    series: (range) => selectDaySeries(tx, unit, range, watermark),
    qualityOf: async (range) => {
      if (!clock || range.from > clock.today) return undefined;
      const to = range.to > clock.today ? clock.today : range.to;
      const key = `${range.from}|${to}`;
      if (!qualities.has(key)) qualities.set(key, readUnitQuality(tx, unit, { day: to, from: range.from, timeZone: clock.timeZone }));
      return qualities.get(key)!;
    },
  };
}

export async function getKpiHistory(sql: Sql, input: { scope: string; kpi: HistoryKpi; from: string; to: string; grain: 'day' | 'month'; clock?: { timeZone: string; today: string } | undefined }): Promise<KpiHistory> {
  const from = assertDay(input.from, 'from');
  const to = assertDay(input.to, 'to');
  if (to < from) throw AppError.invalid('to', 'must not be before from');
  if (addDays(from, MAX_HISTORY_DAYS) < to) throw AppError.invalid('to', `must be at most ${MAX_HISTORY_DAYS} days after from`);
  return sql.begin(READ_SNAPSHOT, async (tx) => {
    const context = await unitReadContext(tx, input.scope, input.clock);
    const byDay = await context.series({ from, to });
    const target = (input.kpi in KPI_DIRECTION ? context.targets[input.kpi as KpiName] : undefined) ?? null;
    // Only the index needs the supervision counts (one read per period).
    const qualityOf = async (range: DayRange) => (input.kpi === 'serviceIndex' ? (await context.qualityOf(range))?.unit : undefined);
    const valueOf = async (sums: KpiSums | undefined, range: DayRange): Promise<number | null> => context.kpisOf(sums, await qualityOf(range))[input.kpi];
    const byMonth = sumByMonth(byDay);
    const items: KpiHistory['items'] = [];
    if (input.grain === 'day') {
      for (const day of daysFrom(from, to)) items.push({ period: day, value: await valueOf(byDay.get(day), dayWindow(day)), target });
    } else {
      for (const month of monthsFrom(from, to)) {
        const range = monthRange(month);
        items.push({ period: month, value: await valueOf(byMonth.get(month), { from: range.from < from ? from : range.from, to: range.to > to ? to : range.to }), target });
      }
    }
    return { scope: scopeTextOf(context.unit), name: context.unit.name, kpi: input.kpi, grain: input.grain, from, to, items };
  });
}

function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

function monthsFrom(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = monthOf(from); month <= monthOf(to); month = addMonths(month, 1)) months.push(month);
  return months;
}

/** Today, the week before, month to date against last year and last month, and the 30-day trend of every KPI. */
export async function getKpiComparisons(sql: Sql, input: { scope: string; day: string; clock?: { timeZone: string; today: string } | undefined }): Promise<ScopeComparisons> {
  const day = assertDay(input.day);
  const periods = { monthToDate: monthToDate(day), lastYear: samePeriodLastYear(day), lastMonth: samePeriodLastMonth(day), lastWeekDay: sameWeekdayLastWeek(day) };
  return sql.begin(READ_SNAPSHOT, async (tx) => {
    const context = await unitReadContext(tx, input.scope, input.clock);
    const recentFrom = [periods.lastMonth.from, addDays(day, -29)].sort()[0]!;
    const recent = await context.series({ from: recentFrom, to: day });
    const lastYear = await context.series(periods.lastYear);
    const trendDays = Array.from({ length: 30 }, (_, i) => addDays(day, i - 29));
    // Each day's supervision counts (inspections, fixes, care) as of its end, for the index.
    const dayQuality = new Map<string, QualitySums | undefined>();
    for (const d of new Set([...trendDays, periods.lastWeekDay])) dayQuality.set(d, (await context.qualityOf(dayWindow(d)))?.unit);
    const at = (d: string) => context.kpisOf(recent.get(d), dayQuality.get(d));
    const today = at(day);
    const lastWeek = at(periods.lastWeekDay);
    // A period without a single rollup row has no figures (null), not a volume of 0.
    const sumsIn = (byDay: Map<string, KpiSums>, range: DayRange) => ([...byDay.keys()].some((d) => d >= range.from && d <= range.to) ? sumRange(byDay, range) : undefined);
    const mtd = context.kpisOf(sumRange(recent, periods.monthToDate), (await context.qualityOf(periods.monthToDate))?.unit);
    const lastMonthSums = sumsIn(recent, periods.lastMonth);
    const yearAgoSums = sumsIn(lastYear, periods.lastYear);
    const lastMonth = context.kpisOf(lastMonthSums, (await context.qualityOf(periods.lastMonth))?.unit);
    const yearAgo = context.kpisOf(yearAgoSums, (await context.qualityOf(periods.lastYear))?.unit);
    const previousOf = (kpis: KpiValues, present: boolean, kpi: KpiName | 'issued') => (present ? kpis[kpi] : null);
    const items = [...KPI_NAMES, 'issued' as const].map((kpi): KpiComparison => {
      const direction = kpi === 'issued' ? 'up' : KPI_DIRECTION[kpi];
      const target = kpi === 'issued' ? undefined : context.targets[kpi];
      return {
        kpi, direction, target: target ?? null,
        today: today[kpi], meetsTarget: meetsTarget(today[kpi], target, direction),
        lastWeek: compareValues(today[kpi], previousOf(lastWeek, recent.has(periods.lastWeekDay), kpi), direction),
        monthToDate: mtd[kpi], monthMeetsTarget: meetsTarget(mtd[kpi], target, direction),
        yearOnYear: compareValues(mtd[kpi], previousOf(yearAgo, yearAgoSums !== undefined, kpi), direction),
        monthOnMonth: compareValues(mtd[kpi], previousOf(lastMonth, lastMonthSums !== undefined, kpi), direction),
        trend: trendDays.map((d) => ({ day: d, value: recent.has(d) ? at(d)[kpi] : null })),
      };
    });
    return { scope: scopeTextOf(context.unit), name: context.unit.name, day, periods, items };
  });
}

/** Sums of a month for a scope, in the caller's transaction: what the monthly report and the month history share. */
export async function monthSums(context: UnitReadContext, month: string): Promise<KpiSums> {
  return sumRange(await context.series(monthRange(month)), monthRange(month));
}

/**
 * Closes days into region_day_kpis: recomputes [from, to] (normally the last few days before
 * today, so late events are folded in) in one transaction. Returns the rows written.
 */
export async function closeHistoryDays(sql: Sql, range: DayRange): Promise<number> {
  return sql.begin(async (tx) => refreshRegionDays(tx, range));
}
