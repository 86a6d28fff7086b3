import { describe, expect, it } from 'vitest';
import { mergeWeights, normalizedWeights, weightIssues } from './index-weights.rules.ts';
import { computeKpis, computeServiceIndex, DEFAULT_INDEX_WEIGHTS, EMPTY_SUMS } from './kpi.rules.ts';
import type { IndexWeights, KpiValues } from './kpi.types.ts';
import { EMPTY_QUALITY, qualityByChild, qualityValues, unitQuality, type QualitySums } from './quality.rules.ts';

const zero: IndexWeights = {
  satisfactionRate: 0, averageWaitSeconds: 0, longWaitShare: 0, averageHandlingSeconds: 0, errorRate: 0, participationRate: 0,
  inspectionScore: 0, rectificationOnTimeRate: 0, careCompletionRate: 0,
};
const quality = (q: Partial<QualitySums>): QualitySums => ({ ...EMPTY_QUALITY, ...q });

/** Every queue component exactly on its default target (each scores 80). */
const onTarget: KpiValues = {
  issued: 100, called: 100, finished: 100, evaluations: 80, serviceErrors: 0,
  satisfactionRate: 0.98, participationRate: 0.8, averageWaitSeconds: 600, longWaitShare: 0.1, averageHandlingSeconds: 480, errorRate: 5,
  serviceIndex: null, inspectionScore: null, rectificationOnTimeRate: null, careCompletionRate: null,
};

describe('the service index with inspections, rectifications and care', () => {
  it('weighs the supervision components with the queue KPIs (hand-computed)', () => {
    // Queue components 100 points at 80 each; inspection 100 (15 points) scores 100; rectification
    // on-time 0.5 (10 points) scores 0; care has no data and is left out:
    // (100 × 80 + 15 × 100 + 10 × 0) ÷ (100 + 15 + 10) = 9500 ÷ 125 = 76.
    expect(computeServiceIndex({ ...onTarget, inspectionScore: 100, rectificationOnTimeRate: 0.5 })).toBeCloseTo(76, 10);
  });

  it('re-normalises over the components a unit has data for, never counting a missing one as 0 or 100', () => {
    // No tickets: only the supervision counts. Two branches' latest scores 85 and 95 → 90, which
    // scores 80 + 20 × (90 − 85) ÷ 15 = 86.667; 9 of 10 fixes on time → 0.9, the target, 80;
    // nothing due in care → left out. (15 × 86.667 + 10 × 80) ÷ 25 = (1300 + 800) ÷ 25 = 84.
    const kpis = computeKpis(EMPTY_SUMS, {}, quality({ inspectionScoreSum: 180, inspectedBranches: 2, rectificationsDue: 10, rectificationsOnTime: 9 }));
    expect(kpis.inspectionScore).toBe(90);
    expect(kpis.rectificationOnTimeRate).toBe(0.9);
    expect(kpis.careCompletionRate).toBeNull();
    expect(kpis.serviceIndex).toBeCloseTo(84, 10);
    // The same with care due and none done: care now counts, at 0. (1300 + 800 + 10 × 0) ÷ 35 = 60.
    expect(computeKpis(EMPTY_SUMS, {}, quality({ inspectionScoreSum: 180, inspectedBranches: 2, rectificationsDue: 10, rectificationsOnTime: 9, careDue: 4 })).serviceIndex).toBeCloseTo(60, 10);
  });

  it('uses the weights it is given, whatever their sum', () => {
    const weights = { ...zero, inspectionScore: 1, careCompletionRate: 3 };
    // Inspection 90 → 86.667; care 1 of 2 → 0.5 → 0: (1 × 86.667 + 3 × 0) ÷ 4 = 21.667.
    const q = quality({ inspectionScoreSum: 90, inspectedBranches: 1, careDue: 2, careOnTime: 1 });
    expect(computeKpis(EMPTY_SUMS, { weights }, q).serviceIndex).toBeCloseTo(65 / 3, 10);
    // Scaling every weight changes nothing.
    expect(computeKpis(EMPTY_SUMS, { weights: { ...zero, inspectionScore: 10, careCompletionRate: 30 } }, q).serviceIndex).toBeCloseTo(65 / 3, 10);
    // Without care due, inspection alone: 86.667.
    expect(computeKpis(EMPTY_SUMS, { weights }, quality({ inspectionScoreSum: 90, inspectedBranches: 1 })).serviceIndex).toBeCloseTo(260 / 3, 10);
    // A weight of 0 leaves a component out; nothing left to weigh → null.
    expect(computeKpis(EMPTY_SUMS, { weights: { ...zero, satisfactionRate: 1 } }, q).serviceIndex).toBeNull();
  });

  it('is null for the supervision components without counts, and without quality at all', () => {
    expect(qualityValues(undefined)).toEqual({ inspectionScore: null, rectificationOnTimeRate: null, careCompletionRate: null });
    expect(qualityValues(EMPTY_QUALITY)).toEqual({ inspectionScore: null, rectificationOnTimeRate: null, careCompletionRate: null });
    expect(computeKpis(EMPTY_SUMS).serviceIndex).toBeNull();
  });
});

describe('weights', () => {
  it('accepts weights ≥ 0 with at least one above 0, naming the field otherwise', () => {
    expect(weightIssues({ ...DEFAULT_INDEX_WEIGHTS })).toEqual([]);
    expect(weightIssues({ ...zero, careCompletionRate: 0.5 })).toEqual([]);
    expect(weightIssues({ ...DEFAULT_INDEX_WEIGHTS, inspectionScore: -1 })).toEqual([{ field: 'weights.inspectionScore', reason: 'must be between 0 and 1000' }]);
    expect(weightIssues({ ...DEFAULT_INDEX_WEIGHTS, errorRate: 'x' })[0]!.field).toBe('weights.errorRate');
    expect(weightIssues({ ...DEFAULT_INDEX_WEIGHTS, happiness: 3 })[0]!.field).toBe('weights.happiness');
    const { careCompletionRate: _missing, ...partial } = DEFAULT_INDEX_WEIGHTS;
    expect(weightIssues(partial)).toEqual([{ field: 'weights.careCompletionRate', reason: 'must be a number' }]);
    expect(weightIssues({ ...zero })).toEqual([{ field: 'weights', reason: 'at least one weight must be above 0' }]);
  });

  it('normalises by the sum, rounded to 4 decimals', () => {
    // Defaults sum to 135: 35/135 = 0.259259… → 0.2593; 15/135 → 0.1111; 10/135 → 0.0741.
    const shares = normalizedWeights(DEFAULT_INDEX_WEIGHTS);
    expect(Object.values(DEFAULT_INDEX_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(135);
    expect(shares.satisfactionRate).toBe(0.2593);
    expect(shares.inspectionScore).toBe(0.1111);
    expect(shares.careCompletionRate).toBe(0.0741);
    expect(normalizedWeights({ ...zero, inspectionScore: 1, careCompletionRate: 3 })).toMatchObject({ inspectionScore: 0.25, careCompletionRate: 0.75, satisfactionRate: 0 });
  });

  it('merges stored weights over the defaults (the migrated care weight alone keeps the others)', () => {
    expect(mergeWeights({ careCompletionRate: 20 })).toEqual({ ...DEFAULT_INDEX_WEIGHTS, careCompletionRate: 20 });
    expect(mergeWeights(undefined)).toEqual(DEFAULT_INDEX_WEIGHTS);
    expect(mergeWeights({ careCompletionRate: -5, errorRate: 'x' })).toEqual(DEFAULT_INDEX_WEIGHTS);
  });
});

describe('supervision counts by ranked child', () => {
  const rows = [
    { code: 'BJ0101', regionCodes: ['HQ', 'BJ', 'BJ01'], sums: quality({ inspectionScoreSum: 80, inspectedBranches: 1, careDue: 2, careOnTime: 1 }) },
    { code: 'BJ0102', regionCodes: ['HQ', 'BJ', 'BJ01'], sums: quality({ inspectionScoreSum: 90, inspectedBranches: 1 }) },
    { code: 'BJ9001', regionCodes: ['HQ', 'BJ'], sums: quality({ rectificationsDue: 2, rectificationsOnTime: 2 }) },
    { code: 'SH0101', regionCodes: ['HQ', 'SH', 'SH01'], sums: quality({ careDue: 4, careOnTime: 4 }) },
  ];

  it('sums branches into the child region under the parent, or keeps an outlet attached directly', () => {
    const byBank = qualityByChild(rows, 'HQ');
    expect(qualityValues(byBank.get('region:BJ'))).toEqual({ inspectionScore: 85, rectificationOnTimeRate: 1, careCompletionRate: 0.5 });
    expect(qualityValues(byBank.get('region:SH'))).toEqual({ inspectionScore: null, rectificationOnTimeRate: null, careCompletionRate: 1 });
    const byBj = qualityByChild(rows, 'BJ');
    expect([...byBj.keys()].sort()).toEqual(['branch:BJ9001', 'region:BJ01']);
    expect(byBj.get('region:BJ01')!.inspectedBranches).toBe(2);
  });

  it('sums the whole unit, and a branch ranks only itself', () => {
    const unit = unitQuality(rows, 'HQ');
    expect(unit.unit).toEqual({ inspectionScoreSum: 170, inspectedBranches: 2, rectificationsDue: 2, rectificationsOnTime: 2, careDue: 6, careOnTime: 5 });
    expect(unit.branches.get('SH0101')!.careDue).toBe(4);
    const branch = unitQuality([rows[0]!], null, 'BJ0101');
    expect([...branch.children.keys()]).toEqual(['branch:BJ0101']);
  });
});
