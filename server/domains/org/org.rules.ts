import type { RegionInput, RegionNode } from './org.types.ts';

export interface RegionTreeProblem {
  /** The incoming region the problem is reported against. */
  code: string;
  field: 'parent_code' | 'kind';
  reason: string;
}

/**
 * What would be wrong with the region tree once `incoming` is applied over `existing`: unknown
 * parents, parent cycles, a parent on a head office, a second head office. A parent may be any
 * other incoming region (a file may list a child before its parent).
 */
export function findRegionTreeProblems(existing: readonly RegionNode[], incoming: readonly RegionNode[]): RegionTreeProblem[] {
  const merged = new Map(existing.map((node) => [node.code, node]));
  for (const node of incoming) merged.set(node.code, node);
  const problems: RegionTreeProblem[] = [];
  for (const node of incoming) {
    const problem = findParentProblem(node, merged);
    if (problem) problems.push({ code: node.code, field: 'parent_code', reason: problem });
  }
  return [...problems, ...findExtraHeadOffices(existing, incoming)];
}

function findParentProblem(node: RegionNode, merged: ReadonlyMap<string, RegionNode>): string | undefined {
  if (node.kind === 'head_office') return node.parentCode ? 'a head office has no parent' : undefined;
  if (!node.parentCode) return 'is required unless kind is head_office';
  if (!merged.has(node.parentCode)) return `unknown region "${node.parentCode}"`;
  const path = [node.code];
  const seen = new Set(path);
  for (let current = merged.get(node.parentCode); current; current = current.parentCode ? merged.get(current.parentCode) : undefined) {
    path.push(current.code);
    if (current.code === node.code) return `makes a cycle (${path.join(' → ')})`;
    // A loop that does not pass through this node is reported on its own members.
    if (seen.has(current.code)) return undefined;
    seen.add(current.code);
  }
  return undefined;
}

function findExtraHeadOffices(existing: readonly RegionNode[], incoming: readonly RegionNode[]): RegionTreeProblem[] {
  const incomingCodes = new Set(incoming.map((node) => node.code));
  // Existing head offices the import keeps come first, so the import is blamed for a second one.
  const heads = [
    ...existing.filter((node) => !incomingCodes.has(node.code) && node.kind === 'head_office'),
    ...incoming.filter((node) => node.kind === 'head_office'),
  ];
  const first = heads[0];
  if (!first) return [];
  return heads
    .slice(1)
    .filter((node) => incomingCodes.has(node.code))
    .map((node) => ({ code: node.code, field: 'kind', reason: `a second head office; "${first.code}" is the head office` }));
}

/**
 * Splits inputs into layers so that every parent given in the same call lies in an earlier layer
 * (a multi-row insert cannot see its own rows). Assumes no cycles: check with findRegionTreeProblems.
 */
export function layerRegionsByParent(inputs: readonly RegionInput[]): RegionInput[][] {
  const byCode = new Map(inputs.map((input) => [input.code, input]));
  const depths = new Map<string, number>();
  const depthOf = (input: RegionInput): number => {
    const chain: RegionInput[] = [];
    let current: RegionInput | undefined = input;
    while (current && !depths.has(current.code)) {
      if (chain.length > byCode.size) throw new Error(`region "${input.code}" is on a parent cycle`);
      chain.push(current);
      current = current.parentCode ? byCode.get(current.parentCode) : undefined;
    }
    let depth = current ? (depths.get(current.code) as number) : -1;
    for (const node of chain.reverse()) depths.set(node.code, ++depth);
    return depths.get(input.code) as number;
  };
  const layers: RegionInput[][] = [];
  for (const input of inputs) (layers[depthOf(input)] ??= []).push(input);
  return layers;
}
