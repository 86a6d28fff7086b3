/**
 * lastMonthPlaces: the places of a scope's child units in last month's ranking (the whole month
 * before `day`'s month), read from the history rollups and ranked by the same service index as
 * today's ranking. The ranking endpoint reads it per request; a live wall reads it once when the
 * room loads (the month is closed, so deltas never change it).
 */
import type { Queryable } from '../../../db/types.ts';
import { selectBranchRangeSums, selectHistoryWatermark } from './history.repo.ts';
import { addMonths, monthOf, monthRange } from './history.rules.ts';
import type { IndexThresholds, IndexWeights, KpiUnit } from './kpi.types.ts';
import { readUnitQuality } from './quality.service.ts';
import { selectChildRangeSums } from './ranking-movement.repo.ts';
import { placesByScope } from './ranking-movement.rules.ts';

export async function lastMonthPlaces(sql: Queryable, unit: KpiUnit, day: string, scoring: { thresholds: IndexThresholds; weights?: IndexWeights }, timeZone: string): Promise<Map<string, number>> {
  const range = monthRange(addMonths(monthOf(day), -1));
  // Last month's supervision figures as they stood at its end, by child unit (the same rule as today's).
  const quality = await readUnitQuality(sql, unit, { day: range.to, from: range.from, timeZone });
  if (unit.kind === 'branch') {
    // A branch ranks only itself: first last month when it had figures.
    const [own] = await selectBranchRangeSums(sql, unit, range);
    return placesByScope(own ? [{ kind: 'branch', code: own.code, sums: own.sums }] : [], scoring, quality.children);
  }
  const parentId = unit.kind === 'region' ? unit.id : unit.rootRegionId;
  if (parentId === null) return new Map();
  return placesByScope(await selectChildRangeSums(sql, parentId, range, await selectHistoryWatermark(sql)), scoring, quality.children);
}
