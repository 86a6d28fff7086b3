/**
 * KPI reads for the wall, the web and the bot: getScopeKpis (one unit's day, with targets,
 * comparisons, hourly series and business mix), getRanking (a unit's child units by service
 * index), listBranchCodes (for the simulator), findKpiUnit. Reads only; publishes no events.
 * Access control is the caller's: these functions read whatever scope they are given.
 */
import type { Queryable, Sql } from '../../../db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { parseScopeText } from '../access/index.ts';
import type { OrgScope } from '../org/index.ts';
import { addDays, isValidDay, previousDay, sameDayLastYear, startOfBankDay } from '../../platform/bank-time.ts';
import {
  findBankUnit, findBranchUnit, findRegionUnit, selectBranchCodes, selectBusinessSums, selectChildUnitSums, selectDaySums,
  selectHourSums, selectTargets, type ChildUnitSums,
  selectBranchGridSums,
} from './kpi.repo.ts';
import { averageHandling, computeKpis, EMPTY_SUMS, groupTargets, indexThresholdsFor, rankByServiceIndex, resolveTargets } from './kpi.rules.ts';
import { hourlySeries } from './live-scope.rules.ts';
import { lastMonthPlaces } from './ranking-movement.service.ts';
import { withMovement } from './ranking-movement.rules.ts';
import type { BranchCode, BranchGrid, IndexThresholds, IndexWeights, KpiSums, KpiTargets, KpiUnit, KpiValues, Ranking, ScopeKpis } from './kpi.types.ts';
import { loadIndexWeights } from './index-weights.service.ts';
import { readUnitQuality } from './quality.service.ts';
import type { QualitySums } from './quality.rules.ts';

/** Every query of one answer sees the same committed rollups (the ingest updates them together). */
export const READ_SNAPSHOT = 'isolation level repeatable read read only';

export const DEFAULT_BRANCH_CODES_LIMIT = 1000;
export const MAX_BRANCH_CODES_LIMIT = 50_000;

/**
 * The unit named by scope text (`bank`, `region:BJ`, `branch:BJ0101`). INVALID_INPUT naming
 * `field` when malformed; NOT_FOUND when no such region or branch exists.
 */
export async function findKpiUnit(sql: Queryable, scope: string, field = 'scope'): Promise<KpiUnit> {
  const parsed = parseScopeText(scope, field);
  if (parsed.kind === 'bank') return findBankUnit(sql);
  const unit = parsed.kind === 'region' ? await findRegionUnit(sql, parsed.code) : await findBranchUnit(sql, parsed.code);
  if (!unit) throw new AppError('NOT_FOUND', `no ${parsed.kind} ${parsed.code}`);
  return unit;
}

export const scopeTextOf = (unit: KpiUnit): string => (unit.kind === 'bank' ? 'bank' : `${unit.kind}:${unit.code}`);
export const ancestorIdsOf = (unit: KpiUnit): string[] => (unit.kind === 'bank' ? [] : unit.ancestorIds);

export function assertDay(day: string, field = 'day'): string {
  if (!isValidDay(day)) throw AppError.invalid(field, 'must be a date written YYYY-MM-DD');
  return day;
}

export interface IndexScoring { thresholds: IndexThresholds; weights: IndexWeights }

/** Index scales anchored on the bank's own targets (one yardstick for every unit), and the administrator's weights. */
export async function bankScoring(sql: Queryable, byRegion?: ReadonlyMap<string | null, KpiTargets>): Promise<IndexScoring> {
  const targets = byRegion ?? groupTargets(await selectTargets(sql, []));
  return { thresholds: indexThresholdsFor(targets.get(null) ?? {}), weights: await loadIndexWeights(sql) };
}

/**
 * One unit's KPIs on `day` (a bank day in `timeZone`): the values, the targets that apply to it,
 * the same KPIs yesterday and on the same day last year, every hour of the day next to the same
 * hour of yesterday, and handling by business type.
 */
export async function getScopeKpis(sql: Sql, input: { scope: string; day: string; timeZone: string }): Promise<ScopeKpis> {
  const day = assertDay(input.day);
  const yesterday = previousDay(day);
  const lastYear = sameDayLastYear(day);
  return sql.begin(READ_SNAPSHOT, async (tx) => {
    const unit = await findKpiUnit(tx, input.scope);
    const targetsByRegion = groupTargets(await selectTargets(tx, ancestorIdsOf(unit)));
    const scoring = await bankScoring(tx, targetsByRegion);
    const kpisOf = (sums: KpiSums | undefined, quality?: QualitySums): KpiValues => computeKpis(sums ?? EMPTY_SUMS, scoring, quality);
    const quality = {
      today: (await readUnitQuality(tx, unit, { day, timeZone: input.timeZone })).unit,
      yesterday: (await readUnitQuality(tx, unit, { day: yesterday, timeZone: input.timeZone })).unit,
      lastYear: (await readUnitQuality(tx, unit, { day: lastYear, timeZone: input.timeZone })).unit,
    };
    const today = await selectDaySums(tx, unit, day);
    const before = await selectDaySums(tx, unit, yesterday);
    const lastYearSums = await selectDaySums(tx, unit, lastYear);
    const hourRange = { days: [yesterday, day], from: startOfBankDay(yesterday, input.timeZone), to: startOfBankDay(addDays(day, 1), input.timeZone) };
    const hours = await selectHourSums(tx, unit, hourRange);
    const business = await selectBusinessSums(tx, unit, day);
    return {
      scope: scopeTextOf(unit),
      name: unit.name,
      day,
      kpis: kpisOf(today, quality.today),
      targets: resolveTargets(targetsByRegion, ancestorIdsOf(unit)),
      comparison: { yesterday: kpisOf(before, quality.yesterday), sameDayLastYear: kpisOf(lastYearSums, quality.lastYear) },
      // An hour carries its day's supervision figures (they move at human pace, not by the hour).
      hourly: hourlySeries(day, input.timeZone, (hour, isToday) => kpisOf(hour === undefined ? undefined : hours.get(hour), isToday ? quality.today : quality.yesterday)),
      byBusiness: business.map((b) => ({ business: b.business, finished: b.finished, averageHandlingSeconds: averageHandling(b) })),
    };
  });
}

/**
 * The child units of a scope on `day`, ranked by service index: the bank's 分行, a 分行's 支行 (and
 * outlets attached to it directly), a 支行's outlets; a branch ranks only itself.
 */
export async function getRanking(sql: Sql, input: { scope: string; day: string; timeZone: string }): Promise<Ranking> {
  const day = assertDay(input.day);
  return sql.begin(READ_SNAPSHOT, async (tx) => {
    const unit = await findKpiUnit(tx, input.scope);
    const scoring = await bankScoring(tx);
    const quality = await readUnitQuality(tx, unit, { day, timeZone: input.timeZone });
    const children = await childUnitSums(tx, unit, day);
    const items = rankByServiceIndex(children.map((child) => ({
      scope: `${child.kind}:${child.code}`,
      code: child.code,
      name: child.name,
      kind: child.kind,
      kpis: computeKpis(child.sums, scoring, quality.children.get(`${child.kind}:${child.code}`)),
    })));
    return { scope: scopeTextOf(unit), day, items: withMovement(items, await lastMonthPlaces(tx, unit, day, scoring, input.timeZone)) };
  });
}

export async function childUnitSums(sql: Queryable, unit: KpiUnit, day: string): Promise<ChildUnitSums[]> {
  if (unit.kind === 'branch') {
    return [{ kind: 'branch', code: unit.code, name: unit.name, sums: await selectDaySums(sql, unit, day) }];
  }
  const parentId = unit.kind === 'region' ? unit.id : unit.rootRegionId;
  return parentId === null ? [] : selectChildUnitSums(sql, parentId, day);
}

/**
 * Every active branch of a scope with its service index for the day (null without data): the
 * walls' heat grid, readable at thousands of branches.
 */
export async function getBranchGrid(sql: Sql, input: { scope: string; day: string; timeZone: string }): Promise<BranchGrid> {
  const day = assertDay(input.day);
  return sql.begin(READ_SNAPSHOT, async (tx) => {
    const unit = await findKpiUnit(tx, input.scope);
    const scoring = await bankScoring(tx);
    const quality = await readUnitQuality(tx, unit, { day, timeZone: input.timeZone });
    const rows = await selectBranchGridSums(tx, unit, day);
    return { scope: scopeTextOf(unit), day, items: rows.map((r) => ({ code: r.code, name: r.name, regionCode: r.regionCode, serviceIndex: computeKpis(r.sums, scoring, quality.branches.get(r.code)).serviceIndex })) };
  });
}

/** Active branch codes, names and region codes inside `within` (the whole bank when undefined), by code. */
export async function listBranchCodes(sql: Queryable, input: { within?: OrgScope | undefined; limit?: number | undefined } = {}): Promise<BranchCode[]> {
  const limit = Math.min(Math.max(Math.trunc(input.limit ?? DEFAULT_BRANCH_CODES_LIMIT), 1), MAX_BRANCH_CODES_LIMIT);
  return selectBranchCodes(sql, input.within, limit);
}
