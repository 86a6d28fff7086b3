import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MyWork } from '../../server/contract/payloads/work.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { createUser, login, type Client } from './helpers/access.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, waitForEvent, type TestServer } from './helpers/test-server.ts';

const clock = fixedClock('2026-11-05T02:00:00Z'); // Thursday 10:00 in Shanghai

/** "我的工作": exactly the items of the person's scope and role, live when one is claimed elsewhere. */
describe('my work', () => {
  let app: TestServer;
  let head: Client;
  let handler: Client;
  let shHead: Client;
  let teller: Client;
  const work = async (who: Client) => (await (await who.get('/my-work')).json()) as MyWork;
  const section = (w: MyWork, key: string) => w.sections.find((s) => s.key === key)!.items;
  const create = async (branch: string, name: string) => {
    const who = branch === 'BJ0101' ? head : shHead;
    const r = await who.post('/complaints', { branch, receivedAt: '2026-11-04T11:00:00+08:00', channel: 'counter', category: 'service_attitude', complainant: { name, phone: '13912345678' }, summary: '柜员态度生硬' });
    expect(r.status).toBe(201);
    return ((await r.json()) as { id: number }).id;
  };

  beforeAll(async () => {
    app = await startTestServer({ clock, seed: (db) => seedTwoRegionBank(db.sql) });
    await createUser(app.db, { username: 'bj-head', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' });
    await app.db.sql`insert into staff (code, name, role, branch_id) select 'S000010', '孙处理', 'complaint_handler', id from branches where code = 'BJ0101'`;
    await createUser(app.db, { username: 'bj-handler', role: 'complaint_handler', scope: 'branch:BJ0101', staffCode: 'S000010' });
    await createUser(app.db, { username: 'sh-head', role: 'branch_head', scope: 'branch:SH0101', staffCode: 'S000009' });
    await createUser(app.db, { username: 'bj-teller', role: 'staff', scope: 'branch:BJ0101', staffCode: 'S000002' });
    [head, handler, shHead, teller] = await Promise.all(['bj-head', 'bj-handler', 'sh-head', 'bj-teller'].map((u) => login(app.url, u))) as [Client, Client, Client, Client];
  });
  afterAll(() => app?.close());

  it('lists complaints to claim in the person’s own scope only, masked, with the clock; a teller has none', async () => {
    const bj = await create('BJ0101', '欧阳娜娜');
    const sh = await create('SH0101', '上官婉儿');
    const mine = section(await work(head), 'complaints');
    expect(mine.map((i) => i.id)).toEqual([`complaint:${bj}`]);
    expect(mine[0]).toMatchObject({ action: 'claim', href: `/complaints/${bj}`, clockState: 'on_track', detail: expect.stringContaining('欧阳**') });
    expect(mine[0]!.dueAt).toMatch(/^2026-11-/);
    expect(section(await work(shHead), 'complaints').map((i) => i.id)).toEqual([`complaint:${sh}`]);
    expect(await work(teller)).toMatchObject({ sections: [{ key: 'complaints', items: [] }, { key: 'nominations', items: [] }, { key: 'rectifications', items: [] }, { key: 'care', items: [] }] });
    expect((await fetch(`${app.url}/api/v1/my-work`)).status).toBe(401);
  });

  it('follows the steps: claimed by me → contact; contacted → decide; claimed by someone else → gone, live over Socket.IO', async () => {
    const id = await create('BJ0101', '司马光');
    const socket = await head.socket();
    const ack = await socket.emitWithAck('work:subscribe', {});
    expect(ack).toEqual({ ok: true, data: { room: 'work' } });
    expect(section(await work(head), 'complaints').map((i) => i.id)).toContain(`complaint:${id}`);
    const changed = waitForEvent(socket, 'work:changed', (c) => c.section === 'complaints');
    expect((await handler.post(`/complaints/${id}/claim`)).status).toBe(200);
    expect(await changed).toMatchObject({ section: 'complaints' });
    expect(section(await work(head), 'complaints').map((i) => i.id)).not.toContain(`complaint:${id}`);
    socket.close();

    const own = await create('BJ0101', '诸葛亮');
    await head.post(`/complaints/${own}/claim`);
    expect(section(await work(head), 'complaints').find((i) => i.id === `complaint:${own}`)).toMatchObject({ action: 'contact' });
    await head.post(`/complaints/${own}/contact`, { note: '电话致歉' });
    expect(section(await work(head), 'complaints').find((i) => i.id === `complaint:${own}`)).toMatchObject({ action: 'decide' });
  });

  it('lists the nominations a branch head decides, and none to the nominee', async () => {
    await app.db.sql`
      insert into nominations (nominator_id, nominee_id, reason, channel, status, created_at, month, approver_id)
      values ((select id from staff where code = 'S000009'), (select id from staff where code = 'S000002'), '耐心讲解自助设备', 'feishu', 'pending', now(), '2026-11',
              (select id from staff where code = 'S000001'))`;
    expect(section(await work(head), 'nominations')).toMatchObject([{ action: 'approve', title: '李晓梅', detail: expect.stringContaining('耐心讲解自助设备') }]);
    expect(section(await work(teller), 'nominations')).toEqual([]);
    expect(section(await work(shHead), 'nominations')).toEqual([]);
  });
});
