import type { Queryable } from '../../../db/types.ts';

/** Sets (or replaces) one KPI target for the bank (region null) or a region. */
export async function upsertTarget(sql: Queryable, target: { regionId: string | null; kpi: string; target: number; now: Date }): Promise<number | null> {
  const [before] = await sql<{ target: string }[]>`
    select target from kpi_targets where region_id is not distinct from ${target.regionId}::bigint and kpi = ${target.kpi}`;
  await sql`
    insert into kpi_targets (region_id, kpi, target, updated_at)
    values (${target.regionId}, ${target.kpi}, ${target.target}, ${target.now})
    on conflict (region_id, kpi) do update set target = excluded.target, updated_at = excluded.updated_at`;
  return before ? Number(before.target) : null;
}

/** Every configured target with its region's code (null for the bank), bank first. */
export async function selectAllTargets(sql: Queryable): Promise<{ regionCode: string | null; kpi: string; target: number }[]> {
  const rows = await sql<{ regionCode: string | null; kpi: string; target: string }[]>`
    select r.code as region_code, t.kpi, t.target
    from kpi_targets t
    left join regions r on r.id = t.region_id
    order by r.code nulls first, t.kpi`;
  return rows.map((row) => ({ regionCode: row.regionCode, kpi: row.kpi, target: Number(row.target) }));
}
