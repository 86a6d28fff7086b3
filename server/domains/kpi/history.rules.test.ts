import { describe, expect, it } from 'vitest';
import {
  addMonths, compareValues, daysOf, lastDayOfMonth, meetsTarget, monthToDate, quarterRange, samePeriodLastMonth, samePeriodLastYear,
  sameWeekdayLastWeek, sumByMonth, sumRange,
} from './history.rules.ts';
import { computeKpis, EMPTY_SUMS } from './kpi.rules.ts';
import type { KpiSums } from './kpi.types.ts';

const sums = (s: Partial<KpiSums>): KpiSums => ({ ...EMPTY_SUMS, ...s });

describe('comparison periods', () => {
  it('month to date, the same weekday last week', () => {
    expect(monthToDate('2026-03-10')).toEqual({ from: '2026-03-01', to: '2026-03-10' });
    expect(sameWeekdayLastWeek('2026-03-03')).toBe('2026-02-24');
  });

  it('同比 around a leap year: 29 Feb 2028 vs 1–28 Feb 2027; 28 Feb 2029 (month end) vs all of Feb 2028', () => {
    expect(samePeriodLastYear('2028-02-29')).toEqual({ from: '2027-02-01', to: '2027-02-28' });
    expect(samePeriodLastYear('2029-02-28')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(samePeriodLastYear('2028-02-28')).toEqual({ from: '2027-02-01', to: '2027-02-28' });
    expect(samePeriodLastYear('2026-03-10')).toEqual({ from: '2025-03-01', to: '2025-03-10' });
  });

  it('环比: same days of last month, capped; a whole month vs the whole previous month', () => {
    expect(samePeriodLastMonth('2026-03-15')).toEqual({ from: '2026-02-01', to: '2026-02-15' });
    expect(samePeriodLastMonth('2026-03-30')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(samePeriodLastMonth('2026-03-31')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(samePeriodLastMonth('2026-04-30')).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(samePeriodLastMonth('2026-01-20')).toEqual({ from: '2025-12-01', to: '2025-12-20' });
  });

  it('months and quarters', () => {
    expect(lastDayOfMonth('2028-02')).toBe('2028-02-29');
    expect(lastDayOfMonth('2026-02')).toBe('2026-02-28');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 13)).toBe('2027-01');
    expect(quarterRange('2026Q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(quarterRange('2024Q4')).toEqual({ from: '2024-10-01', to: '2024-12-31' });
    expect(daysOf({ from: '2028-02-27', to: '2028-03-01' })).toEqual(['2028-02-27', '2028-02-28', '2028-02-29', '2028-03-01']);
  });
});

describe('changes from sums', () => {
  it('a month with 春节 in one year and not the other: rates come from the period sums, not a mean of daily rates', () => {
    // February 2026 holds 春节 (17 Feb): 1–10 Feb normal, 16–22 Feb quiet (10 tickets a day, none rated badly).
    // February 2025 has no 春节 (it fell on 29 Jan 2025): every day the same.
    const y2026 = new Map<string, KpiSums>();
    for (let d = 1; d <= 28; d++) {
      const day = `2026-02-${String(d).padStart(2, '0')}`;
      const holiday = d >= 16 && d <= 22;
      y2026.set(day, holiday ? sums({ finished: 10, evaluations: 10, satisfied: 10 }) : sums({ finished: 100, evaluations: 80, satisfied: 76, serviceErrors: d === 3 ? 2 : 0 }));
    }
    const y2025 = new Map<string, KpiSums>();
    for (let d = 1; d <= 28; d++) y2025.set(`2025-02-${String(d).padStart(2, '0')}`, sums({ finished: 100, evaluations: 80, satisfied: 78 }));
    const current = computeKpis(sumRange(y2026, monthToDate('2026-02-28')));
    const before = computeKpis(sumRange(y2025, samePeriodLastYear('2026-02-28')));
    // 21 normal days × 100 + 7 holiday days × 10 = 2,170 finished; satisfied 21×76 + 70 = 1,666 of 21×80 + 70 = 1,750 rated.
    expect(current.finished).toBe(2170);
    expect(current.satisfactionRate).toBeCloseTo(1666 / 1750, 12);
    expect(before.satisfactionRate).toBeCloseTo(78 / 80, 12);
    const change = compareValues(current.satisfactionRate, before.satisfactionRate, 'up');
    expect(change.delta).toBeCloseTo(1666 / 1750 - 0.975, 12);
    expect(change.better).toBe(false);
    // Errors: 2 per 2,170 finished → 9.2166 per 万笔 vs 0 last year: relative change undefined, worse.
    const errors = compareValues(current.errorRate, before.errorRate, 'down');
    expect(errors.value).toBeCloseTo(20_000 / 2170, 10);
    expect(errors.relative).toBeNull();
    expect(errors.better).toBe(false);
  });

  it('direction decides what is better; no previous value → no change', () => {
    expect(compareValues(480, 600, 'down')).toEqual({ value: 480, previous: 600, delta: -120, relative: -0.2, better: true });
    expect(compareValues(0.9, 0.8, 'up').better).toBe(true);
    expect(compareValues(0.9, 0.9, 'up').better).toBeNull();
    expect(compareValues(null, 0.9, 'up')).toEqual({ value: null, previous: 0.9, delta: null, relative: null, better: null });
    expect(meetsTarget(5, 5, 'down')).toBe(true);
    expect(meetsTarget(5.01, 5, 'down')).toBe(false);
    expect(meetsTarget(0.979, 0.98, 'up')).toBe(false);
    expect(meetsTarget(null, 0.98, 'up')).toBeNull();
  });

  it('month sums add up the days of each month', () => {
    const byDay = new Map([['2028-02-29', sums({ issued: 3 })], ['2028-02-01', sums({ issued: 2 })], ['2028-03-01', sums({ issued: 7 })]]);
    expect([...sumByMonth(byDay)].map(([m, s]) => [m, s.issued])).toEqual([['2028-02', 5], ['2028-03', 7]]);
  });
});
