/**
 * The demo's season of inspections: over the last eight weeks the supervision group visited a
 * dozen outlets (routine visits, mystery shoppers, a self-check, two inspectors at one outlet for
 * calibration); some failed, and their rectifications stand in every state — open on track,
 * overdue, fixed awaiting verification, verified, sent back, an extension asked. All through the
 * domain's own use cases (scored, audited, cards queued to the branch heads' chats), each at the
 * moment it happened. Inspection ids are fixed: a second start finds them and adds nothing.
 */
import { DEFAULT_CHECKLIST_MODULES } from '../domains/inspections/checklist-default.ts';
import { actOnRectification, submitInspection, uploadPhoto, type InspectionDeps } from '../domains/inspections/index.ts';
import { principalForStaff, type Actor } from '../domains/access/index.ts';
import { selectBranchHeads } from '../domains/org/index.ts';
import { addDays, bankDay, startOfBankDay } from '../platform/bank-time.ts';
import { fixedClock } from '../platform/clock.ts';
import { createRng } from './random.ts';

const DAY_MS = 86_400_000;
/** A 1×1 grey JPEG: the photo the branch head sent in reply to a rectification card in the demo. */
const DEMO_PHOTO = Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=', 'base64');
const ITEMS = DEFAULT_CHECKLIST_MODULES.flatMap((m) => m.items);
const REASONS: Record<string, string> = {
  ENV04: '柜台台面堆放杂物', ENV06: '等候区老花镜缺失', ENV07: '灭火器已过有效期', ENV08: '橱窗内仍有过期理财宣传',
  ATT02: '客户进门未起身迎候', ATT03: '大堂经理未主动询问需求', ATT05: '柜员办理业务时使用手机', ATT08: '未提示客户评价',
  EFF02: '等候 20 人以上未增开窗口', EFF03: '未一次告知所需材料，客户往返两次', EFF05: '暂停服务未摆放提示牌',
  INF01: '收费标准公示与实际不一致', INF04: '存款保险标识被遮挡', INF05: '打印单据未及时收回，客户信息外露',
  CMP02: '投诉登记缺少处理人', CMP05: '意见簿近两周无回复', SSD01: '存取款一体机故障超过半天未报修', SSD06: '设备暂停服务无提示',
};

/** One visit: how many days ago, the kind, and the items that lost points (code → points kept). */
interface Visit { daysAgo: number; kind: 'routine' | 'mystery_shopper' | 'self_check'; lost: Record<string, number> }
const SEASON: Visit[] = [
  { daysAgo: 52, kind: 'routine', lost: { ENV04: 4, ATT08: 3 } },
  { daysAgo: 45, kind: 'mystery_shopper', lost: { ATT02: 2, EFF03: 3, INF05: 4 } },
  { daysAgo: 38, kind: 'routine', lost: {} },
  { daysAgo: 30, kind: 'routine', lost: { ENV07: 0, EFF02: 3, CMP05: 2 } },
  { daysAgo: 24, kind: 'self_check', lost: { ENV06: 4 } },
  { daysAgo: 18, kind: 'mystery_shopper', lost: { ATT05: 2, ATT03: 3, EFF05: 2, SSD06: 2 } },
  { daysAgo: 12, kind: 'routine', lost: { INF04: 2 } },
  { daysAgo: 9, kind: 'routine', lost: { INF01: 4, ENV08: 2, SSD01: 3 } },
  { daysAgo: 6, kind: 'routine', lost: {} },
  { daysAgo: 3, kind: 'routine', lost: { ATT02: 3, CMP02: 3, EFF02: 4 } },
  { daysAgo: 1, kind: 'mystery_shopper', lost: { EFF03: 4, ATT08: 3 } },
];

export async function seedDemoInspections(deps: InspectionDeps, input: { branches: readonly string[]; inspectors: readonly string[]; now: Date; log: (line: string) => void }): Promise<number> {
  if (input.branches.length === 0 || input.inspectors.length === 0) return 0;
  const rng = createRng(20261111);
  const tz = deps.settings.timeZone;
  const at = (daysAgo: number, hour: number) => new Date(startOfBankDay(addDays(bankDay(input.now, tz), -daysAgo), tz).getTime() + hour * 3_600_000);
  const withClock = (instant: Date): InspectionDeps => ({ ...deps, clock: fixedClock(instant) });
  const actorOf = async (staffCode: string): Promise<Actor | undefined> => {
    const principal = await principalForStaff(deps.db.sql, staffCode);
    return principal && { principal, channel: 'bot', requestId: null };
  };
  let created = 0;
  for (const [index, visit] of SEASON.entries()) {
    const branch = input.branches[index % input.branches.length]!;
    const inspector = await actorOf(input.inspectors[index % input.inspectors.length]!);
    const head = (await selectBranchHeads(deps.db.sql, branch))[0];
    const headActor = head && (await actorOf(head.code));
    if (!inspector) continue;
    const visitedAt = at(visit.daysAgo, 9 + rng.int(0, 6));
    const submittedAt = new Date(visitedAt.getTime() + 2 * 3_600_000);
    const results = ITEMS.map((item) => (item.code in visit.lost
      ? { item: item.code, points: Math.min(visit.lost[item.code]!, item.maxPoints - 1), reason: REASONS[item.code] ?? '现场检查发现问题' }
      : { item: item.code, points: item.maxPoints }));
    const submitter = visit.kind === 'self_check' && headActor ? headActor : inspector;
    const { result, created: isNew } = await submitInspection(withClock(submittedAt), submitter, {
      id: `DEMO-${String(index + 1).padStart(2, '0')}-${branch}`, branch, kind: visit.kind, checklist: 'CBSS', visitedAt: visitedAt.toISOString(), results,
    });
    if (!isNew) continue;
    created++;
    if (!headActor) continue;
    // The fixes of the season, in every state: older ones verified, one sent back, one fixed
    // awaiting verification, one with an extension asked; the newest still open (some overdue).
    for (const [n, r] of result.rectifications.entries()) {
      const fixAt = new Date(submittedAt.getTime() + (1 + n) * DAY_MS);
      if (fixAt.getTime() > input.now.getTime()) continue;
      if (visit.daysAgo >= 40 || (visit.daysAgo >= 18 && n !== 1)) {
        await actOnRectification(withClock(fixAt), headActor, r.id, { kind: 'fix', note: '已整改并留存照片' });
        await actOnRectification(withClock(new Date(fixAt.getTime() + 4 * 3_600_000)), inspector, r.id, { kind: 'verify', accepted: visit.daysAgo !== 18 || n !== 0, note: visit.daysAgo === 18 && n === 0 ? '整改照片未体现提示牌' : '' });
      } else if (visit.daysAgo === 9 && n === 0) {
        // The head replied to the card with a photo of the new price board, then confirmed the fix.
        await uploadPhoto(withClock(new Date(fixAt.getTime() - 3_600_000)), headActor, { rectification: r.id, bytes: DEMO_PHOTO });
        await actOnRectification(withClock(fixAt), headActor, r.id, { kind: 'fix', note: '已按公示标准调整收费并退还差额' });
      } else if (visit.daysAgo === 9 && n === 1) {
        await actOnRectification(withClock(fixAt), headActor, r.id, { kind: 'request_extension', reason: '宣传品需总行统一更换' });
      }
    }
  }
  input.log(`${created} demo inspections created`);
  return created;
}
