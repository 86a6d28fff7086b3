import type { ScopeKpis } from '$contract';

/**
 * The hourly charts' data: one KPI through the bank day, today next to yesterday, as chart.js
 * `{x, y}` points (x = the hour of the bank day, 0–23; y = null where there is no figure, a gap).
 * Pure; HourlyChart.svelte hands the points to the chart attachment.
 */

export type HourlyMetric = 'satisfactionRate' | 'averageWaitSeconds' | 'issued';
export type HourlyEntry = ScopeKpis['hourly'][number];

export interface Point {
  x: number;
  y: number | null;
}

export interface HourlySeries {
  /** Up to the hour under way (later hours have not happened: no point, not a zero). */
  today: Point[];
  /** The whole of yesterday. */
  yesterday: Point[];
}

/** How each metric is drawn: satisfaction in %, waits in minutes, tickets as counts. */
const SCALE: Readonly<Record<HourlyMetric, (value: number) => number>> = {
  satisfactionRate: (rate) => rate * 100,
  averageWaitSeconds: (seconds) => seconds / 60,
  issued: (count) => count,
};

/**
 * The index of the hour under way at `asOf` (−1 before the day's first hour, or without a time);
 * past the day's last hour, the last one. Changes once an hour, so a chart reading it redraws then.
 */
export function hourIndexAt(hourly: readonly HourlyEntry[], asOf: string | undefined): number {
  const now = asOf === undefined ? Number.NaN : Date.parse(asOf);
  if (!Number.isFinite(now)) return -1;
  let index = -1;
  for (let i = 0; i < hourly.length; i++) {
    if (Date.parse(hourly[i]!.hour) <= now) index = i;
    else break;
  }
  return index;
}

/**
 * A rate over fewer tickets than this in an hour is noise, not a trend (two ratings in the first
 * minutes of an hour make 0 % or 100 %): the hour is left as a gap rather than a spike.
 */
export const MIN_HOURLY_SAMPLE = 5;

/** How many tickets a metric's hourly figure rests on (a count rests on itself). */
const SAMPLE: Readonly<Record<HourlyMetric, ((kpis: HourlyEntry['kpis']) => number) | undefined>> = {
  satisfactionRate: (kpis) => kpis.evaluations,
  averageWaitSeconds: (kpis) => kpis.called,
  issued: undefined,
};

export function hourlySeries(hourly: readonly HourlyEntry[], metric: HourlyMetric, upToIndex: number): HourlySeries {
  const scale = SCALE[metric];
  const sample = SAMPLE[metric];
  const point = (x: number, kpis: HourlyEntry['kpis']): Point => {
    const value = kpis[metric];
    const isNoise = sample !== undefined && sample(kpis) < MIN_HOURLY_SAMPLE;
    return { x, y: value === null || isNoise ? null : scale(value) };
  };
  return {
    today: hourly.slice(0, Math.max(0, upToIndex + 1)).map((entry, i) => point(i, entry.kpis)),
    yesterday: hourly.map((entry, i) => point(i, entry.yesterday)),
  };
}
