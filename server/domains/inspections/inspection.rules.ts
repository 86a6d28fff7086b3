/**
 * Scoring an inspection (pure): validates each result against the checklist version it was scored
 * on, then score = 100 × awarded ÷ possible over applicable items (one decimal), the same per
 * module; passed when score ≥ pass mark and no red-line item lost points. Each item that lost
 * points is a finding.
 */
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import type { ChecklistModule, Finding, InspectionScore, ItemResult } from './inspection.types.ts';

export const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Checks every result; throws one INVALID_INPUT naming each bad field (`results.3.points` …). */
export function checkResults(modules: readonly ChecklistModule[], results: readonly ItemResult[]): void {
  const items = new Map(modules.flatMap((m) => m.items.map((i) => [i.code, i] as const)));
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  results.forEach((r, index) => {
    const item = items.get(r.item);
    if (!item) return void issues.push({ field: `results.${index}.item`, reason: `unknown item "${r.item}" in this checklist` });
    if (seen.has(r.item)) return void issues.push({ field: `results.${index}.item`, reason: `item ${r.item} is scored twice` });
    seen.add(r.item);
    if (r.notApplicable) return;
    if (!Number.isFinite(r.points) || r.points < 0) issues.push({ field: `results.${index}.points`, reason: 'must be 0 or more' });
    else if (r.points > item.maxPoints) issues.push({ field: `results.${index}.points`, reason: `at most ${item.maxPoints} for ${r.item}` });
    else if (r.points < item.maxPoints && !r.reason?.trim()) issues.push({ field: `results.${index}.reason`, reason: `a deduction on ${r.item} needs a reason` });
  });
  for (const code of items.keys()) {
    if (!seen.has(code)) issues.push({ field: 'results', reason: `item ${code} has no result (score it or mark it not applicable)` });
  }
  if (issues.length === 0 && results.every((r) => r.notApplicable)) issues.push({ field: 'results', reason: 'every item is marked not applicable' });
  if (issues.length > 0) throw new AppError('INVALID_INPUT', `${issues[0]!.field}: ${issues[0]!.reason}`, issues);
}

/** The score of checked results (call `checkResults` first). */
export function scoreInspection(modules: readonly ChecklistModule[], results: readonly ItemResult[], passMark: number): InspectionScore {
  const byItem = new Map(results.map((r) => [r.item, r]));
  let awarded = 0;
  let possible = 0;
  let redLineFailed = false;
  const findings: Finding[] = [];
  const moduleScores = modules.map((m) => {
    let mAwarded = 0;
    let mPossible = 0;
    for (const item of m.items) {
      const r = byItem.get(item.code);
      if (!r || r.notApplicable) continue;
      mAwarded += r.points;
      mPossible += item.maxPoints;
      if (r.points < item.maxPoints) {
        if (item.redLine) redLineFailed = true;
        findings.push({ item: item.code, text: item.text, module: m.code, redLine: item.redLine, pointsLost: round1(item.maxPoints - r.points), reason: r.reason?.trim() ?? '' });
      }
    }
    awarded += mAwarded;
    possible += mPossible;
    return { code: m.code, name: m.name, score: mPossible === 0 ? null : round1((100 * mAwarded) / mPossible) };
  });
  const score = possible === 0 ? 0 : round1((100 * awarded) / possible);
  // Red lines first, then the largest deductions: the order cards and pages list findings in.
  findings.sort((a, b) => Number(b.redLine) - Number(a.redLine) || b.pointsLost - a.pointsLost);
  return { score, passed: score >= passMark && !redLineFailed, redLineFailed, modules: moduleScores, findings };
}

/** A checklist to import: module and item codes unique, points positive; the field of each problem. */
export function checkChecklistModules(modules: readonly ChecklistModule[]): void {
  const issues: FieldIssue[] = [];
  const codes = new Set<string>();
  const moduleCodes = new Set<string>();
  modules.forEach((m, mi) => {
    if (moduleCodes.has(m.code)) issues.push({ field: `modules.${mi}.code`, reason: `module ${m.code} appears twice` });
    moduleCodes.add(m.code);
    if (m.items.length === 0) issues.push({ field: `modules.${mi}.items`, reason: 'a module needs at least one item' });
    m.items.forEach((item, ii) => {
      if (codes.has(item.code)) issues.push({ field: `modules.${mi}.items.${ii}.code`, reason: `item ${item.code} appears twice` });
      codes.add(item.code);
      if (!(item.maxPoints > 0)) issues.push({ field: `modules.${mi}.items.${ii}.maxPoints`, reason: 'must be more than 0' });
    });
  });
  if (modules.length === 0) issues.push({ field: 'modules', reason: 'a checklist needs at least one module' });
  if (issues.length > 0) throw new AppError('INVALID_INPUT', `${issues[0]!.field}: ${issues[0]!.reason}`, issues);
}

export interface CalibrationInspection {
  id: string;
  branchCode: string;
  inspector: string;
  visitedAt: Date;
  checklistCode: string;
  modules: Array<{ code: string; score: number | null }>;
}

export interface CalibrationPair {
  branchCode: string;
  a: { id: string; inspector: string; visitedAt: string };
  b: { id: string; inspector: string; visitedAt: string };
  /** Per module: a's score − b's (null where either did not score it). */
  modules: Array<{ code: string; a: number | null; b: number | null; difference: number | null }>;
}

/**
 * Rater consistency: each pair of inspections of one branch on one checklist by two different
 * inspectors within `windowDays`, with the per-module difference (earlier minus later).
 */
export function calibrationPairs(inspections: readonly CalibrationInspection[], windowDays: number): CalibrationPair[] {
  const sorted = [...inspections].sort((x, y) => x.visitedAt.getTime() - y.visitedAt.getTime());
  const pairs: CalibrationPair[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const [a, b] = [sorted[i]!, sorted[j]!];
      if (a.branchCode !== b.branchCode || a.checklistCode !== b.checklistCode || a.inspector === b.inspector) continue;
      if (b.visitedAt.getTime() - a.visitedAt.getTime() > windowDays * 86_400_000) continue;
      const bScores = new Map(b.modules.map((m) => [m.code, m.score]));
      pairs.push({
        branchCode: a.branchCode,
        a: { id: a.id, inspector: a.inspector, visitedAt: a.visitedAt.toISOString() },
        b: { id: b.id, inspector: b.inspector, visitedAt: b.visitedAt.toISOString() },
        modules: a.modules.map((m) => {
          const other = bScores.get(m.code) ?? null;
          return { code: m.code, a: m.score, b: other, difference: m.score === null || other === null ? null : round1(m.score - other) };
        }),
      });
    }
  }
  return pairs;
}
