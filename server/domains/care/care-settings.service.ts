import { z } from 'zod';
import type { Queryable } from '../../../db/types.ts';
import { recordAudit, type Actor, actorLabel } from '../access/index.ts';
import { CUSTOMER_TIERS } from '../customers/index.ts';
import type { CareDeps } from './care-deps.ts';
import { selectSettings, upsertSettings } from './care.repo.ts';
import { DEFAULT_CARE_SETTINGS, type CareSettings } from './care.types.ts';

const Tier = z.enum(CUSTOMER_TIERS);
const Lead = z.number().int().min(0).max(30);

/** The settings an administrator edits; every field named on a bad value. */
export const CareSettingsSchema = z.object({
  leadDays: z.object({ mass: Lead, gold: Lead, platinum: Lead, diamond: Lead, private: Lead }),
  festivalTiers: z.array(Tier).max(5),
  solarFestivals: z.array(z.object({ name: z.string().min(1).max(20), month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) })).max(20),
  seniorAge: z.number().int().min(40).max(100),
  reminderAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
});

/**
 * Stored settings over the defaults (a setting added later takes its default). Care completion's
 * weight in the service index is not a care setting: it lives with every other weight
 * (`service_index_weights`, migration 00015; `PUT /service-index/weights`).
 */
export async function loadCareSettings(sql: Queryable): Promise<CareSettings> {
  const stored = await selectSettings(sql);
  return { ...DEFAULT_CARE_SETTINGS, ...stored, leadDays: { ...DEFAULT_CARE_SETTINGS.leadDays, ...stored?.leadDays } };
}

export async function saveCareSettings(deps: CareDeps, actor: Actor, settings: CareSettings): Promise<CareSettings> {
  const now = deps.clock.now();
  return deps.db.sql.begin(async (tx) => {
    const before = await loadCareSettings(tx);
    await upsertSettings(tx, settings, actorLabel(actor.principal), now);
    await recordAudit(tx, actor, { action: 'care.settings', targetType: 'care_settings', targetId: null, summary: { before, after: settings } }, now);
    return settings;
  });
}
