import { describe, expect, it } from 'vitest';
import type { CardElement } from '$contract/payloads/chat.ts';
import { buildFindingsCard, buildRectificationCard, type RectificationCardData } from './inspection.cards.ts';

const now = new Date('2026-11-05T02:00:00Z');
const base: RectificationCardData = {
  id: 3, inspection: 'T-1', branch: 'BJ0101', branchName: '北京朝阳建国路网点', item: 'ENV07', text: '消防及安防设施完好', redLine: true, pointsLost: 4,
  reason: '灭火器过期', status: 'open', dueAt: '2026-11-06T15:59:59.000Z', fixedNote: null, extensionReason: null, version: 1, photos: 0,
};
const ctx = { locale: 'zh-CN' as const, timeZone: 'Asia/Shanghai', now };
const elementsOf = (m: ReturnType<typeof buildRectificationCard>): CardElement[] => (m.kind === 'card' ? m.card.elements : []);
const labels = (m: ReturnType<typeof buildRectificationCard>) => elementsOf(m).flatMap((e) => (e.kind === 'actions' ? e.buttons.map((b) => b.label) : []));

describe('rectification cards', () => {
  it('offers 已整改 and 申请延期 while open, with the red line in the title and time left', () => {
    const card = buildRectificationCard(base, ctx);
    expect(card).toMatchObject({ kind: 'card', card: { title: '【红线】整改通知 · ENV07 消防及安防设施完好', color: 'red' } });
    expect(labels(card)).toEqual(['已整改', '申请延期']);
    expect(JSON.stringify(card)).toContain('剩余 1 天 13 小时'); // 11-05 10:00 → 11-06 23:59:59
  });

  it('opens the note form on 已整改 and the reason form on 退回', () => {
    const fix = elementsOf(buildRectificationCard(base, { ...ctx, form: 'fix' })).find((e) => e.kind === 'form');
    expect(fix).toMatchObject({ name: 'fix', inputs: [{ name: 'note', required: true }], submit: { label: '提交', value: { action: 'rectification.fix', id: 3, version: 1 } } });
    const reject = elementsOf(buildRectificationCard({ ...base, status: 'fixed' }, { ...ctx, form: 'reject' })).find((e) => e.kind === 'form');
    expect(reject).toMatchObject({ name: 'reject', inputs: [{ name: 'reason' }], submit: { value: { action: 'rectification.reject' } } });
  });

  it('offers 通过 / 退回 once fixed, 同意延期 when asked, nothing once verified', () => {
    expect(labels(buildRectificationCard({ ...base, status: 'fixed', fixedNote: '已更换' }, ctx))).toEqual(['通过', '退回']);
    expect(labels(buildRectificationCard({ ...base, extensionReason: '待厂家' }, ctx))).toEqual(['已整改', '同意延期']);
    expect(labels(buildRectificationCard({ ...base, status: 'verified' }, ctx))).toEqual([]);
    expect(buildRectificationCard({ ...base, status: 'verified' }, ctx)).toMatchObject({ card: { title: '整改已验收 · ENV07 消防及安防设施完好', color: 'green' } });
  });

  it('says overdue past the due date, and names the escalation stage', () => {
    const late = { ...ctx, now: new Date('2026-11-07T02:00:00Z') };
    expect(buildRectificationCard(base, late)).toMatchObject({ card: { title: '【已逾期】整改 · ENV07 消防及安防设施完好' } });
    expect(buildRectificationCard({ ...base, escalation: 'region_manager' }, late)).toMatchObject({ card: { title: '整改逾期升级 · ENV07 消防及安防设施完好', color: 'red' } });
  });

  it('lists findings red lines first with the score and pass mark', () => {
    const card = buildFindingsCard({
      inspection: 'T-1', branch: 'BJ0101', branchName: '北京朝阳建国路网点', kind: 'routine', score: 94.5, passMark: 85, redLineFailed: true, visitedAt: now.toISOString(),
      findings: [{ item: 'ENV07', text: '消防', redLine: true, pointsLost: 4, reason: '灭火器过期', dueAt: '2026-11-06T15:59:59.000Z' }, { item: 'ATT02', text: '迎候', redLine: false, pointsLost: 4, reason: '未起身', dueAt: '2026-11-12T15:59:59.000Z' }],
    }, ctx);
    const text = JSON.stringify(card);
    expect(card).toMatchObject({ card: { title: '检查未通过 · 北京朝阳建国路网点 94.5 分', color: 'red' } });
    expect(text).toContain('94.5 分（合格线 85 分）');
    expect(text.indexOf('🔴 **ENV07**')).toBeLessThan(text.indexOf('🟠 **ATT02**'));
  });
});
