import type { OrgOverview } from '$contract';
import { getJson } from '../api.ts';
import type { RegionNode } from './wall-grid.ts';

/**
 * The region tree within the caller's scope (`GET /api/v1/org/overview`, which a display token may
 * read), by code: the heat grid's group labels. Loaded once per page; regions seldom change.
 */
export async function loadRegionTree(signal: AbortSignal): Promise<ReadonlyMap<string, RegionNode>> {
  const overview = await getJson<OrgOverview>('/api/v1/org/overview', { signal });
  return new Map(overview.regions.map((r) => [r.code, { code: r.code, name: r.name, parentCode: r.parentCode }]));
}
