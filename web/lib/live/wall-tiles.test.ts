import { describe, expect, it } from 'vitest';
import type { KpiValues } from '$contract';
import { assessTarget, assessTrend, buildKpiTiles, issuedByThisTimeYesterday } from './wall-tiles.ts';

const values = (over: Partial<KpiValues> = {}): KpiValues => ({
  issued: 12, called: 10, finished: 8, evaluations: 6, serviceErrors: 0, satisfactionRate: 0.95, participationRate: 0.75,
  averageWaitSeconds: 420, longWaitShare: 0.05, averageHandlingSeconds: 300, errorRate: 0, serviceIndex: 82.5, inspectionScore: null, rectificationOnTimeRate: null, careCompletionRate: null, ...over,
});

describe('assessTarget', () => {
  it('meets a higher-is-better target at or above it', () => {
    expect(assessTarget(0.97, 0.98, 'higher')).toBe('near');
    expect(assessTarget(0.98, 0.98, 'higher')).toBe('met');
    expect(assessTarget(0.99, 0.98, 'higher')).toBe('met');
  });

  it('meets a lower-is-better target at or below it', () => {
    expect(assessTarget(599, 600, 'lower')).toBe('met');
    expect(assessTarget(600, 600, 'lower')).toBe('met');
    expect(assessTarget(601, 600, 'lower')).toBe('near');
  });

  it('turns from near to missed beyond 5 % of the target', () => {
    // 5 % of 600 s is 30 s.
    expect(assessTarget(629, 600, 'lower')).toBe('near');
    expect(assessTarget(630, 600, 'lower')).toBe('near');
    expect(assessTarget(631, 600, 'lower')).toBe('missed');
    // 5 % of 0.98 is 0.049.
    expect(assessTarget(0.932, 0.98, 'higher')).toBe('near');
    expect(assessTarget(0.931, 0.98, 'higher')).toBe('near');
    expect(assessTarget(0.93, 0.98, 'higher')).toBe('missed');
  });

  it('has no verdict without data or without a target', () => {
    expect(assessTarget(null, 0.98, 'higher')).toBe('none');
    expect(assessTarget(0.5, undefined, 'higher')).toBe('none');
    expect(assessTarget(12, undefined, undefined)).toBe('none');
  });

  it('counts anything above a zero target as missed', () => {
    expect(assessTarget(0, 0, 'lower')).toBe('met');
    expect(assessTarget(0.1, 0, 'lower')).toBe('missed');
  });
});

describe('buildKpiTiles', () => {
  it('gives the eight tiles in reading order', () => {
    expect(buildKpiTiles(values(), {}).map((t) => t.key)).toEqual([
      'satisfactionRate', 'participationRate', 'averageWaitSeconds', 'longWaitShare', 'averageHandlingSeconds', 'errorRate', 'issued', 'serviceIndex',
    ]);
  });

  it('pairs each figure with its target and verdict', () => {
    const tiles = buildKpiTiles(values(), { satisfactionRate: 0.98, averageWaitSeconds: 600, serviceIndex: 80 });
    const byKey = Object.fromEntries(tiles.map((t) => [t.key, t]));
    expect(byKey.satisfactionRate).toMatchObject({ value: 0.95, target: 0.98, better: 'higher', status: 'near', format: 'percent' });
    expect(byKey.averageWaitSeconds).toMatchObject({ value: 420, target: 600, better: 'lower', status: 'met', format: 'duration' });
    expect(byKey.serviceIndex).toMatchObject({ value: 82.5, status: 'met', format: 'decimal' });
    expect(byKey.participationRate).toMatchObject({ target: undefined, status: 'none' });
  });

  it('shows tickets issued without a target', () => {
    const issued = buildKpiTiles(values(), { satisfactionRate: 0.98 }).find((t) => t.key === 'issued');
    expect(issued).toEqual({ key: 'issued', format: 'count', value: 12, target: undefined, better: undefined, status: 'none' });
  });

  it('shows every figure as no data before the first snapshot', () => {
    expect(buildKpiTiles(undefined, undefined).every((t) => t.value === null && t.status === 'none')).toBe(true);
  });
});

describe('assessTrend', () => {
  it('is good when a higher-is-better figure rose, bad when it fell', () => {
    expect(assessTrend(0.97, 0.95, 'percent', 'higher')).toEqual({ direction: 'up', tone: 'good', previous: 0.95, basis: 'day' });
    expect(assessTrend(0.93, 0.95, 'percent', 'higher')).toMatchObject({ direction: 'down', tone: 'bad' });
  });

  it('is good when a lower-is-better figure fell', () => {
    expect(assessTrend(400, 500, 'duration', 'lower')).toMatchObject({ direction: 'down', tone: 'good' });
    expect(assessTrend(600, 500, 'duration', 'lower')).toMatchObject({ direction: 'up', tone: 'bad' });
  });

  it('is flat when the change would not show in the figure', () => {
    // 0.1 % is the percent tiles' step: 0.04 points is below half of it.
    expect(assessTrend(0.9504, 0.95, 'percent', 'higher')).toMatchObject({ direction: 'flat', tone: 'neutral' });
    expect(assessTrend(0.9506, 0.95, 'percent', 'higher')).toMatchObject({ direction: 'up' });
    expect(assessTrend(300.4, 300, 'duration', 'lower')).toMatchObject({ direction: 'flat' });
    expect(assessTrend(12, 12, 'count', undefined)).toMatchObject({ direction: 'flat' });
  });

  it('is neutral for a figure without a better direction', () => {
    expect(assessTrend(120, 100, 'count', undefined, 'sameTime')).toEqual({ direction: 'up', tone: 'neutral', previous: 100, basis: 'sameTime' });
  });

  it('has no trend without both figures', () => {
    expect(assessTrend(null, 0.9, 'percent', 'higher')).toBeUndefined();
    expect(assessTrend(0.9, null, 'percent', 'higher')).toBeUndefined();
    expect(assessTrend(0.9, undefined, 'percent', 'higher')).toBeUndefined();
  });
});

describe('issuedByThisTimeYesterday', () => {
  // Three hours from 08:00 Shanghai (00:00 UTC); yesterday 60, 120 and 30 tickets in them.
  const hourly = [60, 120, 30].map((issued, i) => ({
    hour: new Date(Date.UTC(2026, 10, 28, i)).toISOString(),
    kpis: values({ issued: 0 }),
    yesterday: values({ issued }),
  }));

  it('counts whole hours gone and the share of the hour under way', () => {
    expect(issuedByThisTimeYesterday(hourly, '2026-11-28T01:30:00.000Z')).toBe(60 + 60);
    expect(issuedByThisTimeYesterday(hourly, '2026-11-28T01:00:00.000Z')).toBe(60);
    expect(issuedByThisTimeYesterday(hourly, '2026-11-28T05:00:00.000Z')).toBe(210);
  });

  it('is unknown without hours or a time', () => {
    expect(issuedByThisTimeYesterday([], '2026-11-28T01:30:00.000Z')).toBeUndefined();
    expect(issuedByThisTimeYesterday(hourly, undefined)).toBeUndefined();
  });
});

describe('buildKpiTiles trends', () => {
  it('compares rates with yesterday and tickets with the same time yesterday', () => {
    const tiles = buildKpiTiles(values({ issued: 120, satisfactionRate: 0.97 }), {}, values({ issued: 900, satisfactionRate: 0.95 }), 100);
    const byKey = Object.fromEntries(tiles.map((t) => [t.key, t]));
    expect(byKey.satisfactionRate!.trend).toMatchObject({ direction: 'up', tone: 'good', previous: 0.95, basis: 'day' });
    expect(byKey.issued!.trend).toMatchObject({ direction: 'up', tone: 'neutral', previous: 100, basis: 'sameTime' });
  });
});
