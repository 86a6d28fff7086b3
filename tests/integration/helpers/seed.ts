import type { Queryable } from '../../../db/types.ts';

/**
 * Minimal organisation rows for tests that need a bank but not the import path: a head office,
 * one 分行 with one 支行, one outlet and a few staff. Returns the codes.
 */
export async function seedSmallBank(sql: Queryable): Promise<{ branchCode: string; headCode: string; tellerCode: string; inactiveCode: string }> {
  const [ho] = await sql<{ id: string }[]>`
    insert into regions (code, name, kind, parent_id) values ('HO', '示范银行总行', 'head_office', null) returning id`;
  const [bo] = await sql<{ id: string }[]>`
    insert into regions (code, name, kind, parent_id) values ('BJ', '北京分行', 'branch_office', ${ho!.id}) returning id`;
  const [sb] = await sql<{ id: string }[]>`
    insert into regions (code, name, kind, parent_id) values ('BJ01', '北京朝阳支行', 'sub_branch', ${bo!.id}) returning id`;
  await sql`update regions set ancestor_ids = array[${ho!.id}::bigint] where id = ${ho!.id}`;
  await sql`update regions set ancestor_ids = array[${ho!.id}::bigint, ${bo!.id}::bigint] where id = ${bo!.id}`;
  await sql`update regions set ancestor_ids = array[${ho!.id}::bigint, ${bo!.id}::bigint, ${sb!.id}::bigint] where id = ${sb!.id}`;
  const [branch] = await sql<{ id: string }[]>`
    insert into branches (code, name, region_id, address) values ('BJ0101', '北京朝阳建国路网点', ${sb!.id}, '北京市朝阳区建国路88号') returning id`;
  await sql`
    insert into staff (code, name, role, branch_id, mobile, active) values
      ('S000001', '王建国', 'branch_head', ${branch!.id}, '13800000001', true),
      ('S000002', '李晓梅', 'teller', ${branch!.id}, '13800000002', true),
      ('S000003', '赵离职', 'teller', ${branch!.id}, '13800000003', false)`;
  return { branchCode: 'BJ0101', headCode: 'S000001', tellerCode: 'S000002', inactiveCode: 'S000003' };
}
