import type { OrgOverview } from '$contract';

export type OverviewRegion = OrgOverview['regions'][number];
export interface RegionNode {
  region: OverviewRegion;
  children: RegionNode[];
}

/**
 * Turns the flat region list into the 总行 → 分行 → 支行 tree, keeping the server's order among
 * siblings. A region whose parent is not in the list becomes a root, so nothing silently vanishes.
 */
export function buildRegionTree(regions: readonly OverviewRegion[]): RegionNode[] {
  const nodes = new Map(regions.map((region) => [region.code, { region, children: [] as RegionNode[] }]));
  const roots: RegionNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.region.parentCode ? nodes.get(node.region.parentCode) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** How many regions of each kind the list holds. */
export function countRegionKinds(regions: readonly OverviewRegion[]): Record<OverviewRegion['kind'], number> {
  const counts = { head_office: 0, branch_office: 0, sub_branch: 0 };
  for (const region of regions) counts[region.kind] += 1;
  return counts;
}
