import type { Queryable } from '../../../db/types.ts';
import { recordAudit, type Actor, actorLabel } from '../access/index.ts';
import type { CareDeps } from './care-deps.ts';
import { selectSettings, upsertSettings } from './care.repo.ts';
import { DEFAULT_CARE_SETTINGS, type CareSettings } from './care.types.ts';

/** Stored settings over the defaults (a setting added later takes its default). */
export async function loadCareSettings(sql: Queryable): Promise<CareSettings> {
  const stored = await selectSettings(sql);
  return { ...DEFAULT_CARE_SETTINGS, ...stored, leadDays: { ...DEFAULT_CARE_SETTINGS.leadDays, ...stored?.leadDays } };
}

/**
 * Changes the settings a patch carries and keeps the others, so the care page never writes a
 * setting it does not show (the service-index weight has its own page). Read by the next
 * `care.daily` run and the next `care.remind` check; tasks already created stay as they are.
 */
export async function saveCareSettings(deps: CareDeps, actor: Actor, patch: Partial<CareSettings>): Promise<CareSettings> {
  const now = deps.clock.now();
  return deps.db.sql.begin(async (tx) => {
    const before = await loadCareSettings(tx);
    const after: CareSettings = { ...before };
    for (const [key, value] of Object.entries(patch) as [keyof CareSettings, never][]) if (value !== undefined) after[key] = value;
    await upsertSettings(tx, after, actorLabel(actor.principal), now);
    const changed = (Object.keys(after) as (keyof CareSettings)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    await recordAudit(tx, actor, { action: 'care.settings', targetType: 'care_settings', targetId: null, summary: { changed, before, after } }, now);
    return after;
  });
}
