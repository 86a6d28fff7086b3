import { describe, expect, it } from 'vitest';
import { DEFAULT_INDEX_THRESHOLDS, EMPTY_SUMS } from './kpi.rules.ts';
import { applyKpiDelta, isSeenBy, liveScopeFigures, parseTxSnapshot, type KpiDelta, type LiveScope } from './live-scope.rules.ts';

describe('isSeenBy()', () => {
  const snapshot = parseTxSnapshot('100:105:101,103');
  it('counts transactions below xmin as seen', () => expect(isSeenBy('99', snapshot)).toBe(true));
  it('counts transactions between xmin and xmax as seen unless still in progress then', () => {
    expect(isSeenBy('102', snapshot)).toBe(true);
    expect(isSeenBy('101', snapshot)).toBe(false);
    expect(isSeenBy('103', snapshot)).toBe(false);
  });
  it('counts transactions at or above xmax as not seen', () => {
    expect(isSeenBy('105', snapshot)).toBe(false);
    expect(isSeenBy('106', snapshot)).toBe(false);
  });
});

function branchScope(): LiveScope {
  const sums = { ...EMPTY_SUMS, issued: 1 };
  return {
    scope: 'branch:BJ0101', name: '北京网点', kind: 'branch', code: 'BJ0101', rankParentCode: null, day: '2026-11-28', lastYear: '2025-11-28', timeZone: 'Asia/Shanghai',
    seen: parseTxSnapshot('100:100:'), targets: {}, thresholds: DEFAULT_INDEX_THRESHOLDS,
    days: new Map([['2026-11-28', { ...sums }], ['2026-11-27', { ...EMPTY_SUMS }], ['2025-11-28', { ...EMPTY_SUMS }]]),
    hours: new Map([['2026-11-28T01:00:00.000Z', { ...sums }]]),
    hourRange: { days: ['2026-11-27', '2026-11-28'], from: Date.parse('2026-11-26T16:00:00Z'), to: Date.parse('2026-11-28T16:00:00Z') },
    business: [], children: [{ kind: 'branch', code: 'BJ0101', name: '北京网点', sums: { ...sums } }],
    grid: [{ code: 'BJ0101', name: '北京网点', regionCode: 'BJ01', sums: { ...sums }, serviceIndex: null }], gridIndex: new Map([['BJ0101', 0]]),
  };
}
const delta = (xid: string, code = 'BJ0101', day = '2026-11-28'): KpiDelta => ({
  xid, branches: [{ code, regionCodes: ['HO', 'BJ', 'BJ01'], hours: [{ hour: '2026-11-28T01:00:00.000Z', day, sums: { ...EMPTY_SUMS, issued: 2 } }], business: [{ day, business: '开户', finished: 1, handlingCount: 1, handlingSeconds: 300 }] }],
});

describe('applyKpiDelta()', () => {
  it('adds a later transaction to the day, the hour, the business mix, the ranking and the grid', () => {
    const scope = branchScope();
    expect(applyKpiDelta(scope, delta('100'), '2026-11-28')).toBe('applied');
    const figures = liveScopeFigures(scope);
    expect(figures.kpis.kpis.issued).toBe(3);
    expect(figures.kpis.hourly.find((h) => h.hour === '2026-11-28T01:00:00.000Z')!.kpis.issued).toBe(3);
    expect(figures.kpis.byBusiness).toEqual([{ business: '开户', finished: 1, averageHandlingSeconds: 300 }]);
    expect(figures.ranking.items[0]!.kpis.issued).toBe(3);
  });
  it('skips a transaction the read already saw', () => {
    const scope = branchScope();
    expect(applyKpiDelta(scope, delta('99'), '2026-11-28')).toBe('unchanged');
    expect(liveScopeFigures(scope).kpis.kpis.issued).toBe(1);
  });
  it('ignores other branches and days it does not show', () => {
    const scope = branchScope();
    expect(applyKpiDelta(scope, delta('100', 'SH0101'), '2026-11-28')).toBe('unchanged');
    expect(applyKpiDelta(scope, delta('101', 'BJ0101', '2026-11-20'), '2026-11-28')).toBe('unchanged');
  });
  it('asks for a new read once another bank day has begun', () => {
    expect(applyKpiDelta(branchScope(), delta('100'), '2026-11-29')).toBe('reload');
  });
  it('asks for a new read for a branch of the scope its grid does not list', () => {
    const scope = { ...branchScope(), kind: 'region' as const, code: 'BJ01', rankParentCode: 'BJ01', gridIndex: new Map<string, number>() };
    expect(applyKpiDelta(scope, delta('100'), '2026-11-28')).toBe('reload');
  });
});
