/**
 * The arithmetic of the report's inspection, rectification, care and star sections, pure. The
 * rounding is the domains' own (scores to 0.1 as the inspections board, rates to 0.001 as the
 * board and `GET /kpis/care`), so the report's figures equal theirs. Labels are Chinese: the
 * report goes to the leadership as it is.
 */
import { bankDay, daysBetween } from '../../platform/bank-time.ts';
import type { CareGroupRow, InspectionRow, OverdueRectificationRow, StarRow } from './report-sections.repo.ts';
import type {
  CareFigures, CareSection, InspectionFigures, OverdueRectification, ReportStar, ScoredModule, ScoredOutlet, StarSection,
} from './report-sections.types.ts';
import type { CountRow } from './reports.types.ts';

export const INSPECTION_KIND_LABELS: Readonly<Record<string, string>> = { routine: '例行检查', mystery_shopper: '暗访', self_check: '自查' };
export const CARE_KIND_LABELS: Readonly<Record<string, string>> = { birthday: '生日祝福', holiday: '节日问候' };
export const SKIP_REASON_LABELS: Readonly<Record<string, string>> = {
  unreachable: '联系不上', declined: '客户婉拒', greeted_elsewhere: '已另行问候', wrong_data: '资料有误', other: '其他',
};
export const NOMINATION_STATUS_LABELS: Readonly<Record<string, string>> = { pending: '待审批', approved: '通过', rejected: '驳回', lapsed: '失效' };

/** How many lowest outlets / modules, care outlets, top star outlets and overdue rectifications are listed. */
export const LOWEST_LISTED = 5;
export const CARE_OUTLETS_LISTED = 10;
export const STAR_OUTLETS_LISTED = 10;
export const OVERDUE_RECTIFICATIONS_LISTED = 20;

export const round1 = (n: number): number => Math.round(n * 10) / 10;
export const rate = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((1000 * part) / whole) / 1000);

/** Every key of `labels` in its order, with its count (0 when absent), then unknown keys. */
export function labelledCounts(labels: Readonly<Record<string, string>>, counts: ReadonlyMap<string, number>): CountRow[] {
  const known = Object.entries(labels).map(([key, label]) => ({ key, label, count: counts.get(key) ?? 0 }));
  const unknown = [...counts].filter(([key]) => !(key in labels)).map(([key, count]) => ({ key, label: key, count }));
  return [...known, ...unknown];
}

const tally = <T>(items: readonly T[], keyOf: (item: T) => string, weight: (item: T) => number = () => 1): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + weight(item));
  return counts;
};

export function inspectionFigures(rows: readonly InspectionRow[]): InspectionFigures {
  const n = rows.length;
  return {
    inspections: n,
    averageScore: n === 0 ? null : round1(rows.reduce((sum, r) => sum + r.score, 0) / n),
    passRate: rate(rows.filter((r) => r.passed).length, n),
    redLineFailures: rows.filter((r) => r.redLineFailed).length,
  };
}

/** Outlets by their average score, lowest first (ties: fewer inspections, then code). */
export function lowestOutlets(rows: readonly InspectionRow[], size = LOWEST_LISTED): ScoredOutlet[] {
  const outlets = new Map<string, { code: string; name: string; scores: number[] }>();
  for (const r of rows) {
    const o = outlets.get(r.branchCode) ?? { code: r.branchCode, name: r.branchName, scores: [] };
    o.scores.push(r.score);
    outlets.set(r.branchCode, o);
  }
  return [...outlets.values()]
    .map((o) => ({ code: o.code, name: o.name, inspections: o.scores.length, averageScore: round1(o.scores.reduce((a, b) => a + b, 0) / o.scores.length) }))
    .sort((a, b) => a.averageScore - b.averageScore || a.inspections - b.inspections || a.code.localeCompare(b.code))
    .slice(0, size);
}

/** Checklist modules by their average module score over the inspections that scored them, lowest first. */
export function lowestModules(rows: readonly InspectionRow[], size = LOWEST_LISTED): ScoredModule[] {
  const modules = new Map<string, { code: string; name: string; scores: number[] }>();
  for (const r of rows) {
    for (const m of r.moduleScores) {
      if (m.score === null) continue;
      const entry = modules.get(m.code) ?? { code: m.code, name: m.name, scores: [] };
      entry.scores.push(Number(m.score));
      modules.set(m.code, entry);
    }
  }
  return [...modules.values()]
    .map((m) => ({ code: m.code, name: m.name, inspections: m.scores.length, averageScore: round1(m.scores.reduce((a, b) => a + b, 0) / m.scores.length) }))
    .sort((a, b) => a.averageScore - b.averageScore || a.code.localeCompare(b.code))
    .slice(0, size);
}

export const byKind = (rows: readonly InspectionRow[]): CountRow[] => labelledCounts(INSPECTION_KIND_LABELS, tally(rows, (r) => r.kind));

/** Days from the due bank day to the bank day of `asOf` (due yesterday and still open: 1). */
export function overdueRectification(row: OverdueRectificationRow, asOf: Date, timeZone: string): OverdueRectification {
  return {
    branchCode: row.branchCode, branchName: row.branchName, itemCode: row.itemCode, item: row.itemText, redLine: row.redLine,
    dueAt: new Date(row.dueAt).toISOString(), daysOverdue: Math.max(0, daysBetween(bankDay(new Date(row.dueAt), timeZone), bankDay(asOf, timeZone))),
  };
}

function careFigures(rows: readonly CareGroupRow[]): CareFigures {
  const sum = (k: 'due' | 'done' | 'doneOnTime' | 'skipped' | 'overdue') => rows.reduce((n, r) => n + r[k], 0);
  const due = sum('due');
  const done = sum('done');
  const doneOnTime = sum('doneOnTime');
  return { due, done, doneOnTime, skipped: sum('skipped'), overdue: sum('overdue'), completionRate: rate(done, due), onTimeRate: rate(doneOnTime, due) };
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const r of rows) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
  return groups;
}

/** The care section from the (outlet, kind, skip reason) counts: outlets worst first (lowest completion, then most overdue). */
export function careSection(rows: readonly CareGroupRow[], listed = CARE_OUTLETS_LISTED): CareSection {
  const kinds = groupBy(rows, (r) => r.kind);
  const byKindRows = [...Object.keys(CARE_KIND_LABELS), ...[...kinds.keys()].filter((k) => !(k in CARE_KIND_LABELS))]
    .map((key) => ({ key, label: CARE_KIND_LABELS[key] ?? key, ...careFigures(kinds.get(key) ?? []) }));
  const outlets = [...groupBy(rows, (r) => r.branchCode).values()]
    .map((list) => ({ code: list[0]!.branchCode, name: list[0]!.branchName, ...careFigures(list) }))
    .sort((a, b) => (a.completionRate ?? 1) - (b.completionRate ?? 1) || b.overdue - a.overdue || a.code.localeCompare(b.code));
  const skipped = rows.filter((r) => r.skipReason !== null);
  return {
    ...careFigures(rows),
    byKind: byKindRows,
    outlets: outlets.length,
    byOutlet: outlets.slice(0, listed),
    skippedByReason: labelledCounts(SKIP_REASON_LABELS, tally(skipped, (r) => r.skipReason!, (r) => r.skipped)).filter((r) => r.count > 0),
  };
}

export const reportStar = (s: StarRow): ReportStar => ({
  month: s.month, scope: s.scope, scopeName: s.scopeName, staff: { code: s.staffCode, name: s.staffName },
  branch: s.branchCode ? { code: s.branchCode, name: s.branchName ?? s.branchCode } : null, nominations: s.nominations,
});

/** The star section: the stars, nominations by status, and outlets by stars (then approved nominations). */
export function starSection(stars: readonly StarRow[], nominations: ReadonlyArray<{ branchCode: string | null; branchName: string | null; status: string; count: number }>, listed = STAR_OUTLETS_LISTED): StarSection {
  const outlets = new Map<string, { code: string; name: string; stars: number; approvedNominations: number }>();
  const outlet = (code: string, name: string) => {
    const o = outlets.get(code) ?? { code, name, stars: 0, approvedNominations: 0 };
    outlets.set(code, o);
    return o;
  };
  for (const s of stars) if (s.branchCode) outlet(s.branchCode, s.branchName ?? s.branchCode).stars += 1;
  for (const n of nominations) if (n.branchCode && n.status === 'approved') outlet(n.branchCode, n.branchName ?? n.branchCode).approvedNominations += n.count;
  return {
    stars: stars.map(reportStar),
    nominations: nominations.reduce((sum, n) => sum + n.count, 0),
    nominationsByStatus: labelledCounts(NOMINATION_STATUS_LABELS, tally(nominations, (n) => n.status, (n) => n.count)),
    topOutlets: [...outlets.values()]
      .filter((o) => o.stars > 0 || o.approvedNominations > 0)
      .sort((a, b) => b.stars - a.stars || b.approvedNominations - a.approvedNominations || a.code.localeCompare(b.code))
      .slice(0, listed),
  };
}
