import { describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '$contract/payloads/chat.ts';
import { ConsoleChannel } from '../channel/console/console-channel.ts';
import { createDispatcher } from '../dispatcher.ts';
import type { BotPorts, PhotoReplyResult, PhotoReplyTarget, StaffIdentity } from '../ports.ts';
import { createDefaultRegistry } from './index.ts';

const head: StaffIdentity = { code: 'S1', name: '王建国', role: 'branch_head', branchCode: 'B1', branchName: '建国路网点', regionCode: 'R1', regionName: '朝阳支行', active: true };
const about = { rectification: 7, item: 'ENV07', text: '消防及安防设施完好', status: 'open' as const };
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xd9]);

/** The console channel and the real dispatcher; the server side of photos is a stub that records calls. */
function setup(target: PhotoReplyTarget, result?: PhotoReplyResult) {
  const calls = { target: [] as unknown[], attach: [] as Array<{ rectification: number; bytes: Buffer; messageId: string; channel: string }> };
  const ports = {
    staff: { findByCode: async (code: string) => (code === 'S1' ? head : undefined), search: async () => [] },
    access: { can: async () => true },
    bank: { name: '示范银行', timeZone: 'Asia/Shanghai' },
    clock: { now: () => new Date('2026-11-28T02:00:00Z') },
    rectifications: {
      act: async () => { throw new Error('not here'); },
      card: async () => undefined,
      photoTarget: async (staffCode: string, input: unknown) => (calls.target.push({ staffCode, input }), target),
      attachPhoto: async (_staffCode: string, input: { rectification: number; bytes: Buffer; messageId: string; channel: string }) => (calls.attach.push(input), result!),
    },
  } as unknown as BotPorts;
  const channel = new ConsoleChannel({ now: () => new Date('2026-11-28T02:00:00Z') });
  const posted: ChatMessage[] = [];
  channel.onPosted((m) => posted.push(m));
  void channel.start(createDispatcher({ ports, registry: createDefaultRegistry(), channel, logger: { info() {}, warn() {}, error() {} } }));
  const cardId = (async () => (await channel.send('console:S1', { kind: 'card', card: { title: '整改通知 · ENV07', color: 'orange', elements: [] } })).messageId)();
  const botTexts = () => posted.filter((m) => m.from === 'bot' && m.message.kind === 'text').map((m) => (m.message.kind === 'text' ? m.message.text : ''));
  return { channel, calls, cardId, botTexts };
}

describe('a picture sent to the bot', () => {
  it('in reply to a rectification card: asked about first, then downloaded and stored, and confirmed', async () => {
    const { channel, calls, cardId, botTexts } = setup({ outcome: 'target', maxBytes: 1000, duplicate: false, photos: 0, ...about }, { outcome: 'attached', photos: 1, ...about });
    const card = await cardId;
    const { messageId } = channel.receiveImage('console:S1', 'S1', jpeg, card);
    await vi.waitFor(() => expect(botTexts()).toEqual(['已收到照片，已附到整改 #7（ENV07 消防及安防设施完好），现有照片 1 张。']));
    expect(calls.target).toEqual([{ staffCode: 'S1', input: { channel: 'console', repliedTo: [card], messageId } }]);
    expect(calls.attach).toEqual([{ rectification: 7, channel: 'console', messageId, bytes: jpeg }]);
  });

  it('bigger than the limit: refused before anything is stored', async () => {
    const { channel, calls, cardId, botTexts } = setup({ outcome: 'target', maxBytes: 5, duplicate: false, photos: 0, ...about });
    channel.receiveImage('console:S1', 'S1', jpeg, await cardId);
    await vi.waitFor(() => expect(botTexts()).toEqual(['照片过大（上限 0 KB），请压缩或降低分辨率后重新发送。']));
    expect(calls.attach).toEqual([]);
  });

  it('refused by the server (another branch, or verified): says why and never downloads', async () => {
    const { channel, calls, cardId, botTexts } = setup({ outcome: 'refused', reason: 'forbidden', ...about });
    channel.receiveImage('console:S1', 'S1', jpeg, await cardId);
    await vi.waitFor(() => expect(botTexts()[0]).toContain('您无权为整改 #7 提交照片'));
    expect(calls.attach).toEqual([]);
  });

  it('sent again (a redelivery already stored): the same confirmation, nothing fetched or stored', async () => {
    const { channel, calls, cardId, botTexts } = setup({ outcome: 'target', maxBytes: 1000, duplicate: true, photos: 2, ...about });
    channel.receiveImage('console:S1', 'S1', jpeg, await cardId);
    await vi.waitFor(() => expect(botTexts()).toEqual(['已收到照片，已附到整改 #7（ENV07 消防及安防设施完好），现有照片 2 张。']));
    expect(calls.attach).toEqual([]);
  });

  it('not in reply to anything: a hint, and the server is not asked', async () => {
    const { channel, calls, botTexts } = setup({ outcome: 'not_a_card' });
    channel.receiveImage('console:S1', 'S1', jpeg);
    await vi.waitFor(() => expect(botTexts()[0]).toContain('请在整改通知卡片上点「回复」后发送图片'));
    expect(calls.target).toEqual([]);
  });

  it('in reply to a message of another chat: refused as a mistake of the input', async () => {
    const { channel, cardId } = setup({ outcome: 'not_a_card' });
    const card = await cardId;
    expect(() => channel.receiveImage('console:S2', 'S2', jpeg, card)).toThrow(/no such message/);
  });
});
