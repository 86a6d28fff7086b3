import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../server/contract/payloads/chat.ts';
import { seedSmallBank } from './helpers/seed.ts';
import { startTestServer, waitForEvent, type TestServer, type TestSocket } from './helpers/test-server.ts';

const isBotCard = (title: string) => (m: ChatMessage) => m.from === 'bot' && m.message.kind === 'card' && m.message.card.title === title;

describe('console chat over Socket.IO', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer({ seed: async (db) => void (await seedSmallBank(db.sql)) });
  });
  afterAll(() => app.close());

  it('a branch head types 帮助, clicks 我是谁 on the card, and the handler answers with their profile', async () => {
    const socket = await app.connectSocket();
    const joined = await socket.emitWithAck('chat:join', { staffCode: 'S000001' });
    expect(joined).toMatchObject({ ok: true, data: { chatId: 'console:S000001', staffName: '王建国' } });

    const helpArrives = waitForEvent(socket, 'chat:posted', isBotCard('Touchstone 助手'));
    const sent = await socket.emitWithAck('chat:send', { text: '帮助' });
    expect(sent.ok).toBe(true);
    const help = await helpArrives;
    const actions = help.message.kind === 'card' ? help.message.card.elements.find((e) => e.kind === 'actions') : undefined;
    const meButton = actions?.kind === 'actions' ? actions.buttons.find((b) => b.label === '我是谁') : undefined;
    expect(meButton?.value).toEqual({ action: 'me.show', locale: 'zh-CN' });

    const profileArrives = waitForEvent(socket, 'chat:posted', isBotCard('我的信息'));
    expect(await socket.emitWithAck('chat:act', { messageId: help.id, value: meButton!.value })).toEqual({ ok: true, data: { accepted: true } });
    const profile = await profileArrives;
    expect(profile.message).toMatchObject({ card: { elements: [{ kind: 'fields', fields: expect.arrayContaining([{ label: '姓名', value: '王建国' }, { label: '网点', value: '北京朝阳建国路网点' }]) }] } });
  });

  it('keeps each person’s chat private: another socket sees nothing of it', async () => {
    const head = await app.connectSocket();
    const teller = await app.connectSocket();
    await head.emitWithAck('chat:join', { staffCode: 'S000001' });
    await teller.emitWithAck('chat:join', { staffCode: 'S000002' });
    const leaked: ChatMessage[] = [];
    teller.on('chat:posted', (m) => leaked.push(m));
    const own = waitForEvent(head, 'chat:posted', isBotCard('我的信息'));
    await head.emitWithAck('chat:send', { text: '我是谁' });
    await own;
    const tellerOwn = waitForEvent(teller, 'chat:posted', isBotCard('我的信息'));
    await teller.emitWithAck('chat:send', { text: '我是谁' });
    const tellerProfile = await tellerOwn; // the teller's own answer arrives after the head's, on the same server
    expect(JSON.stringify(tellerProfile)).toContain('李晓梅');
    expect(leaked.every((m) => m.chatId === 'console:S000002')).toBe(true);
  });

  it('answers mistakes with a clear error naming the field, never an internal error', async () => {
    const socket: TestSocket = await app.connectSocket();
    expect(await socket.emitWithAck('chat:send', { text: '帮助' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await socket.emitWithAck('chat:join', { staffCode: 'NOPE' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', issues: [{ field: 'staffCode' }] } });
    expect(await socket.emitWithAck('chat:join', { staffCode: 'S000003' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } }); // inactive
    expect(await socket.emitWithAck('chat:join', {} as never)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ field: 'staffCode' }] } });
    await socket.emitWithAck('chat:join', { staffCode: 'S000001' });
    expect(await socket.emitWithAck('chat:act', { messageId: 'not-a-card', value: { action: 'me.show' } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', issues: [{ field: 'messageId' }] } });
  });

  it('returns the chat history on rejoin', async () => {
    const socket = await app.connectSocket();
    const again = await socket.emitWithAck('chat:join', { staffCode: 'S000001' });
    expect(again.ok && again.data.history.some((m) => m.from === 'user' && m.message.kind === 'text' && m.message.text === '帮助')).toBe(true);
  });
});
