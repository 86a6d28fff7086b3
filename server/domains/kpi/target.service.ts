/**
 * KPI targets per bank and per region (满意率 ≥ 98% …): setKpiTarget, listKpiTargets. A region's
 * target applies to its whole subtree unless a nearer region sets its own; audited. After commit
 * `kpi_targets_changed` goes out on the change feed, so live walls read their scopes again.
 */
import type { Db } from '../../../db/client.ts';
import type { Sql } from '../../../db/types.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { findRegionTarget, parseScopeText, recordAudit, type Actor } from '../access/index.ts';
import { KPI_NAMES } from './kpi.types.ts';
import { selectAllTargets, upsertTarget } from './target.repo.ts';

// Rates are shares (0–1); durations seconds; the error rate per 10,000; the index 0–100.
const RANGES: Record<string, [number, number]> = {
  satisfactionRate: [0, 1], participationRate: [0, 1], longWaitShare: [0, 1],
  averageWaitSeconds: [0, 7200], averageHandlingSeconds: [0, 7200], errorRate: [0, 10_000], serviceIndex: [0, 100],
};

export const KPI_TARGETS_CHANGED_CHANNEL = 'kpi_targets_changed';

export async function setKpiTarget(deps: { db: Db; clock: Clock }, actor: Actor, input: { scope: string; kpi: string; target: number }): Promise<{ before: number | null }> {
  if (!(KPI_NAMES as readonly string[]).includes(input.kpi) || !RANGES[input.kpi]) {
    throw AppError.invalid('kpi', `must be one of ${Object.keys(RANGES).join(', ')}`);
  }
  const [min, max] = RANGES[input.kpi]!;
  if (!(input.target >= min && input.target <= max)) throw AppError.invalid('target', `must be between ${min} and ${max} for ${input.kpi}`);
  const parsed = parseScopeText(input.scope);
  if (parsed.kind === 'branch') throw AppError.invalid('scope', 'targets are set for the bank or a region');
  const region = parsed.kind === 'region' ? await findRegionTarget(deps.db.sql, parsed.code) : undefined;
  if (parsed.kind === 'region' && region?.kind !== 'region') throw AppError.invalid('scope', `unknown region "${parsed.kind === 'region' ? parsed.code : ''}"`);
  const now = deps.clock.now();
  return deps.db.changes.transaction(async (tx, changes) => {
    const before = await upsertTarget(tx, { regionId: region?.kind === 'region' ? region.regionId : null, kpi: input.kpi, target: input.target, now });
    await recordAudit(tx, actor, { action: 'kpi_targets.set', targetType: 'kpi_target', targetId: `${input.scope}/${input.kpi}`, summary: { target: { before, after: input.target } } }, now);
    changes.notify(KPI_TARGETS_CHANGED_CHANNEL, { kpi: input.kpi });
    return { before };
  });
}

/** After a target change commits, on every instance. */
export function onKpiTargetsChanged(db: Db, handler: () => void): Promise<() => Promise<void>> {
  return db.changes.listen(KPI_TARGETS_CHANGED_CHANNEL, () => handler());
}

export const listKpiTargets = (sql: Sql) => selectAllTargets(sql);
