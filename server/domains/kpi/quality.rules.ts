/**
 * The supervision side of the service index 服务指数 (issues #11, #12, DESIGN §4): inspection score,
 * rectification on-time rate and care completion, as additive per-branch counts so that a region's
 * figure is the sum of its branches' (like the rollups), read "as of" the end of a bank day.
 * Pure: the counts come from quality.repo.ts.
 *
 * Definitions (ADR 0022):
 * - inspection score: each branch's LATEST inspection (routine or mystery shopper; self-checks are
 *   a branch grading itself and do not count) within INSPECTION_WINDOW_DAYS; a region's is the mean
 *   over its inspected branches. Latest, not average: the index says where a branch stands now, so a
 *   re-inspection after the fixes must be able to lift it; an average would punish one bad visit
 *   for the whole window. Each branch counts once, however often it was visited.
 * - rectification on-time rate: of the fixes raised within RECTIFICATION_WINDOW_DAYS that are due
 *   (due date passed) or already verified, those verified and fixed by their due date.
 * - care completion: of the care tasks due within CARE_WINDOW_DAYS that are past their due day or
 *   already closed, those done by their due day (a skipped task counts as not done, like the care
 *   KPI). A task due today and still open is not counted yet: the day is not over.
 */
import type { QualityComponent } from './kpi.types.ts';

export const INSPECTION_WINDOW_DAYS = 180;
export const RECTIFICATION_WINDOW_DAYS = 90;
export const CARE_WINDOW_DAYS = 30;

/** Additive counts behind the three components, for a branch or summed over a unit. */
export interface QualitySums {
  /** Sum of the latest scores of the inspected branches (0–100 each). */
  inspectionScoreSum: number;
  inspectedBranches: number;
  rectificationsDue: number;
  rectificationsOnTime: number;
  careDue: number;
  careOnTime: number;
}

/** One branch's counts with its place in the tree (region codes, root first). */
export interface BranchQuality {
  code: string;
  regionCodes: string[];
  sums: QualitySums;
}

export const EMPTY_QUALITY: Readonly<QualitySums> = Object.freeze({
  inspectionScoreSum: 0, inspectedBranches: 0, rectificationsDue: 0, rectificationsOnTime: 0, careDue: 0, careOnTime: 0,
});

const FIELDS = Object.keys(EMPTY_QUALITY) as (keyof QualitySums)[];

export function addQuality(into: QualitySums, more: QualitySums): QualitySums {
  for (const field of FIELDS) into[field] += more[field];
  return into;
}

export function sumQuality(rows: readonly { sums: QualitySums }[]): QualitySums {
  return rows.reduce((total, row) => addQuality(total, row.sums), { ...EMPTY_QUALITY });
}

/** The three component values; null where the unit has no data (never 0 or 100). */
export function qualityValues(q: QualitySums | undefined): Record<QualityComponent, number | null> {
  const ratio = (n: number, d: number) => (d > 0 ? n / d : null);
  return {
    inspectionScore: q ? ratio(q.inspectionScoreSum, q.inspectedBranches) : null,
    rectificationOnTimeRate: q ? ratio(q.rectificationsOnTime, q.rectificationsDue) : null,
    careCompletionRate: q ? ratio(q.careOnTime, q.careDue) : null,
  };
}

/**
 * The counts of a ranking's child units: a branch belongs to the child region that follows
 * `parentCode` on its region path, or is a child itself when attached to the parent directly.
 * Keyed `region:<code>` / `branch:<code>`, like the ranking items' scope text.
 */
export function qualityByChild(rows: readonly BranchQuality[], parentCode: string | null): Map<string, QualitySums> {
  const byChild = new Map<string, QualitySums>();
  if (parentCode === null) return byChild;
  for (const row of rows) {
    const depth = row.regionCodes.indexOf(parentCode);
    if (depth < 0) continue;
    const key = depth + 1 < row.regionCodes.length ? `region:${row.regionCodes[depth + 1]}` : `branch:${row.code}`;
    byChild.set(key, addQuality(byChild.get(key) ?? { ...EMPTY_QUALITY }, row.sums));
  }
  return byChild;
}

/** A unit's quality figures as a KPI read holds them: the unit's own, per ranked child, per branch. */
export interface UnitQuality {
  unit: QualitySums;
  children: ReadonlyMap<string, QualitySums>;
  branches: ReadonlyMap<string, QualitySums>;
}

export function unitQuality(rows: readonly BranchQuality[], rankParentCode: string | null, unitBranchCode: string | null = null): UnitQuality {
  const branches = new Map(rows.map((r) => [r.code, r.sums]));
  // A branch ranks only itself.
  const children = unitBranchCode !== null
    ? new Map(branches.has(unitBranchCode) ? [[`branch:${unitBranchCode}`, branches.get(unitBranchCode)!]] : [])
    : qualityByChild(rows, rankParentCode);
  return { unit: sumQuality(rows), children, branches };
}
