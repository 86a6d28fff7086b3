import type { Db } from '../../db/client.ts';
import {
  createNomination, decideNomination, previousMonth, runMonthlyAward, staffActor, type AwardsDeps,
} from '../domains/awards/index.ts';
import { bankDay } from '../platform/bank-time.ts';

/**
 * The demo's service stars on first start: in the first outlets, this month's nominations in every
 * state — approved, rejected with a reason, pending with the branch head (so /chat shows a review
 * card), pending with the region manager (a head's own nomination) — made through the same rules
 * and outbox as a teller's `提名`; and the three past months' approved nominations with their stars
 * awarded (the last one announced), so the wall's star board and the history are not empty.
 */
const REASONS = [
  '耐心为一位听力不好的老年客户逐项讲解社保卡激活流程，客户临走专门道谢',
  '午间高峰主动加开窗口，连续办理二十余笔业务零差错',
  '发现客户转账信息疑似诈骗，及时劝阻并报警，为客户挽回损失',
  '主动上门为行动不便的客户办理养老金资格认证',
  '耐心引导老年客户使用自助设备，大堂排队明显缩短',
  '为外籍客户用英文完成开户全流程，客户在评价器给出好评',
];
const PRAISE = '客户留言：这位工作人员非常耐心，讲得很清楚';

interface Outlet { branchCode: string; head: string | undefined; tellers: string[] }

async function outlets(db: Db, limit: number): Promise<Outlet[]> {
  const rows = await db.sql<{ branchCode: string; code: string; role: string }[]>`
    with first as (select id, code from branches where active order by code limit ${limit})
    select f.code as branch_code, s.code, s.role from first f join staff s on s.branch_id = f.id
    where s.active and s.role in ('branch_head', 'teller', 'account_manager', 'lobby_manager') order by f.code, s.code`;
  const byBranch = new Map<string, Outlet>();
  for (const r of rows) {
    const o = byBranch.get(r.branchCode) ?? { branchCode: r.branchCode, head: undefined, tellers: [] };
    if (r.role === 'branch_head') o.head ??= r.code;
    else o.tellers.push(r.code);
    byBranch.set(r.branchCode, o);
  }
  return [...byBranch.values()].filter((o) => o.head && o.tellers.length >= 4);
}

export async function seedDemoStars(deps: AwardsDeps): Promise<{ created: boolean }> {
  const [existing] = await deps.db.sql<{ n: number }[]>`select count(*)::int as n from nominations`;
  if ((existing?.n ?? 0) > 0) return { created: false };
  const shops = await outlets(deps.db, 6);
  if (shops.length === 0) return { created: false };
  const month = bankDay(deps.clock.now(), deps.timeZone).slice(0, 7);
  const past = [previousMonth(month), previousMonth(previousMonth(month)), previousMonth(previousMonth(previousMonth(month)))];
  // Past months: approved nominations as the workflow left them (decided by the branch head).
  for (const [m, pastMonth] of past.entries()) {
    for (const [i, shop] of shops.entries()) {
      const [a, b, c] = shop.tellers;
      const star = shop.tellers[(i + m) % shop.tellers.length]!;
      for (const [k, by] of [a, b, c].filter((x) => x !== star).entries()) {
        await deps.db.sql`
          insert into nominations (nominator_id, nominee_id, approver_id, month, reason, channel, status, decided_by, decided_at, created_at)
          select x.id, y.id, h.id, ${pastMonth}, ${REASONS[(i + k + m) % REASONS.length]!}, 'bot', 'approved', h.id,
                 (${pastMonth} || '-20')::date + time '10:00', (${pastMonth} || '-0' || ${String(3 + k)})::date + time '10:00'
          from staff x, staff y, staff h where x.code = ${by!} and y.code = ${star} and h.code = ${shop.head!}`;
      }
    }
  }
  // Last month also had a nomination sent back and one left to lapse at month end, so the monthly
  // report's nominations by status show the workflow, not only its approvals.
  const [first] = shops;
  if (first && first.tellers.length >= 4) {
    const [, b, c, d] = first.tellers as [string, string, string, string];
    const decided = (status: 'rejected' | 'lapsed', by: string, of: string, reason: string, decisionReason: string | null) => deps.db.sql`
      insert into nominations (nominator_id, nominee_id, approver_id, month, reason, channel, status, decided_by, decided_at, decision_reason, created_at)
      select x.id, y.id, h.id, ${past[0]!}, ${reason}, 'bot', ${status}, case when ${status}::text = 'rejected' then h.id end,
             (${past[0]!} || '-25')::date + time '18:00', ${decisionReason}::text, (${past[0]!} || '-12')::date + time '10:00'
      from staff x, staff y, staff h where x.code = ${by} and y.code = ${of} and h.code = ${first.head!}`;
    await decided('rejected', c, d, '工作认真负责，服务态度好，值得表扬', '请补充具体事迹和客户反馈');
    await decided('lapsed', d, b, REASONS[4]!, null);
  }
  for (const pastMonth of [...past].reverse()) await runMonthlyAward(deps, { month: pastMonth, announce: pastMonth === past[0] });
  // This month, through the rules and the outbox.
  for (const [i, shop] of shops.entries()) {
    const [t1, t2, t3, t4] = shop.tellers as [string, string, string, string];
    const nominate = async (by: string, of: string, reason: string, praise?: string) =>
      (await createNomination(deps, await staffActor(deps.db, by, 'bot'), { nomineeCode: of, reason, ...(praise ? { praise } : {}) })).nomination;
    const approved = await nominate(t1, t2, REASONS[i % REASONS.length]!, PRAISE);
    await decideNomination(deps, await staffActor(deps.db, shop.head!, 'web'), { id: approved.id, approved: true, reason: '事迹属实，予以通过' });
    const second = await nominate(t3, t2, REASONS[(i + 1) % REASONS.length]!);
    if (i % 2 === 0) await decideNomination(deps, await staffActor(deps.db, shop.head!, 'web'), { id: second.id, approved: true });
    const rejected = await nominate(t2, t4, '工作认真负责，服务态度好，值得表扬');
    await decideNomination(deps, await staffActor(deps.db, shop.head!, 'web'), { id: rejected.id, approved: false, reason: '请补充具体事迹和客户反馈' });
    await nominate(t4, t3, REASONS[(i + 2) % REASONS.length]!); // pending with the branch head
    await nominate(shop.head!, t1, REASONS[(i + 3) % REASONS.length]!).catch(() => undefined); // pending with the region manager
  }
  return { created: true };
}
