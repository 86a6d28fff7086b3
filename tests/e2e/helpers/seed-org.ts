import type { Queryable } from '../../../db/types.ts';

type Kind = 'head_office' | 'branch_office' | 'sub_branch';

/**
 * A bank with two 分行 for the overview and wall journeys:
 *   示范银行总行 (6 outlets) → 华东分行 (4) → 上海浦东支行 (3), 杭州西湖支行 (1)
 *                          → 华南分行 (2) → 深圳福田支行 (2)
 * plus five active staff and one who left (not counted).
 */
export const SEEDED_ORG = {
  headOffice: '示范银行总行',
  branchOffices: [
    { name: '华东分行', outlets: 4, subBranches: 2 },
    { name: '华南分行', outlets: 2, subBranches: 1 },
  ],
  subBranches: [
    { name: '上海浦东支行', outlets: 3 },
    { name: '杭州西湖支行', outlets: 1 },
    { name: '深圳福田支行', outlets: 2 },
  ],
  outlets: 6,
  activeStaff: 5,
} as const;

export async function seedTwoBranchOffices(sql: Queryable): Promise<void> {
  await insertRegion(sql, 'HO', '示范银行总行', 'head_office', null);
  await insertRegion(sql, 'EAST', '华东分行', 'branch_office', 'HO');
  await insertRegion(sql, 'SOUTH', '华南分行', 'branch_office', 'HO');
  await insertRegion(sql, 'EAST01', '上海浦东支行', 'sub_branch', 'EAST');
  await insertRegion(sql, 'EAST02', '杭州西湖支行', 'sub_branch', 'EAST');
  await insertRegion(sql, 'SOUTH01', '深圳福田支行', 'sub_branch', 'SOUTH');
  const outlets: [string, string, string][] = [
    ['EAST0101', '浦东陆家嘴网点', 'EAST01'],
    ['EAST0102', '浦东张江网点', 'EAST01'],
    ['EAST0103', '浦东世纪大道网点', 'EAST01'],
    ['EAST0201', '西湖文三路网点', 'EAST02'],
    ['SOUTH0101', '福田中心区网点', 'SOUTH01'],
    ['SOUTH0102', '福田华强北网点', 'SOUTH01'],
  ];
  for (const [code, name, regionCode] of outlets) {
    await sql`
      insert into branches (code, name, region_id)
      select ${code}, ${name}, id from regions where code = ${regionCode}`;
  }
  await sql`
    insert into staff (code, name, role, branch_id, active)
    select v.code, v.name, v.role, b.id, v.active
    from (values
      ('E0001', '陈思远', 'branch_head', 'EAST0101', true),
      ('E0002', '林雨桐', 'teller', 'EAST0101', true),
      ('E0003', '周海宁', 'account_manager', 'EAST0201', true),
      ('E0004', '黄嘉怡', 'lobby_manager', 'SOUTH0101', true),
      ('E0005', '吴志强', 'branch_head', 'SOUTH0102', true),
      ('E0006', '郑已离', 'teller', 'SOUTH0102', false)
    ) as v (code, name, role, branch_code, active)
    join branches b on b.code = v.branch_code`;
}

/** Inserts one region under its parent and fills ancestor_ids (root … self) as the import service does. */
async function insertRegion(sql: Queryable, code: string, name: string, kind: Kind, parentCode: string | null): Promise<void> {
  await sql`
    insert into regions (code, name, kind, parent_id)
    values (${code}, ${name}, ${kind}, (select id from regions where code = ${parentCode}))`;
  await sql`
    update regions r
    set ancestor_ids = coalesce((select p.ancestor_ids from regions p where p.id = r.parent_id), '{}') || r.id
    where r.code = ${code}`;
}
