import type { Queryable } from '../../../db/types.ts';
import type { OrgScope, Staff, StaffIdentity, StaffInput, StaffRole, StaffSummary, UpsertCounts } from './org.types.ts';
import { staffInScope } from './overview.repo.ts';
import { countUpserts } from './region.repo.ts';

export interface StaffFieldsProvided {
  feishuOpenId: boolean;
  feishuUserId: boolean;
  mobile: boolean;
  email: boolean;
  active: boolean;
}

interface StaffRow {
  id: string;
  code: string;
  name: string;
  role: StaffRole;
  branchCode: string | null;
  regionCode: string | null;
  feishuOpenId: string | null;
  feishuUserId: string | null;
  mobile: string | null;
  email: string | null;
  active: boolean;
}

/** One multi-row upsert; branch and region codes are resolved in the statement. */
export async function upsertStaffBatch(sql: Queryable, inputs: readonly StaffInput[], provided: StaffFieldsProvided): Promise<UpsertCounts> {
  const records = inputs.map((s) => ({
    code: s.code,
    name: s.name,
    role: s.role,
    branch_code: s.branchCode,
    region_code: s.regionCode,
    feishu_open_id: s.feishuOpenId ?? null,
    feishu_user_id: s.feishuUserId ?? null,
    mobile: s.mobile ?? null,
    email: s.email ?? null,
    active: s.active ?? null,
  }));
  const rows = await sql<{ inserted: boolean }[]>`
    insert into staff (code, name, role, branch_id, region_id, feishu_open_id, feishu_user_id, mobile, email, active)
    select v.code, v.name, v.role, b.id, r.id, v.feishu_open_id, v.feishu_user_id, v.mobile, v.email, coalesce(v.active, true)
    from jsonb_to_recordset(${sql.json(records)}) as v (
      code text, name text, role text, branch_code text, region_code text,
      feishu_open_id text, feishu_user_id text, mobile text, email text, active boolean)
    left join branches b on b.code = v.branch_code
    left join regions r on r.code = v.region_code
    on conflict (code) do update
    set name = excluded.name,
        role = excluded.role,
        branch_id = excluded.branch_id,
        region_id = excluded.region_id,
        feishu_open_id = case when ${provided.feishuOpenId}::boolean then excluded.feishu_open_id else staff.feishu_open_id end,
        feishu_user_id = case when ${provided.feishuUserId}::boolean then excluded.feishu_user_id else staff.feishu_user_id end,
        mobile = case when ${provided.mobile}::boolean then excluded.mobile else staff.mobile end,
        email = case when ${provided.email}::boolean then excluded.email else staff.email end,
        active = case when ${provided.active}::boolean then excluded.active else staff.active end,
        updated_at = now()
    returning (xmax = 0) as inserted`;
  return countUpserts(rows);
}

/** The codes among `codes` that name a staff member. */
export async function listExistingStaffCodes(sql: Queryable, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await sql<{ code: string }[]>`
    select code
    from staff
    where code = any(${codes as string[]}::text[])`;
  return rows.map((row) => row.code);
}

/** Staff holding any of the given Feishu ids (they are unique per person). */
export async function listFeishuIdHolders(
  sql: Queryable,
  ids: { openIds: readonly string[]; userIds: readonly string[] },
): Promise<{ code: string; feishuOpenId: string | null; feishuUserId: string | null }[]> {
  if (ids.openIds.length === 0 && ids.userIds.length === 0) return [];
  const rows = await sql<{ code: string; feishuOpenId: string | null; feishuUserId: string | null }[]>`
    select code, feishu_open_id, feishu_user_id
    from staff
    where feishu_open_id = any(${ids.openIds as string[]}::text[])
       or feishu_user_id = any(${ids.userIds as string[]}::text[])`;
  return rows.map((row) => ({ code: row.code, feishuOpenId: row.feishuOpenId, feishuUserId: row.feishuUserId }));
}

export async function findStaffRowByCode(sql: Queryable, code: string): Promise<Staff | undefined> {
  const [row] = await sql<StaffRow[]>`
    select s.id, s.code, s.name, s.role, b.code as branch_code, r.code as region_code,
           s.feishu_open_id, s.feishu_user_id, s.mobile, s.email, s.active
    from staff s
    left join branches b on b.id = s.branch_id
    left join regions r on r.id = s.region_id
    where s.code = ${code}`;
  return row ? toStaff(row) : undefined;
}

export async function findStaffIdentityRow(sql: Queryable, code: string): Promise<StaffIdentity | undefined> {
  const [row] = await sql<StaffIdentity[]>`
    select s.code, s.name, s.role, b.code as branch_code, b.name as branch_name,
           coalesce(r.code, br.code) as region_code, coalesce(r.name, br.name) as region_name, s.active
    from staff s
    left join branches b on b.id = s.branch_id
    left join regions r on r.id = s.region_id
    left join regions br on br.id = b.region_id
    where s.code = ${code}`;
  return row ? { ...row } : undefined;
}

function toStaff(row: StaffRow): Staff {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    role: row.role,
    branchCode: row.branchCode,
    regionCode: row.regionCode,
    feishuOpenId: row.feishuOpenId,
    feishuUserId: row.feishuUserId,
    mobile: row.mobile,
    email: row.email,
    active: row.active,
  };
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Active staff for a picker, by code. */
export async function listStaffSummaries(
  sql: Queryable,
  query: { q: string | undefined; branchCode: string | undefined; limit: number; within: OrgScope | undefined },
): Promise<StaffSummary[]> {
  const pattern = query.q ? escapeLike(query.q) : undefined;
  const rows = await sql<StaffSummary[]>`
    select s.code, s.name, s.role, b.code as branch_code, b.name as branch_name,
           coalesce(r.code, br.code) as region_code
    from staff s
    left join branches b on b.id = s.branch_id
    left join regions r on r.id = s.region_id
    left join regions br on br.id = coalesce(b.region_id, s.region_id)
    where s.active
      and ${staffInScope(sql, query.within)}
      ${pattern ? sql`and (s.code ilike ${pattern + '%'} or s.name ilike ${'%' + pattern + '%'})` : sql``}
      ${query.branchCode ? sql`and b.code = ${query.branchCode}` : sql``}
    order by s.code
    limit ${query.limit}`;
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    role: row.role,
    branchCode: row.branchCode,
    branchName: row.branchName,
    regionCode: row.regionCode,
  }));
}

