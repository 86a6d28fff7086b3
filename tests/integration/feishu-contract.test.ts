import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../bot/channel/channel.ts';
import { toFeishuContent } from '../../bot/channel/feishu/card-json.ts';
import { FeishuApi } from '../../bot/channel/feishu/feishu-api.ts';
import { buildAlertNoticeCard } from '../../bot/replies/alert.cards.ts';
import { buildComplaintCard, buildComplaintListCard } from '../../bot/replies/complaint.cards.ts';
import { buildDigestCard, buildParkedCard } from '../../bot/replies/digest.cards.ts';
import { buildHelpCard } from '../../bot/replies/help.cards.ts';
import { buildKpiCard } from '../../bot/replies/kpi.cards.ts';
import { buildMeCard } from '../../bot/replies/me.cards.ts';
import { buildNominationDecidedCard, buildNominationRecordedCard, buildNominationReviewCard } from '../../bot/replies/nomination.cards.ts';
import { buildActionFailedMessage, buildNotAllowedMessage, buildUnknownUserMessage } from '../../bot/replies/refusal.messages.ts';
import { buildTasksCard } from '../../bot/replies/tasks.cards.ts';
import { buildAwardAnnouncedCard } from '../../bot/replies/award.cards.ts';
import { buildFindingsCard, buildRectificationCard } from '../../bot/replies/inspection.cards.ts';
import { buildMonthlyReportCard } from '../../bot/replies/report.cards.ts';
import { buildPhotoReplyMessage } from '../../bot/replies/photo-reply.messages.ts';
import { buildCareDigestCard, buildCareListCard, buildCareReminder, buildCareSkipCard, buildCareSkippedCard } from '../../bot/replies/care.cards.ts';
import { buildRetiredCard, buildRetiredCardToast } from '../../bot/replies/card-refresh.cards.ts';
import type { ComplaintCardData, NominationCardData, RectificationCardData } from '../../bot/ports.ts';
import fs from 'node:fs';
import type { ScopeKpis } from '../../server/contract/payloads/kpi.ts';
import { ChannelError } from '../../bot/errors.ts';
import { startFakeFeishu, type FakeFeishu } from '../fakes/feishu/fake-open-api.ts';

/**
 * The Feishu channel against Feishu's published contract (as the fake now models it): every card
 * our builders produce is accepted; an unknown tag, an unknown attribute and an oversized card are
 * refused; a header-less card is accepted; a card older than 14 days can no longer be updated;
 * 230002 (bot not in the chat) and 230013 (outside the app's availability) are refusals.
 */
const ctx = { locale: 'zh-CN' as const, timeZone: 'Asia/Shanghai', now: new Date('2026-11-28T02:00:00Z') };
const nomination: NominationCardData = {
  id: 7, nominee: '李*', nomineeCode: 'S2', nominator: '王建国', branch: 'BJ0101', branchName: '建国路网点', reason: '耐心为老年客户办理业务 <b>*认真*</b>',
  status: 'pending', decidedBy: null, decidedAt: null, createdAt: '2026-11-28T02:05:00Z',
};
const complaint: ComplaintCardData = {
  id: 3, reference: 'TS-2026-000003', branch: 'BJ0101', branchName: '建国路网点', category: 'service_attitude', channel: 'hotline', severity: 'high',
  complainant: '张*', phone: '138****0000', receivedAt: '2026-11-20T02:00:00Z', decisionDueAt: '2026-12-05T09:59:59Z', stage: 15,
  clockState: 'due_soon', status: 'claimed', handler: '王建国', version: 2, updatedAt: '2026-11-27T02:00:00Z', url: 'http://127.0.0.1/complaints/3',
};
const careTask = { id: 11, kind: 'birthday' as const, occasion: '生日', occasionDate: '2027-02-06', customer: '张*明', tier: 'diamond', greeting: '张*明您好，祝您生日快乐！', status: 'open' as const, doneVia: null };
const careDigest = { day: '2027-02-05', branch: 'BJ0101', branchName: '建国路网点', staffCode: null, groups: [{ manager: '李经理', managerCode: 'S000003', tasks: [careTask, { ...careTask, id: 12, kind: 'holiday' as const, occasion: '春节', tier: 'private' }] }] };
const rectification: RectificationCardData = {
  id: 5, inspection: 'INS-1', branch: 'BJ0101', branchName: '建国路网点', item: 'ENV-01', text: '消防器材在有效期内', redLine: true, pointsLost: 5,
  reason: '灭火器过期', status: 'open', dueAt: '2026-11-28T15:59:59Z', fixedNote: null, extensionReason: null, version: 1, photos: 0, url: 'http://127.0.0.1/rectifications/5',
};
const values = { issued: 420, called: 410, finished: 400, evaluations: 200, serviceErrors: 1, satisfactionRate: 0.95, participationRate: 0.5, averageWaitSeconds: 500, longWaitShare: 0.05, averageHandlingSeconds: 240, errorRate: 3, serviceIndex: 82.3 };
const kpis = {
  scope: 'branch:BJ0101', name: '建国路网点', day: '2026-11-28', kpis: values,
  targets: { satisfactionRate: 0.9, participationRate: 0.3, averageWaitSeconds: 600, longWaitShare: 0.1, averageHandlingSeconds: 300, errorRate: 5 },
  comparison: { yesterday: values, sameDayLastYear: values }, hourly: [], byBusiness: [],
} as unknown as ScopeKpis;
const staff = { code: 'S000001', name: '王建国', role: 'branch_head', branchCode: 'BJ0101', branchName: '北京朝阳建国路网点', regionCode: 'BJ01', regionName: '北京朝阳支行', active: true };

/** Every builder in bot/replies, in each state it draws (a new builder must be added here). */
const everyBuilder: Array<[string, OutboundMessage]> = [
  ['help', buildHelpCard({ bankName: '示范银行', locale: 'zh-CN' })],
  ['help en', buildHelpCard({ bankName: 'Demo Bank', locale: 'en' })],
  ['me', buildMeCard({ staff, locale: 'zh-CN' })],
  ['kpi', buildKpiCard(kpis, 'zh-CN')],
  ['alert', buildAlertNoticeCard({ title: '排队超时', severity: 'critical', lines: ['等候 35 分钟', '客户 王*'], unit: '建国路网点' }, 'zh-CN')],
  ['digest', buildDigestCard([{ severity: 'warning', line: '建国路网点：排队超时' }], 'zh-CN')],
  ['parked', buildParkedCard({ outboxId: 9, template: 'complaint.card', channel: 'feishu', attempts: 8, error: 'code 230002' }, 'zh-CN')],
  ['nomination review', buildNominationReviewCard(nomination, ctx)],
  ['nomination review stale', buildNominationReviewCard(nomination, { ...ctx, stale: true })],
  ['nomination recorded', buildNominationRecordedCard({ ...nomination, approver: '赵经理' }, ctx)],
  ['nomination review with figures', buildNominationReviewCard({ ...nomination, praise: '客户来电表扬', figures: { ticketsHandled: 312, satisfaction: 0.99, errors: 0, praise: 2 } }, ctx)],
  ['nomination decided for the nominee', buildNominationDecidedCard({ ...nomination, status: 'rejected', audience: 'nominee', decisionReason: '事迹需补充材料', decidedBy: '张主任', decidedAt: '2026-11-28T06:30:00Z' }, ctx)],
  ['award announced', buildAwardAnnouncedCard({ month: '2026-11', scopeName: '示范银行', stars: [{ scope: 'branch:BJ0101', scopeName: '建国路网点', name: '李*', code: 'S2', branchName: '建国路网点', nominations: 3 }] }, 'zh-CN')],
  ['monthly report', buildMonthlyReportCard({ name: '示范银行', month: '2026-11', serviceIndex: 84.2, serviceIndexLastYear: 80.1, satisfactionRate: 0.985, satisfactionTarget: 0.98, errorRate: 3.2, errorTarget: 5, finished: 1_200_000, complaints: 42, onTimeRate: 0.97, overdue: 1, best: ['建国路网点'], worst: ['望京网点'], url: 'http://127.0.0.1/reports/monthly?month=2026-11' }, 'zh-CN')],
  ['inspection findings', buildFindingsCard({ inspection: 'INS-1', branch: 'BJ0101', branchName: '建国路网点', kind: 'mystery_shopper', score: 78.5, passMark: 85, redLineFailed: true, visitedAt: '2026-11-27T02:00:00Z', findings: [{ item: 'ENV-01', text: '消防器材在有效期内', redLine: true, pointsLost: 5, reason: '灭火器过期 <*>', dueAt: '2026-11-28T15:59:59Z' }], url: 'http://127.0.0.1/inspections/1' }, ctx)],
  ...(['open', 'fixed', 'verified', 'reopened'] as const).map((status): [string, OutboundMessage] => [`rectification ${status}`, buildRectificationCard({ ...rectification, status }, ctx)]),
  ...(['fix', 'extend', 'reject'] as const).map((form): [string, OutboundMessage] => [`rectification form ${form}`, buildRectificationCard(rectification, { ...ctx, form })]),
  ['care digest', buildCareDigestCard(careDigest, { locale: 'zh-CN' })],
  ['care digest after a click', buildCareDigestCard({ ...careDigest, groups: careDigest.groups.map((g) => ({ ...g, tasks: g.tasks.map((t) => ({ ...t, status: 'done' as const, doneVia: 'phone' as const })) })) }, { locale: 'zh-CN', note: '已记录：电话' })],
  ['care list', buildCareListCard([{ ...careTask, branch: 'BJ0101', day: '2027-02-05' }], { locale: 'zh-CN', staffCode: 'S000003' })],
  ['care skip reasons', buildCareSkipCard({ id: 11, branch: 'BJ0101', day: '2027-02-05' }, 'zh-CN')],
  ['care skipped', buildCareSkippedCard(careTask, 'customer_unreachable', 'zh-CN', true)],
  ['care reminder', buildCareReminder({ day: '2027-02-05', open: 3 }, 'zh-CN')],
  ['rectification escalated', buildRectificationCard({ ...rectification, escalation: 'region_manager', extensionReason: '等待供应商' }, ctx)],
  ['nomination decided', buildNominationDecidedCard({ ...nomination, status: 'approved', decidedBy: '张主任', decidedAt: '2026-11-28T06:30:00Z' }, ctx)],
  ...(['received', 'claimed', 'in_progress', 'decided', 'closed'] as const).flatMap((status) =>
    (['on_track', 'due_soon', 'overdue', 'paused'] as const).map((clockState): [string, OutboundMessage] => [`complaint ${status} ${clockState}`, buildComplaintCard({ ...complaint, status, clockState }, ctx)])),
  ['complaint list', buildComplaintListCard([complaint, { ...complaint, id: 4, clockState: 'overdue' }], ctx)],
  ['tasks', buildTasksCard({ nominations: [nomination], complaints: [complaint] }, ctx)],
  ['tasks empty', buildTasksCard({ nominations: [] }, ctx)],
  ['unknown user', buildUnknownUserMessage('zh-CN')],
  ['not allowed', buildNotAllowedMessage('zh-CN')],
  ['action failed', buildActionFailedMessage('zh-CN')],
  ['retired card', buildRetiredCard({ about: '投诉 TS-20261207-0001 · 建国路网点 · 剩余 5 小时' }, 'zh-CN')],
  ['retired card en, nothing to say about', buildRetiredCard({}, 'en')],
  ['retired card toast', buildRetiredCardToast('zh-CN')],
  ...([
    { kind: 'attached', rectification: 12, item: 'ENV07', text: '消防及安防设施完好', photos: 2 }, { kind: 'hint' }, { kind: 'not_a_card' },
    { kind: 'forbidden', rectification: 12 }, { kind: 'closed', rectification: 12 }, { kind: 'not_image' }, { kind: 'too_large', maxBytes: 5 * 1024 * 1024 }, { kind: 'unavailable' },
  ] as const).map((outcome): [string, OutboundMessage] => [`photo reply ${outcome.kind}`, buildPhotoReplyMessage(outcome, 'zh-CN')]),
  ['markdown', { kind: 'markdown', text: '**今日** 满意率 99%' }],
];

describe('the list of card builders', () => {
  it('names every builder exported from bot/replies (a new builder must be sent through the fake too)', () => {
    const source = fs.readFileSync(new URL(import.meta.url), 'utf8');
    const dir = new URL('../../bot/replies/', import.meta.url);
    const builders = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) => [...fs.readFileSync(new URL(f, dir), 'utf8').matchAll(/^export function (build\w+)/gm)].map((m) => m[1]!));
    expect(builders.length).toBeGreaterThan(15);
    expect(builders.filter((name) => !source.includes(`${name}(`))).toEqual([]);
  });
});

describe('the Feishu channel against Feishu’s card and message contract', () => {
  let fake: FakeFeishu;
  let api: FeishuApi;
  let clock = Date.parse('2026-11-28T02:00:00Z');

  beforeAll(async () => {
    // Every request moves the clock on a second, so the per-chat 5/s limit never trips here.
    fake = await startFakeFeishu({ now: () => (clock += 1000) });
    api = new FeishuApi({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url });
  });
  afterAll(async () => fake?.close());

  it.each(everyBuilder)('Feishu accepts the %s message our builders produce', async (_name, message) => {
    const id = await api.send('oc_contract', toFeishuContent(message));
    expect(fake.messages().find((m) => m.messageId === id)?.chatId).toBe('oc_contract');
  });

  const rawCard = (elements: unknown[], extra: Record<string, unknown> = {}) =>
    ({ msgType: 'interactive' as const, content: JSON.stringify({ schema: '2.0', config: { update_multi: true }, header: { title: { tag: 'plain_text', content: 't' } }, body: { elements }, ...extra }) });

  it('refuses a card with an unknown tag, or an unknown attribute (2.0 treats both as errors)', async () => {
    await expect(api.send('oc_contract', rawCard([{ tag: 'marquee', content: 'x' }]))).rejects.toThrow(/230099.*unknown tag "marquee"/);
    await expect(api.send('oc_contract', rawCard([{ tag: 'markdown', content: 'x', colour: 'red' }]))).rejects.toThrow(/230099.*unknown attribute "colour"/);
    await expect(api.send('oc_contract', rawCard([{ tag: 'markdown', content: 'x' }], { i18n_elements: {} }))).rejects.toThrow(/unknown attribute "i18n_elements"/);
  });

  it('refuses a card over 30 KB and accepts one just under', async () => {
    await expect(api.send('oc_contract', rawCard([{ tag: 'markdown', content: 'x'.repeat(31 * 1024) }]))).rejects.toThrow(/230025/);
    await expect(api.send('oc_contract', rawCard([{ tag: 'markdown', content: 'x'.repeat(29 * 1024) }]))).resolves.toMatch(/^om_/);
  });

  it('accepts a header-less card, as Feishu does', async () => {
    const id = await api.send('oc_contract', { msgType: 'interactive', content: JSON.stringify({ schema: '2.0', body: { elements: [{ tag: 'markdown', content: '无标题' }] } }) });
    expect(id).toMatch(/^om_/);
  });

  it('updates a card for 14 days and refuses after (230031)', async () => {
    const id = await api.send('oc_contract', toFeishuContent(buildComplaintCard(complaint, ctx)));
    clock += 13 * 24 * 3600_000;
    await api.patchCard(id, toFeishuContent(buildComplaintCard({ ...complaint, status: 'in_progress' }, ctx)));
    clock += 2 * 24 * 3600_000;
    const error = await api.patchCard(id, toFeishuContent(buildComplaintCard(complaint, ctx))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelError);
    expect((error as ChannelError).kind).toBe('rejected');
    expect((error as Error).message).toMatch(/230031/);
  });

  it('a group the bot is not in answers 230002 and a person outside the availability 230013: refusals, not outages', async () => {
    fake.removeBotFromChat('oc_left');
    fake.setOutsideAvailability('ou_outsider');
    const inChat = (await api.send('oc_left', toFeishuContent({ kind: 'text', text: 'x' })).catch((e: unknown) => e)) as ChannelError;
    const toPerson = (await api.send('ou_outsider', toFeishuContent({ kind: 'text', text: 'x' })).catch((e: unknown) => e)) as ChannelError;
    expect([inChat.kind, toPerson.kind]).toEqual(['rejected', 'rejected']);
    expect(inChat.message).toMatch(/230002/);
    expect(toPerson.message).toMatch(/230013/);
  });

  it('sends to a tenant user_id (from the staff import) as receive_id_type user_id', async () => {
    await api.send('u_7a1b2c', toFeishuContent({ kind: 'text', text: '您有一条投诉待处理' }));
    expect(fake.messages().at(-1)).toMatchObject({ receiveIdType: 'user_id', receiveId: 'u_7a1b2c' });
  });
});

describe('staff who never wrote to the bot', () => {
  it('are linked by mobile/email through batch_get_id by the daily job, and alerts use the imported user_id meanwhile', async () => {
    const { startFeishuBank } = await import('./helpers/feishu-bank.ts');
    const { fake, app } = await startFeishuBank({ transport: 'webhook' });
    try {
      await app.db.sql`
        insert into staff (code, name, role, branch_id, mobile, email, feishu_user_id)
        select v.code, v.name, 'account_manager', b.id, v.mobile, v.email, v.user_id
        from branches b, (values ('S000050', '钱经理', '13800000050', null, null), ('S000051', '孙经理', null, 'sun@bank.example', null),
                                 ('S000052', '周经理', '13800000052', null, 'u_zhou52'), ('S000053', '吴经理', '13800000099', null, null)) as v(code, name, mobile, email, user_id)
        where b.code = 'BJ0101'`;
      fake.addUser({ openId: 'ou_qian', name: '钱经理', mobile: '+8613800000050' });
      fake.addUser({ openId: 'ou_sun', name: '孙经理', email: 'SUN@bank.example' });
      expect(await app.server.scheduler.runSlot('feishu.link-staff', new Date('2026-12-07T22:20:00Z'), 'manual')).toBe('succeeded');
      const linked = await app.db.sql<Array<{ code: string; feishuOpenId: string | null }>>`
        select code, feishu_open_id from staff where code between 'S000050' and 'S000053' order by code`;
      expect(linked).toEqual([
        { code: 'S000050', feishuOpenId: 'ou_qian' }, { code: 'S000051', feishuOpenId: 'ou_sun' },
        { code: 'S000052', feishuOpenId: null }, { code: 'S000053', feishuOpenId: null },
      ]);
      // 周经理 is not in Feishu's contact range by mobile, but the import gave their user_id: alerts go there.
      const delivered = await app.server.bot.deliver({ channel: 'feishu', recipientKind: 'staff', recipient: 'S000052', kind: 'send', template: 'alert.notice', data: { title: '测试', severity: 'info', lines: ['x'] }, idempotencyKey: 'link-test-1', locale: 'zh-CN' });
      expect(delivered.messageId).toMatch(/^om_/);
      expect(fake.messages().at(-1)).toMatchObject({ receiveIdType: 'user_id', receiveId: 'u_zhou52' });
    } finally {
      await app.close();
      await fake.close();
    }
  }, 60_000);
});
