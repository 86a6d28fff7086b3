import type { Queryable } from '../../../db/types.ts';
import type { OrgScope, OrgUnit } from './org.types.ts';

/** A region by code, with every region above it and itself (root first). */
export async function findRegionUnit(sql: Queryable, code: string): Promise<OrgUnit | undefined> {
  const [row] = await sql<{ id: string; code: string; ancestorIds: string[] }[]>`
    select id, code, ancestor_ids
    from regions
    where code = ${code}`;
  return row ? { kind: 'region', id: String(row.id), code: row.code, regionIds: row.ancestorIds.map(String) } : undefined;
}

/** A branch by code, with every region above it (root first). */
export async function findBranchUnit(sql: Queryable, code: string): Promise<OrgUnit | undefined> {
  const [row] = await sql<{ id: string; code: string; ancestorIds: string[] }[]>`
    select b.id, b.code, r.ancestor_ids
    from branches b
    join regions r on r.id = b.region_id
    where b.code = ${code}`;
  return row ? { kind: 'branch', id: String(row.id), code: row.code, regionIds: row.ancestorIds.map(String) } : undefined;
}

/**
 * A `where` fragment keeping branches (alias `b`, joined to its region as `br`) inside `within`;
 * empty for the whole bank.
 */
export function branchInScope(sql: Queryable, within: OrgScope | undefined) {
  if (!within) return sql`true`;
  if (within.branchId) return sql`b.id = ${within.branchId}`;
  return sql`${within.regionId!}::bigint = any(br.ancestor_ids)`;
}

/** Many branches by code at once (the ingest path resolves a whole batch with one query). */
export async function findBranchUnits(sql: Queryable, codes: readonly string[]): Promise<OrgUnit[]> {
  if (codes.length === 0) return [];
  const rows = await sql<{ id: string; code: string; ancestorIds: string[] }[]>`
    select b.id, b.code, r.ancestor_ids
    from branches b
    join regions r on r.id = b.region_id
    where b.code = any(${codes as string[]})`;
  return rows.map((row) => ({ kind: 'branch', id: String(row.id), code: row.code, regionIds: row.ancestorIds.map(String) }));
}

/** For each branch id: its code and name and the codes of every region above it (root first). */
export async function selectBranchAncestry(sql: Queryable, branchIds: readonly string[]): Promise<{ branchId: string; code: string; name: string; regionCodes: string[] }[]> {
  if (branchIds.length === 0) return [];
  const rows = await sql<{ branchId: string; code: string; name: string; regionCodes: string[] }[]>`
    select b.id as branch_id, b.code, b.name,
           array(select r.code from unnest(br.ancestor_ids) with ordinality as a (id, n) join regions r on r.id = a.id order by a.n) as region_codes
    from branches b
    join regions br on br.id = b.region_id
    where b.id = any(${branchIds as string[]}::bigint[])`;
  return rows.map((r) => ({ ...r, branchId: String(r.branchId) }));
}
