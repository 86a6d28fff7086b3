import { describe, expect, it } from 'vitest';
import { toCardJson, toFeishuContent } from './card-json.ts';

describe('Feishu card JSON 2.0', () => {
  it('sends text as a text message', () => {
    expect(toFeishuContent({ kind: 'text', text: '你好' })).toEqual({ msgType: 'text', content: '{"text":"你好"}' });
  });

  it('builds a 2.0 card with a coloured header, shared updates and callback buttons in a column set', () => {
    const json = toCardJson({
      kind: 'card',
      card: {
        title: '服务明星提名',
        color: 'orange',
        elements: [
          { kind: 'fields', fields: [{ label: '被提名人', value: '张*' }] },
          { kind: 'divider' },
          { kind: 'note', text: '请在 3 个工作日内审批' },
          { kind: 'actions', buttons: [{ label: '同意', style: 'primary', value: { action: 'nomination.approve', id: 7 } }, { label: '不同意', style: 'danger', value: { action: 'nomination.reject', id: 7 } }] },
        ],
      },
    });
    expect(json).toMatchObject({ schema: '2.0', config: { update_multi: true, summary: { content: '服务明星提名' } }, header: { template: 'orange', title: { tag: 'plain_text', content: '服务明星提名' } } });
    const elements = (json.body as { elements: Array<Record<string, unknown>> }).elements;
    expect(elements.map((e) => e.tag)).toEqual(['markdown', 'hr', 'markdown', 'column_set']);
    expect(elements[0]!.content).toBe('**被提名人**：张&#42;');
    expect(elements[2]!.text_size).toBe('notation');
    const columns = elements[3]!.columns as Array<{ elements: Array<Record<string, unknown>> }>;
    expect(columns.map((c) => c.elements[0]!.type)).toEqual(['primary_filled', 'danger']);
    expect(columns[1]!.elements[0]!.behaviors).toEqual([{ type: 'callback', value: { action: 'nomination.reject', id: 7 } }]);
    // 2.0 rejects the 1.0 `action` module: no element may use it.
    expect(JSON.stringify(json)).not.toContain('"tag":"action"');
  });

  it('element ids are unique and start with a letter (Feishu rejects others)', () => {
    const json = toCardJson({ kind: 'card', card: { title: 't', color: 'blue', elements: [
      { kind: 'actions', buttons: [{ label: 'a', style: 'default', value: { action: 'a' } }, { label: 'b', style: 'default', value: { action: 'b' } }] },
      { kind: 'actions', buttons: [{ label: 'c', style: 'default', value: { action: 'c' } }] },
    ] } });
    const ids = [...JSON.stringify(json).matchAll(/"element_id":"([^"]+)"/g)].map((m) => m[1]!);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9_]{0,19}$/);
  });

  it('a link to one of our pages goes through 飞书登录 with the page as next', () => {
    const json = toCardJson({ kind: 'card', card: { title: 't', color: 'blue', elements: [
      { kind: 'actions', buttons: [{ label: '查看详情', style: 'default', value: { action: 'link' }, url: 'https://ts.bank.example/complaints/12?tab=clock' }] },
    ] } });
    expect(JSON.stringify(json)).toContain(JSON.stringify({ type: 'open_url', default_url: 'https://ts.bank.example/auth/feishu/login?next=%2Fcomplaints%2F12%3Ftab%3Dclock' }));
  });

  it('markdown messages become a header-less card', () => {
    const content = toFeishuContent({ kind: 'markdown', text: '**今日** 满意率 99%' });
    expect(content.msgType).toBe('interactive');
    expect(JSON.parse(content.content)).toEqual({ schema: '2.0', config: { update_multi: true }, body: { elements: [{ tag: 'markdown', content: '**今日** 满意率 99%' }] } });
  });
});
