import { describe, expect, it, vi } from 'vitest';
import type { CardAction, InboundHandler, OutboundMessage } from '../channel.ts';
import { FeishuInbound } from './feishu-inbound.ts';

const TOKEN = 'v-token';
const silent = { info() {}, warn() {}, error() {} };
const card: OutboundMessage = { kind: 'card', card: { title: '已处理', color: 'green', elements: [] } };

function inbound(handler: Partial<InboundHandler>, options: { answerWithinMs?: number; seen?: Set<string> } = {}) {
  const seen = options.seen ?? new Set<string>();
  const updates: Array<{ messageId: string; message: OutboundMessage }> = [];
  const told: Array<{ openId: string; text: string; key: string }> = [];
  const errors: unknown[] = [];
  const subject = new FeishuInbound({
    verificationToken: TOKEN,
    inbox: { firstSighting: async (key) => (seen.has(key) ? false : (seen.add(key), true)) },
    staffFor: async (openId) => (openId === 'ou_head' ? 'S1' : undefined),
    botOpenId: () => 'ou_bot',
    updateLater: async (messageId, message) => void updates.push({ messageId, message }),
    tellLater: async (openId, text, key) => void told.push({ openId, text, key }),
    logger: { ...silent, error: (obj: object) => void errors.push(obj) },
    now: () => new Date('2026-11-30T02:00:00Z'),
    answerWithinMs: options.answerWithinMs ?? 100,
  });
  subject.attach({ onMessage: async () => {}, onAction: async () => undefined, ...handler });
  return { subject, updates, told, errors, seen };
}

const click = (eventId = 'ev1') => ({
  schema: '2.0',
  header: { event_id: eventId, event_type: 'card.action.trigger', token: TOKEN, create_time: String(Date.parse('2026-11-30T01:59:00Z')) },
  event: { operator: { open_id: 'ou_head' }, token: 'c-delayed', action: { value: { action: 'nomination.approve', id: 7 }, tag: 'button' }, context: { open_message_id: 'om_card', open_chat_id: 'oc_chat' } },
});

describe('FeishuInbound', () => {
  it('answers a click with the replacement card when the handler is quick, with the operator resolved to staff', async () => {
    const seen: CardAction[] = [];
    const { subject } = inbound({ onAction: async (action) => (seen.push(action), card) });
    const answer = await subject.receive(click(), 'webhook');
    expect(answer).toMatchObject({ toast: { type: 'success' }, card: { type: 'raw', data: { header: { title: { content: '已处理' } } } } });
    expect(seen[0]).toMatchObject({ id: 'ev1', messageId: 'om_card', chatId: 'oc_chat', operator: { channelUserId: 'ou_head', staffCode: 'S1' }, value: { action: 'nomination.approve', id: 7 } });
  });

  it('answers a slow click within the window with a toast, then redraws the card when the work is done', async () => {
    let finish: (m: OutboundMessage) => void = () => {};
    const { subject, updates } = inbound({ onAction: () => new Promise((resolve) => (finish = resolve)) }, { answerWithinMs: 50 });
    const started = Date.now();
    const answer = await subject.receive(click(), 'ws');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(answer).toMatchObject({ toast: { type: 'info', content: '正在处理，请稍候' } });
    expect(answer).not.toHaveProperty('card');
    finish(card);
    await vi.waitFor(() => expect(updates).toEqual([{ messageId: 'om_card', message: card }]));
  });

  it('a late text answer (a refusal) goes to the clicker privately and never replaces the shared card', async () => {
    let finish: (m: OutboundMessage) => void = () => {};
    const { subject, updates, told } = inbound({ onAction: () => new Promise((resolve) => (finish = resolve)) }, { answerWithinMs: 20 });
    await subject.receive(click('ev-late'), 'webhook');
    finish({ kind: 'text', text: '该投诉已由他人认领' });
    await vi.waitFor(() => expect(told).toEqual([{ openId: 'ou_head', text: '该投诉已由他人认领', key: 'late-ev-late' }]));
    expect(updates).toEqual([]);
  });

  it('accepts a long-connection event with an empty header.token (the connection was authenticated when it opened), not a webhook one', async () => {
    const handled: string[] = [];
    const { subject } = inbound({ onMessage: async (m) => void handled.push(m.text) });
    const event = (eventId: string, messageId: string, token: string) => ({
      schema: '2.0',
      header: { event_id: eventId, event_type: 'im.message.receive_v1', token, create_time: String(Date.parse('2026-11-30T01:59:00Z')) },
      event: { sender: { sender_id: { open_id: 'ou_head' }, sender_type: 'user' }, message: { message_id: messageId, chat_id: 'oc_p2p', chat_type: 'p2p', message_type: 'text', content: JSON.stringify({ text: messageId }), create_time: String(Date.parse('2026-11-30T01:59:00Z')) } },
    });
    await subject.receive(event('e1', 'over-ws', ''), 'ws');
    await subject.receive(event('e2', 'over-webhook', ''), 'webhook');
    await subject.receive(event('e3', 'wrong-token-ws', 'another-app'), 'ws');
    await vi.waitFor(() => expect(handled).toEqual(['over-ws']));
  });

  it('never leaves Feishu waiting when the handler throws: an error toast, and the failure logged', async () => {
    const { subject, errors } = inbound({ onAction: async () => { throw new Error('database down'); } });
    expect(await subject.receive(click(), 'webhook')).toMatchObject({ toast: { type: 'error' } });
    expect(errors).toHaveLength(1);
  });

  it('acknowledges a message at once and handles it after', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const handled: string[] = [];
    const { subject } = inbound({ onMessage: async (m) => { await gate; handled.push(m.text); } });
    const envelope = {
      schema: '2.0',
      header: { event_id: 'ev-m', event_type: 'im.message.receive_v1', token: TOKEN },
      event: { sender: { sender_id: { open_id: 'ou_head' }, sender_type: 'user' }, message: { message_id: 'om_1', chat_id: 'oc_1', chat_type: 'p2p', message_type: 'text', content: '{"text":"帮助"}', create_time: String(Date.parse('2026-11-30T01:59:00Z')) } },
    };
    expect(await subject.receive(envelope, 'webhook')).toEqual({});
    expect(handled).toEqual([]);
    release();
    await vi.waitFor(() => expect(handled).toEqual(['帮助']));
  });

  it('drops a redelivered event and a message older than 30 minutes, and refuses a wrong token', async () => {
    const calls: string[] = [];
    const { subject } = inbound({ onAction: async () => (calls.push('click'), card), onMessage: async () => void calls.push('message') });
    await subject.receive(click('same'), 'webhook');
    expect(await subject.receive(click('same'), 'webhook')).toEqual({});
    expect(await subject.receive({ ...click('other'), header: { ...click().header, event_id: 'other', token: 'forged' } }, 'ws')).toEqual({});
    const old = {
      schema: '2.0',
      header: { event_id: 'ev-old', event_type: 'im.message.receive_v1', token: TOKEN },
      event: { sender: { sender_id: { open_id: 'ou_head' }, sender_type: 'user' }, message: { message_id: 'om_old', chat_id: 'oc_1', chat_type: 'p2p', message_type: 'text', content: '{"text":"帮助"}', create_time: String(Date.parse('2026-11-30T01:00:00Z')) } },
    };
    await subject.receive(old, 'webhook');
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual(['click']);
  });

  it('counts the window from the click’s arrival: a slow lookup of the operator still gets an answer in time', async () => {
    const updates: Array<{ messageId: string }> = [];
    const subject = new FeishuInbound({
      verificationToken: TOKEN,
      inbox: { firstSighting: async () => true },
      staffFor: () => new Promise((resolve) => setTimeout(() => resolve('S1'), 300)), // a contact-API round trip
      botOpenId: () => 'ou_bot',
      updateLater: async (messageId) => void updates.push({ messageId }),
      tellLater: async () => {},
      logger: silent,
      now: () => new Date('2026-11-30T02:00:00Z'),
      answerWithinMs: 100,
    });
    subject.attach({ onMessage: async () => {}, onAction: async () => card });
    const started = Date.now();
    expect(await subject.receive(click('slow'), 'webhook')).toMatchObject({ toast: { type: 'info' } });
    expect(Date.now() - started).toBeLessThan(250);
    await vi.waitFor(() => expect(updates).toEqual([{ messageId: 'om_card' }]));
  });
});
