/**
 * The service index weights an administrator sets (ADR 0022): one number per component, ≥ 0, at
 * least one > 0. They need not sum to 100: computeServiceIndex divides by the sum of the weights
 * of the components a unit has data for, so a missing component (no inspection yet, no care due)
 * is left out and the rest re-normalised, never counted as 0 or 100. Pure.
 */
import { DEFAULT_INDEX_WEIGHTS, INDEX_COMPONENTS } from './kpi.rules.ts';
import type { IndexComponent, IndexWeights } from './kpi.types.ts';

/** Largest weight accepted: far above any sensible share, small enough to stay exact. */
export const MAX_INDEX_WEIGHT = 1000;

export interface WeightIssue { field: string; reason: string }

/** What is wrong with `weights`, field by field (`weights.<component>`); empty when valid. */
export function weightIssues(weights: Record<string, unknown>): WeightIssue[] {
  const issues: WeightIssue[] = [];
  for (const component of INDEX_COMPONENTS) {
    const value = weights[component];
    if (typeof value !== 'number' || !Number.isFinite(value)) issues.push({ field: `weights.${component}`, reason: 'must be a number' });
    else if (value < 0 || value > MAX_INDEX_WEIGHT) issues.push({ field: `weights.${component}`, reason: `must be between 0 and ${MAX_INDEX_WEIGHT}` });
  }
  for (const key of Object.keys(weights)) {
    if (!(INDEX_COMPONENTS as readonly string[]).includes(key)) issues.push({ field: `weights.${key}`, reason: `unknown component; one of ${INDEX_COMPONENTS.join(', ')}` });
  }
  if (issues.length === 0 && INDEX_COMPONENTS.every((c) => weights[c] === 0)) issues.push({ field: 'weights', reason: 'at least one weight must be above 0' });
  return issues;
}

/** Stored weights over the defaults: a component added later takes its default weight. */
export function mergeWeights(stored: Partial<Record<string, unknown>> | undefined): IndexWeights {
  const weights = { ...DEFAULT_INDEX_WEIGHTS };
  for (const component of INDEX_COMPONENTS) {
    const value = stored?.[component];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) weights[component] = value;
  }
  return weights;
}

/**
 * Each weight's share of the sum, rounded to 4 decimals (what the admin page shows as a
 * percentage). The index itself divides by the sum of the weights of the components present.
 */
export function normalizedWeights(weights: IndexWeights): Record<IndexComponent, number> {
  const total = INDEX_COMPONENTS.reduce((sum, c) => sum + weights[c], 0);
  return Object.fromEntries(INDEX_COMPONENTS.map((c) => [c, total > 0 ? Math.round((weights[c] / total) * 10_000) / 10_000 : 0])) as Record<IndexComponent, number>;
}
