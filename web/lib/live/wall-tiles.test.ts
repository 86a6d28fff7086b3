import { describe, expect, it } from 'vitest';
import type { KpiValues } from '$contract';
import { assessTarget, buildKpiTiles } from './wall-tiles.ts';

const values = (over: Partial<KpiValues> = {}): KpiValues => ({
  issued: 12, called: 10, finished: 8, evaluations: 6, serviceErrors: 0, satisfactionRate: 0.95, participationRate: 0.75,
  averageWaitSeconds: 420, longWaitShare: 0.05, averageHandlingSeconds: 300, errorRate: 0, serviceIndex: 82.5, ...over,
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
