import type { Queryable } from '../../../db/types.ts';

/** A Feishu person's identifiers, as `authen/v1/user_info` or `contact/v3/users/batch_get_id` give them. */
export interface FeishuPerson {
  openId?: string | undefined;
  unionId?: string | undefined;
  userId?: string | undefined;
  mobile?: string | undefined;
  email?: string | undefined;
}

export interface LinkedStaff {
  code: string;
  name: string;
  active: boolean;
  /** Which identifier matched (for the audit log). */
  matchedBy: 'open_id' | 'union_id' | 'user_id' | 'mobile' | 'email';
}

const normalMobile = (m: string | undefined) => m?.replace(/^\+86[-\s]?/, '').replace(/\s+/g, '') || null;
const normalEmail = (e: string | undefined) => e?.trim().toLowerCase() || null;

/**
 * The staff member a Feishu person is, the way the bot identifies people: open_id first, then
 * union_id, then user_id (from the staff import), then a unique mobile or email. Inactive staff
 * are found too (the caller refuses them with a clear reason). Ids that were not stored yet are
 * linked on the way (open_id and union_id only where empty and not held by someone else).
 */
export async function findAndLinkStaff(sql: Queryable, person: FeishuPerson, now: Date): Promise<LinkedStaff | undefined> {
  const by = async (column: 'feishu_open_id' | 'feishu_union_id' | 'feishu_user_id', value: string | undefined) =>
    value ? (await sql<Array<{ id: string; code: string; name: string; active: boolean }>>`select id, code, name, active from staff where ${sql(column)} = ${value}`)[0] : undefined;
  let matchedBy: LinkedStaff['matchedBy'] = 'open_id';
  let row = await by('feishu_open_id', person.openId);
  if (!row) [row, matchedBy] = [await by('feishu_union_id', person.unionId), 'union_id'];
  if (!row) [row, matchedBy] = [await by('feishu_user_id', person.userId), 'user_id'];
  if (!row) {
    const mobile = normalMobile(person.mobile);
    const email = normalEmail(person.email);
    if (mobile || email) {
      const found = await sql<Array<{ id: string; code: string; name: string; active: boolean; byMobile: boolean }>>`
        select id, code, name, active, (${mobile}::text is not null and mobile = ${mobile}) as by_mobile from staff
        where (${mobile}::text is not null and mobile = ${mobile}) or (${email}::text is not null and lower(email) = ${email})
        limit 2`;
      // Two people sharing a mobile or email: no guess.
      if (found.length === 1) [row, matchedBy] = [found[0], found[0]!.byMobile ? 'mobile' : 'email'];
    }
  }
  if (!row) return undefined;
  await sql`
    update staff set
      feishu_open_id = case when feishu_open_id is null and ${person.openId ?? null}::text is not null
        and not exists (select 1 from staff o where o.feishu_open_id = ${person.openId ?? null}) then ${person.openId ?? null} else feishu_open_id end,
      feishu_union_id = case when feishu_union_id is null and ${person.unionId ?? null}::text is not null
        and not exists (select 1 from staff o where o.feishu_union_id = ${person.unionId ?? null}) then ${person.unionId ?? null} else feishu_union_id end,
      updated_at = ${now}
    where id = ${row.id} and ((feishu_open_id is null and ${person.openId ?? null}::text is not null) or (feishu_union_id is null and ${person.unionId ?? null}::text is not null))`;
  return { code: row.code, name: row.name, active: row.active, matchedBy };
}

/** Active staff without an open_id who have a mobile or an email: whom the contact API can link. */
export async function selectUnlinkedStaffContacts(sql: Queryable, limit = 5000): Promise<Array<{ code: string; mobile: string | null; email: string | null }>> {
  return sql<Array<{ code: string; mobile: string | null; email: string | null }>>`
    select code, mobile, email from staff
    where active and feishu_open_id is null and (mobile is not null or email is not null)
    order by code limit ${limit}`;
}

/**
 * Stores open_ids found for mobiles/emails: only for the one active, unlinked staff member with
 * that contact, and only an open_id nobody holds yet. Returns the codes linked.
 */
export async function linkOpenIdsByContact(sql: Queryable, found: Array<{ mobile?: string; email?: string; openId: string }>, now: Date): Promise<string[]> {
  const linked: string[] = [];
  for (const f of found) {
    const mobile = normalMobile(f.mobile);
    const email = normalEmail(f.email);
    const rows = await sql<{ code: string }[]>`
      with candidates as (
        select id from staff
        where active and feishu_open_id is null
          and ((${mobile}::text is not null and mobile = ${mobile}) or (${email}::text is not null and lower(email) = ${email}))
      )
      update staff set feishu_open_id = ${f.openId}, updated_at = ${now}
      where id in (select id from candidates) and (select count(*) from candidates) = 1
        and not exists (select 1 from staff o where o.feishu_open_id = ${f.openId})
      returning code`;
    linked.push(...rows.map((r) => r.code));
  }
  return linked;
}
