import { describe, expect, it } from 'vitest';
import {
  computeKpis, computeServiceIndex, DEFAULT_INDEX_THRESHOLDS, DEFAULT_INDEX_WEIGHTS, DEFAULT_TARGETS, EMPTY_SUMS, groupTargets, indexThresholdsFor,
  participationFactor, rankByServiceIndex, resolveTargets, scoreAgainst, TARGET_SCORE,
} from './kpi.rules.ts';
import type { IndexWeights, KpiSums, KpiValues } from './kpi.types.ts';

const sums = (overrides: Partial<KpiSums>): KpiSums => ({ ...EMPTY_SUMS, ...overrides });

/** KPI values with every rate missing unless given. */
const values = (overrides: Partial<KpiValues>): KpiValues => ({
  issued: 0, called: 0, finished: 0, evaluations: 0, serviceErrors: 0,
  satisfactionRate: null, participationRate: null, averageWaitSeconds: null, longWaitShare: null,
  averageHandlingSeconds: null, errorRate: null, serviceIndex: null,
  inspectionScore: null, rectificationOnTimeRate: null, careCompletionRate: null, ...overrides,
});

const ON_TARGET = values({
  satisfactionRate: 0.98, participationRate: 0.8, averageWaitSeconds: 600, longWaitShare: 0.1, averageHandlingSeconds: 480, errorRate: 5,
});

describe('computeKpis', () => {
  it('computes every rate and average from the sums', () => {
    const kpis = computeKpis(sums({
      issued: 120, called: 110, finished: 100, waitCount: 110, waitSeconds: 66_000, longWaits: 11,
      handlingCount: 100, handlingSeconds: 48_000, evaluations: 80, satisfied: 78, ratingSum: 380, serviceErrors: 1,
    }));
    expect(kpis).toMatchObject({
      issued: 120, called: 110, finished: 100, evaluations: 80, serviceErrors: 1,
      satisfactionRate: 78 / 80, participationRate: 0.8, averageWaitSeconds: 600, longWaitShare: 0.1, averageHandlingSeconds: 480,
    });
    // 1 error in 100 finished tickets is 100 per 10,000.
    expect(kpis.errorRate).toBe(100);
  });

  it('gives null rates when no ticket, wait or evaluation was counted, and no index', () => {
    expect(computeKpis(EMPTY_SUMS)).toEqual(values({}));
  });

  it('gives a satisfaction rate from the first evaluation on (0 → null, 1 → a rate)', () => {
    expect(computeKpis(sums({ finished: 1 })).satisfactionRate).toBeNull();
    expect(computeKpis(sums({ finished: 1, evaluations: 1, satisfied: 1 })).satisfactionRate).toBe(1);
    expect(computeKpis(sums({ finished: 2, evaluations: 2, satisfied: 1 })).satisfactionRate).toBe(0.5);
  });

  it('leaves the error rate null without finished tickets even when errors were recorded', () => {
    const kpis = computeKpis(sums({ serviceErrors: 2 }));
    expect(kpis.serviceErrors).toBe(2);
    expect(kpis.errorRate).toBeNull();
  });

  it('includes the service index, scored with the thresholds given', () => {
    // satisfaction 98 %, participation 80 %, 5 errors per 10,000: all on target.
    const input = sums({ finished: 2000, evaluations: 1600, satisfied: 1568, serviceErrors: 1 });
    expect(computeKpis(input).serviceIndex).toBeCloseTo(TARGET_SCORE, 9);
    const stricter = { ...DEFAULT_INDEX_THRESHOLDS, satisfactionRate: { worst: 0.9, target: 0.99, best: 1 } };
    expect(computeKpis(input, { thresholds: stricter }).serviceIndex!).toBeLessThan(TARGET_SCORE);
  });
});

describe('scoreAgainst', () => {
  const satisfaction = DEFAULT_INDEX_THRESHOLDS.satisfactionRate; // worst 0.90, target 0.98, best 1
  const wait = DEFAULT_INDEX_THRESHOLDS.averageWaitSeconds; // worst 1800, target 600, best 120 (lower is better)

  it('scores 0 at and below worst, and rises just above it', () => {
    expect(scoreAgainst(0.89, satisfaction)).toBe(0);
    expect(scoreAgainst(0.9, satisfaction)).toBe(0);
    // 0.01 of the 0.08 between worst and target earns 1/8 of 80.
    expect(scoreAgainst(0.91, satisfaction)).toBeCloseTo(10, 9);
  });

  it('scores TARGET_SCORE exactly on target, less just below and more just above', () => {
    expect(scoreAgainst(0.979, satisfaction)).toBeCloseTo(79, 9);
    expect(scoreAgainst(0.98, satisfaction)).toBeCloseTo(80, 9);
    // 0.001 of the 0.02 between target and best earns 1/20 of the last 20 points.
    expect(scoreAgainst(0.981, satisfaction)).toBeCloseTo(81, 9);
  });

  it('scores 100 at and beyond best', () => {
    expect(scoreAgainst(0.999, satisfaction)).toBeCloseTo(99, 9);
    expect(scoreAgainst(1, satisfaction)).toBe(100);
    expect(scoreAgainst(1.2, satisfaction)).toBe(100);
  });

  it('treats a scale whose best is below its worst as lower-is-better', () => {
    expect(scoreAgainst(599, wait)).toBeCloseTo(80 + 20 / 480, 9);
    expect(scoreAgainst(600, wait)).toBeCloseTo(80, 9);
    expect(scoreAgainst(601, wait)).toBeCloseTo((80 * 1199) / 1200, 9);
    expect(scoreAgainst(1799, wait)).toBeCloseTo(80 / 1200, 9);
    expect(scoreAgainst(1800, wait)).toBe(0);
    expect(scoreAgainst(121, wait)).toBeCloseTo(80 + (20 * 479) / 480, 9);
    expect(scoreAgainst(120, wait)).toBe(100);
    expect(scoreAgainst(0, wait)).toBe(100);
  });

  it('runs straight from worst to best when the target lies outside them', () => {
    expect(scoreAgainst(0.95, { worst: 0.9, target: 0.85, best: 1 })).toBeCloseTo(50, 9);
    expect(scoreAgainst(0.95, { worst: 0.9, target: 1, best: 1 })).toBeCloseTo(50, 9);
  });

  it('scores a scale without width as all or nothing', () => {
    expect(scoreAgainst(1, { worst: 1, target: 1, best: 1 })).toBe(100);
    expect(scoreAgainst(0.99, { worst: 1, target: 1, best: 1 })).toBe(0);
  });
});

describe('participationFactor', () => {
  it('is participation over its target below the target, and 1 at and above it', () => {
    expect(participationFactor(0.79)).toBeCloseTo(0.9875, 9);
    expect(participationFactor(0.8)).toBe(1);
    expect(participationFactor(0.81)).toBe(1);
  });
  it('is 0 without any evaluation, and 1 when there is nothing to compare (no finished tickets)', () => {
    expect(participationFactor(0)).toBe(0);
    expect(participationFactor(null)).toBe(1);
  });
});

describe('computeServiceIndex', () => {
  it('scores TARGET_SCORE when every component is exactly on target', () => {
    expect(computeServiceIndex(ON_TARGET)).toBeCloseTo(80, 9);
  });

  it('scores 100 when every component is at its best, and 0 at its worst', () => {
    const best = values({ satisfactionRate: 1, participationRate: 1, averageWaitSeconds: 60, longWaitShare: 0, averageHandlingSeconds: 120, errorRate: 0 });
    expect(computeServiceIndex(best)).toBe(100);
    const worst = values({ satisfactionRate: 0.5, participationRate: 0.8, averageWaitSeconds: 3600, longWaitShare: 0.9, averageHandlingSeconds: 3600, errorRate: 50 });
    // participation is on target (80) so only its 15 of 100 weight scores: 15 × 80 / 100.
    expect(computeServiceIndex(worst)).toBeCloseTo(12, 9);
  });

  it('is null when no component has a value', () => {
    expect(computeServiceIndex(values({}))).toBeNull();
  });

  it('renormalises the weights over the components that have a value', () => {
    // Only wait (score 80) and errors (score 100) are known: (15 × 80 + 15 × 100) / 30.
    expect(computeServiceIndex(values({ averageWaitSeconds: 600, errorRate: 0 }))).toBeCloseTo(90, 9);
  });

  it('dampens satisfaction’s weight in proportion to participation below its target', () => {
    // participation 0.4: score 80 × 0.1 / 0.5 = 16; satisfaction's weight 35 × 0.4 / 0.8 = 17.5.
    const index = computeServiceIndex(values({ satisfactionRate: 1, participationRate: 0.4 }));
    expect(index).toBeCloseTo((17.5 * 100 + 15 * 16) / (17.5 + 15), 9);
  });

  it('ranks honest full participation above perfect satisfaction from a few selected customers', () => {
    const gamed = computeServiceIndex({ ...ON_TARGET, satisfactionRate: 1, participationRate: 0.3 })!;
    const honest = computeServiceIndex(ON_TARGET)!;
    expect(honest).toBeGreaterThan(gamed);
  });

  it('takes configurable weights; a zero weight leaves its component out', () => {
    const onlyErrors: IndexWeights = { ...DEFAULT_INDEX_WEIGHTS, satisfactionRate: 0, participationRate: 0, averageWaitSeconds: 0, longWaitShare: 0, averageHandlingSeconds: 0 };
    expect(computeServiceIndex({ ...ON_TARGET, errorRate: 0 }, onlyErrors)).toBe(100);
    expect(computeServiceIndex({ ...ON_TARGET, errorRate: 30 }, onlyErrors)).toBe(0);
  });
});

describe('indexThresholdsFor', () => {
  it('moves a component’s target to the bank’s target and keeps its worst and best', () => {
    const thresholds = indexThresholdsFor({ satisfactionRate: 0.99, serviceIndex: 90 });
    expect(thresholds.satisfactionRate).toEqual({ worst: 0.9, target: 0.99, best: 1 });
    expect(thresholds.errorRate).toEqual(DEFAULT_INDEX_THRESHOLDS.errorRate);
  });
  it('keeps the defaults without bank targets', () => {
    expect(indexThresholdsFor({})).toEqual(DEFAULT_INDEX_THRESHOLDS);
  });
});

describe('groupTargets', () => {
  it('groups rows by region, the bank under null, and drops unknown KPIs and non-numbers', () => {
    const grouped = groupTargets([
      { regionId: null, kpi: 'satisfactionRate', target: 0.97 },
      { regionId: '7', kpi: 'averageWaitSeconds', target: 500 },
      { regionId: '7', kpi: 'satisfaction_rate', target: 0.5 },
      { regionId: '7', kpi: 'errorRate', target: Number.NaN },
    ]);
    expect([...grouped.entries()]).toEqual([[null, { satisfactionRate: 0.97 }], ['7', { averageWaitSeconds: 500 }]]);
  });
});

describe('resolveTargets', () => {
  const byRegion = new Map([
    [null, { satisfactionRate: 0.97, serviceIndex: 85 }],
    ['1', { errorRate: 4 }],
    ['2', { satisfactionRate: 0.99 }],
    ['3', { averageWaitSeconds: 500, satisfactionRate: 0.995 }],
  ]);

  it('gives the defaults when nothing is set', () => {
    expect(resolveTargets(new Map(), ['1', '2'])).toEqual(DEFAULT_TARGETS);
  });
  it('lets the bank’s targets override the defaults, KPI by KPI', () => {
    expect(resolveTargets(byRegion, [])).toEqual({ ...DEFAULT_TARGETS, satisfactionRate: 0.97, serviceIndex: 85 });
  });
  it('lets the nearest region up the tree win over regions above it and the bank', () => {
    expect(resolveTargets(byRegion, ['1', '2'])).toEqual({ ...DEFAULT_TARGETS, satisfactionRate: 0.99, serviceIndex: 85, errorRate: 4 });
    expect(resolveTargets(byRegion, ['1', '2', '3'])).toMatchObject({ satisfactionRate: 0.995, averageWaitSeconds: 500, errorRate: 4 });
  });
  it('ignores regions that are not above the unit', () => {
    expect(resolveTargets(byRegion, ['1'])).toEqual({ ...DEFAULT_TARGETS, satisfactionRate: 0.97, serviceIndex: 85, errorRate: 4 });
  });
});

describe('rankByServiceIndex', () => {
  const unit = (code: string, serviceIndex: number | null) => ({ code, kpis: { serviceIndex } });

  it('ranks the highest index first, ties share a rank and the next rank skips (1, 2, 2, 4)', () => {
    const ranked = rankByServiceIndex([unit('D', 60), unit('C', 80), unit('A', 90), unit('B', 80)]);
    expect(ranked.map((u) => [u.code, u.rank])).toEqual([['A', 1], ['B', 2], ['C', 2], ['D', 4]]);
  });
  it('puts units without an index last, with no rank', () => {
    const ranked = rankByServiceIndex([unit('A', null), unit('B', 10), unit('C', null)]);
    expect(ranked.map((u) => [u.code, u.rank])).toEqual([['B', 1], ['A', null], ['C', null]]);
  });
  it('ranks an empty list as empty', () => {
    expect(rankByServiceIndex([])).toEqual([]);
  });
});
