import http from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/platform/clock.ts';
import { createLogger } from '../../server/platform/logger.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

// The ingest lane (ADR 0030) answers exactly as the Express route it stands in front of. Each
// request goes once with a content-length (the lane takes it) and once chunked (Express serves it).
const clock = fixedClock('2026-11-28T02:30:00Z'); // 10:30 in Shanghai
const event = (id: string, extra: object = {}) => ({ id, type: 'ticket.issued', branch: 'BJ0101', at: '2026-11-28T10:00:00+08:00', ticket: `L${id}`, ...extra });

interface Answer { status: number; headers: http.IncomingHttpHeaders; body: unknown }

describe('the ingest lane', () => {
  let app: TestServer;
  let key: string;
  let screen: string;
  const logLines: string[] = [];
  const post = (body: string, options: { via: 'lane' | 'express'; secret?: string; headers?: Record<string, string> }): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const { port } = new URL(app.url);
      const headers: Record<string, string> = { authorization: `Bearer ${options.secret ?? key}`, 'content-type': 'application/json', ...options.headers };
      if (options.via === 'lane') headers['content-length'] = String(Buffer.byteLength(body));
      else headers['transfer-encoding'] = 'chunked';
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/events', headers }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.end(body);
    });
  const both = async (body: (n: string) => string, options: { secret?: string } = {}) => {
    const lane = await post(body('1'), { via: 'lane', ...options });
    const express = await post(body('2'), { via: 'express', ...options });
    return { lane, express };
  };
  const SHARED_HEADERS = ['content-type', 'cache-control', 'content-security-policy', 'x-content-type-options', 'x-frame-options', 'strict-transport-security', 'referrer-policy', 'cross-origin-resource-policy'];

  beforeAll(async () => {
    const sink = new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } });
    app = await startTestServer({ clock, seed: (db) => seedTwoRegionBank(db.sql), logger: createLogger({ level: 'debug', destination: sink }) });
    const admin = await app.admin();
    key = (await (await admin.post('/api-keys', { name: '排队机', scope: 'bank', eventTypes: ['ticket.issued'] })).json()).secret;
    screen = (await (await admin.post('/display-tokens', { name: 'wall', scope: 'bank' })).json()).secret;
  });
  afterAll(() => app?.close());

  it('serves a batch as the Express route does: the same answer and headers, the rows stored', async () => {
    const { lane, express } = await both((n) => JSON.stringify({ events: [event(`ok-${n}`)] }));
    expect(lane.status).toBe(200);
    expect(lane.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(express.body).toEqual(lane.body);
    for (const name of SHARED_HEADERS) expect(lane.headers[name], name).toBe(express.headers[name]);
    expect(lane.headers['cache-control']).toBe('no-store');
    // What tells the two apart: Express hashes every answer into an ETag; the lane, serving POSTs only, does not.
    expect(express.headers.etag).toBeDefined();
    expect(lane.headers.etag).toBeUndefined();
    const rows = await app.db.sql`select event_id from service_events where event_id like 'ok-%' order by event_id`;
    expect(rows.map((r) => r.eventId)).toEqual(['ok-1', 'ok-2']);
    const again = await post(JSON.stringify({ events: [event('ok-1')] }), { via: 'lane', headers: { 'x-request-id': 'qm-0042' } });
    expect(again.body).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    expect(again.headers['x-request-id']).toBe('qm-0042');
  });

  it('answers every mistake as the Express route does, naming the field', async () => {
    const cases: { name: string; body: (n: string) => string; secret?: string; status: number; field?: string }[] = [
      { name: 'unknown key', body: (n) => JSON.stringify({ events: [event(`k${n}`)] }), secret: 'tsk_not-a-key', status: 401 },
      { name: 'display token', body: (n) => JSON.stringify({ events: [event(`d${n}`)] }), secret: screen, status: 403 },
      { name: 'broken JSON', body: () => '{"events": [', status: 400, field: 'body' },
      { name: 'a JSON string', body: () => '"events"', status: 400, field: 'body' },
      { name: 'events not a list', body: () => JSON.stringify({ events: 5 }), status: 400, field: 'events' },
      { name: 'NUL beside the events', body: () => JSON.stringify({ events: [], note: 'a\u0000b' }), status: 400, field: 'note' },
      { name: 'too many events', body: (n) => JSON.stringify({ events: Array.from({ length: 5001 }, (_, i) => event(`m${n}-${i}`)) }), status: 413 },
    ];
    for (const c of cases) {
      const { lane, express } = await both(c.body, c.secret ? { secret: c.secret } : {});
      expect(lane.status, c.name).toBe(c.status);
      expect(lane.body, c.name).toEqual(express.body);
      expect(lane.headers['content-type'], c.name).toBe(express.headers['content-type']);
      if (c.field) expect((lane.body as { error: { issues: { field: string }[] } }).error.issues[0]!.field, c.name).toBe(c.field);
    }
    // One bad event is its own: rejected by index, the rest of the batch stored.
    const { lane, express } = await both((n) => JSON.stringify({ events: [event(`g${n}`), event(`b${n}`, { ticket: 'A\u0000' })] }));
    expect(lane.body).toEqual({ accepted: 1, duplicates: 0, rejected: [{ index: 1, field: 'ticket', reason: expect.any(String) }] });
    expect(express.body).toEqual(lane.body);
  });

  it('logs one line and observes the duration per request under the route, never what was sent', async () => {
    logLines.length = 0;
    await post(JSON.stringify({ events: [event('log-1', { ticket: '13812345678' })] }), { via: 'lane', headers: { 'x-request-id': 'lane-log-1' } });
    const line = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.reqId === 'lane-log-1');
    expect(line).toMatchObject({ msg: 'request', method: 'POST', route: '/api/v1/events', status: 200 });
    expect(logLines.join('\n')).not.toContain('13812345678');
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/events",status="200"\} [1-9]/);
  });

  it('refuses a revoked key at once, though a key found is kept a second (ADR 0031)', async () => {
    const admin = await app.admin();
    const created = await (await admin.post('/api-keys', { name: '临时排队机', scope: 'bank', eventTypes: ['ticket.issued'] })).json();
    expect((await post(JSON.stringify({ events: [event('rv-1')] }), { via: 'lane', secret: created.secret })).status).toBe(200);
    expect((await admin.post(`/api-keys/${created.key.id}/revoke`)).status).toBe(200);
    const after = await post(JSON.stringify({ events: [event('rv-2')] }), { via: 'lane', secret: created.secret });
    expect(after.status).toBe(401);
    expect((await app.db.sql`select event_id from service_events where event_id like 'rv-%'`).map((r) => r.eventId)).toEqual(['rv-1']);
  });

  it('stores nothing of a body cut off midway and keeps serving', async () => {
    const { port } = new URL(app.url);
    const body = JSON.stringify({ events: [event('cut-1')] });
    await new Promise<void>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/events', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': String(body.length) } });
      req.on('error', () => resolve());
      req.write(body.slice(0, 20));
      setTimeout(() => req.destroy(), 100);
    });
    const after = await post(JSON.stringify({ events: [event('cut-2')] }), { via: 'lane' });
    expect(after.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect((await app.db.sql`select event_id from service_events where event_id like 'cut-%'`).map((r) => r.eventId)).toEqual(['cut-2']);
  });
});
