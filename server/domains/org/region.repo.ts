import type { Queryable } from '../../../db/types.ts';
import type { RegionInput, RegionKind, RegionNode, UpsertCounts } from './org.types.ts';

interface RegionNodeRow {
  code: string;
  kind: RegionKind;
  parentCode: string | null;
}


export async function listRegionNodes(sql: Queryable): Promise<RegionNode[]> {
  const rows = await sql<RegionNodeRow[]>`
    select r.code, r.kind, p.code as parent_code
    from regions r
    left join regions p on p.id = r.parent_id
    order by r.code`;
  return rows.map((row) => ({ code: row.code, kind: row.kind, parentCode: row.parentCode }));
}

/**
 * One multi-row upsert. Every parent must already exist (in the table, or written by an earlier
 * call in the same transaction): a statement does not see its own rows.
 */
export async function upsertRegionBatch(
  sql: Queryable,
  inputs: readonly RegionInput[],
  provided: { nameEn: boolean },
): Promise<UpsertCounts> {
  const records = inputs.map((r) => ({ code: r.code, name: r.name, name_en: r.nameEn ?? null, kind: r.kind, parent_code: r.parentCode }));
  const rows = await sql<{ inserted: boolean }[]>`
    insert into regions (code, name, name_en, kind, parent_id)
    select v.code, v.name, v.name_en, v.kind, p.id
    from jsonb_to_recordset(${sql.json(records)}) as v (code text, name text, name_en text, kind text, parent_code text)
    left join regions p on p.code = v.parent_code
    on conflict (code) do update
    set name = excluded.name,
        name_en = case when ${provided.nameEn}::boolean then excluded.name_en else regions.name_en end,
        kind = excluded.kind,
        parent_id = excluded.parent_id,
        updated_at = now()
    returning (xmax = 0) as inserted`;
  return countUpserts(rows);
}

export function countUpserts(rows: readonly { inserted: boolean }[]): UpsertCounts {
  const inserted = rows.filter((row) => row.inserted).length;
  return { inserted, updated: rows.length - inserted };
}

/**
 * Rewrites ancestor_ids (root … self) from parent_id for the whole tree, and returns the codes
 * no root reaches: they sit on a parent cycle. The tree is small (regions, not branches).
 */
export async function refreshRegionAncestors(sql: Queryable): Promise<{ unreachableCodes: string[] }> {
  await sql`
    with recursive tree (id, path) as (
      select id, array[id]
      from regions
      where parent_id is null
      union all
      select r.id, t.path || r.id
      from regions r
      join tree t on r.parent_id = t.id
    )
    update regions r
    set ancestor_ids = t.path
    from tree t
    where r.id = t.id
      and r.ancestor_ids is distinct from t.path`;
  const rows = await sql<{ code: string }[]>`
    with recursive tree (id) as (
      select id from regions where parent_id is null
      union all
      select r.id from regions r join tree t on r.parent_id = t.id
    )
    select code
    from regions
    where id not in (select id from tree)
    order by code`;
  return { unreachableCodes: rows.map((row) => row.code) };
}

export async function listHeadOfficeCodes(sql: Queryable): Promise<string[]> {
  const rows = await sql<{ code: string }[]>`
    select code
    from regions
    where kind = 'head_office'
    order by code`;
  return rows.map((row) => row.code);
}

