import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/platform/clock.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

// 2026-11-28 10:30 in Shanghai.
const clock = fixedClock('2026-11-28T02:30:00Z');

/**
 * Queue machines posting one event per request, many at once (bench B2): concurrent requests share
 * branch lookups and transactions, yet each request gets its own verdict and every accepted
 * event is counted exactly once.
 */
describe('single-event posters, concurrently', () => {
  let app: TestServer;
  let key: string;
  let narrowKey: string;
  const send = (event: unknown, secret: string) =>
    fetch(`${app.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify({ events: [event] }) })
      .then(async (r) => ({ status: r.status, body: await r.json() }));

  beforeAll(async () => {
    app = await startTestServer({ clock, seed: (db) => seedTwoRegionBank(db.sql) });
    const admin = await app.admin();
    key = (await (await admin.post('/api-keys', { name: '排队机', scope: 'bank', eventTypes: ['ticket.issued', 'ticket.called'] })).json()).secret;
    narrowKey = (await (await admin.post('/api-keys', { name: '北京排队机', scope: 'region:BJ', eventTypes: ['ticket.issued'] })).json()).secret;
  });
  afterAll(() => app.close());

  it('answers each request on its own: unknown and out-of-scope branches refused, the rest counted once', async () => {
    const requests = Array.from({ length: 60 }, (_, i) => {
      const branch = i % 10 === 3 ? 'NOPE01' : i % 2 ? 'SH0101' : 'BJ0101';
      // Every fifth request comes from the BJ-only key: its SH events are out of scope.
      const secret = i % 5 === 0 ? narrowKey : key;
      return { secret, event: { id: `e${i}`, type: 'ticket.issued', branch, at: '2026-11-28T10:00:00+08:00', ticket: `A${String(i).padStart(3, '0')}` } };
    });
    const answers = await Promise.all(requests.map((r) => send(r.event, r.secret)));
    const expected = requests.map((r) => {
      if (r.event.branch === 'NOPE01') return 'branch';
      if (r.secret === narrowKey && r.event.branch === 'SH0101') return 'scope';
      return 'accepted';
    });
    answers.forEach((answer, i) => {
      expect(answer.status).toBe(200);
      if (expected[i] === 'accepted') expect(answer.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
      else {
        expect(answer.body.accepted).toBe(0);
        expect(answer.body.rejected).toHaveLength(1);
        expect(answer.body.rejected[0].index).toBe(0);
        if (expected[i] === 'branch') expect(answer.body.rejected[0].field).toBe('branch');
      }
    });
    const accepted = (branch: string) => requests.filter((r, i) => expected[i] === 'accepted' && r.event.branch === branch).length;
    const issued = await app.db.sql<{ code: string; issued: number }[]>`
      select b.code, d.issued from branch_day_kpis d join branches b on b.id = d.branch_id order by b.code`;
    expect(issued).toEqual([{ code: 'BJ0101', issued: accepted('BJ0101') }, { code: 'SH0101', issued: accepted('SH0101') }]);
    const [count] = await app.db.sql<{ n: number }[]>`select count(*)::int as n from service_events`;
    expect(count!.n).toBe(expected.filter((e) => e === 'accepted').length);
  });
});
