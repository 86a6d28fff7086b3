import { describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '$contract/payloads/chat.ts';
import { ConsoleChannel } from './channel/console/console-channel.ts';
import { createDefaultRegistry } from './commands/index.ts';
import { createRegistry, keywordMatcher } from './commands/registry.ts';
import { createDispatcher } from './dispatcher.ts';
import type { BotPorts, StaffIdentity } from './ports.ts';

const people: Record<string, StaffIdentity> = {
  S1: { code: 'S1', name: '王建国', role: 'branch_head', branchCode: 'B1', branchName: '建国路网点', regionCode: 'R1', regionName: '朝阳支行', active: true },
  S2: { code: 'S2', name: '赵离职', role: 'teller', branchCode: 'B1', branchName: '建国路网点', regionCode: 'R1', regionName: '朝阳支行', active: false },
};
const silent = { info() {}, warn() {}, error() {} };
/** Stands in for the access-control function: the branch head may claim in branch B1 only. */
const access = {
  can: async (staffCode: string, permission: string, target?: { branchCode: string }) =>
    staffCode === 'S1' && permission === 'complaints.claim' && target?.branchCode === 'B1',
};

/** Ports the dispatcher tests do not exercise answer as an empty bank would. */
const basePorts = (): BotPorts => ({
  staff: { findByCode: async (code) => people[code], search: async () => [] },
  access,
  kpi: { today: async () => undefined },
  nominations: {
    create: async () => { throw new Error('not in these tests'); },
    decide: async () => { throw new Error('not in these tests'); },
    pendingFor: async () => [],
    find: async () => undefined,
  },
  complaints: {
    act: async () => { throw new Error('not in these tests'); },
    openFor: async () => [],
    register: async () => { throw new Error('not in these tests'); },
  },
  bank: { name: '示范银行', timeZone: 'Asia/Shanghai' },
  clock: { now: () => new Date('2026-11-28T02:00:00Z') },
});

function setup() {
  const ports = basePorts();
  const channel = new ConsoleChannel({ now: () => new Date('2026-11-28T02:00:00Z') });
  const posted: ChatMessage[] = [];
  channel.onPosted((m) => posted.push(m));
  const dispatcher = createDispatcher({ ports, registry: createDefaultRegistry(), channel, logger: silent });
  void channel.start(dispatcher);
  const botMessages = () => posted.filter((m) => m.from === 'bot');
  /** Waits until the bot has posted `count` messages (handlers run after the input is acknowledged). */
  const botPosted = (count: number) => vi.waitFor(() => expect(botMessages().length).toBeGreaterThanOrEqual(count), { timeout: 2000 });
  /** Lets every queued handler run, for assertions that something did NOT happen. */
  const drain = () => new Promise((resolve) => setImmediate(resolve));
  return { channel, dispatcher, posted, botMessages, botPosted, drain };
}

describe('createDispatcher', () => {
  it('answers 帮助 with the help card', async () => {
    const { channel, botMessages, botPosted } = setup();
    channel.receiveText('console:S1', 'S1', '帮助');
    await botPosted(1);
    expect(botMessages().map((m) => m.message)).toMatchObject([{ kind: 'card', card: { title: 'Touchstone 助手' } }]);
  });

  it('answers anything it does not understand with the help card too', async () => {
    const { channel, botMessages, botPosted } = setup();
    channel.receiveText('console:S1', 'S1', '今天天气怎么样');
    await botPosted(1);
    expect(botMessages()).toHaveLength(1);
    expect(botMessages()[0]!.message).toMatchObject({ card: { title: 'Touchstone 助手' } });
  });

  it('answers in English when the command is typed in English', async () => {
    const { channel, botMessages, botPosted } = setup();
    channel.receiveText('console:S1', 'S1', 'whoami');
    await botPosted(1);
    expect(botMessages()[0]!.message).toMatchObject({ card: { title: 'My profile' } });
  });

  it('refuses an inactive staff member politely and runs nothing', async () => {
    const { channel, botMessages, botPosted } = setup();
    channel.receiveText('console:S2', 'S2', '我是谁');
    await botPosted(1);
    expect(botMessages().map((m) => m.message)).toEqual([{ kind: 'text', text: expect.stringContaining('尚未关联有效的员工信息') }]);
  });

  it('routes a card click to the action handler by the button value', async () => {
    const { channel, botMessages, botPosted } = setup();
    channel.receiveText('console:S1', 'S1', '帮助');
    await botPosted(1);
    const help = botMessages()[0]!;
    await channel.receiveAction('console:S1', 'S1', help.id, { action: 'me.show', locale: 'zh-CN' });
    await botPosted(2);
    expect(botMessages()[1]!.message).toMatchObject({ card: { title: '我的信息', elements: [{ kind: 'fields', fields: expect.arrayContaining([{ label: '姓名', value: '王建国' }]) }] } });
  });

  it('handles a redelivered message once', async () => {
    const { channel, dispatcher, botMessages, botPosted, drain } = setup();
    const { messageId } = channel.receiveText('console:S1', 'S1', '帮助');
    await botPosted(1);
    await dispatcher.onMessage({ id: messageId, chatId: 'console:S1', chatType: 'p2p', sender: { channelUserId: 'S1', staffCode: 'S1' }, text: '帮助', mentionsBot: true, at: new Date() });
    await drain();
    expect(botMessages()).toHaveLength(1);
  });

  it('ignores group messages that do not @mention the bot', async () => {
    const { dispatcher, botMessages, drain } = setup();
    await dispatcher.onMessage({ id: 'g1', chatId: 'group-1', chatType: 'group', sender: { channelUserId: 'S1', staffCode: 'S1' }, text: '帮助', mentionsBot: false, at: new Date() });
    await drain();
    expect(botMessages()).toHaveLength(0);
  });

  it('replaces the clicked card when the action returns a replacement', async () => {
    const { channel, posted } = setup();
    const registry = createRegistry([], [{ action: 'demo.claim', handle: async (ctx) => ({ replaceCard: { kind: 'text', text: `已认领 ${ctx.staff.name}` } }) }]);
    const dispatcher = createDispatcher({ ports: basePorts(), registry, channel, logger: silent });
    await channel.start(dispatcher);
    const { messageId } = await channel.send('console:S1', { kind: 'card', card: { title: '投诉', color: 'red', elements: [] } });
    await channel.receiveAction('console:S1', 'S1', messageId, { action: 'demo.claim' });
    const updated = posted.filter((m) => m.id === messageId).at(-1)!;
    expect(updated.message).toEqual({ kind: 'text', text: '已认领 王建国' });
    expect(updated.updatedAt).toBeDefined();
  });
});

describe('createDispatcher with permissions', () => {
  const claim = { action: 'complaints.claim', permission: 'complaints.claim', handle: async () => ({ replaceCard: { kind: 'text' as const, text: '已认领' } }) };
  async function clickClaim(branch: string) {
    const channel = new ConsoleChannel({ now: () => new Date() });
    const ports = basePorts();
    await channel.start(createDispatcher({ ports, registry: createRegistry([], [claim]), channel, logger: silent }));
    const posted: ChatMessage[] = [];
    channel.onPosted((m) => posted.push(m));
    const { messageId } = await channel.send('console:S1', { kind: 'card', card: { title: '投诉', color: 'red', elements: [] } });
    await channel.receiveAction('console:S1', 'S1', messageId, { action: 'complaints.claim', branch });
    return posted.filter((m) => m.id === messageId).at(-1)!.message;
  }

  it('runs an action the access-control function allows for the branch on the button', async () => {
    expect(await clickClaim('B1')).toEqual({ kind: 'text', text: '已认领' });
  });

  it('refuses the same action for a branch outside the staff member’s scope', async () => {
    expect(await clickClaim('B2')).toEqual({ kind: 'text', text: expect.stringContaining('权限') });
  });
});

describe('createRegistry', () => {
  it('fails at start on a duplicate command name', () => {
    const command = { name: 'x', match: keywordMatcher({ 'zh-CN': ['x'], en: [] }), handle: async () => [] };
    expect(() => createRegistry([command, command], [])).toThrow('registered twice');
  });
});
