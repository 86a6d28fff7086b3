import { KPI_BETTER, type KpiName, type KpiTargets, type KpiValues } from '$contract';
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

export interface KpiTile {
  key: TileKey;
  format: KpiFormat;
  value: number | null;
  target: number | undefined;
  /** Which way is better; undefined for a figure without targets (tickets issued). */
  better: 'higher' | 'lower' | undefined;
  status: TargetStatus;
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

export function buildKpiTiles(kpis: KpiValues | undefined, targets: KpiTargets | undefined): KpiTile[] {
  return WALL_TILES.map(({ key, format }) => {
    const value = kpis ? kpis[key] : null;
    const better = key === 'issued' ? undefined : KPI_BETTER[key];
    const target = key === 'issued' ? undefined : targets?.[key];
    return { key, format, value, target, better, status: assessTarget(value, target, better) };
  });
}
