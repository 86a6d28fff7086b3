import { describe, expect, it } from 'vitest';
import type { ScopeKpis } from '$contract/payloads/kpi.ts';
import type { OutboundMessage } from '../channel/channel.ts';
import type { NominationCardData } from '../ports.ts';
import { buildAlertNoticeCard } from './alert.cards.ts';
import { buildDigestCard } from './digest.cards.ts';
import { buildKpiCard } from './kpi.cards.ts';
import { buildNominationDecidedCard, buildNominationReviewCard } from './nomination.cards.ts';
import { buildTasksCard } from './tasks.cards.ts';
import { TemplateError, renderTemplate, summarizeTemplate } from './templates.ts';

const zh = { locale: 'zh-CN' as const, timeZone: 'Asia/Shanghai', now: new Date('2026-11-28T02:00:00Z') };
const en = { locale: 'en' as const, timeZone: 'Asia/Shanghai', now: new Date('2026-11-28T02:00:00Z') };
const pending: NominationCardData = {
  id: 7, nominee: '李娜', nomineeCode: 'S2', nominator: '王建国', branch: 'BJ0101', branchName: '建国路网点', reason: '耐心为老年客户办理业务',
  status: 'pending', decidedBy: null, decidedAt: null, createdAt: '2026-11-28T02:05:00Z', // 10:05 in Shanghai
};
const approved: NominationCardData = { ...pending, status: 'approved', decidedBy: '张主任', decidedAt: '2026-11-28T06:30:00Z' }; // 14:30

function cardOf(message: OutboundMessage) {
  if (message.kind !== 'card') throw new Error(`expected a card, got ${message.kind}`);
  return message.card;
}
const textOf = (message: OutboundMessage) => JSON.stringify(message);
const buttonsOf = (message: OutboundMessage) => cardOf(message).elements.flatMap((e) => (e.kind === 'actions' ? e.buttons : []));

describe('nomination review card', () => {
  it('asks the approver to decide with 通过 / 驳回 buttons carrying the nomination and branch, and the nominee\'s month figures', () => {
    const card = cardOf(buildNominationReviewCard({ ...pending, figures: { ticketsHandled: 182, satisfaction: 0.9634, errors: 1, praise: 37 }, praise: '客户留言：办理很快' }, zh));
    expect(card).toMatchObject({ title: '服务明星提名待审批', color: 'orange' });
    expect(card.elements[0]).toEqual({ kind: 'fields', fields: [
      { label: '被提名人', value: '李娜（S2）' }, { label: '网点', value: '建国路网点' }, { label: '提名人', value: '王建国' }, { label: '提名时间', value: '11-28 10:05' },
    ] });
    expect(buttonsOf({ kind: 'card', card })).toEqual([
      { label: '通过', style: 'primary', value: { action: 'nomination.approve', id: 7, branch: 'BJ0101', locale: 'zh-CN' } },
      { label: '驳回', style: 'danger', value: { action: 'nomination.reject', id: 7, branch: 'BJ0101', locale: 'zh-CN' } },
    ]);
    expect(textOf({ kind: 'card', card })).toContain('耐心为老年客户办理业务');
    expect(card.elements).toContainEqual({ kind: 'markdown', text: '**本月表现**\n本月办理 182 笔 · 满意率 96.3% · 差错 1 笔 · 客户好评 37 次' });
    expect(card.elements).toContainEqual({ kind: 'markdown', text: '**客户表扬**\n客户留言：办理很快' });
  });

  it('shows a decided nomination without buttons, naming who decided and when in bank time', () => {
    const message = buildNominationReviewCard(approved, zh);
    expect(cardOf(message)).toMatchObject({ title: '服务明星提名 · 已通过', color: 'green' });
    expect(buttonsOf(message)).toEqual([]);
    expect(cardOf(message).elements).toContainEqual({ kind: 'markdown', text: '**张主任** 已于 11-28 14:30 通过' });
    const rejected = buildNominationReviewCard({ ...approved, status: 'rejected', decisionReason: '事迹不够具体' }, zh);
    expect(cardOf(rejected)).toMatchObject({ title: '服务明星提名 · 已驳回', color: 'grey' });
    expect(cardOf(rejected).elements).toContainEqual({ kind: 'markdown', text: '**张主任** 已于 11-28 14:30 驳回\n理由：事迹不够具体' });
  });

  it('adds the stale note only when asked', () => {
    const stale = cardOf(buildNominationReviewCard(approved, { ...zh, stale: true }));
    expect(stale.elements.at(-1)).toEqual({ kind: 'note', text: '此提名已在别处处理，以下为当前状态。' });
    expect(textOf(buildNominationReviewCard(approved, zh))).not.toContain('别处处理');
  });

  it('speaks English', () => {
    const pendingEn = buildNominationReviewCard(pending, en);
    expect(cardOf(pendingEn).title).toBe('Service-star nomination to review');
    expect(buttonsOf(pendingEn).map((b) => [b.label, b.value.locale])).toEqual([['Approve', 'en'], ['Reject', 'en']]);
    const decided = buildNominationReviewCard(approved, { ...en, stale: true });
    expect(cardOf(decided).elements).toContainEqual({ kind: 'markdown', text: '**张主任** approved this at 11-28 14:30' });
    expect(textOf(decided)).toContain('already decided elsewhere');
  });

  it('tells the nominator the decision', () => {
    expect(cardOf(buildNominationDecidedCard(approved, zh)).elements[0]).toEqual({ kind: 'markdown', text: '您对 **李娜** 的服务明星提名已通过。' });
    expect(cardOf(buildNominationDecidedCard({ ...approved, status: 'rejected' }, en)).elements[0]).toEqual({ kind: 'markdown', text: 'Your service-star nomination of **李娜** was rejected.' });
    expect(cardOf(buildNominationDecidedCard({ ...approved, audience: 'nominee' }, zh)).elements[0]).toEqual({ kind: 'markdown', text: '恭喜！**王建国** 提名您为服务明星，提名已通过。' });
    expect(cardOf(buildNominationDecidedCard({ ...approved, status: 'lapsed' }, zh)).title).toBe('服务明星提名 · 已失效');
  });
});

describe('digest card', () => {
  const items = [
    ...Array.from({ length: 12 }, (_, i) => ({ severity: 'info', line: `info ${i}` })),
    ...Array.from({ length: 6 }, (_, i) => ({ severity: 'warning', line: `warning ${i}` })),
    { severity: 'critical', line: 'critical A' }, { severity: 'critical', line: 'critical B' },
  ];

  it('lists the most severe first, 15 lines, and counts the rest', () => {
    const card = cardOf(buildDigestCard(items, 'zh-CN'));
    expect(card).toMatchObject({ title: '20 条提醒汇总', color: 'red' });
    const lines = (card.elements[0] as { text: string }).text.split('\n');
    expect(lines).toHaveLength(16);
    expect(lines.slice(0, 2)).toEqual(['🔴 critical A', '🔴 critical B']);
    expect(lines.slice(2, 8).every((l) => l.startsWith('🟠 warning'))).toBe(true);
    expect(lines[8]).toBe('🔵 info 0');
    expect(lines[15]).toBe('……另有 5 条');
  });

  it('shows everything without a count when 15 or fewer, coloured by the worst', () => {
    const card = cardOf(buildDigestCard(items.slice(0, 15), 'en'));
    expect(card).toMatchObject({ title: '15 alerts', color: 'orange' });
    expect((card.elements[0] as { text: string }).text).not.toContain('more');
    expect(cardOf(buildDigestCard([{ severity: 'info', line: 'x' }, { severity: 'info', line: 'y' }, { severity: 'info', line: 'z' }], 'en')).color).toBe('blue');
    expect((cardOf(buildDigestCard(items, 'en')).elements[0] as { text: string }).text.endsWith('…and 5 more')).toBe(true);
  });
});

const values = (v: Partial<ScopeKpis['kpis']> = {}): ScopeKpis['kpis'] => ({
  issued: 420, called: 410, finished: 400, evaluations: 200, serviceErrors: 1, satisfactionRate: 0.95, participationRate: 0.5,
  averageWaitSeconds: 500, longWaitShare: 0.05, averageHandlingSeconds: 240, errorRate: 3, serviceIndex: 82.3, inspectionScore: null, rectificationOnTimeRate: null, careCompletionRate: null, ...v,
});
const kpis = (today: Partial<ScopeKpis['kpis']> = {}, yesterday: Partial<ScopeKpis['kpis']> = {}): ScopeKpis => ({
  scope: 'branch:BJ0101', name: '建国路网点', day: '2026-11-28', kpis: values(today),
  targets: { satisfactionRate: 0.9, participationRate: 0.3, averageWaitSeconds: 600, longWaitShare: 0.1, averageHandlingSeconds: 300, errorRate: 5 },
  comparison: { yesterday: values({ serviceIndex: 80, ...yesterday }), sameDayLastYear: values() }, hourly: [], byBusiness: [],
});
const kpiText = (k: ScopeKpis, locale: 'zh-CN' | 'en' = 'zh-CN') => (cardOf(buildKpiCard(k, locale)).elements[0] as { text: string }).text;

describe('kpi card', () => {
  it('is green when every figure meets its target, with the change of the index since yesterday', () => {
    const card = cardOf(buildKpiCard(kpis(), 'zh-CN'));
    expect(card).toMatchObject({ title: '建国路网点 · 今日指标', color: 'green' });
    const text = kpiText(kpis());
    expect(text).toContain('**服务指数**：82.3（较昨日 +2.3）');
    expect(text).toContain("**满意率**：95.0%（目标 90.0%，<font color='green'>达标</font>）");
    expect(text).toContain("**平均等候**：8分20秒（目标 10分0秒，<font color='green'>达标</font>）");
    expect(text).toContain("**差错率（每万笔）**：3.0（目标 5.0，<font color='green'>达标</font>）");
    expect(text).toContain('**办结笔数**：400');
    expect(card.elements[1]).toEqual({ kind: 'note', text: '营业日 2026-11-28' });
  });

  it('marks a higher wait or error rate than the target as missed (lower is better), and turns orange', () => {
    const k = kpis({ averageWaitSeconds: 700, errorRate: 6, serviceIndex: 70 });
    expect(cardOf(buildKpiCard(k, 'zh-CN')).color).toBe('orange');
    const text = kpiText(k);
    expect(text).toContain("**平均等候**：11分40秒（目标 10分0秒，<font color='red'>未达标</font>）");
    expect(text).toContain("**差错率（每万笔）**：6.0（目标 5.0，<font color='red'>未达标</font>）");
    expect(text).toContain('（较昨日 -10.0）');
  });

  it('marks a satisfaction below target as missed and one exactly at target as met', () => {
    expect(kpiText(kpis({ satisfactionRate: 0.85 }))).toContain("**满意率**：85.0%（目标 90.0%，<font color='red'>未达标</font>）");
    expect(kpiText(kpis({ satisfactionRate: 0.9, averageWaitSeconds: 600 }))).toMatch(/满意率.*达标<\/font>）\n/);
    expect(cardOf(buildKpiCard(kpis({ satisfactionRate: 0.9, averageWaitSeconds: 600 }), 'zh-CN')).color).toBe('green');
  });

  it('shows a figure without a target or without data plainly', () => {
    const k = kpis({ errorRate: null, serviceIndex: null });
    const text = kpiText({ ...k, targets: { satisfactionRate: 0.9 } });
    expect(text).toContain('**平均等候**：8分20秒\n');
    expect(text).toContain('**差错率（每万笔）**：—\n');
    expect(text).toContain('**服务指数**：—\n');
  });

  it('says 暂无数据 on a day without tickets, in grey', () => {
    const empty = kpis({ issued: 0, called: 0, finished: 0, evaluations: 0, satisfactionRate: null, participationRate: null, averageWaitSeconds: null, longWaitShare: null, averageHandlingSeconds: null, errorRate: null, serviceIndex: null });
    const card = cardOf(buildKpiCard(empty, 'zh-CN'));
    expect(card.color).toBe('grey');
    expect(card.elements[0]).toEqual({ kind: 'markdown', text: '暂无数据' });
    expect(kpiText(empty, 'en')).toBe('no data yet');
  });

  it('speaks English', () => {
    const text = kpiText(kpis({ averageWaitSeconds: 700 }), 'en');
    expect(cardOf(buildKpiCard(kpis(), 'en')).title).toBe('建国路网点 · today');
    expect(text).toContain("**Average wait**：11 min 40 s（target 10 min 0 s，<font color='red'>below target</font>）");
  });

  it('never shows 60 seconds: a mean wait of 119.6 s reads 2分0秒', () => {
    expect(kpiText(kpis({ averageWaitSeconds: 119.6 }))).toContain('**平均等候**：2分0秒');
  });
});

describe('alert notice and tasks cards', () => {
  it('marks a critical alert urgent and red, with its unit', () => {
    const card = cardOf(buildAlertNoticeCard({ title: '等候超时', severity: 'critical', lines: ['A', 'B'], unit: '建国路网点' }, 'zh-CN'));
    expect(card).toEqual({ title: '【紧急】等候超时', color: 'red', elements: [
      { kind: 'fields', fields: [{ label: '机构', value: '建国路网点' }] }, { kind: 'markdown', text: 'A\nB' },
    ] });
    expect(cardOf(buildAlertNoticeCard({ title: 'Wait', severity: 'warning', lines: [] }, 'en'))).toEqual({ title: 'Wait', color: 'orange', elements: [{ kind: 'markdown', text: '—' }] });
  });

  it('lists up to 5 nominations with buttons and points to the back office for the rest', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ ...pending, id: i + 1 }));
    const message = buildTasksCard({ nominations: many }, zh);
    expect(cardOf(message)).toMatchObject({ title: '我的任务（7）', color: 'orange' });
    expect(buttonsOf(message).map((b) => b.value.id)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(cardOf(message).elements.at(-1)).toEqual({ kind: 'note', text: '另有 2 项，请到后台查看。' });
  });
});

describe('renderTemplate and summarizeTemplate', () => {
  it('renders a known template in the recipient’s language', () => {
    expect(cardOf(renderTemplate('nomination.review', { ...pending }, en)).title).toBe('Service-star nomination to review');
    expect(cardOf(renderTemplate('outbox.parked', { outboxId: 9, template: 'x', channel: 'feishu', attempts: 8, error: 'boom' }, zh)).title).toBe('消息投递失败，已暂停重试');
  });

  it('throws TemplateError for an unknown template', () => {
    expect(() => renderTemplate('no.such', {}, zh)).toThrow(TemplateError);
    expect(() => renderTemplate('no.such', {}, zh)).toThrow('unknown outbox template "no.such"');
  });

  it('throws TemplateError, naming the template, for data it cannot render', () => {
    expect(() => renderTemplate('alert.notice', { title: 'x', severity: 'info' }, zh)).toThrow(TemplateError);
    expect(() => renderTemplate('alert.notice', { title: 'x', severity: 'info' }, zh)).toThrow('template "alert.notice"');
  });

  it('renders a digest from the summaries of its items, most severe first', () => {
    const data = { items: [
      { template: 'nomination.review', data: { ...pending }, severity: 'info' },
      { template: 'alert.notice', data: { title: '等候超时', severity: 'critical', lines: [], unit: '建国路网点' }, severity: 'critical' },
    ] };
    const text = (cardOf(renderTemplate('alert.digest', data, zh)).elements[0] as { text: string }).text;
    expect(text).toBe('🔴 建国路网点：等候超时\n🔵 建国路网点 李娜 的服务明星提名待审批');
    expect(summarizeTemplate('alert.digest', data, 'zh-CN')).toBe('2 条提醒');
  });

  it('summarizes a line per template, and an unknown one by its name', () => {
    expect(summarizeTemplate('nomination.review', { ...pending }, 'en')).toBe('Nomination of 李娜 (建国路网点) awaits review');
    expect(summarizeTemplate('alert.notice', { title: '等候超时', severity: 'warning', lines: [] }, 'zh-CN')).toBe('等候超时');
    expect(summarizeTemplate('outbox.parked', { outboxId: 3 }, 'en')).toBe('Message 3 could not be delivered');
    expect(summarizeTemplate('complaint.new', {}, 'zh-CN')).toBe('complaint.new');
  });
});
