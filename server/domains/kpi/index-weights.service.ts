/**
 * The service index weights (ADR 0022): loadIndexWeights (what every index read uses, through
 * bankScoring) and setIndexWeights (administrators; audited in the same transaction). After
 * commit `kpi_targets_changed` goes out on the change feed, the channel live walls already read
 * their scopes again on, so every wall's tiles and ranking move with the new weights.
 */
import type { Db } from '../../../db/client.ts';
import type { Queryable } from '../../../db/types.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { actorLabel, recordAudit, type Actor } from '../access/index.ts';
import { mergeWeights, normalizedWeights, weightIssues } from './index-weights.rules.ts';
import { selectIndexWeights, upsertIndexWeights } from './index-weights.repo.ts';
import type { IndexComponent, IndexWeights } from './kpi.types.ts';
import { KPI_TARGETS_CHANGED_CHANNEL } from './target.service.ts';

export interface IndexWeightsView {
  weights: IndexWeights;
  /** Each weight's share of their sum (4 decimals). */
  normalized: Record<IndexComponent, number>;
  updatedAt: string | null;
  updatedBy: string | null;
}

export async function loadIndexWeights(sql: Queryable): Promise<IndexWeights> {
  return mergeWeights((await selectIndexWeights(sql))?.weights);
}

export async function getIndexWeights(sql: Queryable): Promise<IndexWeightsView> {
  const row = await selectIndexWeights(sql);
  const weights = mergeWeights(row?.weights);
  return { weights, normalized: normalizedWeights(weights), updatedAt: row ? new Date(row.updatedAt).toISOString() : null, updatedBy: row?.updatedBy ?? null };
}

/** Replaces every weight; INVALID_INPUT naming `weights.<component>` (or `weights`) when a value is wrong. */
export async function setIndexWeights(deps: { db: Db; clock: Clock }, actor: Actor, input: { weights: Record<string, unknown> }): Promise<IndexWeightsView> {
  const issues = weightIssues(input.weights);
  if (issues.length > 0) throw new AppError('INVALID_INPUT', `${issues[0]!.field}: ${issues[0]!.reason}`, issues);
  const weights = mergeWeights(input.weights);
  const now = deps.clock.now();
  const actorName = actorLabel(actor.principal);
  await deps.db.changes.transaction(async (tx, changes) => {
    const before = await loadIndexWeights(tx);
    await upsertIndexWeights(tx, weights, actorName, now);
    await recordAudit(tx, actor, { action: 'service_index.weights', targetType: 'service_index_weights', targetId: null, summary: { before, after: weights } }, now);
    changes.notify(KPI_TARGETS_CHANGED_CHANNEL, { weights: true });
  });
  return { weights, normalized: normalizedWeights(weights), updatedAt: now.toISOString(), updatedBy: actorName };
}
