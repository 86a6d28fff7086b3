import { KPI_BETTER, type KpiName, type KpiTargets, type KpiValues, type ScopeKpis } from '$contract';
import type { KpiFormat } from '../format/kpi.ts';

/**
 * The wall's KPI tiles: which figures, in which order, how each is shown, and how it stands
 * against its target. Pure; the wall state derives the tiles from the figures it holds.
 */

export type TileKey = KpiName | 'issued';
/**
 * `met` on target; `near` short of it by at most NEAR_MISS_SHARE of the target; `missed` further
 * off; `none` without a target or without data (a null figure is "no data", never a miss).
 */
export type TargetStatus = 'met' | 'near' | 'missed' | 'none';

/**
 * Today against yesterday: which way the figure moved, whether that is good for this KPI
 * (`neutral` for a figure without a better direction, or unchanged), and yesterday's figure.
 * `day` compares with yesterday's whole day (rates and averages); `sameTime` with yesterday up to
 * the same time of day (a count, which only grows during the day).
 */
export interface Trend {
  direction: 'up' | 'down' | 'flat';
  tone: 'good' | 'bad' | 'neutral';
  previous: number;
  basis: 'day' | 'sameTime';
}

export interface KpiTile {
  key: TileKey;
  format: KpiFormat;
  value: number | null;
  target: number | undefined;
  /** Which way is better; undefined for a figure without targets (tickets issued). */
  better: 'higher' | 'lower' | undefined;
  status: TargetStatus;
  /** Undefined when today or yesterday has no figure. */
  trend: Trend | undefined;
}

/** The tiles in reading order: service quality first, then time, errors, volume and the overall index. */
export const WALL_TILES: readonly { key: TileKey; format: KpiFormat }[] = [
  { key: 'satisfactionRate', format: 'percent' },
  { key: 'participationRate', format: 'percent' },
  { key: 'averageWaitSeconds', format: 'duration' },
  { key: 'longWaitShare', format: 'percent' },
  { key: 'averageHandlingSeconds', format: 'duration' },
  { key: 'errorRate', format: 'decimal' },
  { key: 'issued', format: 'count' },
  { key: 'serviceIndex', format: 'decimal' },
];

/**
 * How far short of a target still shows amber rather than red, as a share of the target (a display
 * choice, not a business rule): satisfaction 93.1 % against 98 % is amber, 93 % red; an average
 * wait of 10:30 against 10:00 is amber, 10:31 red.
 */
export const NEAR_MISS_SHARE = 0.05;

export function assessTarget(value: number | null, target: number | undefined, better: 'higher' | 'lower' | undefined): TargetStatus {
  if (value === null || target === undefined || better === undefined) return 'none';
  const shortfall = better === 'higher' ? target - value : value - target;
  if (shortfall <= 0) return 'met';
  // A tiny epsilon so a value exactly on the amber edge is not lost to floating point.
  return shortfall <= Math.abs(target) * NEAR_MISS_SHARE + 1e-9 ? 'near' : 'missed';
}

/**
 * Half a step of what a tile shows (0.1 %, a second, 0.1, one ticket): a change smaller than that
 * would read as the same figure, so it is flat rather than an arrow next to an unchanged number.
 */
const FLAT_WITHIN: Readonly<Record<KpiFormat, number>> = { percent: 0.0005, duration: 0.5, decimal: 0.05, count: 0.5 };

export function assessTrend(
  value: number | null,
  previous: number | null | undefined,
  format: KpiFormat,
  better: 'higher' | 'lower' | undefined,
  basis: Trend['basis'] = 'day',
): Trend | undefined {
  if (value === null || previous === null || previous === undefined) return undefined;
  const change = value - previous;
  if (Math.abs(change) < FLAT_WITHIN[format]) return { direction: 'flat', tone: 'neutral', previous, basis };
  const direction = change > 0 ? 'up' : 'down';
  if (better === undefined) return { direction, tone: 'neutral', previous, basis };
  const isBetter = (direction === 'up') === (better === 'higher');
  return { direction, tone: isBetter ? 'good' : 'bad', previous, basis };
}

/**
 * Tickets issued yesterday up to the time of day of `asOf`: whole hours before it, and the share
 * of the current hour already gone (a day's count is only comparable with the same part of
 * yesterday). Undefined without an hourly series or a time.
 */
export function issuedByThisTimeYesterday(hourly: readonly ScopeKpis['hourly'][number][], asOf: string | undefined): number | undefined {
  const now = asOf === undefined ? Number.NaN : Date.parse(asOf);
  if (hourly.length === 0 || !Number.isFinite(now)) return undefined;
  let total = 0;
  hourly.forEach((entry, i) => {
    const start = Date.parse(entry.hour);
    const next = hourly[i + 1];
    const end = next ? Date.parse(next.hour) : start + 3_600_000;
    if (end <= now) total += entry.yesterday.issued;
    else if (start <= now) total += (entry.yesterday.issued * (now - start)) / (end - start);
  });
  return Math.round(total);
}

/**
 * The tiles for the figures shown. `yesterday` is the previous day's figures (for the trend
 * arrows); `issuedYesterday` replaces its ticket count by the count at the same time of day.
 */
export function buildKpiTiles(
  kpis: KpiValues | undefined,
  targets: KpiTargets | undefined,
  yesterday?: KpiValues,
  issuedYesterday?: number,
): KpiTile[] {
  return WALL_TILES.map(({ key, format }) => {
    const value = kpis ? kpis[key] : null;
    const better = key === 'issued' ? undefined : KPI_BETTER[key];
    const target = key === 'issued' ? undefined : targets?.[key];
    const trend = key === 'issued'
      ? assessTrend(value, issuedYesterday, format, better, 'sameTime')
      : assessTrend(value, yesterday?.[key], format, better);
    return { key, format, value, target, better, status: assessTarget(value, target, better), trend };
  });
}
