/**
 * A watched scope's rollup sums held in memory (ADR 0012): read once from the database, then kept
 * current by adding the deltas each committed ingest batch announces, instead of re-reading the
 * scope after every batch. Pure: the read is in live-scope.service.ts. The figures built here
 * equal what getScopeKpis, getRanking and getBranchGrid would read at the same committed state
 * (tests/integration/live-scope.test.ts holds them to that).
 */
import { hoursOfBankDay, previousDay } from '../../platform/bank-time.ts';
import { averageHandling, computeKpis, EMPTY_SUMS, rankByServiceIndex } from './kpi.rules.ts';
import { withMovement } from './ranking-movement.rules.ts';
import type { BranchGrid, HourlyKpis, IndexThresholds, IndexWeights, KpiSums, KpiTargets, KpiValues, Ranking, ScopeKpis } from './kpi.types.ts';
import type { QualitySums, UnitQuality } from './quality.rules.ts';

/** The rollup sums in the fixed order the change feed carries them. */
export const SUM_FIELDS = [
  'issued', 'called', 'finished', 'waitCount', 'waitSeconds', 'longWaits', 'handlingCount', 'handlingSeconds', 'evaluations', 'satisfied', 'ratingSum', 'serviceErrors',
] as const satisfies readonly (keyof KpiSums)[];

export interface BusinessSums { business: string; finished: number; handlingCount: number; handlingSeconds: number }

/** What one committed ingest transaction added to one branch's rollups. */
export interface BranchDelta {
  code: string;
  /** The branch's region codes, root first (its place in every scope). */
  regionCodes: string[];
  hours: { hour: string; day: string; sums: KpiSums }[];
  business: ({ day: string } & BusinessSums)[];
}

/** What one committed ingest transaction (`xid`, as pg_current_xact_id()) added, branch by branch. */
export interface KpiDelta { xid: string; branches: BranchDelta[] }

/** pg_current_snapshot() of the read: which transactions' effects the sums already include. */
export interface TxSnapshot { xmin: bigint; xmax: bigint; inProgress: ReadonlySet<bigint> }

export interface LiveScope {
  scope: string;
  name: string;
  kind: 'bank' | 'region' | 'branch';
  code: string | null;
  /** The region whose children are ranked (the bank's root region, or the region itself); null for a branch. */
  rankParentCode: string | null;
  day: string;
  lastYear: string;
  timeZone: string;
  seen: TxSnapshot;
  targets: KpiTargets;
  thresholds: IndexThresholds;
  weights?: IndexWeights;
  /**
   * Inspection, rectification and care counts (quality.rules.ts) as of the end of today, yesterday
   * and the same day last year. Not carried by ingest deltas: an inspection, fix or care change
   * reloads the room, which reads them again.
   */
  quality?: { today: UnitQuality; yesterday: QualitySums; lastYear: QualitySums };
  /** Today, yesterday and the same day last year. */
  days: Map<string, KpiSums>;
  /** Hours of yesterday and today, keyed by ISO instant; `from`/`to` in ms. */
  hours: Map<string, KpiSums>;
  hourRange: { days: readonly string[]; from: number; to: number };
  business: BusinessSums[];
  children: { kind: 'region' | 'branch'; code: string; name: string; sums: KpiSums }[];
  grid: { code: string; name: string; regionCode: string; sums: KpiSums; serviceIndex: number | null }[];
  gridIndex: Map<string, number>;
  /** Last month's places by child scope text, read once at load (ranking movement). */
  lastMonthPlaces?: ReadonlyMap<string, number>;
}

export function parseTxSnapshot(text: string): TxSnapshot {
  const [xmin, xmax, list] = text.split(':');
  return { xmin: BigInt(xmin!), xmax: BigInt(xmax!), inProgress: new Set(list ? list.split(',').map((x) => BigInt(x)) : []) };
}

/** Whether transaction `xid` had committed when `snapshot` was taken (pg_visible_in_snapshot for a committed xid). */
export function isSeenBy(xid: string, snapshot: TxSnapshot): boolean {
  const id = BigInt(xid);
  return id < snapshot.xmin || (id < snapshot.xmax && !snapshot.inProgress.has(id));
}

const addSums = (into: KpiSums, delta: KpiSums): void => {
  for (const field of SUM_FIELDS) into[field] += delta[field];
};

/**
 * Adds a committed transaction's deltas to the scope. 'unchanged' when none concern it (or the
 * read already included them), 'reload' when the sums cannot follow (another day has begun, or a
 * branch or child unit the read did not list): the caller then reads the scope again.
 * Mutates `scope`; after 'reload' it must be discarded.
 */
export function applyKpiDelta(scope: LiveScope, delta: KpiDelta, today: string): 'applied' | 'unchanged' | 'reload' {
  if (today !== scope.day) return 'reload';
  if (isSeenBy(delta.xid, scope.seen)) return 'unchanged';
  let applied = false;
  for (const branch of delta.branches) {
    if (!inScope(scope, branch)) continue;
    const child = childOf(scope, branch);
    const cell = scope.gridIndex.get(branch.code);
    for (const h of branch.hours) {
      const t = Date.parse(h.hour);
      if (scope.hourRange.days.includes(h.day) && t >= scope.hourRange.from && t < scope.hourRange.to) {
        const sums = scope.hours.get(h.hour) ?? { ...EMPTY_SUMS };
        addSums(sums, h.sums);
        scope.hours.set(h.hour, sums);
        applied = true;
      }
      const daySums = scope.days.get(h.day);
      if (daySums) {
        addSums(daySums, h.sums);
        applied = true;
      }
      if (h.day !== scope.day) continue;
      if (child === undefined || cell === undefined) return 'reload';
      if (child) addSums(child.sums, h.sums);
      const gridCell = scope.grid[cell]!;
      addSums(gridCell.sums, h.sums);
      gridCell.serviceIndex = computeKpis(gridCell.sums, scope, scope.quality?.today.branches.get(branch.code)).serviceIndex;
    }
    for (const b of branch.business) {
      if (b.day !== scope.day) continue;
      let row = scope.business.find((r) => r.business === b.business);
      if (!row) scope.business.push((row = { business: b.business, finished: 0, handlingCount: 0, handlingSeconds: 0 }));
      row.finished += b.finished;
      row.handlingCount += b.handlingCount;
      row.handlingSeconds += b.handlingSeconds;
      applied = true;
    }
  }
  return applied ? 'applied' : 'unchanged';
}

function inScope(scope: LiveScope, branch: BranchDelta): boolean {
  if (scope.kind === 'bank') return true;
  return scope.kind === 'branch' ? branch.code === scope.code : branch.regionCodes.includes(scope.code!);
}

/** The ranked child unit holding the branch; null when the ranking does not cover it; undefined when unknown (reload). */
function childOf(scope: LiveScope, branch: BranchDelta): LiveScope['children'][number] | null | undefined {
  if (scope.kind === 'branch') return scope.children[0];
  const depth = branch.regionCodes.indexOf(scope.rankParentCode ?? '');
  if (depth < 0) return null; // the bank ranks its first root region's children only
  const [kind, code] = depth + 1 < branch.regionCodes.length ? ['region', branch.regionCodes[depth + 1]!] : ['branch', branch.code];
  return scope.children.find((c) => c.kind === kind && c.code === code);
}

/** The same order as the SQL read: most finished first, then by business name (code-unit order, as collate "C"). */
export const byFinishedThenName = (a: BusinessSums, b: BusinessSums): number =>
  b.finished - a.finished || (a.business < b.business ? -1 : a.business > b.business ? 1 : 0);

/** The scope's figures as the wall shows them (the same shapes as getScopeKpis, getRanking, getBranchGrid). */
export function liveScopeFigures(scope: LiveScope): { kpis: ScopeKpis; ranking: Ranking; grid: BranchGrid['items'] } {
  const kpisOf = (sums: KpiSums | undefined, quality?: QualitySums): KpiValues => computeKpis(sums ?? EMPTY_SUMS, scope, quality);
  const q = scope.quality;
  const kpis: ScopeKpis = {
    scope: scope.scope,
    name: scope.name,
    day: scope.day,
    kpis: kpisOf(scope.days.get(scope.day), q?.today.unit),
    targets: { ...scope.targets },
    comparison: { yesterday: kpisOf(scope.days.get(previousDay(scope.day)), q?.yesterday), sameDayLastYear: kpisOf(scope.days.get(scope.lastYear), q?.lastYear) },
    hourly: hourlySeries(scope.day, scope.timeZone, (hour, today) => kpisOf(hour === undefined ? undefined : scope.hours.get(hour), today ? q?.today.unit : q?.yesterday)),
    byBusiness: [...scope.business].sort(byFinishedThenName).map((b) => ({ business: b.business, finished: b.finished, averageHandlingSeconds: averageHandling(b) })),
  };
  const items = rankByServiceIndex(scope.children.map((child) => ({
    scope: `${child.kind}:${child.code}`, code: child.code, name: child.name, kind: child.kind, kpis: kpisOf(child.sums, q?.today.children.get(`${child.kind}:${child.code}`)),
  })));
  return {
    kpis,
    ranking: { scope: scope.scope, day: scope.day, items: scope.lastMonthPlaces ? withMovement(items, scope.lastMonthPlaces) : items },
    grid: scope.grid.map((c) => ({ code: c.code, name: c.name, regionCode: c.regionCode, serviceIndex: c.serviceIndex })),
  };
}

/**
 * Every bank-local hour of `day` with the hour at the same position of the previous day (on a DST
 * change the shorter day pairs what it has).
 */
export function hourlySeries(day: string, timeZone: string, kpisAt: (hourIso: string | undefined, today: boolean) => KpiValues): HourlyKpis[] {
  const { today, before } = hoursOf(day, timeZone);
  return today.map((iso, i) => ({ hour: iso, kpis: kpisAt(iso, true), yesterday: kpisAt(before[i], false) }));
}

// The hours of a day never change, and finding them formats dates in the zone (costly at a few
// hundred wall refreshes a second): remembered per day and zone.
const dayHours = new Map<string, { today: string[]; before: string[] }>();
function hoursOf(day: string, timeZone: string): { today: string[]; before: string[] } {
  const key = `${timeZone}|${day}`;
  let hours = dayHours.get(key);
  if (!hours) {
    hours = { today: hoursOfBankDay(day, timeZone).map((h) => h.toISOString()), before: hoursOfBankDay(previousDay(day), timeZone).map((h) => h.toISOString()) };
    if (dayHours.size > 100) dayHours.clear();
    dayHours.set(key, hours);
  }
  return hours;
}
