import { describe, expect, it } from 'vitest';
import type { CareGroupRow, InspectionRow, StarRow } from './report-sections.repo.ts';
import { byKind, careSection, inspectionFigures, lowestModules, lowestOutlets, overdueRectification, starSection } from './report-sections.rules.ts';
import { monthBounds } from './report-sections.service.ts';

const TZ = 'Asia/Shanghai';
const modules = (env: number | null, att: number) => [{ code: 'ENV', name: '环境', score: env }, { code: 'ATT', name: '服务态度', score: att }];
const inspection = (branchCode: string, kind: string, score: number, extra: Partial<InspectionRow> = {}): InspectionRow => ({
  branchCode, branchName: `网点${branchCode}`, kind, score, passed: score >= 80, redLineFailed: false, submittedAt: new Date('2026-11-10T02:00:00Z'),
  moduleScores: modules(score, 100), ...extra,
});

describe('inspection section arithmetic', () => {
  const rows = [
    inspection('A', 'routine', 92.5), inspection('A', 'mystery_shopper', 71, { redLineFailed: true, passed: false }),
    inspection('B', 'routine', 88), inspection('C', 'self_check', 64.3, { moduleScores: modules(null, 50) }),
  ];

  it('counts, averages to 0.1, pass rate to 0.001 and red-line failures as the inspections board does', () => {
    // (92.5 + 71 + 88 + 64.3) / 4 = 78.95 → 79.0; passed 2 of 4.
    expect(inspectionFigures(rows)).toEqual({ inspections: 4, averageScore: 79, passRate: 0.5, redLineFailures: 1 });
    expect(inspectionFigures([])).toEqual({ inspections: 0, averageScore: null, passRate: null, redLineFailures: 0 });
  });

  it('lists every kind (0 when none) and the lowest outlets and modules first', () => {
    expect(byKind(rows.slice(0, 3)).map((k) => [k.key, k.label, k.count])).toEqual([['routine', '例行检查', 2], ['mystery_shopper', '暗访', 1], ['self_check', '自查', 0]]);
    // A: (92.5 + 71) / 2 = 81.75 → 81.8.
    expect(lowestOutlets(rows).map((o) => [o.code, o.inspections, o.averageScore])).toEqual([['C', 1, 64.3], ['A', 2, 81.8], ['B', 1, 88]]);
    expect(lowestOutlets(rows, 1)).toHaveLength(1);
    // ENV over the three that scored it: (92.5 + 71 + 88) / 3 = 83.83 → 83.8; ATT (100 × 3 + 50) / 4 = 87.5.
    expect(lowestModules(rows)).toEqual([{ code: 'ENV', name: '环境', inspections: 3, averageScore: 83.8 }, { code: 'ATT', name: '服务态度', inspections: 4, averageScore: 87.5 }]);
  });
});

describe('rectifications overdue', () => {
  it('counts bank days from the due day to the month’s end', () => {
    const { asOf } = monthBounds('2026-11', TZ, new Date('2027-01-01T00:00:00Z'));
    expect(asOf.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    const row = { branchCode: 'B1', branchName: '网点', itemCode: 'ENV07', itemText: '灭火器', redLine: true };
    // Due at the end of 20 Nov (bank time), judged at the start of 1 Dec: 11 days.
    expect(overdueRectification({ ...row, dueAt: new Date('2026-11-20T15:59:59Z') }, asOf, TZ).daysOverdue).toBe(11);
    expect(overdueRectification({ ...row, dueAt: new Date('2026-11-30T15:59:59Z') }, asOf, TZ)).toMatchObject({ daysOverdue: 1, dueAt: '2026-11-30T15:59:59.000Z', item: '灭火器' });
  });

  it('caps a month in progress at now', () => {
    const now = new Date('2026-11-15T04:00:00Z');
    expect(monthBounds('2026-11', TZ, now)).toEqual({ from: new Date('2026-10-31T16:00:00Z'), to: new Date('2026-11-30T16:00:00Z'), asOf: now });
  });
});

describe('care section', () => {
  const row = (branchCode: string, kind: string, skipReason: string | null, f: Partial<CareGroupRow>): CareGroupRow => ({
    branchCode, branchName: `网点${branchCode}`, kind, skipReason, due: 0, done: 0, doneOnTime: 0, skipped: 0, overdue: 0, ...f,
  });
  const rows = [
    row('A', 'birthday', null, { due: 8, done: 6, doneOnTime: 5, overdue: 2 }),
    row('A', 'birthday', 'unreachable', { due: 2, skipped: 2 }),
    row('B', 'holiday', null, { due: 4, done: 4, doneOnTime: 4 }),
    row('C', 'birthday', null, { due: 5, done: 1, doneOnTime: 1, overdue: 4 }),
    row('C', 'holiday', 'declined', { due: 1, skipped: 1 }),
  ];

  it('rates as GET /kpis/care (skipped is not done), kinds always both, outlets worst first, skips by reason', () => {
    const s = careSection(rows);
    expect(s).toMatchObject({ due: 20, done: 11, doneOnTime: 10, skipped: 3, overdue: 6, completionRate: 0.55, onTimeRate: 0.5, outlets: 3 });
    expect(s.byKind.map((k) => [k.key, k.due, k.done, k.completionRate])).toEqual([['birthday', 15, 7, 0.467], ['holiday', 5, 4, 0.8]]);
    expect(s.byOutlet.map((o) => [o.code, o.completionRate])).toEqual([['C', 0.167], ['A', 0.6], ['B', 1]]);
    expect(s.skippedByReason).toEqual([{ key: 'unreachable', label: '联系不上', count: 2 }, { key: 'declined', label: '客户婉拒', count: 1 }]);
    expect(careSection(rows, 1).byOutlet).toHaveLength(1);
    expect(careSection([])).toMatchObject({ due: 0, completionRate: null, outlets: 0, byKind: [{ key: 'birthday', due: 0 }, { key: 'holiday', due: 0 }] });
  });
});

describe('star section', () => {
  const star = (scope: string, staffCode: string, branchCode: string | null): StarRow => ({
    month: '2026-11', scope, scopeName: scope, staffCode, staffName: `员工${staffCode}`, branchCode, branchName: branchCode && `网点${branchCode}`, nominations: 2,
  });

  it('counts nominations by every status and ranks outlets by stars, then approved nominations', () => {
    const s = starSection([star('region:R1', 'S1', 'A'), star('branch:A', 'S1', 'A'), star('branch:B', 'S2', 'B')], [
      { branchCode: 'A', branchName: '网点A', status: 'approved', count: 2 }, { branchCode: 'B', branchName: '网点B', status: 'approved', count: 3 },
      { branchCode: 'B', branchName: '网点B', status: 'rejected', count: 1 }, { branchCode: 'C', branchName: '网点C', status: 'approved', count: 1 },
      { branchCode: null, branchName: null, status: 'pending', count: 1 },
    ]);
    expect(s.nominations).toBe(8);
    expect(s.nominationsByStatus.map((n) => [n.key, n.count])).toEqual([['pending', 1], ['approved', 6], ['rejected', 1], ['lapsed', 0]]);
    expect(s.topOutlets).toEqual([
      { code: 'A', name: '网点A', stars: 2, approvedNominations: 2 }, { code: 'B', name: '网点B', stars: 1, approvedNominations: 3 },
      { code: 'C', name: '网点C', stars: 0, approvedNominations: 1 },
    ]);
    expect(s.stars[0]).toEqual({ month: '2026-11', scope: 'region:R1', scopeName: 'region:R1', staff: { code: 'S1', name: '员工S1' }, branch: { code: 'A', name: '网点A' }, nominations: 2 });
  });
});
