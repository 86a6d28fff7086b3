import { describe, expect, it } from 'vitest';
import { cardActionEnvelope, messageEnvelope } from '../../../tests/fakes/feishu/feishu-events.ts';
import { flatten, normalizeCardAction, normalizeMessage, type FlatEvent } from './normalize.ts';

const BOT = 'ou_bot';
const CREATED = Date.parse('2026-11-28T02:05:00Z');
const base = { appId: 'cli_x', token: 'vt_1', eventId: 'ev_1', messageId: 'om_1', chatId: 'oc_1', senderOpenId: 'ou_alice', createTime: CREATED };
const flatMessage = (p: Partial<Parameters<typeof messageEnvelope>[0]> & { text: string }) =>
  flatten(messageEnvelope({ ...base, chatType: 'group', ...p }) as unknown as Record<string, unknown>);

describe('flatten', () => {
  it('puts a schema 2.0 envelope’s header and event fields side by side', () => {
    const flat = flatten({ schema: '2.0', header: { event_id: 'ev_1', event_type: 'im.message.receive_v1', token: 'vt_1' }, event: { message: { id: 1 } } });
    expect(flat).toEqual({ schema: '2.0', event_id: 'ev_1', event_type: 'im.message.receive_v1', token: 'vt_1', message: { id: 1 } });
  });

  it('lets the card event’s own token win over the header’s verification token', () => {
    const envelope = cardActionEnvelope({ ...base, operatorOpenId: 'ou_alice', value: { action: 'x' } });
    const flat = flatten(envelope as unknown as Record<string, unknown>);
    expect(flat.token).toMatch(/^c-/);
    expect(flat.event_type).toBe('card.action.trigger');
  });

  it('takes the event type of a v1 envelope from inside its event', () => {
    expect(flatten({ uuid: 'u', token: 'vt_1', type: 'event_callback', event: { type: 'message', text: 'hi' } })).toMatchObject({ event_type: 'message', text: 'hi', token: 'vt_1' });
  });
});

describe('normalizeMessage', () => {
  it('removes the bot’s own mention and turns the others into @Name', () => {
    const flat = flatMessage({
      text: '@_user_1 提名 @_user_2 服务热情',
      mentions: [{ key: '@_user_1', openId: BOT, name: 'Touchstone' }, { key: '@_user_2', openId: 'ou_zhang', name: '张三' }],
    });
    expect(normalizeMessage(flat, BOT)).toEqual({
      eventId: 'ev_1', messageId: 'om_1', chatId: 'oc_1', chatType: 'group', senderOpenId: 'ou_alice',
      text: '提名 @张三 服务热情', mentionsBot: true, mentions: [{ key: '@_user_2', openId: 'ou_zhang', name: '张三' }], createdAt: new Date(CREATED),
    });
  });

  it('does not mention the bot in a group when only colleagues are mentioned', () => {
    const flat = flatMessage({ text: '@_user_1 明天见', mentions: [{ key: '@_user_1', openId: 'ou_zhang', name: '张三' }] });
    expect(normalizeMessage(flat, BOT)).toMatchObject({ text: '@张三 明天见', mentionsBot: false });
  });

  it('does not mention the bot in a group message without mentions', () => {
    expect(normalizeMessage(flatMessage({ text: '大家好' }), BOT)).toMatchObject({ mentionsBot: false, mentions: [] });
  });

  it('counts any mention in a group as the bot’s when the bot’s own id is unknown', () => {
    const flat = flatMessage({ text: '@_user_1 指标', mentions: [{ key: '@_user_1', openId: BOT, name: 'Touchstone' }] });
    expect(normalizeMessage(flat, undefined)).toMatchObject({ mentionsBot: true, text: '@Touchstone 指标' });
  });

  it('treats a chat type other than p2p (a topic group) as a shared chat that must @-mention the bot', () => {
    expect(normalizeMessage(flatMessage({ chatType: 'topic_group', text: '我的任务' }), BOT)).toMatchObject({ chatType: 'group', mentionsBot: false });
  });

  it('treats every p2p message as addressed to the bot', () => {
    expect(normalizeMessage(flatMessage({ chatType: 'p2p', text: '我的任务' }), BOT)).toMatchObject({ chatType: 'p2p', mentionsBot: true, text: '我的任务' });
  });

  it('replaces each placeholder wherever it appears and collapses the spaces left behind', () => {
    const flat = flatMessage({
      text: '  @_user_2   和 @_user_2\n@_user_1 ',
      mentions: [{ key: '@_user_1', openId: BOT, name: 'Bot' }, { key: '@_user_2', openId: 'ou_li', name: '李四' }],
    });
    expect(normalizeMessage(flat, BOT)?.text).toBe('@李四 和 @李四');
  });

  it('does not confuse @_user_1 with @_user_10 when ten or more people are mentioned', () => {
    const names = ['赵一', '钱二', '孙三', '李四', '周五', '吴六', '郑七', '王八', '冯九', '陈十'];
    const mentions = names.map((name, i) => ({ key: `@_user_${i + 1}`, openId: `ou_${i + 1}`, name }));
    const flat = flatMessage({ text: mentions.map((m) => m.key).join(' '), mentions });
    expect(normalizeMessage(flat, BOT)?.text).toBe(mentions.map((m) => `@${m.name}`).join(' '));
  });

  it('turns a non-text message into a placeholder no command matches', () => {
    const envelope = messageEnvelope({ ...base, chatType: 'p2p', text: '' });
    (envelope.event as { message: Record<string, unknown> }).message.message_type = 'image';
    (envelope.event as { message: Record<string, unknown> }).message.content = '{"image_key":"img_1"}';
    expect(normalizeMessage(flatten(envelope as unknown as Record<string, unknown>), BOT)?.text).toBe('[image]');
  });

  it('reads unparseable text content as empty', () => {
    const envelope = messageEnvelope({ ...base, chatType: 'p2p', text: '' });
    (envelope.event as { message: Record<string, unknown> }).message.content = '{not json';
    expect(normalizeMessage(flatten(envelope as unknown as Record<string, unknown>), BOT)?.text).toBe('');
  });

  it('ignores messages from apps and bots', () => {
    const envelope = messageEnvelope({ ...base, chatType: 'group', text: '指标' });
    (envelope.event as { sender: Record<string, unknown> }).sender.sender_type = 'app';
    expect(normalizeMessage(flatten(envelope as unknown as Record<string, unknown>), BOT)).toBeUndefined();
  });

  it('ignores an event without a message, a chat id or a sender id', () => {
    expect(normalizeMessage({ event_id: 'e' }, BOT)).toBeUndefined();
    const flat = flatMessage({ text: 'x' });
    expect(normalizeMessage({ ...flat, message: { ...(flat.message as object), chat_id: undefined } }, BOT)).toBeUndefined();
    expect(normalizeMessage({ ...flat, sender: { sender_type: 'user', sender_id: {} } }, BOT)).toBeUndefined();
  });

  it('falls back to an id derived from the message when the event has none', () => {
    const { event_id: _, ...flat } = flatMessage({ text: 'x' });
    expect(normalizeMessage(flat as FlatEvent, BOT)?.eventId).toBe('msg:om_1');
  });
});

describe('normalizeCardAction', () => {
  const click = (value: Record<string, unknown>) =>
    flatten(cardActionEnvelope({ ...base, operatorOpenId: 'ou_head', messageId: 'om_card', chatId: 'oc_9', value }) as unknown as Record<string, unknown>);

  it('takes the message and chat from the context and the c- token for a delayed update', () => {
    const action = normalizeCardAction(click({ action: 'nomination.approve', id: 7, branch: 'BJ0101' }));
    expect(action).toEqual({
      eventId: 'ev_1', operatorOpenId: 'ou_head', messageId: 'om_card', chatId: 'oc_9',
      value: { action: 'nomination.approve', id: 7, branch: 'BJ0101' }, token: expect.stringMatching(/^c-[0-9a-f]{40}$/),
    });
  });

  it('keeps only string, number and boolean values', () => {
    const action = normalizeCardAction(click({ action: 'x', id: 1, ok: false, note: 'n', nested: { a: 1 }, list: [1], nothing: null }));
    expect(action?.value).toEqual({ action: 'x', id: 1, ok: false, note: 'n' });
  });

  it('refuses a click without a string action, an operator or a value', () => {
    expect(normalizeCardAction(click({ id: 1 }))).toBeUndefined();
    expect(normalizeCardAction(click({ action: 3 }))).toBeUndefined();
    expect(normalizeCardAction({ ...click({ action: 'x' }), operator: {} })).toBeUndefined();
    expect(normalizeCardAction({ ...click({ action: 'x' }), action: {} })).toBeUndefined();
    expect(normalizeCardAction({ ...click({ action: 'x' }), action: undefined })).toBeUndefined();
  });

  it('refuses a click whose message or chat is unknown', () => {
    expect(normalizeCardAction({ ...click({ action: 'x' }), context: { open_chat_id: 'oc_9' } })).toBeUndefined();
    expect(normalizeCardAction({ ...click({ action: 'x' }), context: undefined })).toBeUndefined();
  });

  it('reads the ids of an old-style callback from the top level', () => {
    const flat = { ...click({ action: 'x' }), context: undefined, open_message_id: 'om_old', open_chat_id: 'oc_old' };
    expect(normalizeCardAction(flat)).toMatchObject({ messageId: 'om_old', chatId: 'oc_old' });
  });

  it('never takes the verification token, or any token not starting with c-, for an update token', () => {
    expect(normalizeCardAction({ ...click({ action: 'x' }), token: 'vt_1' })?.token).toBeUndefined();
    expect(normalizeCardAction({ ...click({ action: 'x' }), token: 42 as unknown as string })?.token).toBeUndefined();
  });

  it('derives a stable event id from the click when the event has none', () => {
    const { event_id: _, ...flat } = click({ action: 'x', id: 2 });
    expect(normalizeCardAction(flat as FlatEvent)?.eventId).toBe('card:om_card:ou_head:{"action":"x","id":2}');
  });
});
