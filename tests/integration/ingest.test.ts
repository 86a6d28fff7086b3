import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/platform/clock.ts';
import { createUser, login } from './helpers/access.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

// 2026-11-28 10:30 in Shanghai.
const clock = fixedClock('2026-11-28T02:30:00Z');
const at = (local: string) => `2026-11-28T${local}+08:00`;

describe('POST /api/v1/events', () => {
  let app: TestServer;
  let key: string;
  const send = (events: unknown[], secret = key) =>
    fetch(`${app.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
  const day = async (branch = 'BJ0101', serviceDay = '2026-11-28') => {
    const [row] = await app.db.sql`
      select d.issued, d.called, d.finished, d.wait_count, d.wait_seconds::int, d.long_waits, d.handling_count, d.handling_seconds::int,
             d.evaluations, d.satisfied, d.rating_sum, d.service_errors
      from branch_day_kpis d join branches b on b.id = d.branch_id
      where b.code = ${branch} and d.service_day = ${serviceDay}`;
    return row;
  };

  beforeAll(async () => {
    app = await startTestServer({ clock, seed: (db) => seedTwoRegionBank(db.sql) });
    const admin = await app.admin();
    key = (await (await admin.post('/api-keys', { name: '排队机', scope: 'bank', eventTypes: ['ticket.issued', 'ticket.called', 'ticket.finished', 'evaluation.submitted', 'service_error.recorded'] })).json()).secret;
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await app.db.sql`truncate service_events, tickets, branch_hour_kpis, branch_day_kpis, branch_day_business_kpis`;
  });

  it('rolls a day of tickets up to the figures computed by hand', async () => {
    const events = [
      // A001: waited 10 min, handled 8 min (开户), rated 5.
      { id: '1', type: 'ticket.issued', branch: 'BJ0101', at: at('09:00:00'), ticket: 'A001', business: '开户' },
      { id: '2', type: 'ticket.called', branch: 'BJ0101', at: at('09:10:00'), ticket: 'A001', counter: '3', teller: 'S000002' },
      { id: '3', type: 'ticket.finished', branch: 'BJ0101', at: at('09:18:00'), ticket: 'A001' },
      { id: '4', type: 'evaluation.submitted', branch: 'BJ0101', at: at('09:18:30'), ticket: 'A001', rating: 5 },
      // A002: waited 20 min (long), handled 4 min (存取款), rated 3; a service error.
      { id: '5', type: 'ticket.issued', branch: 'BJ0101', at: at('09:05:00'), ticket: 'A002', business: '存取款' },
      { id: '6', type: 'ticket.called', branch: 'BJ0101', at: at('09:25:00'), ticket: 'A002' },
      { id: '7', type: 'ticket.finished', branch: 'BJ0101', at: at('09:29:00'), ticket: 'A002' },
      { id: '8', type: 'evaluation.submitted', branch: 'BJ0101', at: at('09:30:00'), ticket: 'A002', rating: 3 },
      { id: '9', type: 'service_error.recorded', branch: 'BJ0101', at: at('09:31:00'), ticket: 'A002' },
      // A003: issued, still waiting.
      { id: '10', type: 'ticket.issued', branch: 'BJ0101', at: at('10:15:00'), ticket: 'A003' },
    ];
    expect(await (await send(events)).json()).toEqual({ accepted: 10, duplicates: 0, rejected: [] });
    expect(await day()).toEqual({
      issued: 3, called: 2, finished: 2, waitCount: 2, waitSeconds: 1800, longWaits: 1, handlingCount: 2, handlingSeconds: 720,
      evaluations: 2, satisfied: 1, ratingSum: 8, serviceErrors: 1,
    });
    const hours = await app.db.sql`select to_char(hour at time zone 'Asia/Shanghai', 'HH24') as h, issued, wait_count from branch_hour_kpis order by hour`;
    expect(hours).toEqual([{ h: '09', issued: 2, waitCount: 2 }, { h: '10', issued: 1, waitCount: 0 }]);
    const business = await app.db.sql`select business, finished, handling_seconds::int from branch_day_business_kpis order by business`;
    expect(business).toEqual([{ business: '存取款', finished: 1, handlingSeconds: 240 }, { business: '开户', finished: 1, handlingSeconds: 480 }]);
  });

  it('accepts the good events of a batch and rejects each bad one with its index, field and reason', async () => {
    const result = await (await send([
      { id: 'ok', type: 'ticket.issued', branch: 'BJ0101', at: at('09:00:00'), ticket: 'A001' },
      { type: 'ticket.issued', branch: 'BJ0101', at: at('09:00:00'), ticket: 'A002' },
      { id: 'x', type: 'ticket.teleported', branch: 'BJ0101', at: at('09:00:00') },
      { id: 'y', type: 'ticket.called', branch: 'BJ0101', at: '2026-11-28 09:00', ticket: 'A002' },
      { id: 'z', type: 'evaluation.submitted', branch: 'BJ0101', at: at('09:00:00'), ticket: 'A001', rating: 6 },
      { id: 'w', type: 'ticket.issued', branch: 'BJ0999', at: at('09:00:00'), ticket: 'A009' },
      { id: 'v', type: 'ticket.issued', branch: 'BJ0101', at: at('11:00:00'), ticket: 'A010' },
      'not an event',
    ])).json();
    expect(result.accepted).toBe(1);
    expect(result.rejected).toEqual([
      { index: 1, field: 'id', reason: expect.any(String) },
      { index: 2, field: 'type', reason: expect.stringContaining('ticket.issued') },
      { index: 3, field: 'at', reason: expect.stringContaining('ISO-8601') },
      { index: 4, field: 'rating', reason: 'must be a whole number from 1 to 5' },
      { index: 5, field: 'branch', reason: 'unknown branch "BJ0999"' },
      { index: 6, field: 'at', reason: 'is in the future' },
      { index: 7, field: expect.any(String), reason: expect.any(String) },
    ]);
    expect((await day())!.issued).toBe(1);
  });

  it('is idempotent: a retried batch reports duplicates and changes nothing', async () => {
    const batch = [
      { id: 'r1', type: 'ticket.issued', branch: 'BJ0101', at: at('09:00:00'), ticket: 'B001' },
      { id: 'r2', type: 'ticket.called', branch: 'BJ0101', at: at('09:06:00'), ticket: 'B001' },
    ];
    expect(await (await send(batch)).json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    const before = await day();
    expect(await (await send(batch)).json()).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    expect(await (await send([batch[0], batch[0]])).json()).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    expect(await day()).toEqual(before);
  });

  it('counts only the new events of a retried batch that grew, also when it shares a transaction with other batches', async () => {
    const first = [
      { id: 'g1', type: 'ticket.issued', branch: 'BJ0101', at: at('09:00:00'), ticket: 'G001' },
      { id: 'g2', type: 'ticket.called', branch: 'BJ0101', at: at('09:04:00'), ticket: 'G001' },
    ];
    expect(await (await send(first)).json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    // Sent together, these batches are stored in one group transaction: the stored events of the
    // retry must be skipped while everything new in the group still counts, once.
    const grown = [...first, { id: 'g3', type: 'ticket.finished', branch: 'BJ0101', at: at('09:10:00'), ticket: 'G001' }];
    const others = Array.from({ length: 6 }, (_, k) => [{ id: `o${k}`, type: 'ticket.issued', branch: 'BJ0101', at: at('09:01:00'), ticket: `O00${k}` }]);
    const answers = await Promise.all([send(grown), ...others.map((batch) => send(batch))].map(async (r) => (await r).json()));
    expect(answers).toEqual([{ accepted: 1, duplicates: 2, rejected: [] }, ...others.map(() => ({ accepted: 1, duplicates: 0, rejected: [] }))]);
    expect(await day()).toMatchObject({ issued: 7, called: 1, finished: 1, waitCount: 1, waitSeconds: 240, handlingCount: 1, handlingSeconds: 360 });
    expect(await app.db.sql`select count(*)::int from service_events`).toEqual([{ count: 9 }]);
  });

  it('counts a late event (yesterday) in yesterday, and an out-of-order pair in the hour of the call', async () => {
    await send([{ id: 'late', type: 'ticket.issued', branch: 'BJ0101', at: '2026-11-27T16:40:00+08:00', ticket: 'A050' }]);
    expect((await day('BJ0101', '2026-11-27'))!.issued).toBe(1);
    await send([{ id: 'c', type: 'ticket.called', branch: 'BJ0101', at: at('09:20:00'), ticket: 'C001' }]);
    expect((await day())!.waitCount).toBe(0);
    await send([{ id: 'i', type: 'ticket.issued', branch: 'BJ0101', at: at('08:59:00'), ticket: 'C001' }]);
    expect(await day()).toMatchObject({ issued: 1, called: 1, waitCount: 1, waitSeconds: 1260, longWaits: 1 });
    const [hour] = await app.db.sql`select wait_count from branch_hour_kpis where to_char(hour at time zone 'Asia/Shanghai', 'HH24') = '09'`;
    expect(hour).toEqual({ waitCount: 1 });
  });

  it('rejects events outside the API key’s scope or event types, naming the field', async () => {
    const admin = await app.admin();
    const narrow = (await (await admin.post('/api-keys', { name: '上海评价器', scope: 'region:SH', eventTypes: ['evaluation.submitted'] })).json()).secret;
    const result = await (await send([
      { id: 'n1', type: 'evaluation.submitted', branch: 'SH0101', at: at('09:00:00'), ticket: 'A001', rating: 5 },
      { id: 'n2', type: 'evaluation.submitted', branch: 'BJ0101', at: at('09:00:00'), ticket: 'A001', rating: 5 },
      { id: 'n3', type: 'ticket.issued', branch: 'SH0101', at: at('09:00:00'), ticket: 'A001' },
    ], narrow)).json();
    expect(result).toEqual({ accepted: 1, duplicates: 0, rejected: [
      { index: 1, field: 'branch', reason: 'outside the API key’s scope' },
      { index: 2, field: 'type', reason: 'not allowed for this API key' },
    ] });
  });

  it('keeps each API key’s event ids apart: the same id from two sources is two events', async () => {
    const admin = await app.admin();
    const other = (await (await admin.post('/api-keys', { name: '另一台排队机', scope: 'bank', eventTypes: ['ticket.issued'] })).json()).secret;
    const one = [{ id: 'same', type: 'ticket.issued', branch: 'BJ0101', at: at('09:00:00'), ticket: 'D001' }];
    const two = [{ id: 'same', type: 'ticket.issued', branch: 'BJ0101', at: at('09:00:00'), ticket: 'D002' }];
    expect((await (await send(one)).json()).accepted).toBe(1);
    expect((await (await send(two, other)).json()).accepted).toBe(1);
  });

  it('takes concurrent batches over the same branches without deadlocks or lost counts', async () => {
    const batch = (k: number) => ['BJ0101', 'SH0101', 'BJ0101', 'SH0101'].map((branch, i) => ({
      id: `c${k}-${i}`, type: 'ticket.issued', branch: k % 2 ? branch : (branch === 'BJ0101' ? 'SH0101' : 'BJ0101'), at: at('09:00:00'), ticket: `C${k}-${i}`,
    }));
    const results = await Promise.all(Array.from({ length: 8 }, (_, k) => send(batch(k))));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect((await day('BJ0101'))!.issued + (await day('SH0101'))!.issued).toBe(32);
  });

  it('refuses oversized batches with 413 saying the limit', async () => {
    const many = Array.from({ length: 5001 }, (_, i) => ({ id: `m${i}`, type: 'ticket.issued', branch: 'BJ0101', at: at('09:00:00'), ticket: `M${i}` }));
    const tooMany = await send(many);
    expect(tooMany.status).toBe(413);
    expect((await tooMany.json()).error.message).toBe('a batch holds at most 5000 events; this one has 5001');
    const tooBig = await send([{ id: 'big', type: 'ticket.issued', branch: 'BJ0101', at: at('09:00:00'), ticket: 'X', pad: 'x'.repeat(6 * 1024 * 1024) }]);
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error.message).toBe('request body is larger than 5 MB, the limit of this endpoint');
  });

  it('answers 401 without a key and 403 to a person’s session', async () => {
    const anonymous = await fetch(`${app.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"events":[]}' });
    expect(anonymous.status).toBe(401);
    await createUser(app.db, { username: 'boss', role: 'leader', scope: 'bank' });
    expect((await (await login(app.url, 'boss')).post('/events', { events: [] })).status).toBe(403);
  });

  it('names the events field when the body has none', async () => {
    const response = await fetch(`${app.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{"event":[]}' });
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues[0].field).toBe('events');
  });
});
