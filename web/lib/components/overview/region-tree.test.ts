import { describe, expect, it } from 'vitest';
import { buildRegionTree, countRegionKinds, type OverviewRegion } from './region-tree.ts';

const region = (code: string, kind: OverviewRegion['kind'], parentCode: string | null, branchCount = 0): OverviewRegion => ({
  code, name: code, kind, parentCode, branchCount,
});

const REGIONS = [
  region('HO', 'head_office', null, 5),
  region('EAST', 'branch_office', 'HO', 3),
  region('EAST-1', 'sub_branch', 'EAST', 2),
  region('EAST-2', 'sub_branch', 'EAST', 1),
  region('WEST', 'branch_office', 'HO', 2),
];

describe('buildRegionTree', () => {
  it('nests 分行 under the head office and 支行 under their 分行, in server order', () => {
    const [root, ...others] = buildRegionTree(REGIONS);
    expect(others).toEqual([]);
    expect(root?.region.code).toBe('HO');
    expect(root?.children.map((c) => c.region.code)).toEqual(['EAST', 'WEST']);
    expect(root?.children[0]?.children.map((c) => c.region.code)).toEqual(['EAST-1', 'EAST-2']);
  });

  it('keeps a region whose parent is missing as a root', () => {
    const roots = buildRegionTree([region('HO', 'head_office', null), region('LOST', 'sub_branch', 'GONE')]);
    expect(roots.map((r) => r.region.code)).toEqual(['HO', 'LOST']);
  });

  it('returns no roots for no regions', () => {
    expect(buildRegionTree([])).toEqual([]);
  });
});

describe('countRegionKinds', () => {
  it('counts each kind, zero for a kind that is absent', () => {
    expect(countRegionKinds(REGIONS)).toEqual({ head_office: 1, branch_office: 2, sub_branch: 2 });
    expect(countRegionKinds([])).toEqual({ head_office: 0, branch_office: 0, sub_branch: 0 });
  });
});
