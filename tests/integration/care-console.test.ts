import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../server/contract/payloads/chat.ts';
import { generateCareTasks } from '../../server/domains/care/index.ts';
import { bankDay } from '../../server/platform/bank-time.ts';
import { seedSmallBank } from './helpers/seed.ts';
import { startTestServer, waitForEvent, type TestServer } from './helpers/test-server.ts';

const titled = (prefix: string) => (m: ChatMessage) => m.from === 'bot' && m.message.kind === 'card' && m.message.card.title.startsWith(prefix);
const buttons = (m: ChatMessage) => (m.message.kind === 'card' ? m.message.card.elements.flatMap((e) => (e.kind === 'actions' ? e.buttons : [])) : []);

/** Without Feishu, the account manager's morning list arrives in their /chat console and is ticked off there. */
describe('customer care in the console chat', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer({ seed: async (db) => void (await seedSmallBank(db.sql)) });
    const today = bankDay(new Date(), 'Asia/Shanghai');
    await app.db.sql`insert into customers (code, name, branch_id, account_manager_id, tier, birthday_calendar, birth_month, birth_day)
      select 'CY1', '张三明', b.id, (select id from staff where code = 'S000002'), 'mass', 'solar', ${Number(today.slice(5, 7))}, ${Number(today.slice(8, 10))} from branches b where b.code = 'BJ0101'`;
    // The branch has no group chat: the list goes to the account manager (S000002) personally.
    expect((await generateCareTasks(app.server.care, today, { actor: 'test', post: true })).digests).toBe(1);
  });
  afterAll(() => app.close());

  it('shows the list in /chat and 电话 redraws it as done', async () => {
    const socket = await app.connectSocket();
    const arrives = waitForEvent(socket, 'chat:posted', titled('今日客户关怀'), 8000);
    const joined = await socket.emitWithAck('chat:join', { staffCode: 'S000002' });
    expect(joined.ok).toBe(true);
    const history = joined.ok ? joined.data.history.filter(titled('今日客户关怀')) : [];
    const list = history[0] ?? (await arrives);
    expect(JSON.stringify(list)).toContain('张*明');
    expect(JSON.stringify(list)).not.toContain('张三明');
    expect(buttons(list).map((b) => b.label)).toEqual(['电话', '短信', '上门', '跳过']);
    const redrawn = waitForEvent(socket, 'chat:posted', (m) => m.id === list.id && JSON.stringify(m).includes('已电话问候'), 8000);
    expect(await socket.emitWithAck('chat:act', { messageId: list.id, value: buttons(list)[0]!.value })).toEqual({ ok: true, data: { accepted: true } });
    await redrawn;
    expect(await app.db.sql`select status, done_via from care_tasks`).toEqual([{ status: 'done', doneVia: 'phone' }]);
  });
});
