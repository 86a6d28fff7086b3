/**
 * Ranking movement (issue #16): places gained since last month. Pure: last month's places are
 * ranked from the whole month's rollup sums by the same service index as today's ranking.
 */
import { computeKpis, rankByServiceIndex } from './kpi.rules.ts';
import type { IndexThresholds, IndexWeights, KpiSums } from './kpi.types.ts';
import type { QualitySums } from './quality.rules.ts';

/** Places gained: last month's place − today's place (positive = moved up); null when either is unknown. */
export function movementOf(lastMonthPlace: number | null | undefined, place: number | null): number | null {
  return lastMonthPlace == null || place === null ? null : lastMonthPlace - place;
}

/** Last month's place of every unit (keyed by scope text, `kind:code`) that had a service index. */
export function placesByScope(
  units: readonly { kind: 'region' | 'branch'; code: string; sums: KpiSums }[],
  scoring: { thresholds: IndexThresholds; weights?: IndexWeights },
  quality: ReadonlyMap<string, QualitySums> = new Map(),
): Map<string, number> {
  const ranked = rankByServiceIndex(units.map((u) => ({ scope: `${u.kind}:${u.code}`, code: u.code, kpis: computeKpis(u.sums, scoring, quality.get(`${u.kind}:${u.code}`)) })));
  return new Map(ranked.filter((u) => u.rank !== null).map((u) => [u.scope, u.rank!]));
}

/** Today's ranked items with `movement` attached from last month's places. */
export function withMovement<T extends { scope: string; rank: number | null }>(items: readonly T[], lastMonthPlaces: ReadonlyMap<string, number>): (T & { movement: number | null })[] {
  return items.map((item) => ({ ...item, movement: movementOf(lastMonthPlaces.get(item.scope), item.rank) }));
}
