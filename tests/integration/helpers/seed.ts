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

/**
 * Two 分行 with one outlet each, for scope tests: BJ → BJ01 → outlet BJ0101 and SH → SH01 → outlet
 * SH0101; customer C1 at BJ0101 and C2 at SH0101; S000001 heads BJ0101, S000002 is a teller there,
 * S000009 heads SH0101.
 */
export async function seedTwoRegionBank(sql: Queryable): Promise<void> {
  await seedSmallBank(sql);
  const [ho] = await sql<{ id: string }[]>`select id from regions where code = 'HO'`;
  const [sh] = await sql<{ id: string }[]>`
    insert into regions (code, name, kind, parent_id, ancestor_ids) values ('SH', '上海分行', 'branch_office', ${ho!.id}, '{}') returning id`;
  const [sh01] = await sql<{ id: string }[]>`
    insert into regions (code, name, kind, parent_id, ancestor_ids) values ('SH01', '上海浦东支行', 'sub_branch', ${sh!.id}, '{}') returning id`;
  await sql`update regions set ancestor_ids = array[${ho!.id}::bigint, ${sh!.id}::bigint] where id = ${sh!.id}`;
  await sql`update regions set ancestor_ids = array[${ho!.id}::bigint, ${sh!.id}::bigint, ${sh01!.id}::bigint] where id = ${sh01!.id}`;
  const [branch] = await sql<{ id: string }[]>`
    insert into branches (code, name, region_id) values ('SH0101', '上海陆家嘴网点', ${sh01!.id}) returning id`;
  await sql`insert into staff (code, name, role, branch_id) values ('S000009', '陈上海', 'branch_head', ${branch!.id})`;
  await sql`
    insert into customers (code, name, branch_id, tier, phone, id_number)
    select 'C1', '张三明', id, 'gold', '13812345678', '110101198001010010' from branches where code = 'BJ0101'`;
  await sql`
    insert into customers (code, name, branch_id, tier, phone, id_number)
    select 'C2', '李四光', id, 'mass', '13987654321', '310115199002020022' from branches where code = 'SH0101'`;
}
