/**
 * readLiveScope: one scope's rollup sums for a live wall, read in one repeatable-read transaction
 * together with that transaction's snapshot, so the deltas announced by later ingest transactions
 * can be added in memory (live-scope.rules.ts) without counting any of them twice.
 */
import type { Sql } from '../../../db/types.ts';
import { addDays, previousDay, sameDayLastYear, startOfBankDay } from '../../platform/bank-time.ts';
import { selectBranchGridSums, selectBusinessSums, selectDaySums, selectHourSums, selectTargets, selectTxSnapshot } from './kpi.repo.ts';
import { computeKpis, groupTargets, resolveTargets } from './kpi.rules.ts';
import { ancestorIdsOf, assertDay, bankScoring, childUnitSums, findKpiUnit, READ_SNAPSHOT, scopeTextOf } from './kpi.service.ts';
import { lastMonthPlaces } from './ranking-movement.service.ts';
import { byFinishedThenName, parseTxSnapshot, type LiveScope } from './live-scope.rules.ts';
import { rankParentCodeOf, readUnitQuality } from './quality.service.ts';

export async function readLiveScope(sql: Sql, input: { scope: string; day: string; timeZone: string }): Promise<LiveScope> {
  const day = assertDay(input.day);
  const yesterday = previousDay(day);
  const lastYear = sameDayLastYear(day);
  return sql.begin(READ_SNAPSHOT, async (tx) => {
    // First statement: in repeatable read every later one sees exactly this snapshot.
    const seen = parseTxSnapshot(await selectTxSnapshot(tx));
    const unit = await findKpiUnit(tx, input.scope);
    const targetsByRegion = groupTargets(await selectTargets(tx, ancestorIdsOf(unit)));
    const scoring = await bankScoring(tx, targetsByRegion);
    const { thresholds, weights } = scoring;
    const placesLastMonth = await lastMonthPlaces(tx, unit, day, scoring, input.timeZone);
    const quality = {
      today: await readUnitQuality(tx, unit, { day, timeZone: input.timeZone }),
      yesterday: (await readUnitQuality(tx, unit, { day: yesterday, timeZone: input.timeZone })).unit,
      lastYear: (await readUnitQuality(tx, unit, { day: lastYear, timeZone: input.timeZone })).unit,
    };
    const days = new Map([[day, await selectDaySums(tx, unit, day)], [yesterday, await selectDaySums(tx, unit, yesterday)], [lastYear, await selectDaySums(tx, unit, lastYear)]]);
    const hourRange = { days: [yesterday, day], from: startOfBankDay(yesterday, input.timeZone), to: startOfBankDay(addDays(day, 1), input.timeZone) };
    const hours = await selectHourSums(tx, unit, hourRange);
    const business = (await selectBusinessSums(tx, unit, day)).sort(byFinishedThenName);
    const children = await childUnitSums(tx, unit, day);
    const gridRows = await selectBranchGridSums(tx, unit, day);
    const rankParentCode = await rankParentCodeOf(tx, unit);
    const grid = gridRows.map((r) => ({ ...r, serviceIndex: computeKpis(r.sums, scoring, quality.today.branches.get(r.code)).serviceIndex }));
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
      weights,
      quality,
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
