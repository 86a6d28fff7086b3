import type { IndexWeightsView } from '$contract';
import { getJson, putJson } from '$lib/api.ts';

export type IndexWeights = IndexWeightsView['weights'];
export type IndexComponent = keyof IndexWeights;

/** The components in the order the admin page lists them: the queue KPIs, then the supervision ones. */
export const INDEX_COMPONENTS: readonly IndexComponent[] = [
  'satisfactionRate', 'participationRate', 'averageWaitSeconds', 'longWaitShare', 'averageHandlingSeconds', 'errorRate',
  'inspectionScore', 'rectificationOnTimeRate', 'careCompletionRate',
];

/** The product's defaults (kpi.rules.ts DEFAULT_INDEX_WEIGHTS), for "restore defaults". */
export const DEFAULT_WEIGHTS: IndexWeights = {
  satisfactionRate: 35, participationRate: 15, averageWaitSeconds: 15, longWaitShare: 10, averageHandlingSeconds: 10, errorRate: 15,
  inspectionScore: 15, rectificationOnTimeRate: 10, careCompletionRate: 10,
};

export const getIndexWeights = () => getJson<IndexWeightsView>('/api/v1/service-index/weights');
export const putIndexWeights = (weights: IndexWeights) => putJson<IndexWeightsView>('/api/v1/service-index/weights', { weights });

/** Each weight's share of the sum as the page shows it while typing (the server answers the same, 4 decimals). */
export function sharesOf(weights: IndexWeights): Record<IndexComponent, number> {
  const total = INDEX_COMPONENTS.reduce((sum, c) => sum + (Number.isFinite(weights[c]) ? weights[c] : 0), 0);
  return Object.fromEntries(INDEX_COMPONENTS.map((c) => [c, total > 0 && Number.isFinite(weights[c]) ? weights[c] / total : 0])) as Record<IndexComponent, number>;
}
