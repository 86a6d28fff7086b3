import type { Queryable } from '../../../db/types.ts';
import { seedTwoRegionBank } from './seed.ts';

/**
 * The two-region bank with what service stars need: at BJ0101 the head 王建国 (S000001), a deputy
 * (S000005), tellers 李晓梅 (S000002), 张伟 (S000004), 孙丽 (S000006), 周杰 (S000007) and 赵离职
 * (S000003, inactive); a second outlet BJ0102 with tellers S000011 and S000012; region manager
 * 刘分行 (S000020) at the 北京分行 office; a leader (S000030) at head office; tellers S000013 and
 * S000014 at SH0101 (head S000009).
 */
export async function seedStarsBank(sql: Queryable): Promise<void> {
  await seedTwoRegionBank(sql);
  const [bj01] = await sql<{ id: string }[]>`select id from regions where code = 'BJ01'`;
  await sql`insert into branches (code, name, region_id) values ('BJ0102', '北京朝阳国贸网点', ${bj01!.id})`;
  await sql`
    insert into staff (code, name, role, branch_id, region_id)
    select v.code, v.name, v.role, b.id, r.id
    from (values
      ('S000004', '张伟', 'teller', 'BJ0101', null), ('S000005', '钱副主任', 'deputy_head', 'BJ0101', null),
      ('S000006', '孙丽', 'teller', 'BJ0101', null), ('S000007', '周杰', 'teller', 'BJ0101', null),
      ('S000010', '吴国贸', 'branch_head', 'BJ0102', null),
      ('S000011', '郑小琴', 'teller', 'BJ0102', null), ('S000012', '冯晨', 'teller', 'BJ0102', null),
      ('S000013', '陈浦东', 'teller', 'SH0101', null), ('S000014', '褚明', 'teller', 'SH0101', null),
      ('S000020', '刘分行', 'region_manager', null, 'BJ'), ('S000021', '何上海', 'region_manager', null, 'SH'),
      ('S000030', '总行领导', 'leader', null, 'HO')
    ) as v (code, name, role, branch, region)
    left join branches b on b.code = v.branch
    left join regions r on r.code = v.region`;
}

/** Service events naming a teller, stored as ingested ones would be (for month figures and scorecards). */
export async function insertTellerEvents(sql: Queryable, events: Array<{ id: string; type: string; branch: string; at: string; ticket: string; teller: string; rating?: number }>): Promise<void> {
  for (const e of events) {
    await sql`
      insert into service_events (source, event_id, type, branch_id, at, service_day, ticket, teller, rating, received_at)
      select 'test', ${e.id}, ${e.type}, b.id, ${e.at}::timestamptz, (${e.at}::timestamptz at time zone 'Asia/Shanghai')::date, ${e.ticket}, ${e.teller}, ${e.rating ?? null}, ${e.at}::timestamptz
      from branches b where b.code = ${e.branch}`;
  }
}
