/**
 * Inspection KPIs for a scope over the last `days`: inspections, average score, pass rate, red-line
 * failures, open and overdue rectifications, the on-time rate (fixed by the due date ÷ fixed or
 * past due); the wall's panel; and the calibration view (rater consistency).
 */
import type { Sql } from '../../../db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { authorize, findBranchTarget, findRegionTarget, parseScopeText, scopeOf, scopeText, type OrgTarget, type Principal } from '../access/index.ts';
import type { InspectionDeps } from './inspection-deps.ts';
import type { InspectionKpis, WallInspectionsView as WallInspections } from './inspection.types.ts';
import { selectCalibrationRows, selectInspectionCounts, type InspectionScope } from './inspection-kpi.repo.ts';
import { calibrationPairs, round1, type CalibrationPair } from './inspection.rules.ts';

export const INSPECTION_KPI_DAYS = 90;
const rate = (n: number, d: number): number | null => (d === 0 ? null : Math.round((1000 * n) / d) / 1000);

/** `bank` / `region:X` / `branch:Y` → the count scope and the target to authorize. */
export async function inspectionScopeOf(sql: Sql, text: string): Promise<{ scope: InspectionScope; target: OrgTarget }> {
  const parsed = parseScopeText(text, 'scope');
  if (parsed.kind === 'bank') return { scope: { kind: 'bank' }, target: { kind: 'bank' } };
  const target = parsed.kind === 'region' ? await findRegionTarget(sql, parsed.code) : await findBranchTarget(sql, parsed.code);
  if (!target || target.kind === 'bank') throw new AppError('NOT_FOUND', `no ${text}`);
  return { scope: target.kind === 'region' ? { kind: 'region', id: target.regionId } : { kind: 'branch', id: target.branchId }, target };
}

export async function inspectionKpis(sql: Sql, scope: InspectionScope, days: number, now: Date): Promise<InspectionKpis & { latestScore: number | null }> {
  const c = await selectInspectionCounts(sql, scope, { from: new Date(now.getTime() - days * 86_400_000), now });
  return {
    inspections: c.inspections,
    averageScore: c.inspections === 0 ? null : round1(c.scoreSum / c.inspections),
    passRate: rate(c.passed, c.inspections),
    redLineFailures: c.redLineFailures,
    rectificationsOpen: c.open,
    rectificationsOverdue: c.overdue,
    rectificationOnTimeRate: rate(c.onTime, c.closedOrDue),
    latestScore: c.latestScore,
  };
}

/** `GET /kpis/inspections?scope=&days=`: the caller's own scope by default; outside it does not exist. */
export async function inspectionKpisFor(deps: InspectionDeps, principal: Principal, asked: string | undefined, days: number | undefined): Promise<InspectionKpis> {
  const text = asked ?? scopeText(scopeOf(principal));
  const { scope, target } = await inspectionScopeOf(deps.db.sql, text);
  authorize(principal, 'org.read', target, { hideOutsideScope: true });
  const { latestScore: _latest, ...kpis } = await inspectionKpis(deps.db.sql, scope, days ?? INSPECTION_KPI_DAYS, deps.clock.now());
  return kpis;
}

/** Pairs of inspectors at one branch within the window, per-module differences; per inspector the mean difference. */
export async function calibration(deps: InspectionDeps, principal: Principal, days: number | undefined): Promise<{ windowDays: number; pairs: CalibrationPair[]; inspectors: Array<{ inspector: string; pairs: number; meanDifference: number | null }> }> {
  authorize(principal, 'inspections.read');
  const own = scopeOf(principal);
  const scope: InspectionScope = own.kind === 'branch' ? { kind: 'branch', id: own.branchId } : own.kind === 'region' ? { kind: 'region', id: own.regionId } : { kind: 'bank' };
  const window = deps.settings.calibrationWindowDays;
  const from = new Date(deps.clock.now().getTime() - (days ?? INSPECTION_KPI_DAYS) * 86_400_000);
  const rows = await selectCalibrationRows(deps.db.sql, scope, from);
  const pairs = calibrationPairs(rows.map((r) => ({ id: r.id, branchCode: r.branchCode, inspector: r.inspector, visitedAt: r.visitedAt, checklistCode: r.checklistCode, modules: r.moduleScores })), window);
  // Harshness: how much lower (negative) an inspector scores than their pair partner, module by module.
  const diffs = new Map<string, number[]>();
  for (const p of pairs) {
    for (const m of p.modules) {
      if (m.difference === null) continue;
      diffs.set(p.a.inspector, [...(diffs.get(p.a.inspector) ?? []), m.difference]);
      diffs.set(p.b.inspector, [...(diffs.get(p.b.inspector) ?? []), -m.difference]);
    }
  }
  const inspectors = [...diffs.entries()].map(([inspector, values]) => ({
    inspector, pairs: pairs.filter((p) => p.a.inspector === inspector || p.b.inspector === inspector).length,
    meanDifference: values.length === 0 ? null : round1(values.reduce((a, b) => a + b, 0) / values.length),
  })).sort((a, b) => (a.meanDifference ?? 0) - (b.meanDifference ?? 0));
  return { windowDays: window, pairs, inspectors };
}

/** What a wall's inspection panel shows for a scope (no people, no customer data). */
export async function wallInspections(sql: Sql, scopeText: string, now: Date): Promise<WallInspections> {
  const { scope } = await inspectionScopeOf(sql, scopeText);
  const k = await inspectionKpis(sql, scope, INSPECTION_KPI_DAYS, now);
  return {
    inspections: k.inspections, latestScore: k.latestScore, averageScore: k.averageScore, passRate: k.passRate, redLineFailures: k.redLineFailures,
    rectificationsOpen: k.rectificationsOpen, rectificationsOverdue: k.rectificationsOverdue, rectificationOnTimeRate: k.rectificationOnTimeRate,
  };
}
