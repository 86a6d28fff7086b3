import { describe, expect, it } from 'vitest';
import { cardActionEnvelope } from '../../../tests/fakes/feishu/feishu-events.ts';
import { cardProblem } from '../../../tests/fakes/feishu/messages.ts';
import { toCardJson } from './card-json.ts';
import { flatten, normalizeCardAction } from './normalize.ts';

describe('card forms (Feishu form container)', () => {
  const card = toCardJson({
    kind: 'card',
    card: {
      title: '整改通知', color: 'orange',
      elements: [
        { kind: 'markdown', text: '灭火器过期' },
        { kind: 'form', name: 'fix', inputs: [{ name: 'note', label: '整改说明', required: true }], submit: { label: '提交', style: 'primary', value: { action: 'rectification.fix', id: 3 } } },
      ],
    },
  });

  it('renders a root-level form with a named input and a submit button carrying the callback value', () => {
    const form = (card.body as { elements: Array<Record<string, unknown>> }).elements[1]!;
    expect(form).toMatchObject({ tag: 'form', name: 'fix' });
    const [input, submit] = form.elements as Array<Record<string, unknown>>;
    expect(input).toMatchObject({ tag: 'input', name: 'note', required: true, label: { tag: 'plain_text', content: '整改说明' } });
    expect(submit).toMatchObject({ tag: 'button', form_action_type: 'submit', name: 'fix_submit', text: { content: '提交' }, behaviors: [{ type: 'callback', value: { action: 'rectification.fix', id: 3 } }] });
    expect(cardProblem(card)).toBeUndefined();
  });

  it('is refused by the fake (as by Feishu) when nested, or without a submit button', () => {
    const nested = { ...card, body: { elements: [{ tag: 'column_set', columns: [{ tag: 'column', elements: [(card.body as { elements: unknown[] }).elements[1]] }] }] } };
    expect(cardProblem(nested)).toMatch(/root/);
    expect(cardProblem({ ...card, body: { elements: [{ tag: 'form', name: 'f', elements: [{ tag: 'input', name: 'x' }] }] } })).toMatch(/submit/);
  });

  it('reads the submitted inputs from action.form_value beside the button value', () => {
    const action = normalizeCardAction(flatten(cardActionEnvelope({
      appId: 'cli_x', token: 'vt', eventId: 'ev_f', operatorOpenId: 'ou_head', messageId: 'om_c', chatId: 'oc_c',
      value: { action: 'rectification.fix', id: 3 }, formValue: { note: '已更换灭火器' }, buttonName: 'fix_submit',
    }) as unknown as Record<string, unknown>));
    expect(action).toMatchObject({ value: { action: 'rectification.fix', id: 3 }, form: { note: '已更换灭火器' } });
    const plain = normalizeCardAction(flatten(cardActionEnvelope({ appId: 'cli_x', token: 'vt', eventId: 'ev_p', operatorOpenId: 'ou_head', messageId: 'om_c', chatId: 'oc_c', value: { action: 'x' } }) as unknown as Record<string, unknown>));
    expect(plain?.form).toBeUndefined();
  });
});
