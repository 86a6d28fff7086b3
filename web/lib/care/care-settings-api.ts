import type { CareSettingsView } from '$contract';
import { getJson, patchJson } from '$lib/api.ts';

/** The care settings an administrator edits on /admin/care-settings (the index weight is not among them). */
export type CareSettingsForm = Pick<CareSettingsView, 'leadDays' | 'festivalTiers' | 'solarFestivals' | 'seniorAge' | 'reminderAt'>;

export const getCareSettings = () => getJson<CareSettingsView>('/api/v1/care-settings');

/**
 * Sends only the fields this page shows, so a setting edited elsewhere (the service-index weight)
 * is never written back stale. An emptied number goes as null, which the server refuses by name,
 * rather than being dropped and silently kept.
 */
export function saveCareSettings(form: CareSettingsForm): Promise<CareSettingsView> {
  const n = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return patchJson<CareSettingsView>('/api/v1/care-settings', {
    leadDays: Object.fromEntries(Object.entries(form.leadDays).map(([tier, days]) => [tier, n(days)])),
    festivalTiers: form.festivalTiers,
    solarFestivals: form.solarFestivals.map((f) => ({ name: f.name, month: n(f.month), day: n(f.day) })),
    seniorAge: n(form.seniorAge),
    reminderAt: form.reminderAt,
  });
}

/** A server issue's field → where the form shows it (`festivalTiers.0` under the tier boxes). */
export function formFieldOf(field: string): string {
  return field.startsWith('festivalTiers') ? 'festivalTiers' : field;
}
