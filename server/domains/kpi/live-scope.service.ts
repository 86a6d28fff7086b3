/**
 * readLiveScope: one scope's rollup sums for a live wall, read in one repeatable-read transaction
 * together with that transaction's snapshot, so the deltas announced by later ingest transactions
 * can be added in memory (live-scope.rules.ts) without counting any of them twice.
 */
import type { Sql } from '../../../db/types.ts';
import { addDays, previousDay, sameDayLastYear, startOfBankDay } from '../../platform/bank-time.ts';
import { selectBranchGridSums, selectBusinessSums, selectDaySums, selectHourSums, selectRegionCode, selectTargets, selectTxSnapshot } from './kpi.repo.ts';
import { computeKpis, groupTargets, resolveTargets } from './kpi.rules.ts';
import { ancestorIdsOf, assertDay, bankScoring, childUnitSums, findKpiUnit, READ_SNAPSHOT, scopeTextOf } from './kpi.service.ts';
import { lastMonthPlaces } from './ranking-movement.service.ts';
import { byFinishedThenName, parseTxSnapshot, type LiveScope } from './live-scope.rules.ts';

export async function readLiveScope(sql: Sql, input: { scope: string; day: string; timeZone: string }): Promise<LiveScope> {
  const day = assertDay(input.day);
  const yesterday = previousDay(day);
  const lastYear = sameDayLastYear(day);
  return sql.begin(READ_SNAPSHOT, async (tx) => {
    // First statement: in repeatable read every later one sees exactly this snapshot.
    const seen = parseTxSnapshot(await selectTxSnapshot(tx));
    const unit = await findKpiUnit(tx, input.scope);
    const targetsByRegion = groupTargets(await selectTargets(tx, ancestorIdsOf(unit)));
    const { thresholds } = await bankScoring(tx, targetsByRegion);
    const placesLastMonth = await lastMonthPlaces(tx, unit, day, { thresholds });
    const days = new Map([[day, await selectDaySums(tx, unit, day)], [yesterday, await selectDaySums(tx, unit, yesterday)], [lastYear, await selectDaySums(tx, unit, lastYear)]]);
    const hourRange = { days: [yesterday, day], from: startOfBankDay(yesterday, input.timeZone), to: startOfBankDay(addDays(day, 1), input.timeZone) };
    const hours = await selectHourSums(tx, unit, hourRange);
    const business = (await selectBusinessSums(tx, unit, day)).sort(byFinishedThenName);
    const children = await childUnitSums(tx, unit, day);
    const gridRows = await selectBranchGridSums(tx, unit, day);
    const rankParentCode = unit.kind === 'region' ? unit.code : unit.kind === 'bank' && unit.rootRegionId !== null ? ((await selectRegionCode(tx, unit.rootRegionId)) ?? null) : null;
    const grid = gridRows.map((r) => ({ ...r, serviceIndex: computeKpis(r.sums, { thresholds }).serviceIndex }));
    return {
      scope: scopeTextOf(unit),
      name: unit.name,
      kind: unit.kind,
      code: unit.code,
      rankParentCode,
      day,
      lastYear,
      timeZone: input.timeZone,
      seen,
      targets: resolveTargets(targetsByRegion, ancestorIdsOf(unit)),
      thresholds,
      days,
      hours,
      hourRange: { days: hourRange.days, from: hourRange.from.getTime(), to: hourRange.to.getTime() },
      business,
      children,
      grid,
      gridIndex: new Map(grid.map((c, i) => [c.code, i])),
      lastMonthPlaces: placesLastMonth,
    };
  });
}
