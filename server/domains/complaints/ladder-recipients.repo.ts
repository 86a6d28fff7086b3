import type { Queryable } from '../../../db/types.ts';

/**
 * Active staff of a role nearest to a branch: in the branch itself, else in the nearest region
 * above it that has any (a 支行 before its 分行 before head office). Everyone at that level.
 */
export async function selectNearestStaffByRole(sql: Queryable, branchCode: string, role: string): Promise<Array<{ code: string; name: string }>> {
  return sql<Array<{ code: string; name: string }>>`
    with branch as (
      select b.id, r.ancestor_ids from branches b join regions r on r.id = b.region_id where b.code = ${branchCode}
    ), candidates as (
      select s.code, s.name,
             case when s.branch_id = branch.id then 0
                  else 1 + cardinality(branch.ancestor_ids) - array_position(branch.ancestor_ids, s.region_id) end as distance
      from staff s, branch
      where s.active and s.role = ${role} and (s.branch_id = branch.id or s.region_id = any(branch.ancestor_ids))
    )
    select code, name from candidates where distance = (select min(distance) from candidates) order by code`;
}
