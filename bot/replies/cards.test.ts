import { describe, expect, it } from 'vitest';
import { buildHelpCard } from './help.cards.ts';
import { buildMeCard } from './me.cards.ts';

const staff = { code: 'S000001', name: '王建国', role: 'branch_head', branchCode: 'BJ0101', branchName: '北京朝阳建国路网点', regionCode: 'BJ01', regionName: '北京朝阳支行', active: true };

describe('buildHelpCard', () => {
  it('is a blue card titled in Chinese with the bank name and a primary 我是谁 button', () => {
    const message = buildHelpCard({ bankName: '示范银行', locale: 'zh-CN' });
    if (message.kind !== 'card') throw new Error('expected a card');
    expect(message.card.title).toBe('Touchstone 助手');
    expect(message.card.color).toBe('blue');
    expect(JSON.stringify(message.card.elements)).toContain('示范银行');
    const actions = message.card.elements.find((e) => e.kind === 'actions');
    expect(actions).toMatchObject({ buttons: [{ label: '我是谁', style: 'primary', value: { action: 'me.show', locale: 'zh-CN' } }, { label: '帮助', value: { action: 'help.show' } }] });
  });

  it('speaks English when asked in English', () => {
    const message = buildHelpCard({ bankName: 'Demo Bank', locale: 'en' });
    expect(message).toMatchObject({ card: { title: 'Touchstone assistant' } });
  });
});

describe('buildMeCard', () => {
  it('lists name, staff number, role label and branch', () => {
    const message = buildMeCard({ staff, locale: 'zh-CN' });
    expect(message).toMatchObject({
      kind: 'card',
      card: {
        title: '我的信息',
        color: 'green',
        elements: [{ kind: 'fields', fields: [
          { label: '姓名', value: '王建国' }, { label: '工号', value: 'S000001' }, { label: '岗位', value: '网点负责人' },
          { label: '网点', value: '北京朝阳建国路网点' }, { label: '所属机构', value: '北京朝阳支行' },
        ] }],
      },
    });
  });

  it('shows a dash for a head-office member without a branch', () => {
    const message = buildMeCard({ staff: { ...staff, branchCode: null, branchName: null }, locale: 'en' });
    expect(JSON.stringify(message)).toContain('"label":"Branch","value":"—"');
  });
});
