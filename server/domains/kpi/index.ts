/**
 * The KPI read model (DESIGN §4): satisfaction, participation, wait, handling, error rate and the
 * service index 服务指数, per branch (outlet) and rolled up to regions and the bank by summing the
 * rollups the ingest keeps (branch_hour_kpis, branch_day_kpis, branch_day_business_kpis). It
 * reads other domains' tables (a documented exception, STYLE B2) and writes nothing.
 */
export type {
  BranchCode, BranchGrid, BusinessKpis, HourlyKpis, IndexComponent, IndexScale, IndexThresholds, IndexWeights, KpiName, KpiSums, KpiTargets, KpiUnit,
  KpiValues, Ranking, RankingItem, ScopeKpis,
} from './kpi.types.ts';
export { KPI_NAMES } from './kpi.types.ts';

/**
 * Pure rules:
 * - `computeKpis(sums, { weights?, thresholds? })`: KPI values from rollup sums; ratios are null
 *   where the denominator is 0; the service index included.
 * - `computeServiceIndex(kpis, weights?, thresholds?)`: 0–100 or null; each component scored by
 *   `scoreAgainst(value, { worst, target, best })` (0 / TARGET_SCORE = 80 / 100); satisfaction's
 *   weight scaled by `participationFactor`; missing components renormalise the weights.
 * - `DEFAULT_TARGETS`, `DEFAULT_INDEX_WEIGHTS` (why each weight: see kpi.rules.ts),
 *   `DEFAULT_INDEX_THRESHOLDS`, `indexThresholdsFor(bankTargets)`.
 * - `groupTargets(rows)`, `resolveTargets(targetsByRegion, ancestorIds)`: per KPI, the nearest
 *   region up the tree wins, then the bank's (key null), then the defaults.
 * - `rankByServiceIndex(units)`: best first, ties share a rank, no index → rank null, last.
 *
 * @example
 *   computeKpis({ ...EMPTY_SUMS, finished: 100, evaluations: 80, satisfied: 78 }).satisfactionRate // 0.975
 */
export {
  averageHandling, computeKpis, computeServiceIndex, DEFAULT_INDEX_THRESHOLDS, DEFAULT_INDEX_WEIGHTS, DEFAULT_TARGETS, EMPTY_SUMS,
  ERROR_RATE_BASE, groupTargets, indexThresholdsFor, participationFactor, rankByServiceIndex, resolveTargets, scoreAgainst, TARGET_SCORE,
} from './kpi.rules.ts';

/**
 * Bank days ('YYYY-MM-DD' in the bank's time zone); time is always a parameter:
 * `bankDay(instant, timeZone)` ("today" at that instant), `previousDay(day)`, `addDays(day, n)`,
 * `sameDayLastYear(day)` (29 Feb → 28 Feb), `isValidDay(text)`, `startOfBankDay(day, timeZone)`,
 * `hoursOfBankDay(day, timeZone)` (the `hour` values of branch_hour_kpis for that day).
 *
 * @example
 *   bankDay(new Date('2026-03-09T16:30:00Z'), 'Asia/Shanghai') // '2026-03-10'
 */

/**
 * Reads (access control is the caller's):
 * - `getScopeKpis(sql, { scope, day, timeZone })` → ScopeKpis: the unit's KPIs on `day`, its
 *   targets, yesterday and the same day last year, every hour next to yesterday's, handling by
 *   business type. One read-only repeatable-read transaction (pass the pool, not a `tx`).
 * - `getRanking(sql, { scope, day })` → Ranking of the scope's child units by service index, in
 *   one grouped query (bank → 分行, 分行 → 支行 and directly attached outlets, 支行 → outlets,
 *   outlet → itself).
 * - `listBranchCodes(sql, { within?, limit? })`: active branch codes, names and region codes in a
 *   scope (limit 1–50,000, default 1,000), for the event simulator.
 * - `findKpiUnit(sql, scope)`: the unit of scope text; INVALID_INPUT (field `scope`) when
 *   malformed, NOT_FOUND when unknown.
 * Index scales are anchored on the bank's own targets only, so every unit is scored alike.
 *
 * @example
 *   const today = await getScopeKpis(db.sql, { scope: 'region:BJ', day: '2026-03-10', timeZone: 'Asia/Shanghai' });
 */
export { DEFAULT_BRANCH_CODES_LIMIT, findKpiUnit, getBranchGrid, getRanking, getScopeKpis, listBranchCodes, MAX_BRANCH_CODES_LIMIT } from './kpi.service.ts';

/**
 * Live walls (ADR 0012): `readLiveScope(sql, { scope, day, timeZone })` reads a scope's sums with
 * the transaction snapshot they reflect; `applyKpiDelta(scope, delta, today)` adds a committed
 * ingest transaction's deltas in memory ('applied' | 'unchanged' | 'reload');
 * `liveScopeFigures(scope)` builds what getScopeKpis, getRanking and getBranchGrid would answer.
 * `SUM_FIELDS` is the order the change feed carries rollup sums in.
 */
export { applyKpiDelta, isSeenBy, liveScopeFigures, parseTxSnapshot, SUM_FIELDS, type BranchDelta, type KpiDelta, type LiveScope } from './live-scope.rules.ts';
export { readLiveScope } from './live-scope.service.ts';

/**
 * `registerKpiRoutes(api, { sql, timeZone, clock? })`: `GET /kpis` and `GET /kpis/ranking`
 * (access 'org.read'; out-of-scope and unknown scopes answer 404), `GET /branches` (access
 * 'branches.list', within the caller's scope).
 */
export { registerKpiRoutes, registerKpiTargetRoutes, type KpiRouterDeps } from './kpi.routes.ts';
/**
 * `setKpiTarget(deps, actor, { scope, kpi, target })` (audited; notifies `kpi_targets_changed`
 * after commit, heard with `onKpiTargetsChanged(db, handler)`) and `listKpiTargets(sql)`.
 */
export { KPI_TARGETS_CHANGED_CHANNEL, listKpiTargets, onKpiTargetsChanged, setKpiTarget } from './target.service.ts';

/**
 * History (issue #16), from the rollups (region_day_kpis for closed days, branch_day_kpis after):
 * `getKpiHistory(sql, { scope, kpi, from, to, grain })`, `getKpiComparisons(sql, { scope, day })`
 * (vs last week, 同比, 环比, target; 30-day trend), `closeHistoryDays(sql, { from, to })` (the
 * `history.close-days` job and the demo), and for the reports `unitReadContext(tx, scope)` and
 * `monthSums`. Pure period arithmetic in history.rules.ts. Routes: `registerKpiHistoryRoutes`;
 * `authorizedScope(req, sql, scope, permission)` resolves and checks a requested scope.
 */
export {
  closeHistoryDays, getKpiComparisons, getKpiHistory, HISTORY_KPIS, monthSums, unitReadContext,
  type HistoryKpi, type KpiComparison, type KpiHistory, type ScopeComparisons, type UnitReadContext,
} from './history.service.ts';
export {
  addMonths, addSums, compareValues, isValidMonth, isValidQuarter, KPI_DIRECTION, lastDayOfMonth, meetsTarget, monthOf, monthRange, quarterRange,
  samePeriodLastMonth, samePeriodLastYear, sumRange, type Change, type DayRange,
} from './history.rules.ts';
export { selectBranchRangeSums, type UnitMonthSums } from './history.repo.ts';
export { authorizedScope, registerKpiHistoryRoutes } from './history.routes.ts';
export { READ_SNAPSHOT } from './kpi.service.ts';

/**
 * The service index weights (issues #11, #12, ADR 0022), one place for all of them:
 * `loadIndexWeights(sql)` (what bankScoring uses), `getIndexWeights(sql)`, `setIndexWeights(deps,
 * actor, { weights })` (audited `service_index.weights`; notifies `kpi_targets_changed`, so live
 * walls read again). Routes: `registerIndexWeightRoutes(api, { db, clock })` (`GET`/`PUT
 * /service-index/weights`). The supervision components (inspection score, rectification on-time
 * rate, care completion) are read as of a bank day's end by `readUnitQuality` (quality.rules.ts).
 */
export { getIndexWeights, loadIndexWeights, setIndexWeights, type IndexWeightsView } from './index-weights.service.ts';
export { mergeWeights, normalizedWeights, weightIssues, MAX_INDEX_WEIGHT } from './index-weights.rules.ts';
export { registerIndexWeightRoutes } from './index-weights.routes.ts';
export { readUnitQuality } from './quality.service.ts';
export {
  CARE_WINDOW_DAYS, EMPTY_QUALITY, INSPECTION_WINDOW_DAYS, qualityValues, RECTIFICATION_WINDOW_DAYS, type QualitySums, type UnitQuality,
} from './quality.rules.ts';
