import { describe, expect, it } from 'vitest';
import { DEFAULT_INDEX_THRESHOLDS, EMPTY_SUMS } from './kpi.rules.ts';
import { movementOf, placesByScope, withMovement } from './ranking-movement.rules.ts';
import type { KpiSums } from './kpi.types.ts';

const sums = (overrides: Partial<KpiSums>): KpiSums => ({ ...EMPTY_SUMS, ...overrides });
const scoring = { thresholds: DEFAULT_INDEX_THRESHOLDS };

describe('movementOf', () => {
  it('is last month’s place minus today’s place: positive when the unit moved up', () => {
    expect(movementOf(3, 1)).toBe(2);
    expect(movementOf(1, 2)).toBe(-1);
    expect(movementOf(2, 2)).toBe(0);
  });
  it('is null when the unit had no place last month or has none today', () => {
    expect(movementOf(undefined, 1)).toBeNull();
    expect(movementOf(null, 1)).toBeNull();
    expect(movementOf(2, null)).toBeNull();
  });
});

describe('withMovement', () => {
  it('attaches the places gained by scope text, null for a unit without last month', () => {
    const items = [{ scope: 'branch:B', rank: 1 }, { scope: 'branch:A', rank: 2 }, { scope: 'branch:C', rank: 3 }, { scope: 'branch:D', rank: null }];
    const last = new Map([['branch:A', 1], ['branch:B', 2], ['branch:D', 3]]);
    expect(withMovement(items, last).map((i) => [i.scope, i.movement])).toEqual([['branch:B', 1], ['branch:A', -1], ['branch:C', null], ['branch:D', null]]);
  });
});

describe('placesByScope', () => {
  it('ranks last month’s units by service index and leaves out units without figures', () => {
    const good = sums({ issued: 100, called: 100, finished: 100, waitCount: 100, waitSeconds: 30_000, handlingCount: 100, handlingSeconds: 30_000, evaluations: 90, satisfied: 89, ratingSum: 445 });
    const poor = sums({ issued: 100, called: 100, finished: 100, waitCount: 100, waitSeconds: 180_000, longWaits: 60, handlingCount: 100, handlingSeconds: 90_000, evaluations: 20, satisfied: 10, ratingSum: 60, serviceErrors: 3 });
    const places = placesByScope([
      { kind: 'branch', code: 'P', sums: poor }, { kind: 'region', code: 'G', sums: good }, { kind: 'branch', code: 'E', sums: EMPTY_SUMS },
    ], scoring);
    expect([...places]).toEqual([['region:G', 1], ['branch:P', 2]]);
  });
});
