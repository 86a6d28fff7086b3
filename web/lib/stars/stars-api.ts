import type { AwardSettingsView, NominationView, ScorecardRowView, ServiceStar } from '$contract';
import { getJson, patchJson, postJson, withQuery } from '../api.ts';

/** Service stars and scorecards over `/api/v1`: nominations, decisions, stars, scorecards, settings. */
const opts = (signal?: AbortSignal) => ({ ...(signal ? { signal } : {}) });

export async function listNominations(query: { month?: string; status?: string; branch?: string }, signal?: AbortSignal): Promise<NominationView[]> {
  return (await getJson<{ items: NominationView[] }>(withQuery('/api/v1/nominations', query), opts(signal))).items;
}

export const createNomination = (body: { nominee: string; reason: string; praise?: string }): Promise<NominationView> =>
  postJson<NominationView>('/api/v1/nominations', body);

export const decideNomination = (id: number, body: { approved: boolean; reason?: string }): Promise<NominationView> =>
  postJson<NominationView>(`/api/v1/nominations/${id}/decision`, body);

export interface StarReason {
  month: string;
  nominator: string;
  reason: string;
  praise: string | null;
  decidedAt: string;
}

export function listStars(query: { month?: string; scope?: string; staff?: string }, signal?: AbortSignal): Promise<{ items: ServiceStar[]; reasons?: StarReason[] }> {
  return getJson(withQuery('/api/v1/service-stars', query), opts(signal));
}

export function listScorecards(query: { month?: string; scope?: string }, signal?: AbortSignal): Promise<{ month: string; scope: string; items: ScorecardRowView[] }> {
  return getJson(withQuery('/api/v1/scorecards', query), opts(signal));
}

/** The export's URL (a plain link: the browser downloads it with the session cookie). */
export const scorecardExportUrl = (query: { month?: string; scope?: string }, format: 'csv' | 'xlsx'): string =>
  withQuery('/api/v1/scorecards', { ...query, format });

export const getAwardSettings = (signal?: AbortSignal): Promise<AwardSettingsView> => getJson('/api/v1/award-settings', opts(signal));
export const saveAwardSettings = (body: AwardSettingsView): Promise<AwardSettingsView> => patchJson('/api/v1/award-settings', body);

/** The current bank month as YYYY-MM in `timeZone`. */
export function currentMonth(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(now).slice(0, 7);
}
