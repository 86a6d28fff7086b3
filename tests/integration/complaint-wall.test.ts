import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepComplaints } from '../../server/domains/complaints/index.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { createUser, login } from './helpers/access.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, waitForEvent, type TestServer, type TestSocket } from './helpers/test-server.ts';

const clock = fixedClock('2026-11-16T06:00:00Z'); // 14:00 on 11-16 in Shanghai

describe('complaints on the wall', () => {
  let app: TestServer;
  let wall: TestSocket;
  let id: number;

  beforeAll(async () => {
    // The clock jumps ten hours below: the wall's session (a person's, idle meanwhile) must outlive
    // that, since open sockets now re-check their session and end with it.
    app = await startTestServer({ clock, seed: (db) => seedTwoRegionBank(db.sql), env: { BOT_QUIET_HOURS: 'off', SESSION_IDLE_MINUTES: '1440', SESSION_MAX_HOURS: '48' } });
    await createUser(app.db, { username: 'bj-head', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' });
    wall = await app.connectSocket();
  });
  afterAll(() => app?.close());

  it('shows a new complaint on the strip and in the feed of every wall that covers its branch', async () => {
    const before = await wall.emitWithAck('wall:subscribe', { scope: 'region:BJ' });
    if (!before.ok) throw new Error('subscribe failed');
    expect(before.data.complaints.open.total).toBe(0);
    const head = await login(app.url, 'bj-head');
    const updated = waitForEvent(wall, 'kpi:updated', (u) => u.scope === 'region:BJ' && u.changes.complaints !== undefined);
    const fed = waitForEvent(wall, 'feed:appended', (f) => f.items.some((i) => i.kind === 'complaint_received'));
    const created = await (await head.post('/complaints', {
      branch: 'BJ0101', receivedAt: '2026-11-01T09:00:00+08:00', channel: 'counter', category: 'fees', complainant: { name: '张三明', phone: '13812345678' }, summary: '多收手续费',
    })).json();
    id = created.id;
    const { changes } = await updated;
    expect(changes.complaints!.open).toMatchObject({ total: 1, dueSoon: 1, overdue: 0 });
    expect(changes.complaints!.strip).toEqual([{
      id, reference: created.reference, branchCode: 'BJ0101', branchName: '北京朝阳建国路网点', category: 'fees',
      decisionDueAt: '2026-11-16T15:59:59.000Z', clockState: 'due_soon', status: 'received',
    }]);
    expect(JSON.stringify(changes.complaints)).not.toContain('张');
    const feed = await fed;
    expect(feed.items[0]).toMatchObject({ kind: 'complaint_received', reference: created.reference, branchCode: 'BJ0101' });
  });

  it('turns the strip red when the complaint becomes overdue (the sweeper’s overdue step)', async () => {
    clock.set('2026-11-16T16:00:05Z'); // 00:00:05 on 11-17: the 15th day is over
    const updated = waitForEvent(wall, 'kpi:updated', (u) => u.changes.complaints?.open.overdue === 1);
    const fed = waitForEvent(wall, 'feed:appended', (f) => f.items.some((i) => i.kind === 'complaint_overdue'));
    const { alerts } = await sweepComplaints(app.server.complaints);
    expect(alerts).toBeGreaterThan(0);
    const { changes } = await updated;
    expect(changes.complaints!.strip[0]).toMatchObject({ id, clockState: 'overdue' });
    expect((await fed).items.find((i) => i.kind === 'complaint_overdue')).toMatchObject({ branchCode: 'BJ0101' });
    // A wall of another region hears nothing of it.
    const sh = await wall.emitWithAck('wall:subscribe', { scope: 'region:SH' });
    if (!sh.ok) throw new Error('subscribe failed');
    expect(sh.data.complaints.open.total).toBe(0);
  });
});
