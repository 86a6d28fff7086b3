import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { DEFAULT_CHECKLIST_MODULES } from './checklist-default.ts';
import { calibrationPairs, checkChecklistModules, checkResults, scoreInspection } from './inspection.rules.ts';
import type { ChecklistModule, ItemResult } from './inspection.types.ts';

// A small checklist computed by hand: A = 10 + 10 (A2 red line), B = 5 + 15.
const modules: ChecklistModule[] = [
  { code: 'A', name: '环境', items: [
    { code: 'A1', text: 'a1', guidance: '', maxPoints: 10, redLine: false },
    { code: 'A2', text: 'a2', guidance: '', maxPoints: 10, redLine: true },
  ] },
  { code: 'B', name: '态度', items: [
    { code: 'B1', text: 'b1', guidance: '', maxPoints: 5, redLine: false },
    { code: 'B2', text: 'b2', guidance: '', maxPoints: 15, redLine: false },
  ] },
];
const full = (over: Partial<Record<string, Partial<ItemResult>>> = {}): ItemResult[] =>
  ['A1', 'A2', 'B1', 'B2'].map((code) => ({ item: code, points: modules.flatMap((m) => m.items).find((i) => i.code === code)!.maxPoints, ...over[code] }));

function issuesOf(fn: () => void): Array<{ field: string; reason: string }> {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).issues;
  }
  throw new Error('expected an INVALID_INPUT error');
}

describe('scoreInspection', () => {
  it('scores a perfect inspection 100 and passes with no findings', () => {
    const s = scoreInspection(modules, full(), 85);
    expect(s).toMatchObject({ score: 100, passed: true, redLineFailed: false, findings: [] });
    expect(s.modules.map((m) => m.score)).toEqual([100, 100]);
  });

  it('computes 100 × awarded ÷ possible with one decimal, per module too', () => {
    // Awarded 10 + 10 + 3 + 9 = 32 of 40 → 80.0; A 100.0, B 12/20 → 60.0
    const s = scoreInspection(modules, full({ B1: { points: 3, reason: '未起身' }, B2: { points: 9, reason: '无引导' } }), 85);
    expect(s.score).toBe(80);
    expect(s.modules).toEqual([{ code: 'A', name: '环境', score: 100 }, { code: 'B', name: '态度', score: 60 }]);
    expect(s.passed).toBe(false);
    expect(s.findings.map((f) => [f.item, f.pointsLost])).toEqual([['B2', 6], ['B1', 2]]);
  });

  it('leaves not-applicable items out of the possible points', () => {
    // B2 n/a: 10 + 10 + 4 = 24 of 25 → 96.0; B 4/5 → 80.0
    const s = scoreInspection(modules, full({ B2: { points: 0, notApplicable: true }, B1: { points: 4, reason: '提示评价遗漏' } }), 85);
    expect(s.score).toBe(96);
    expect(s.modules[1]!.score).toBe(80);
    expect(s.findings).toHaveLength(1);
  });

  it('rounds to one decimal: 1 point lost of 30 applicable → 96.7', () => {
    const s = scoreInspection(modules, full({ A1: { points: 0, notApplicable: true }, B1: { points: 4, reason: 'x' } }), 85);
    expect(s.score).toBe(96.7);
  });

  it('fails at the pass mark boundary only below it', () => {
    // 34 of 40 = 85.0 passes at 85, fails at 85.1
    const results = full({ B2: { points: 9, reason: 'x' } });
    expect(scoreInspection(modules, results, 85).passed).toBe(true);
    expect(scoreInspection(modules, results, 85.1).passed).toBe(false);
  });

  it('fails on a red line whatever the score, and lists red lines first', () => {
    const s = scoreInspection(modules, full({ A2: { points: 9, reason: '灭火器过期' }, B2: { points: 10, reason: 'x' } }), 85);
    expect(s.score).toBe(85); // 34 of 40
    expect(s).toMatchObject({ passed: false, redLineFailed: true });
    expect(s.findings.map((f) => f.item)).toEqual(['A2', 'B2']);
  });

  it('gives a module with every item not applicable no score', () => {
    const s = scoreInspection(modules, full({ B1: { points: 0, notApplicable: true }, B2: { points: 0, notApplicable: true } }), 85);
    expect(s.modules[1]!.score).toBeNull();
    expect(s.score).toBe(100);
  });
});

describe('checkResults', () => {
  it('names an unknown item, points above the maximum and a deduction without a reason', () => {
    const results = full({ A1: { points: 11 }, B1: { points: 2 } });
    results[3] = { item: 'Z9', points: 1 };
    const issues = issuesOf(() => checkResults(modules, results));
    expect(issues).toEqual(expect.arrayContaining([
      { field: 'results.0.points', reason: 'at most 10 for A1' },
      { field: 'results.2.reason', reason: 'a deduction on B1 needs a reason' },
      { field: 'results.3.item', reason: 'unknown item "Z9" in this checklist' },
      { field: 'results', reason: 'item B2 has no result (score it or mark it not applicable)' },
    ]));
  });

  it('accepts a complete, valid set (n/a items need no reason)', () => {
    expect(() => checkResults(modules, full({ A1: { points: 0, notApplicable: true } }))).not.toThrow();
  });
});

describe('the default checklist', () => {
  it('has six modules and 40–60 items with unique codes and red lines', () => {
    expect(() => checkChecklistModules(DEFAULT_CHECKLIST_MODULES)).not.toThrow();
    const items = DEFAULT_CHECKLIST_MODULES.flatMap((m) => m.items);
    expect(DEFAULT_CHECKLIST_MODULES).toHaveLength(6);
    expect(items.length).toBeGreaterThanOrEqual(40);
    expect(items.length).toBeLessThanOrEqual(60);
    expect(items.some((i) => i.redLine)).toBe(true);
  });

  it('rejects a duplicated item code naming the field', () => {
    const dup: ChecklistModule[] = [{ code: 'A', name: 'a', items: [modules[0]!.items[0]!, modules[0]!.items[0]!] }];
    expect(issuesOf(() => checkChecklistModules(dup))[0]!.field).toBe('modules.0.items.1.code');
  });
});

describe('calibrationPairs', () => {
  const at = (d: string) => new Date(`${d}T10:00:00+08:00`);
  const insp = (id: string, inspector: string, day: string, a: number | null, b: number | null, branchCode = 'BJ01') =>
    ({ id, branchCode, inspector, visitedAt: at(day), checklistCode: 'CBSS', modules: [{ code: 'A', score: a }, { code: 'B', score: b }] });

  it('pairs two inspectors at one branch within the window with per-module differences', () => {
    const pairs = calibrationPairs([insp('x', '王', '2026-11-02', 90, 80), insp('y', '李', '2026-11-10', 82.5, null)], 14);
    expect(pairs).toEqual([{
      branchCode: 'BJ01', a: { id: 'x', inspector: '王', visitedAt: at('2026-11-02').toISOString() }, b: { id: 'y', inspector: '李', visitedAt: at('2026-11-10').toISOString() },
      modules: [{ code: 'A', a: 90, b: 82.5, difference: 7.5 }, { code: 'B', a: 80, b: null, difference: null }],
    }]);
  });

  it('skips the same inspector, other branches and visits beyond the window', () => {
    expect(calibrationPairs([insp('x', '王', '2026-11-02', 90, 80), insp('y', '王', '2026-11-03', 80, 80)], 14)).toEqual([]);
    expect(calibrationPairs([insp('x', '王', '2026-11-02', 90, 80), insp('y', '李', '2026-11-03', 80, 80, 'BJ02')], 14)).toEqual([]);
    expect(calibrationPairs([insp('x', '王', '2026-11-02', 90, 80), insp('y', '李', '2026-11-17', 80, 80)], 14)).toEqual([]);
  });
});
