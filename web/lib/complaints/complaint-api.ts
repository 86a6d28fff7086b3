import type { ComplaintCreate, ComplaintView } from '$contract';
import { getJson, postJson, withQuery, type QueryValue } from '../api.ts';
import { ACTION_PATHS, type ActionKind } from './actions.ts';

/** `GET /api/v1/complaints` with one query of a tab. */
export async function listComplaints(query: Record<string, QueryValue>, signal?: AbortSignal): Promise<ComplaintView[]> {
  return (await getJson<{ items: ComplaintView[] }>(withQuery('/api/v1/complaints', query), { ...(signal ? { signal } : {}) })).items;
}

/** One complaint with its timeline. */
export function getComplaint(id: number, signal?: AbortSignal): Promise<ComplaintView> {
  return getJson<ComplaintView>(`/api/v1/complaints/${id}`, { ...(signal ? { signal } : {}) });
}

/** The back office's intake; answers the registered complaint. */
export function createComplaint(body: ComplaintCreate): Promise<ComplaintView> {
  return postJson<ComplaintView>('/api/v1/complaints', body);
}

/** One handling step; answers the complaint as it now stands (a review: the new review case). */
export function actOnComplaint(id: number, kind: ActionKind, body: Record<string, unknown>): Promise<ComplaintView> {
  return postJson<ComplaintView>(`/api/v1/complaints/${id}/${ACTION_PATHS[kind]}`, body);
}
