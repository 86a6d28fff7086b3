import type { Queryable } from '../../../db/types.ts';
import type { OrgOverview, OrgScope } from './org.types.ts';
import { branchInScope } from './unit.repo.ts';

type RegionSummaryRow = OrgOverview['regions'][number];
type Counts = OrgOverview['counts'];

/**
 * The overview within a scope: the bank; a region's subtree; or one branch (with the regions
 * above it, for context). Counts are active branches and staff, every customer, in scope.
 */
export async function selectScopedOverview(sql: Queryable, within: OrgScope | undefined): Promise<{ counts: Counts; regions: RegionSummaryRow[] }> {
  const inScope = branchInScope(sql, within);
  const regionVisible = !within
    ? sql`true`
    : within.branchId
      ? sql`r.id in (select unnest(br.ancestor_ids) from branches b join regions br on br.id = b.region_id where b.id = ${within.branchId})`
      : sql`${within.regionId!}::bigint = any(r.ancestor_ids)`;
  const regions = await sql<RegionSummaryRow[]>`
    with scoped_branches as (
      select b.id, br.ancestor_ids
      from branches b
      join regions br on br.id = b.region_id
      where b.active and ${inScope}
    )
    select r.code, r.name, r.kind, p.code as parent_code,
           (select count(*)::int from scoped_branches sb where r.id = any(sb.ancestor_ids)) as branch_count
    from regions r
    left join regions p on p.id = r.parent_id
    where ${regionVisible}
    order by r.ancestor_ids, r.code`;
  const [counts] = await sql<Counts[]>`
    select
      ${regions.length}::int as regions,
      (select count(*)::int from branches b join regions br on br.id = b.region_id where b.active and ${inScope}) as branches,
      (select count(*)::int from staff s
         left join branches b on b.id = s.branch_id
         left join regions br on br.id = coalesce(b.region_id, s.region_id)
         where s.active and ${staffInScope(sql, within)}) as staff,
      (select count(*)::int from customers c
         join branches b on b.id = c.branch_id
         join regions br on br.id = b.region_id
         where ${inScope}) as customers`;
  return { counts: counts!, regions: regions.map((r) => ({ code: r.code, name: r.name, kind: r.kind, parentCode: r.parentCode, branchCount: r.branchCount })) };
}

/** Staff (alias `s`, with `b` their branch and `br` their branch's region or their own office) in scope. */
export function staffInScope(sql: Queryable, within: OrgScope | undefined) {
  if (!within) return sql`true`;
  if (within.branchId) return sql`s.branch_id = ${within.branchId}`;
  return sql`${within.regionId!}::bigint = any(br.ancestor_ids)`;
}
