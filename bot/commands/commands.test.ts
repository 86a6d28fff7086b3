import { describe, expect, it, vi } from 'vitest';
import type { ScopeKpis } from '$contract/payloads/kpi.ts';
import type { ChatMessage } from '$contract/payloads/chat.ts';
import type { Channel, NormalizedMessage, OutboundMessage } from '../channel/channel.ts';
import { ConsoleChannel } from '../channel/console/console-channel.ts';
import { createDispatcher } from '../dispatcher.ts';
import { BotInputError } from '../errors.ts';
import type { BotPorts, ComplaintCardData, NominationCardData, StaffIdentity } from '../ports.ts';
import { createDefaultRegistry } from './index.ts';

const NOW = new Date('2026-11-28T02:00:00Z');
const person = (code: string, name: string, role: string, branchCode = 'BJ0101'): StaffIdentity =>
  ({ code, name, role, branchCode, branchName: '建国路网点', regionCode: 'BJ01', regionName: '朝阳支行', active: true });
const people: Record<string, StaffIdentity> = {
  S1: person('S1', '王建国', 'branch_head'),
  S2: person('S2', '李娜', 'teller'),
  S3: person('S3', '赵临时', 'staff'),
};
/** Stands in for the access-control function: everyone views their own branch; S3 may not nominate; S1 approves in BJ0101. */
const can = async (code: string, permission: string, target?: { branchCode: string }) => {
  if (permission === 'wall.view') return !target || target.branchCode === people[code]?.branchCode;
  if (permission === 'nominations.create') return code !== 'S3';
  if (permission === 'nominations.approve') return code === 'S1' && (!target || target.branchCode === 'BJ0101');
  if (permission.startsWith('complaints.')) return code !== 'S3';
  return false;
};
const kpiValues = { issued: 10, called: 10, finished: 10, evaluations: 5, serviceErrors: 0, satisfactionRate: 1, participationRate: 0.5, averageWaitSeconds: 60, longWaitShare: 0, averageHandlingSeconds: 120, errorRate: 0, serviceIndex: 90, inspectionScore: null, rectificationOnTimeRate: null, careCompletionRate: null };
const kpisOf = (code: string, name: string): ScopeKpis => ({
  scope: `branch:${code}`, name, day: '2026-11-28', kpis: kpiValues, targets: {}, comparison: { yesterday: kpiValues, sameDayLastYear: kpiValues }, hourly: [], byBusiness: [],
});
const branches: Record<string, ScopeKpis> = { 'branch:BJ0101': kpisOf('BJ0101', '建国路网点'), 'branch:BJ0102': kpisOf('BJ0102', '国贸网点') };
const nomination = (over: Partial<NominationCardData> = {}): NominationCardData => ({
  id: 7, nominee: '李娜', nomineeCode: 'S2', nominator: '王建国', branch: 'BJ0101', branchName: '建国路网点', reason: '服务热情',
  status: 'pending', decidedBy: null, decidedAt: null, createdAt: '2026-11-28T01:00:00Z', ...over,
});

/** Complaints in memory, as the server port would answer: claim once, then "claimed by someone else". */
const complaintCard = (over: Partial<ComplaintCardData> = {}): ComplaintCardData => ({
  id: 11, reference: 'TS-2026-000011', branch: 'BJ0101', branchName: '建国路网点', category: 'wait_time', channel: 'counter', severity: 'normal',
  complainant: '张*明', phone: '138****1234', receivedAt: '2026-11-20T02:00:00Z', decisionDueAt: '2026-12-05T15:59:59Z', stage: 15,
  clockState: 'on_track', status: 'received', handler: null, version: 1, ...over,
});
/** What `openFor` answers; empty unless a test fills it. */
let openComplaints: ComplaintCardData[] = [];
const complaintPorts: BotPorts['complaints'] = {
  act: async (code, id, step) => (step === 'claim' && code !== 'S1'
    ? { complaint: complaintCard({ id, status: 'claimed', handler: '王建国' }), changed: false, reason: '已由王建国认领' }
    : { complaint: complaintCard({ id, status: step === 'claim' ? 'claimed' : 'in_progress', handler: people[code]!.name }), changed: true }),
  openFor: async () => openComplaints,
  register: async (_code, input) => {
    if (input.summary.length < 4) throw new BotInputError('invalid', 'summary', 'too short');
    return complaintCard({ id: 13, reference: 'TS-2026-000013', complainant: input.name.slice(0, 1) + '*', channel: 'counter' });
  },
};

function makePorts(over: { pending?: NominationCardData[]; decideChanged?: boolean } = {}) {
  // Stands in for the server's rules: a reason under 10 characters is refused with the rule's sentence.
  const create = vi.fn(async (_code: string, input: { nomineeCode: string; reason: string; praise?: string }) => {
    if ([...input.reason].length < 10) throw new BotInputError('invalid', 'reason', `提名理由至少 10 个字（规则：理由须写明具体事迹），当前只有 ${[...input.reason].length} 个字。`);
    return { nomination: nomination({ nomineeCode: input.nomineeCode, reason: input.reason, approver: '刘分行' }), reviewers: 1 };
  });
  const decide = vi.fn(async (code: string, id: number, decision: { approved: boolean; reason?: string | undefined }) =>
    ({ nomination: nomination({ id, status: decision.approved ? 'approved' : 'rejected', decisionReason: decision.reason ?? null, decidedBy: people[code]!.name, decidedAt: '2026-11-28T02:00:00Z' }), changed: over.decideChanged ?? true }));
  const today = vi.fn(async (scope: string) => branches[scope]);
  const ports: BotPorts = {
    staff: {
      findByCode: async (code) => people[code],
      search: async (text) => Object.values(people).filter((p) => p.code === text || p.name === text).map(({ code, name }) => ({ code, name })),
    },
    kpi: { today },
    nominations: { create, decide, pendingFor: async () => over.pending ?? [], find: async () => over.pending?.[0] },
    complaints: complaintPorts,
    access: { can },
    bank: { name: '示范银行', timeZone: 'Asia/Shanghai' },
    clock: { now: () => NOW },
  };
  return { ports, create, decide, today };
}

const silent = { info() {}, warn() {}, error() {} };

function consoleChat(over: Parameters<typeof makePorts>[0] = {}) {
  const fake = makePorts(over);
  const channel = new ConsoleChannel({ now: () => NOW });
  const posted: ChatMessage[] = [];
  channel.onPosted((m) => posted.push(m));
  void channel.start(createDispatcher({ ports: fake.ports, registry: createDefaultRegistry(), channel, logger: silent }));
  const bot = () => posted.filter((m) => m.from === 'bot');
  /** Sends `text` as `staffCode` and resolves with the bot's answer (handlers run after the input is acknowledged). */
  async function ask(staffCode: string, text: string): Promise<ChatMessage> {
    const before = bot().length;
    channel.receiveText(ConsoleChannel.chatIdFor(staffCode), staffCode, text);
    await vi.waitFor(() => expect(bot().length).toBeGreaterThan(before), { timeout: 2000 });
    return bot()[before]!;
  }
  async function click(staffCode: string, card: ChatMessage, value: Record<string, string | number | boolean>): Promise<OutboundMessage> {
    await channel.receiveAction(card.chatId, staffCode, card.id, value);
    return posted.filter((m) => m.id === card.id).at(-1)!.message;
  }
  return { ...fake, channel, ask, click, posted };
}

/** A Feishu-like chat: messages arrive normalized with resolved mentions; replies are recorded. */
function feishuChat() {
  const fake = makePorts();
  const replies: OutboundMessage[] = [];
  const channel: Channel = {
    name: 'feishu-test', start: async () => {}, stop: async () => {}, update: async () => {},
    send: async (_chat, message) => (replies.push(message), { messageId: `om_${replies.length}` }),
    reply: async (_id, message) => (replies.push(message), { messageId: `om_${replies.length}` }),
  };
  const dispatcher = createDispatcher({ ports: fake.ports, registry: createDefaultRegistry(), channel, logger: silent });
  let n = 0;
  const say = (text: string, mentions: NormalizedMessage['mentions']) => dispatcher.onMessage({
    id: `om_in_${++n}`, chatId: 'oc_group', chatType: 'group', sender: { channelUserId: 'ou_wang', staffCode: 'S1' }, text, mentionsBot: true, at: NOW,
    ...(mentions ? { mentions } : {}),
  });
  return { ...fake, replies, say };
}

const cardOf = (m: ChatMessage | OutboundMessage) => {
  const message = 'message' in m ? m.message : m;
  if (message.kind !== 'card') throw new Error(`expected a card, got ${JSON.stringify(message)}`);
  return message.card;
};
const textOf = (m: ChatMessage) => (m.message.kind === 'text' ? m.message.text : JSON.stringify(m.message));
const buttonsOf = (m: ChatMessage | OutboundMessage) => cardOf(m).elements.flatMap((e) => (e.kind === 'actions' ? e.buttons : []));

describe('指标 / kpi', () => {
  it('shows the asker’s own branch for 指标 alone', async () => {
    const { ask, today } = consoleChat();
    expect(cardOf(await ask('S2', '指标')).title).toBe('建国路网点 · 今日指标');
    expect(today).toHaveBeenCalledWith('branch:BJ0101');
  });

  it('answers in English for kpi', async () => {
    const { ask } = consoleChat();
    expect(cardOf(await ask('S2', 'kpi')).title).toBe('建国路网点 · today');
  });

  it('accepts the asker’s own branch by code, in any case', async () => {
    const { ask } = consoleChat();
    expect(cardOf(await ask('S2', '指标 bj0101')).title).toBe('建国路网点 · 今日指标');
  });

  it('refuses a branch outside the asker’s scope without showing it', async () => {
    const { ask } = consoleChat();
    const answer = await ask('S2', '指标 BJ0102');
    expect(textOf(answer)).toBe('该网点不在您的权限范围内。');
  });

  it('says a branch that does not exist is not found', async () => {
    const { ask } = consoleChat();
    expect(textOf(await ask('S2', '指标 BJ9999'))).toContain('找不到该网点');
    expect(textOf(await ask('S2', 'kpi BJ9999'))).toContain('No such branch');
  });
});

describe('提名 / nominate', () => {
  it('records a nomination typed as @工号 and replies with the recorded card naming the approver', async () => {
    const { ask, create } = consoleChat();
    const answer = await ask('S1', '提名 @S2 耐心为老年客户办理业务一小时');
    expect(create).toHaveBeenCalledWith('S1', { nomineeCode: 'S2', reason: '耐心为老年客户办理业务一小时' });
    expect(cardOf(answer)).toMatchObject({ title: '提名已记录', elements: [{ kind: 'fields' }, { kind: 'markdown' }, { kind: 'note', text: '已提交 刘分行 审批，结果会通知您。' }] });
  });

  it('resolves @姓名, drops a 理由： prefix and takes a customer\'s praise as evidence', async () => {
    const { ask, create } = consoleChat();
    await ask('S1', '提名 @李娜 理由：耐心为老年客户办理业务 客户表扬：这位柜员特别耐心');
    expect(create).toHaveBeenCalledWith('S1', { nomineeCode: 'S2', reason: '耐心为老年客户办理业务', praise: '这位柜员特别耐心' });
  });

  it('nominates each of several Feishu mentions on its own, ignoring a mention not in the text (the bot addressed)', async () => {
    const { say, create, replies } = feishuChat();
    await say('提名 @李娜 @赵临时 一起加班为企业客户开户十户', [
      { name: '示范银行助手', channelUserId: 'ou_bot', staffCode: undefined },
      { name: '李娜', channelUserId: 'ou_li', staffCode: 'S2' },
      { name: '赵临时', channelUserId: 'ou_zhao', staffCode: 'S3' },
    ]);
    expect(create.mock.calls).toEqual([
      ['S1', { nomineeCode: 'S2', reason: '一起加班为企业客户开户十户' }],
      ['S1', { nomineeCode: 'S3', reason: '一起加班为企业客户开户十户' }],
    ]);
    expect(replies.map((r) => cardOf(r).title)).toEqual(['提名已记录', '提名已记录']);
  });

  it('refuses a mention that is not staff by name, and still nominates the others', async () => {
    const { say, create, replies } = feishuChat();
    await say('提名 @访客 @李娜 耐心为老年客户办理业务', [{ name: '访客', channelUserId: 'ou_guest' }, { name: '李娜', channelUserId: 'ou_li', staffCode: 'S2' }]);
    expect(create).toHaveBeenCalledTimes(1);
    expect(cardOf(replies[0]!).title).toBe('提名已记录');
    expect(replies[1]).toEqual({ kind: 'text', text: expect.stringMatching(/^访客 不是本行在职员工，不能被提名（规则：只能提名本行在职员工）。\n用法：提名 @同事 理由/) });
  });

  it('passes the server\'s refusal (naming the rule) back for that person', async () => {
    const { ask, create } = consoleChat();
    const answer = textOf(await ask('S1', '提名 @S2 好'));
    expect(create).toHaveBeenCalledWith('S1', { nomineeCode: 'S2', reason: '好' });
    expect(answer.split('\n')[0]).toBe('S2：提名理由至少 10 个字（规则：理由须写明具体事迹），当前只有 1 个字。');
  });

  it('asks for someone to nominate when no one is @mentioned', async () => {
    const { ask, create } = consoleChat();
    const answer = textOf(await ask('S1', '提名 服务热情周到耐心细致'));
    expect(answer.split('\n')[0]).toBe('请 @ 要提名的同事（或写 @工号）。');
    expect(create).not.toHaveBeenCalled();
  });

  it('refuses an unknown typed colleague by the name typed', async () => {
    const { ask, create } = consoleChat();
    expect(textOf(await ask('S1', '提名 @S999 服务热情周到耐心细致')).split('\n')[0]).toBe('S999 不是本行在职员工，不能被提名（规则：只能提名本行在职员工）。');
    expect(create).not.toHaveBeenCalled();
  });

  it('refuses a person without the nominations.create permission', async () => {
    const { ask, create } = consoleChat();
    expect(textOf(await ask('S3', '提名 @S2 服务热情'))).toBe('抱歉，您的岗位权限不能在此办理该事项。');
    expect(create).not.toHaveBeenCalled();
  });
});

describe('reviewing a nomination', () => {
  async function tasksCard(over: Parameters<typeof makePorts>[0] = {}) {
    const chat = consoleChat({ pending: [nomination()], ...over });
    const card = await chat.ask('S1', '我的任务');
    return { ...chat, card };
  }

  it('lists pending nominations with 通过 / 驳回 buttons under 我的任务', async () => {
    const { card } = await tasksCard();
    expect(cardOf(card).title).toBe('我的任务（1）');
    expect(buttonsOf(card).map((b) => [b.label, b.value])).toEqual([
      ['通过', { action: 'nomination.approve', id: 7, branch: 'BJ0101', locale: 'zh-CN' }],
      ['驳回', { action: 'nomination.reject', id: 7, branch: 'BJ0101', locale: 'zh-CN' }],
    ]);
  });

  it('says so when nothing waits', async () => {
    const { ask } = consoleChat();
    const answer = await ask('S1', '我的任务');
    expect(cardOf(answer)).toMatchObject({ title: '我的任务（0）', elements: [{ kind: 'markdown', text: expect.stringContaining('目前没有待您处理的事项') }] });
    expect(buttonsOf(answer)).toEqual([]);
  });

  it('approves on 通过 and replaces the card with the decided one', async () => {
    const { card, click, decide } = await tasksCard();
    const replaced = await click('S1', card, buttonsOf(card)[0]!.value);
    expect(decide).toHaveBeenCalledWith('S1', 7, { approved: true });
    expect(cardOf(replaced).title).toBe('服务明星提名 · 已通过');
    expect(buttonsOf(replaced)).toEqual([]);
    expect(JSON.stringify(replaced)).toContain('**王建国** 已于 11-28 10:00 通过');
    expect(JSON.stringify(replaced)).not.toContain('别处处理');
  });

  it('asks for a reason on 驳回, and the follow-up 驳回 <id> 理由 decides and shows the reason', async () => {
    const { card, click, decide, ask, posted } = await tasksCard();
    await click('S1', card, buttonsOf(card)[1]!.value);
    expect(decide).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(posted.map((m) => textOf(m))).toContain('驳回须写明理由，提名人会看到。请回复：驳回 7 理由（例如「驳回 7 事迹不够具体」）。'));
    const answer = await ask('S1', '驳回 7 事迹不够具体');
    expect(decide).toHaveBeenCalledWith('S1', 7, { approved: false, reason: '事迹不够具体' });
    expect(cardOf(answer).title).toBe('服务明星提名 · 已驳回');
    expect(JSON.stringify(answer)).toContain('理由：事迹不够具体');
  });

  it('shows where it stands, with the stale note, when it was decided elsewhere', async () => {
    const { card, click } = await tasksCard({ decideChanged: false });
    const replaced = await click('S1', card, buttonsOf(card)[0]!.value);
    expect(cardOf(replaced).elements.at(-1)).toEqual({ kind: 'note', text: '此提名已在别处处理，以下为当前状态。' });
  });

  it('refuses a click for a branch the person may not approve in', async () => {
    const { card, click, decide } = await tasksCard();
    const replaced = await click('S1', card, { ...buttonsOf(card)[0]!.value, branch: 'BJ0102' });
    expect(replaced).toEqual({ kind: 'text', text: '抱歉，您的岗位权限不能在此办理该事项。' });
    expect(decide).not.toHaveBeenCalled();
  });
});

describe('complaint commands', () => {
  const two = () => [complaintCard(), complaintCard({ id: 12, reference: 'TS-2026-000012', clockState: 'overdue', decisionDueAt: '2026-11-27T15:59:59Z' })];

  it('投诉 lists open complaints, overdue flagged, with 认领 on unclaimed ones', async () => {
    openComplaints = two();
    const { ask } = consoleChat();
    const answer = await ask('S1', '投诉');
    expect(cardOf(answer)).toMatchObject({ title: '未办结投诉（2）', color: 'red' });
    expect(JSON.stringify(answer)).toContain('🔴 TS-2026-000012 建国路网点 等候时间 · 已超时');
    expect(buttonsOf(answer).map((b) => b.label)).toEqual(['认领', '认领']);
    openComplaints = [];
  });

  it('我的任务 puts complaints to claim before nominations', async () => {
    openComplaints = two();
    const { ask } = consoleChat({ pending: [nomination()] });
    const answer = await ask('S1', '我的任务');
    expect(cardOf(answer).title).toBe('我的任务（3）');
    expect(buttonsOf(answer).map((b) => b.value.action)).toEqual(['complaint.claim', 'complaint.claim', 'nomination.approve', 'nomination.reject']);
    openComplaints = [];
  });

  it('认领 on a complaint card claims it; a card claimed elsewhere answers where it stands', async () => {
    const { ask, click } = consoleChat();
    openComplaints = [complaintCard()];
    const list = await ask('S1', '投诉');
    const claimed = await click('S1', list, buttonsOf(list)[0]!.value);
    expect(JSON.stringify(claimed)).toContain('已认领（王建国）');
    expect(JSON.stringify(claimed)).not.toContain('此投诉状态已变化');
    const late = await click('S2', list, buttonsOf(list)[0]!.value);
    expect(JSON.stringify(late)).toContain('此投诉状态已变化');
    openComplaints = [];
  });

  it('登记投诉 registers a walk-in complaint, and explains the format when it is incomplete', async () => {
    const { ask } = consoleChat();
    expect(cardOf(await ask('S1', '登记投诉 张三明 13812345678 排队一小时无人引导'))).toMatchObject({ title: '投诉待处理 · TS-2026-000013' });
    expect((await ask('S1', '登记投诉 张三明')).message).toMatchObject({ kind: 'text', text: expect.stringContaining('用法：登记投诉 客户姓名 手机号 投诉内容') });
  });

  it('refuses 投诉 to someone without the permission', async () => {
    const { ask } = consoleChat();
    expect((await ask('S3', '投诉')).message).toMatchObject({ kind: 'text', text: expect.stringContaining('权限') });
  });
});
