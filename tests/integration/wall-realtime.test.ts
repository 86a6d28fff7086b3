import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiUpdated } from '../../server/contract/payloads/wall.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { connectSocket, createUser, login } from './helpers/access.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, waitForEvent, type TestServer, type TestSocket } from './helpers/test-server.ts';

const clock = fixedClock('2026-11-28T02:30:00Z'); // 10:30 in Shanghai
const at = (local: string) => `2026-11-28T${local}+08:00`;
let n = 0;
const issued = (branch: string, local = '10:00:00') => ({ id: `w${++n}`, type: 'ticket.issued', branch, at: at(local), ticket: `T${n}` });

describe('wall: snapshot on subscribe, then sequenced deltas after commit', () => {
  let app: TestServer;
  let key: string;
  let leader: TestSocket;
  let shHead: TestSocket;
  const ingest = async (events: unknown[]) => {
    const response = await fetch(`${app.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
    expect(response.status).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    app = await startTestServer({ clock, env: { KPI_PUSH_PER_SECOND: '2' }, seed: (db) => seedTwoRegionBank(db.sql) });
    const admin = await app.admin();
    key = (await (await admin.post('/api-keys', { name: 'q', scope: 'bank', eventTypes: ['ticket.issued', 'ticket.called', 'evaluation.submitted'] })).json()).secret;
    await createUser(app.db, { username: 'boss', role: 'leader', scope: 'bank' });
    await createUser(app.db, { username: 'sh-head', role: 'branch_head', scope: 'branch:SH0101', staffCode: 'S000009' });
    leader = await (await login(app.url, 'boss')).socket();
    shHead = await (await login(app.url, 'sh-head')).socket();
  });
  afterAll(async () => {
    leader?.close();
    shHead?.close();
    await app.close();
  });

  it('answers a subscription with the scope’s figures and seq, then sends only what changed with seq + 1', async () => {
    const snapshot = await leader.emitWithAck('wall:subscribe', { scope: 'bank' });
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    expect(snapshot.data).toMatchObject({ scope: 'bank', seq: 0, kpis: { scope: 'bank', day: '2026-11-28', kpis: { issued: 0 } } });
    expect(snapshot.data.ranking.items.map((i) => i.code).sort()).toEqual(['BJ', 'SH']);

    const update = waitForEvent(leader, 'kpi:updated');
    await ingest([issued('BJ0101')]);
    const delta = await update;
    expect(delta).toMatchObject({ scope: 'bank', seq: 1, changes: { kpis: { issued: 1 } } });
    expect(delta.changes.ranking?.find((i) => i.code === 'BJ')?.kpis.issued).toBe(1);
    expect(delta.changes.hourly?.map((h) => h.hour)).toEqual(['2026-11-28T02:00:00.000Z']); // only the 10:00 hour changed
    expect(snapshot.data.grid.map((c) => c.code)).toEqual(['BJ0101', 'SH0101']);
  });

  it('never sends a branch head another branch’s figures, and refuses to subscribe outside their scope', async () => {
    expect(await shHead.emitWithAck('wall:subscribe', { scope: 'branch:BJ0101' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await shHead.emitWithAck('wall:subscribe', { scope: 'bank' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const own = await shHead.emitWithAck('wall:subscribe', { scope: 'branch:SH0101' });
    expect(own).toMatchObject({ ok: true, data: { scope: 'branch:SH0101', seq: 0 } });
    const received: KpiUpdated[] = [];
    shHead.on('kpi:updated', (u) => received.push(u));
    const leaderSees = waitForEvent(leader, 'kpi:updated');
    await ingest([issued('BJ0101', '10:05:00')]);
    await leaderSees; // BJ's change has been pushed by now
    const shSees = waitForEvent(shHead, 'kpi:updated');
    await ingest([issued('SH0101', '10:06:00')]);
    expect(await shSees).toMatchObject({ scope: 'branch:SH0101', seq: 1, changes: { kpis: { issued: 1 } } });
    expect(received.map((u) => u.scope)).toEqual(['branch:SH0101']);
  });

  it('sends nothing for a change whose transaction rolled back', async () => {
    const [branch] = await app.db.sql<{ id: string }[]>`select id from branches where code = 'BJ0101'`;
    const id = branch!.id;
    // The previous test's last change may still wait for the bank room's window (500 ms): let it
    // go out first, or on a busy machine it lands after this snapshot and takes seq + 1.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const before = (await leader.emitWithAck('wall:subscribe', { scope: 'bank' })) as { ok: true; data: { seq: number } };
    const updates: KpiUpdated[] = [];
    leader.on('kpi:updated', (u) => updates.push(u));
    await expect(app.db.changes.transaction(async (tx, changes) => {
      await tx`insert into branch_day_kpis (branch_id, service_day, issued, updated_at) values (${id}, '2026-11-28', 0, now()) on conflict do nothing`;
      changes.notify('kpi_changed', { xid: '1', part: 0, parts: 1, feed: [], business: [], hours: [[String(id), '2026-11-28T02:00:00.000Z', '2026-11-28', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]] });
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    const next = waitForEvent(leader, 'kpi:updated');
    await ingest([issued('BJ0101', '10:07:00')]);
    expect((await next).seq).toBe(before.data.seq + 1);
    expect(updates).toHaveLength(1);
    leader.off('kpi:updated');
  });

  it('puts notable events on the feed in the same sequence', async () => {
    const snapshot = (await leader.emitWithAck('wall:subscribe', { scope: 'bank' })) as { ok: true; data: { seq: number } };
    const feed = waitForEvent(leader, 'feed:appended');
    await ingest([{ id: `bad${++n}`, type: 'evaluation.submitted', branch: 'SH0101', at: at('10:10:00'), ticket: 'T1', rating: 1 }]);
    const appended = await feed;
    expect(appended).toMatchObject({ scope: 'bank', seq: snapshot.data.seq + 1, items: [{ kind: 'low_rating', branchCode: 'SH0101', branchName: '上海陆家嘴网点', value: 1 }] });
    const again = (await leader.emitWithAck('wall:subscribe', { scope: 'bank' })) as { ok: true; data: { feed: { kind: string }[] } };
    expect(again.data.feed[0]).toMatchObject({ kind: 'low_rating' });
  });

  it('lets one socket hold several scopes, and a resubscribe after a gap resyncs at the latest seq', async () => {
    const socket = await (await login(app.url, 'boss')).socket();
    await socket.emitWithAck('wall:subscribe', { scope: 'bank' });
    const branch = await socket.emitWithAck('wall:subscribe', { scope: 'branch:BJ0101' });
    if (!branch.ok) throw new Error(branch.error.message);
    const scopes = new Set<string>();
    const both = new Promise<void>((resolve) => socket.on('kpi:updated', (u) => {
      scopes.add(u.scope);
      if (scopes.size === 2) resolve();
    }));
    await ingest([issued('BJ0101', '10:25:00')]);
    await both;
    expect([...scopes].sort()).toEqual(['bank', 'branch:BJ0101']);
    // A client that missed messages asks again: the snapshot carries the room's latest seq and figures.
    const again = await socket.emitWithAck('wall:subscribe', { scope: 'branch:BJ0101' });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.data.seq).toBe(branch.data.seq + 1);
    expect(again.data.kpis.kpis.issued).toBe(branch.data.kpis.kpis.issued + 1);
    socket.close();
  });

  it('coalesces a burst: a busy scope gets at most a few deltas a second, ending at the right figures', async () => {
    const screen = await connectSocket(app.url, { displayToken: (await (await (await app.admin()).post('/display-tokens', { name: 'bj', scope: 'region:BJ' })).json()).secret });
    const start = await screen.emitWithAck('wall:subscribe', { scope: 'region:BJ' });
    if (!start.ok) throw new Error(start.error.message);
    const updates: KpiUpdated[] = [];
    screen.on('kpi:updated', (u) => updates.push(u));
    const started = Date.now();
    for (let i = 0; i < 10; i++) await ingest([issued('BJ0101', '10:20:00')]);
    const target = start.data.kpis.kpis.issued + 10;
    await waitUntil(() => updates.at(-1)?.changes.kpis?.issued === target);
    const seconds = (Date.now() - started) / 1000;
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(seconds * 2) + 1);
    expect(updates.map((u) => u.seq)).toEqual(updates.map((_, i) => start.data.seq + i + 1)); // no gaps
    screen.close();
  });
  it('sends a new target to the open walls it applies to, without waiting for an event', async () => {
    const socket = await (await login(app.url, 'boss')).socket();
    try {
      const snapshot = (await socket.emitWithAck('wall:subscribe', { scope: 'branch:SH0101' })) as { ok: true; data: { seq: number; kpis: { targets: { satisfactionRate?: number } } } };
      expect(snapshot.data.kpis.targets.satisfactionRate).toBe(0.98);
      const update = waitForEvent(socket, 'kpi:updated');
      expect((await (await app.admin()).post('/kpi-targets', { scope: 'region:SH', kpi: 'satisfactionRate', target: 0.9 })).status).toBe(200);
      expect(await update).toMatchObject({ scope: 'branch:SH0101', seq: snapshot.data.seq + 1, changes: { targets: { satisfactionRate: 0.9 } } });
    } finally {
      socket.close();
    }
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
