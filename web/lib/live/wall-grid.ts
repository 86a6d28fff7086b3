/**
 * The pure half of the wall's heat grid (wall-heat.svelte.ts holds the cells in runes): how a
 * service index colours a cell, and how a scope's branches are grouped under region labels.
 */

/** red < 60 ≤ amber < 80 ≤ green; `none` without data (never drawn as a bad score). */
export type HeatTone = 'bad' | 'warn' | 'good' | 'none';

/**
 * A display choice, not a business rule: a unit meeting every default target scores 80 (the
 * service index's definition, DESIGN §4), so green means "on target"; below 60 is far off.
 */
export const HEAT_WARN_FROM = 60;
export const HEAT_GOOD_FROM = 80;

export function heatTone(serviceIndex: number | null | undefined): HeatTone {
  if (serviceIndex === null || serviceIndex === undefined || !Number.isFinite(serviceIndex)) return 'none';
  if (serviceIndex >= HEAT_GOOD_FROM) return 'good';
  return serviceIndex >= HEAT_WARN_FROM ? 'warn' : 'bad';
}

/** A region as `GET /api/v1/org/overview` lists it: enough to walk up the tree. */
export interface RegionNode {
  code: string;
  name: string;
  parentCode: string | null;
}

export interface HeatGroup<C> {
  /** The region the group stands for (the scope's child unit). */
  code: string;
  /** Its name, or its code when the region list is not known. */
  name: string;
  cells: C[];
}

/** Deeper trees than this are malformed (a parent loop); the walk stops there. */
const MAX_DEPTH = 32;

/**
 * The group a branch of `scope` belongs to, from its own region: the scope's child region on the
 * way up (a bank wall groups by 分行, a 分行's wall by 支行). A branch attached to the scope's own
 * region (or to the head office) groups under that region; without the tree, under its own region.
 */
export function groupCodeOf(regionCode: string, regions: ReadonlyMap<string, RegionNode>, scope: string): string {
  const chain: string[] = [regionCode];
  for (let code: string | null | undefined = regions.get(regionCode)?.parentCode; code && chain.length < MAX_DEPTH; code = regions.get(code)?.parentCode) {
    chain.push(code);
  }
  if (scope.startsWith('region:')) {
    const at = chain.indexOf(scope.slice('region:'.length));
    if (at < 0) return regionCode;
    return chain[Math.max(0, at - 1)]!;
  }
  if (scope === 'bank' && regions.has(regionCode)) {
    // The root is the head office; its child on the chain is the 分行.
    return chain.length >= 2 ? chain[chain.length - 2]! : chain[0]!;
  }
  return regionCode;
}

/**
 * The cells of a scope grouped by `groupCodeOf`, groups in the order their first branch comes
 * (the server sends branches grouped by region path, then code), cells in the order sent.
 */
export function groupCells<C extends { regionCode: string }>(cells: readonly C[], regions: ReadonlyMap<string, RegionNode>, scope: string): HeatGroup<C>[] {
  const groups = new Map<string, HeatGroup<C>>();
  const groupOf = new Map<string, string>();
  for (const cell of cells) {
    let code = groupOf.get(cell.regionCode);
    if (code === undefined) {
      code = groupCodeOf(cell.regionCode, regions, scope);
      groupOf.set(cell.regionCode, code);
    }
    let group = groups.get(code);
    if (!group) {
      group = { code, name: regions.get(code)?.name ?? code, cells: [] };
      groups.set(code, group);
    }
    group.cells.push(cell);
  }
  return [...groups.values()];
}

export type HeatCounts = Record<HeatTone, number>;

export function countTones(indexes: Iterable<number | null>): HeatCounts {
  const counts: HeatCounts = { bad: 0, warn: 0, good: 0, none: 0 };
  for (const index of indexes) counts[heatTone(index)] += 1;
  return counts;
}

/**
 * A region's name as a heat-grid label: without the 分行/支行 ending, and without the name of the
 * unit the wall shows when it starts with it (北京朝阳支行 on 北京分行's wall reads 朝阳).
 */
export function shortRegionName(name: string, scopeName = ''): string {
  const bare = (text: string) => text.replace(/(分行|支行|总行)$/, '');
  const short = bare(name);
  const prefix = bare(scopeName);
  const trimmed = prefix && short.startsWith(prefix) && short.length > prefix.length ? short.slice(prefix.length) : short;
  return trimmed || name;
}
