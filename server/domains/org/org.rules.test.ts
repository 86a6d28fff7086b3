import { describe, expect, it } from 'vitest';
import { findRegionTreeProblems, layerRegionsByParent } from './org.rules.ts';
import type { RegionInput, RegionNode } from './org.types.ts';

const node = (code: string, parentCode: string | null, kind: RegionNode['kind'] = parentCode ? 'sub_branch' : 'head_office'): RegionNode => ({ code, kind, parentCode });
const EXISTING = [node('HQ', null), node('SH', 'HQ', 'branch_office'), node('SH01', 'SH')];

describe('findRegionTreeProblems', () => {
  it('accepts a child listed before its parent in the same import', () => {
    expect(findRegionTreeProblems(EXISTING, [node('BJ01', 'BJ'), node('BJ', 'HQ', 'branch_office')])).toEqual([]);
  });
  it('reports a parent that exists nowhere', () => {
    expect(findRegionTreeProblems(EXISTING, [node('GZ01', 'GZ')])).toEqual([{ code: 'GZ01', field: 'parent_code', reason: 'unknown region "GZ"' }]);
  });
  it('reports a cycle made by moving an existing region under its own descendant', () => {
    const problems = findRegionTreeProblems(EXISTING, [node('SH', 'SH01', 'branch_office')]);
    expect(problems).toEqual([{ code: 'SH', field: 'parent_code', reason: 'makes a cycle (SH → SH01 → SH)' }]);
  });
  it('reports each member of a cycle within the import', () => {
    const problems = findRegionTreeProblems([node('HQ', null)], [node('A', 'B'), node('B', 'A')]);
    expect(problems.map((p) => p.code)).toEqual(['A', 'B']);
  });
  it('reports a second head office, blaming the imported one', () => {
    expect(findRegionTreeProblems(EXISTING, [node('HQ2', null)])).toEqual([
      { code: 'HQ2', field: 'kind', reason: 'a second head office; "HQ" is the head office' },
    ]);
  });
  it('allows replacing the head office when the old one is demoted in the same import', () => {
    expect(findRegionTreeProblems(EXISTING, [node('HQ2', null), node('HQ', 'HQ2', 'branch_office')])).toEqual([]);
  });
});

describe('layerRegionsByParent', () => {
  const input = (code: string, parentCode: string | null): RegionInput => ({ code, name: code, kind: parentCode ? 'sub_branch' : 'head_office', parentCode });
  it('puts every parent given in the call in an earlier layer', () => {
    const layers = layerRegionsByParent([input('C', 'B'), input('B', 'A'), input('A', null), input('D', 'EXISTING')]);
    expect(layers.map((layer) => layer.map((r) => r.code))).toEqual([['A', 'D'], ['B'], ['C']]);
  });
});
