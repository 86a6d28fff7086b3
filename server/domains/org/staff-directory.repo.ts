/** Chat identities of staff: Feishu open_id ↔ staff code, for the bot's identity and deliveries. */
import type { Queryable } from '../../../db/types.ts';

export async function selectStaffCodeByOpenId(sql: Queryable, openId: string): Promise<string | undefined> {
  const [row] = await sql<{ code: string }[]>`select code from staff where feishu_open_id = ${openId}`;
  return row?.code;
}

export async function selectOpenIdOfStaff(sql: Queryable, code: string): Promise<string | null | undefined> {
  // Without an open_id, the tenant user_id from the staff import reaches them too (the Feishu
  // channel sends it as receive_id_type user_id): alerts need not wait for a first message.
  const [row] = await sql<{ feishuOpenId: string | null }[]>`select coalesce(feishu_open_id, feishu_user_id) as feishu_open_id from staff where code = ${code} and active`;
  return row ? row.feishuOpenId : undefined;
}

/**
 * Links an open_id to the one active staff member with this mobile or email, if exactly one has
 * it and has no open_id yet; an ambiguous contact links nobody (it would act for the wrong person).
 */
export async function linkOpenIdByContact(sql: Queryable, openId: string, contact: { mobile?: string; email?: string }, now: Date): Promise<string | undefined> {
  const mobile = contact.mobile?.replace(/^\+86[-\s]?/, '').replace(/\s+/g, '') || null;
  const email = contact.email?.trim().toLowerCase() || null;
  if (!mobile && !email) return undefined;
  const candidates = await sql<{ id: string; code: string }[]>`
    select id, code from staff
    where active and feishu_open_id is null
      and ((${mobile}::text is not null and mobile = ${mobile}) or (${email}::text is not null and lower(email) = ${email}))
    limit 2`;
  if (candidates.length !== 1) return undefined;
  const [linked] = await sql<{ code: string }[]>`
    update staff set feishu_open_id = ${openId}, updated_at = ${now}
    where id = ${candidates[0]!.id} and feishu_open_id is null
      and not exists (select 1 from staff other where other.feishu_open_id = ${openId})
    returning code`;
  return linked?.code;
}

/** Active staff whose code or name is `text`, nearest first (same branch, then same region, then any). */
export async function searchStaffByCodeOrName(sql: Queryable, text: string, near: { branchCode: string | null }): Promise<Array<{ code: string; name: string }>> {
  return sql<Array<{ code: string; name: string }>>`
    select s.code, s.name from staff s left join branches b on b.id = s.branch_id
    where s.active and (s.code = ${text} or s.name = ${text})
    order by (s.code = ${text}) desc, (b.code is not distinct from ${near.branchCode}) desc, s.code
    limit 5`;
}

/** Active heads of a branch (branch head, else deputies): who decides its nominations. */
export async function selectBranchHeads(sql: Queryable, branchCode: string): Promise<Array<{ code: string; name: string; role: string }>> {
  return sql<Array<{ code: string; name: string; role: string }>>`
    select s.code, s.name, s.role from staff s join branches b on b.id = s.branch_id
    where b.code = ${branchCode} and s.active and s.role in ('branch_head', 'deputy_head')
    order by (s.role = 'branch_head') desc, s.code`;
}
