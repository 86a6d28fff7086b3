/**
 * KPI arithmetic (DESIGN §4), the service index 服务指数, targets and ranking. Pure: rollup sums
 * in, numbers out. Ratios are null where their denominator is 0, never 0 or NaN, so "no data"
 * never reads as "perfect" or "terrible".
 */
import { KPI_NAMES, type IndexComponent, type IndexScale, type IndexThresholds, type IndexWeights, type KpiName, type KpiSums, type KpiTargets, type KpiValues } from './kpi.types.ts';
import { qualityValues, type QualitySums } from './quality.rules.ts';

export const EMPTY_SUMS: Readonly<KpiSums> = Object.freeze({
  issued: 0, called: 0, finished: 0, waitCount: 0, waitSeconds: 0, longWaits: 0,
  handlingCount: 0, handlingSeconds: 0, evaluations: 0, satisfied: 0, ratingSum: 0, serviceErrors: 0,
});

/** Error rate is per 10,000 finished tickets (差错率, DESIGN §4). */
export const ERROR_RATE_BASE = 10_000;

/** A component exactly on target scores this; so a unit that meets every target has index 80. */
export const TARGET_SCORE = 80;

/**
 * Default targets (DESIGN §4, the bank's plan): satisfaction ≥ 98 %, participation ≥ 80 %, average
 * wait ≤ 10 min, at most 10 % of waits over the long-wait threshold, ≤ 5 errors per 10,000
 * tickets, and a service index of at least TARGET_SCORE (what meeting every target scores).
 * Handling time has no absolute default: it depends on the business mix, and the plan sets it as a
 * year-on-year reduction.
 */
export const DEFAULT_TARGETS: Readonly<KpiTargets> = Object.freeze({
  satisfactionRate: 0.98,
  participationRate: 0.8,
  averageWaitSeconds: 600,
  longWaitShare: 0.1,
  errorRate: 5,
  serviceIndex: TARGET_SCORE,
});

/**
 * Default weights of the service index (they need not sum to 100; they are normalised):
 * - satisfaction 35: the customer's own verdict and the plan's headline target;
 * - average wait 15 and long-wait share 10: waiting is what customers complain about most, and the
 *   share of long waits catches the tail an average hides;
 * - handling 10: partly outside a branch's control (opening an account takes longer than a
 *   withdrawal), so it weighs least;
 * - error rate 15: errors cost customers money and turn into complaints;
 * - participation 15: rewards inviting every customer to rate, and below its target it also
 *   dampens satisfaction's weight (see computeServiceIndex), so "only ask happy customers" loses;
 * - inspection score 15: the supervision group's checklist is the bank's own yardstick of service
 *   quality (issue #11), as heavy as errors;
 * - rectification on-time rate 10 and care completion 10: follow-through on findings and on the
 *   care programme (issues #11, #12); care's 10 is the care settings' former 0.1 share, migrated.
 * An administrator changes them in one place (service_index_weights, index-weights.service.ts).
 */
export const DEFAULT_INDEX_WEIGHTS: Readonly<IndexWeights> = Object.freeze({
  satisfactionRate: 35,
  averageWaitSeconds: 15,
  longWaitShare: 10,
  averageHandlingSeconds: 10,
  errorRate: 15,
  participationRate: 15,
  inspectionScore: 15,
  rectificationOnTimeRate: 10,
  careCompletionRate: 10,
});

/**
 * Default scales: targets as in DEFAULT_TARGETS (handling: 8 min, a typical mix of 3-minute
 * withdrawals and 15-minute account openings); `worst` is where a component stops earning points,
 * `best` where it cannot earn more.
 */
export const DEFAULT_INDEX_THRESHOLDS: Readonly<IndexThresholds> = Object.freeze({
  satisfactionRate: { worst: 0.9, target: 0.98, best: 1 },
  participationRate: { worst: 0.3, target: 0.8, best: 1 },
  averageWaitSeconds: { worst: 1800, target: 600, best: 120 },
  longWaitShare: { worst: 0.4, target: 0.1, best: 0 },
  averageHandlingSeconds: { worst: 1200, target: 480, best: 180 },
  errorRate: { worst: 30, target: 5, best: 0 },
  // The inspection pass mark (85) is the target; below 60 an outlet has failed badly.
  inspectionScore: { worst: 60, target: 85, best: 100 },
  rectificationOnTimeRate: { worst: 0.5, target: 0.9, best: 1 },
  careCompletionRate: { worst: 0.5, target: 0.9, best: 1 },
});

export const INDEX_COMPONENTS = Object.keys(DEFAULT_INDEX_WEIGHTS) as IndexComponent[];

const isKpiName = (name: string): name is KpiName => (KPI_NAMES as readonly string[]).includes(name);

const ratio = (numerator: number, denominator: number, scale = 1): number | null => (denominator > 0 ? (numerator * scale) / denominator : null);

/**
 * KPI values from rollup sums, the service index included (with the given scoring, default
 * otherwise). `quality` carries the inspection, rectification and care counts (quality.rules.ts);
 * without it those components are null and left out of the index.
 */
export function computeKpis(
  sums: KpiSums,
  scoring: { weights?: IndexWeights; thresholds?: IndexThresholds } = {},
  quality?: QualitySums,
): KpiValues {
  const base: KpiValues = {
    issued: sums.issued,
    called: sums.called,
    finished: sums.finished,
    evaluations: sums.evaluations,
    serviceErrors: sums.serviceErrors,
    satisfactionRate: ratio(sums.satisfied, sums.evaluations),
    participationRate: ratio(sums.evaluations, sums.finished),
    averageWaitSeconds: ratio(sums.waitSeconds, sums.waitCount),
    longWaitShare: ratio(sums.longWaits, sums.waitCount),
    averageHandlingSeconds: ratio(sums.handlingSeconds, sums.handlingCount),
    errorRate: ratio(sums.serviceErrors, sums.finished, ERROR_RATE_BASE),
    serviceIndex: null,
    ...qualityValues(quality),
  };
  return { ...base, serviceIndex: computeServiceIndex(base, scoring.weights, scoring.thresholds) };
}

/**
 * 0–100 for `value` on `scale`: 0 at or beyond `worst`, TARGET_SCORE at `target`, 100 at or
 * beyond `best`, linear on each side of the target. A target outside (worst, best) is ignored and
 * the scale runs straight from worst to best.
 */
export function scoreAgainst(value: number, scale: IndexScale): number {
  // Flip lower-is-better scales so that larger is always better below.
  const sign = scale.best >= scale.worst ? 1 : -1;
  const [v, worst, target, best] = [value, scale.worst, scale.target, scale.best].map((x) => x * sign) as [number, number, number, number];
  if (best === worst) return v >= best ? 100 : 0;
  if (v <= worst) return 0;
  if (v >= best) return 100;
  if (target <= worst || target >= best) return (100 * (v - worst)) / (best - worst);
  return v <= target
    ? (TARGET_SCORE * (v - worst)) / (target - worst)
    : TARGET_SCORE + ((100 - TARGET_SCORE) * (v - target)) / (best - target);
}

/**
 * How much of satisfaction's weight counts: participation / its target, capped at 1. A branch
 * that collects ratings from only a few (happy) customers earns proportionally less from them.
 * Without finished tickets there is no evidence either way, so the weight stays whole.
 */
export function participationFactor(participationRate: number | null, thresholds: IndexThresholds = DEFAULT_INDEX_THRESHOLDS): number {
  const target = thresholds.participationRate.target;
  if (participationRate === null || target <= 0) return 1;
  return Math.min(1, Math.max(0, participationRate / target));
}

/**
 * The service index 服务指数: the weighted mean of each component's score (scoreAgainst), with
 * satisfaction's weight multiplied by participationFactor. Components without a value (null) drop
 * out and the remaining weights are renormalised; null when nothing is left.
 */
export function computeServiceIndex(
  kpis: KpiValues,
  weights: IndexWeights = DEFAULT_INDEX_WEIGHTS,
  thresholds: IndexThresholds = DEFAULT_INDEX_THRESHOLDS,
): number | null {
  let weighted = 0;
  let total = 0;
  for (const component of INDEX_COMPONENTS) {
    const value = kpis[component];
    if (value === null) continue;
    const weight = weights[component] * (component === 'satisfactionRate' ? participationFactor(kpis.participationRate, thresholds) : 1);
    if (!(weight > 0)) continue;
    weighted += weight * scoreAgainst(value, thresholds[component]);
    total += weight;
  }
  return total > 0 ? weighted / total : null;
}

/**
 * The index scales with the bank's own targets (kpi_targets with no region) in place of the
 * defaults. Region overrides are deliberately not applied: every unit in a ranking is scored on
 * one scale, or the ranking would compare different yardsticks.
 */
export function indexThresholdsFor(bankTargets: KpiTargets, base: IndexThresholds = DEFAULT_INDEX_THRESHOLDS): IndexThresholds {
  const result = { ...base };
  for (const component of INDEX_COMPONENTS) {
    if (!isKpiName(component)) continue; // the supervision components have no target of their own
    const target = bankTargets[component];
    if (target !== undefined) result[component] = { ...base[component], target };
  }
  return result;
}

/**
 * `kpi_targets` rows grouped by region id (null = the bank). Unknown KPI names and non-finite
 * targets are dropped, so a typo in the table cannot break a screen.
 */
export function groupTargets(rows: readonly { regionId: string | null; kpi: string; target: number }[]): Map<string | null, KpiTargets> {
  const byRegion = new Map<string | null, KpiTargets>();
  for (const row of rows) {
    if (!isKpiName(row.kpi) || !Number.isFinite(row.target)) continue;
    const targets = byRegion.get(row.regionId) ?? {};
    targets[row.kpi] = row.target;
    byRegion.set(row.regionId, targets);
  }
  return byRegion;
}

/**
 * The targets for a unit, KPI by KPI: the nearest region up the tree that sets one wins, then the
 * bank's (`null` key), then `defaults`. `ancestorIds` are root first, as in `regions.ancestor_ids`.
 */
export function resolveTargets(
  targetsByRegion: ReadonlyMap<string | null, KpiTargets>,
  ancestorIds: readonly string[],
  defaults: KpiTargets = DEFAULT_TARGETS,
): KpiTargets {
  const resolved: KpiTargets = { ...defaults, ...targetsByRegion.get(null) };
  for (const regionId of ancestorIds) Object.assign(resolved, targetsByRegion.get(regionId));
  return resolved;
}

/**
 * Ranks by service index, best first, ties sharing a rank (1, 2, 2, 4); units without an index
 * come last with rank null. Equal indexes keep code order, so the list is stable.
 */
export function rankByServiceIndex<T extends { code: string; kpis: Pick<KpiValues, 'serviceIndex'> }>(units: readonly T[]): (T & { rank: number | null })[] {
  const sorted = [...units].sort((a, b) => {
    const ia = a.kpis.serviceIndex;
    const ib = b.kpis.serviceIndex;
    if (ia !== ib) return ia === null ? 1 : ib === null ? -1 : ib - ia;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
  let previous: { index: number; rank: number } | undefined;
  return sorted.map((unit, position) => {
    const index = unit.kpis.serviceIndex;
    if (index === null) return { ...unit, rank: null };
    const rank = previous && previous.index === index ? previous.rank : position + 1;
    previous = { index, rank };
    return { ...unit, rank };
  });
}

/** Handling time per business type; null without a handled ticket. */
export const averageHandling = (sums: { handlingCount: number; handlingSeconds: number }): number | null =>
  ratio(sums.handlingSeconds, sums.handlingCount);
