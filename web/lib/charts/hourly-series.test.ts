import { describe, expect, it } from 'vitest';
import type { KpiValues } from '$contract';
import { hourIndexAt, hourlySeries, type HourlyEntry } from './hourly-series.ts';

const values = (over: Partial<KpiValues> = {}): KpiValues => ({
  issued: 0, called: 0, finished: 0, evaluations: 0, serviceErrors: 0, satisfactionRate: null, participationRate: null,
  averageWaitSeconds: null, longWaitShare: null, averageHandlingSeconds: null, errorRate: null, serviceIndex: null, inspectionScore: null, rectificationOnTimeRate: null, careCompletionRate: null, ...over,
});
// A Shanghai bank day: 00:00 +08:00 is 16:00 UTC the day before.
const day: HourlyEntry[] = Array.from({ length: 24 }, (_, i) => ({
  hour: new Date(Date.UTC(2026, 10, 27, 16 + i)).toISOString(),
  kpis: values({ issued: i * 10, called: 10, evaluations: i === 4 ? 2 : 10, satisfactionRate: i === 3 ? null : i === 4 ? 0 : 0.95, averageWaitSeconds: 300 }),
  yesterday: values({ issued: i, called: 10, evaluations: 10, satisfactionRate: 0.9, averageWaitSeconds: 600 }),
}));

describe('hourIndexAt', () => {
  it('is the hour under way', () => {
    expect(hourIndexAt(day, '2026-11-28T01:30:00.000Z')).toBe(9); // 09:30 in Shanghai
    expect(hourIndexAt(day, '2026-11-28T01:00:00.000Z')).toBe(9);
    expect(hourIndexAt(day, '2026-11-28T00:59:59.999Z')).toBe(8);
  });

  it('is −1 before the day and without a time, and the last hour after it', () => {
    expect(hourIndexAt(day, '2026-11-27T15:59:00.000Z')).toBe(-1);
    expect(hourIndexAt(day, undefined)).toBe(-1);
    expect(hourIndexAt(day, '2026-11-29T03:00:00.000Z')).toBe(23);
  });
});

describe('hourlySeries', () => {
  it('draws today up to the hour under way and yesterday whole', () => {
    const series = hourlySeries(day, 'issued', 9);
    expect(series.today).toHaveLength(10);
    expect(series.today.at(-1)).toEqual({ x: 9, y: 90 });
    expect(series.yesterday).toHaveLength(24);
    expect(series.yesterday[23]).toEqual({ x: 23, y: 23 });
  });

  it('shows satisfaction in percent and waits in minutes', () => {
    expect(hourlySeries(day, 'satisfactionRate', 1).today).toEqual([{ x: 0, y: 95 }, { x: 1, y: 95 }]);
    expect(hourlySeries(day, 'averageWaitSeconds', 0).yesterday[0]).toEqual({ x: 0, y: 10 });
  });

  it('leaves a gap (null), not a zero, for an hour without a figure', () => {
    expect(hourlySeries(day, 'satisfactionRate', 5).today[3]).toEqual({ x: 3, y: null });
  });

  it('leaves a gap for a rate resting on fewer than 5 tickets (two ratings are not a trend)', () => {
    expect(hourlySeries(day, 'satisfactionRate', 5).today[4]).toEqual({ x: 4, y: null });
    expect(hourlySeries(day, 'issued', 5).today[4]).toEqual({ x: 4, y: 40 });
  });

  it('has no today line before the day starts', () => {
    expect(hourlySeries(day, 'issued', -1).today).toEqual([]);
  });
});
