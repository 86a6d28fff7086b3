import type { Queryable } from '../../../db/types.ts';
import type { BranchInput, UpsertCounts } from './org.types.ts';
import { countUpserts } from './region.repo.ts';

export interface BranchFieldsProvided {
  address: boolean;
  headStaffCode: boolean;
  feishuChatId: boolean;
  active: boolean;
}

/** One multi-row upsert; region and head staff codes are resolved in the statement. */
export async function upsertBranchBatch(
  sql: Queryable,
  inputs: readonly BranchInput[],
  provided: BranchFieldsProvided,
): Promise<UpsertCounts> {
  const records = inputs.map((b) => ({
    code: b.code,
    name: b.name,
    region_code: b.regionCode,
    address: b.address ?? null,
    head_staff_code: b.headStaffCode ?? null,
    feishu_chat_id: b.feishuChatId ?? null,
    active: b.active ?? null,
  }));
  const rows = await sql<{ inserted: boolean }[]>`
    insert into branches (code, name, region_id, address, head_staff_id, feishu_chat_id, active)
    select v.code, v.name, r.id, v.address, s.id, v.feishu_chat_id, coalesce(v.active, true)
    from jsonb_to_recordset(${sql.json(records)}) as v (
      code text, name text, region_code text, address text, head_staff_code text, feishu_chat_id text, active boolean)
    join regions r on r.code = v.region_code
    left join staff s on s.code = v.head_staff_code
    on conflict (code) do update
    set name = excluded.name,
        region_id = excluded.region_id,
        address = case when ${provided.address}::boolean then excluded.address else branches.address end,
        head_staff_id = case when ${provided.headStaffCode}::boolean then excluded.head_staff_id else branches.head_staff_id end,
        feishu_chat_id = case when ${provided.feishuChatId}::boolean then excluded.feishu_chat_id else branches.feishu_chat_id end,
        active = case when ${provided.active}::boolean then excluded.active else branches.active end,
        updated_at = now()
    returning (xmax = 0) as inserted`;
  return countUpserts(rows);
}

/** The codes among `codes` that name a branch. */
export async function listExistingBranchCodes(sql: Queryable, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await sql<{ code: string }[]>`
    select code
    from branches
    where code = any(${codes as string[]}::text[])`;
  return rows.map((row) => row.code);
}

/** Makes each listed staff member with role branch_head the head of their branch. */
export async function assignBranchHeads(sql: Queryable, staffCodes: readonly string[]): Promise<number> {
  if (staffCodes.length === 0) return 0;
  const rows = await sql<{ id: string }[]>`
    update branches b
    set head_staff_id = s.id, updated_at = now()
    from staff s
    where s.branch_id = b.id
      and s.role = 'branch_head'
      and s.code = any(${staffCodes as string[]}::text[])
      and b.head_staff_id is distinct from s.id
    returning b.id`;
  return rows.length;
}

/** Clears the head of any branch whose head, among the listed staff, has left it or is inactive. */
export async function clearDepartedBranchHeads(sql: Queryable, staffCodes: readonly string[]): Promise<number> {
  if (staffCodes.length === 0) return 0;
  const rows = await sql<{ id: string }[]>`
    update branches b
    set head_staff_id = null, updated_at = now()
    from staff s
    where b.head_staff_id = s.id
      and s.code = any(${staffCodes as string[]}::text[])
      and (s.branch_id is distinct from b.id or not s.active)
    returning b.id`;
  return rows.length;
}

