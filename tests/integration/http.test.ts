import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

describe('HTTP foundation', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer();
  });
  afterAll(() => app.close());

  it('GET /healthz answers ok', async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz is ready when the database answers and every migration is applied', async () => {
    const res = await fetch(`${app.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', problems: [] });
  });

  it('GET /readyz is not ready while a migration is pending', async () => {
    const [last] = await app.db.sql<{ version: number; name: string; checksum: string }[]>`
      select version, name, checksum from schema_migrations order by version desc limit 1`;
    await app.db.sql`delete from schema_migrations where version = ${last!.version}`;
    try {
      const res = await fetch(`${app.url}/readyz`);
      expect(res.status).toBe(503);
      expect((await res.json()).problems).toEqual(['1 migrations pending']);
    } finally {
      await app.db.sql`insert into schema_migrations (version, name, checksum) values (${last!.version}, ${last!.name}, ${last!.checksum})`;
    }
  });

  it('GET /metrics serves Prometheus text with Node defaults and the request histogram by route', async () => {
    await fetch(`${app.url}/api/v1/config`);
    const res = await fetch(`${app.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/config",status="200"\} [1-9]/);
  });

  it('answers an unknown API path with a JSON 404, not the web app', async () => {
    const res = await fetch(`${app.url}/api/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no such endpoint: GET /nothing-here' } });
  });

  it('answers malformed JSON with a 400 naming the body, never a 500', async () => {
    const res = await fetch(`${app.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'INVALID_INPUT', message: 'body: is not valid JSON' });
  });

  it('answers a non-JSON body with a 400 naming the content type', async () => {
    const res = await fetch(`${app.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'INVALID_INPUT', issues: [{ field: 'content-type', reason: 'must be application/json' }] });
  });

  it('answers an oversized body with a 413', async () => {
    const res = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(2_000_000) }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({ code: 'TOO_LARGE', message: 'request body is larger than 1 MB, the limit of this endpoint' });
  });

  it('GET /api/v1/config tells the web app its bank, time zone and that the console chat is on', async () => {
    const res = await fetch(`${app.url}/api/v1/config`);
    expect(await res.json()).toMatchObject({ bankName: '示范银行', timeZone: 'Asia/Shanghai', defaultLocale: 'zh-CN', consoleChat: true });
  });

  it('sends security headers and no x-powered-by', async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('tells browsers and proxies to keep no API answer, found or not', async () => {
    expect((await fetch(`${app.url}/api/v1/config`)).headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${app.url}/api/v1/nothing-here`)).headers.get('cache-control')).toBe('no-store');
  });

  it('keeps an idle keep-alive connection longer than a load balancer would (Node closes it after 5 s)', async () => {
    const socket = net.connect(Number(new URL(app.url).port), '127.0.0.1');
    const answers: string[] = [];
    let closed = false;
    socket.setEncoding('utf8').on('data', (chunk: string) => answers.push(chunk)).on('close', () => (closed = true));
    const ask = async () => {
      const before = answers.join('').split('HTTP/1.1 200').length;
      socket.write('GET /healthz HTTP/1.1\r\nHost: touchstone\r\n\r\n');
      await vi.waitFor(() => expect(answers.join('').split('HTTP/1.1 200').length).toBe(before + 1));
    };
    try {
      await ask();
      expect(answers.join('')).toMatch(/keep-alive: timeout=65/i);
      await sleep(6000);
      expect(closed).toBe(false);
      await ask(); // the same socket, after longer than Node's default idle time
    } finally {
      socket.destroy();
    }
  }, 15_000);

  it('refuses the control endpoint without the data folder secret', async () => {
    const res = await fetch(`${app.url}/internal/control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(404); // in-memory test databases have no data folder, so no control endpoint at all
  });
});

describe('GET /api/v1/openapi.json', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer();
  });
  afterAll(() => app.close());

  it('documents the ingest API from the schemas the server validates with', async () => {
    const doc = await (await fetch(`${app.url}/api/v1/openapi.json`)).json();
    expect(doc.openapi).toBe('3.0.3');
    const post = doc.paths['/events'].post;
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '413']));
    const event = post.requestBody.content['application/json'].schema.properties.events.items;
    const types = event.oneOf.map((variant: { properties: { type: { enum?: string[]; const?: string } } }) => variant.properties.type.enum?.[0] ?? variant.properties.type.const);
    expect(types.sort()).toEqual(['evaluation.submitted', 'service_error.recorded', 'ticket.called', 'ticket.finished', 'ticket.issued']);
    expect(doc.paths['/kpis'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['scope', 'day']);
  });

  it('documents complaint intake with the fields integrators must send and the clock they get back', async () => {
    const doc = await (await fetch(`${app.url}/api/v1/openapi.json`)).json();
    const post = doc.paths['/complaints'].post;
    const body = post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['id', 'branch', 'receivedAt', 'channel', 'category', 'complainant', 'summary']));
    const reply = post.responses['201'].content['application/json'].schema;
    expect(reply.required).toEqual(expect.arrayContaining(['decisionDueAt', 'stage', 'clockState']));
    expect(reply.properties.clockState.enum).toEqual(['on_track', 'due_soon', 'overdue', 'paused']);
    expect(doc.paths['/complaints/{id}'].get.responses['200']).toBeDefined();
  });
});
