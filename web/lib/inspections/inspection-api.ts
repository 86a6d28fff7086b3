import type { InspectionKpis, InspectionResult, InspectionSubmit, RectificationView } from '$contract';
import { getJson, postJson, withQuery, type QueryValue } from '../api.ts';

/** A checklist version as `GET /api/v1/checklists` lists it. */
export interface ChecklistView {
  id: number;
  code: string;
  name: string;
  version: number;
  modules: Array<{ code: string; name: string; items: Array<{ code: string; text: string; guidance: string; maxPoints: number; redLine: boolean }> }>;
}

export interface InspectionSummary {
  id: string;
  branch: string;
  branchName: string;
  kind: InspectionSubmit['kind'];
  checklist: string;
  inspector: string;
  visitedAt: string;
  score: number;
  passed: boolean;
  redLineFailed: boolean;
  modules: Array<{ code: string; name: string; score: number | null }>;
}

export interface InspectionDetail extends Omit<InspectionSummary, 'checklist' | 'modules'> {
  checklist: { code: string; name: string; version: number };
  submittedAt: string;
  modules: Array<{ code: string; name: string; score: number | null; items: Array<ChecklistView['modules'][number]['items'][number] & { points: number | null; reason: string | null; notApplicable: boolean }> }>;
  photos: string[];
  rectifications: Array<RectificationView & { photos: string[]; timeline: Array<{ kind: string; at: string; actor: string; channel: string; data: Record<string, unknown> }> }>;
}

export interface Calibration {
  windowDays: number;
  pairs: Array<{ branchCode: string; a: { id: string; inspector: string; visitedAt: string }; b: { id: string; inspector: string; visitedAt: string }; modules: Array<{ code: string; a: number | null; b: number | null; difference: number | null }> }>;
  inspectors: Array<{ inspector: string; pairs: number; meanDifference: number | null }>;
}

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

export const listChecklists = async (signal?: AbortSignal) => (await getJson<{ items: ChecklistView[] }>('/api/v1/checklists', opts(signal))).items;
export const listInspections = async (query: Record<string, QueryValue>, signal?: AbortSignal) =>
  (await getJson<{ items: InspectionSummary[] }>(withQuery('/api/v1/inspections', query), opts(signal))).items;
export const getInspection = (id: string, signal?: AbortSignal) => getJson<InspectionDetail>(`/api/v1/inspections/${encodeURIComponent(id)}`, opts(signal));
export const listRectifications = async (query: Record<string, QueryValue>, signal?: AbortSignal) =>
  (await getJson<{ items: RectificationView[] }>(withQuery('/api/v1/rectifications', query), opts(signal))).items;
export const getCalibration = (signal?: AbortSignal) => getJson<Calibration>('/api/v1/inspections/calibration?days=90', opts(signal));
export const getInspectionKpis = (signal?: AbortSignal) => getJson<InspectionKpis>('/api/v1/kpis/inspections', opts(signal));
export const submitInspection = (body: InspectionSubmit) => postJson<InspectionResult>('/api/v1/inspections', body);
export const saveDraft = (body: { id: string; branch?: string; data: Record<string, unknown> }) => postJson<{ id: string; savedAt: string }>('/api/v1/inspections/drafts', body);
export const listDrafts = async () => (await getJson<{ items: Array<{ id: string; data: Record<string, unknown>; savedAt: string }> }>('/api/v1/inspections/drafts')).items;
export const uploadPhoto = (body: { data: string; branch?: string; kind?: string; rectification?: number }) => postJson<{ id: string }>('/api/v1/inspections/photos', body);
export const actOnRectification = (id: number, step: 'fix' | 'extend' | 'grant' | 'verify', body: Record<string, unknown>) =>
  postJson<RectificationView>(`/api/v1/rectifications/${id}/${step}`, body);
export const photoUrl = (id: string) => `/api/v1/inspections/photos/${id}`;
