/**
 * The inspection form's draft, kept in the browser on every keystroke (a tablet that loses its
 * connection loses nothing typed) and on the server when it can be reached. Pure helpers; the
 * page wires them to localStorage.
 */
export interface DraftResult {
  points: string;
  reason: string;
  notApplicable: boolean;
}

export interface InspectionDraft {
  id: string;
  branch: string;
  kind: 'routine' | 'mystery_shopper' | 'self_check';
  visitedAt: string;
  results: Record<string, DraftResult>;
  photos: string[];
  savedAt: string;
}

export const DRAFT_KEY = 'touchstone.inspection-draft';

export function newDraft(now: Date, random: () => string): InspectionDraft {
  return { id: `web-${now.getTime().toString(36)}-${random()}`, branch: '', kind: 'routine', visitedAt: now.toISOString().slice(0, 16), results: {}, photos: [], savedAt: now.toISOString() };
}

/** A stored draft, or undefined when there is none or it is not one (another version's). */
export function parseDraft(text: string | null): InspectionDraft | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<InspectionDraft>;
    return typeof value.id === 'string' && typeof value.results === 'object' && value.results !== null ? (value as InspectionDraft) : undefined;
  } catch {
    return undefined;
  }
}

/** The API's `results` from a draft over a checklist's items: empty points mean full marks. */
export function resultsOf(draft: InspectionDraft, items: ReadonlyArray<{ code: string; maxPoints: number }>) {
  return items.map((item) => {
    const r = draft.results[item.code];
    if (r?.notApplicable) return { item: item.code, points: 0, notApplicable: true };
    const points = r && r.points.trim() !== '' ? Number(r.points) : item.maxPoints;
    return { item: item.code, points, ...(r?.reason.trim() ? { reason: r.reason.trim() } : {}) };
  });
}
