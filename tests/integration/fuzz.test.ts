import { Writable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_TO_SERVER_EVENTS } from '../../server/contract/events.ts';
import type { RouteDeclaration } from '../../server/domains/access/index.ts';
import { createLogger } from '../../server/platform/logger.ts';
import { connectSocket, type Client } from './helpers/access.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, type TestServer, type TestSocket } from './helpers/test-server.ts';

/**
 * Property-based fuzzing (issue 14): every route of the app's real route table (and every
 * parameter and body field the OpenAPI document names), and every client→server socket command,
 * gets hostile values as an administrator and as an API key. A new route or command is fuzzed
 * without a new test. The properties: only 2xx or 4xx (a 400 names its field), never a 5xx or a
 * crash, nothing half-written, and nothing of the request in the log.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
// Markers inside hostile text: none may reach the log (a phone number and an ID number).
const PHONE = '13912340000';
const ID_NUMBER = '110101199001011237';

const CONTROL = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '', ' ', '\u0000', 'a\u0000b', '%00', '../../etc/passwd', '..\\..\\windows', '%2e%2e%2f', '__proto__', 'constructor', 'prototype',
    '2026-02-30', '2026-02-30T10:00:00+08:00', '0000-01-01T00:00:00Z', '9999-12-31', '9999-12-31T23:59:59Z', '2026-11-05T25:61:00+08:00',
    '2026-11-05', '2026-11-05T10:00:00+08:00', '1e309', 'NaN', 'Infinity', '-1', '0', '99999999999999999999', 'true', 'null',
    "'; drop table users; --", '<script>alert(1)</script>', '\uD800', '𝕏'.repeat(50), 'bank', 'region:BJ', 'branch:BJ0101', 'BJ0101',
    `客户电话 ${PHONE} 身份证 ${ID_NUMBER}`, `{"note": "${PHONE}`, `${ID_NUMBER}`,
  ),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.tuple(fc.string({ maxLength: 8 }), CONTROL, fc.string({ maxLength: 8 })).map(([a, c, b]) => `${a}${c}${b}`),
  fc.constant('长'.repeat(20_000)),
);
const hostileKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'a\u0000', ''), fc.string({ maxLength: 8 }));
const deep = (levels: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
  return value;
};
const { value: hostileValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.constantFrom(null, true, false, -1, 0, 1e308, Number.MAX_SAFE_INTEGER + 2, 1.5),
    fc.constant(deep(200)),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 3 }),
  ),
}));

/** A lone surrogate cannot be percent-encoded (the client would throw, not the server): replace it. */
const wellFormed = (text: string): string => text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** What a fuzzed request may answer: success, or a client's mistake (431: Node refuses a URL past its header limit); never a 5xx. */
const ALLOWED = new Set([200, 201, 204, 400, 401, 403, 404, 409, 413, 414, 429, 431]);

describe('fuzzing: every route and socket command with hostile values', () => {
  let app: TestServer;
  let admin: Client;
  let apiKey: string;
  let displayToken: string;
  const log: string[] = [];
  let openApi: { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; requestBody?: { content: Record<string, { schema: unknown }> } }>> };
  const fieldNames = new Set(['id', 'name', 'scope', 'branch', 'day', 'from', 'to', 'q', 'limit', 'before', 'summary', 'note', 'reason', 'version', 'into', 'username', 'password', 'displayName', 'role', 'staffCode', 'eventTypes', 'events', 'receivedAt', 'expiresInDays', 'status', 'job', 'clockState', 'open', 'mine', 'actor', 'action', 'channel', 'target', 'chatId', 'text', 'messageId', 'value']);

  beforeAll(async () => {
    const sink = new Writable({ write(chunk, _enc, done) { log.push(String(chunk)); done(); } });
    app = await startTestServer({ seed: (db) => seedTwoRegionBank(db.sql), logger: createLogger({ level: 'debug', destination: sink }) });
    admin = await app.admin();
    // Decoys first: a hostile id that happens to be small revokes one of these, not the key under test.
    for (let i = 0; i < 3; i++) await admin.post('/api-keys', { name: `decoy-${i}`, scope: 'bank', eventTypes: ['ticket.issued'] });
    apiKey = (await (await admin.post('/api-keys', { name: 'fuzz', scope: 'bank', eventTypes: ['ticket.issued', 'ticket.called', 'ticket.finished', 'evaluation.submitted', 'service_error.recorded', 'complaint.received'] })).json()).secret;
    displayToken = (await (await admin.post('/display-tokens', { name: 'fuzz', scope: 'bank' })).json()).secret;
    openApi = await (await fetch(`${app.url}/api/v1/openapi.json`)).json();
    // Every parameter and body field the OpenAPI document names joins the keys the fuzzer uses.
    const collect = (schema: unknown): void => {
      if (!schema || typeof schema !== 'object') return;
      const s = schema as { properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[]; oneOf?: unknown[] };
      for (const [key, inner] of Object.entries(s.properties ?? {})) { fieldNames.add(key); collect(inner); }
      for (const inner of [s.items, ...(s.anyOf ?? []), ...(s.oneOf ?? [])]) collect(inner);
    };
    for (const operations of Object.values(openApi.paths)) {
      for (const operation of Object.values(operations)) {
        for (const p of operation.parameters ?? []) fieldNames.add(p.name);
        for (const media of Object.values(operation.requestBody?.content ?? {})) collect(media.schema);
      }
    }
  });
  afterAll(() => app?.close());

  const routes = (): RouteDeclaration[] =>
    // Logging out would end the session the rest of the run uses.
    app.server.routes.filter((r) => r.path !== '/auth/logout');

  const requestArb = (route: RouteDeclaration) => fc.record({
    params: fc.array(hostileString, { minLength: 4, maxLength: 4 }),
    query: fc.dictionary(fc.oneof(fc.constantFrom(...fieldNames), hostileKey), hostileString, { maxKeys: 4 }),
    body: route.method === 'GET' ? fc.constant(undefined) : fc.oneof(
      { weight: 4, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...fieldNames), hostileKey), hostileValue, { maxKeys: 6 }) },
      { weight: 1, arbitrary: hostileValue },
      { weight: 1, arbitrary: fc.constant('{"broken json' as unknown) },
    ),
  });

  async function send(route: RouteDeclaration, input: { params: string[]; query: Record<string, string>; body: unknown }, auth: Record<string, string>) {
    let i = 0;
    const path = route.path.replace(/:(\w+)/g, () => encodeURIComponent(wellFormed(input.params[i++] ?? 'x')).replace(/%25(00|2e|2f)/gi, '%$1'));
    const search = new URLSearchParams(input.query).toString();
    const raw = input.body === '{"broken json' ? input.body : JSON.stringify(input.body);
    const response = await fetch(`${app.url}/api/v1${path}${search ? `?${search}` : ''}`, {
      method: route.method,
      headers: { ...auth, ...(input.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(input.body === undefined ? {} : { body: raw as string }),
    });
    const text = await response.text();
    const where = `${route.method} ${route.path} → ${response.status} ${text.slice(0, 200)}`;
    expect(ALLOWED.has(response.status), where).toBe(true);
    if (response.status >= 400 && response.status !== 431 && response.status !== 414) {
      const body = JSON.parse(text) as { error: { code: string; issues?: Array<{ field: string }> } };
      expect(body.error.code, where).not.toBe('INTERNAL');
      if (response.status === 400) expect(body.error.issues?.[0]?.field, where).toMatch(/\S/);
    }
  }

  it('lists every OpenAPI path in the route table, so the document’s routes are fuzzed', () => {
    const table = new Set(app.server.routes.map((r) => `${r.method} ${r.path}`));
    for (const [path, operations] of Object.entries(openApi.paths)) {
      for (const method of Object.keys(operations)) expect(table.has(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`), `${method} ${path}`).toBe(true);
    }
  });

  it('answers hostile requests as an administrator with 2xx or 4xx naming the field, never 5xx', async () => {
    const auth = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken };
    for (const route of routes()) {
      await fc.assert(fc.asyncProperty(requestArb(route), (input) => send(route, input, auth)), { numRuns: RUNS });
    }
  }, 120_000);

  it('answers hostile requests with an API key the same way', async () => {
    const auth = { authorization: `Bearer ${apiKey}` };
    for (const route of routes()) {
      await fc.assert(fc.asyncProperty(requestArb(route), (input) => send(route, input, auth)), { numRuns: RUNS });
    }
  }, 120_000);

  it('answers hostile socket payloads through the ack, never INTERNAL, and keeps the socket', async () => {
    const sockets: TestSocket[] = [await admin.socket(), await connectSocket(app.url, { displayToken })];
    try {
      expect(await sockets[0]!.emitWithAck('chat:join', { staffCode: 'S000001' })).toMatchObject({ ok: true });
      for (const event of CLIENT_TO_SERVER_EVENTS) {
        for (const socket of sockets) {
          await fc.assert(fc.asyncProperty(fc.oneof(hostileValue, fc.dictionary(fc.oneof(fc.constantFrom(...fieldNames), hostileKey), hostileValue, { maxKeys: 4 })), async (payload) => {
            const ack = (await socket.timeout(5000).emitWithAck(event as 'wall:subscribe', payload as never)) as { ok: boolean; error?: { code: string; issues?: Array<{ field: string }> } };
            const where = `${event} → ${JSON.stringify(ack).slice(0, 200)}`;
            expect(typeof ack.ok, where).toBe('boolean');
            if (!ack.ok) {
              expect(ack.error?.code, where).not.toBe('INTERNAL');
              if (ack.error?.code === 'INVALID_INPUT') expect(ack.error.issues?.[0]?.field, where).toMatch(/\S/);
            }
            expect(socket.connected, where).toBe(true);
          }), { numRuns: RUNS * 2 });
        }
      }
    } finally {
      for (const socket of sockets) socket.close();
    }
  }, 120_000);

  it('leaves nothing half-written, nothing of the requests in the log, and a server that still serves', async () => {
    const sql = app.db.sql;
    // Every stored complaint has its history; every review its original; no stored text holds a control character.
    expect(await sql`select count(*)::int as n from complaints c where not exists (select 1 from complaint_events e where e.complaint_id = c.id and e.kind = 'received')`).toEqual([{ n: 0 }]);
    expect(await sql`select count(*)::int as n from complaints where kind = 'review' and parent_id is null`).toEqual([{ n: 0 }]);
    const controlPattern = '[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f]';
    for (const [table, column] of [['audit_log', 'summary'], ['users', 'display_name'], ['display_tokens', 'name'], ['api_keys', 'name'], ['complaints', 'summary'], ['service_events', 'event_id']] as const) {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(table)} where ${sql(column)}::text ~ ${controlPattern}`;
      expect(row!.n, `${table}.${column}`).toBe(0);
    }
    const output = log.join('');
    expect(output).not.toContain(PHONE);
    expect(output).not.toContain(ID_NUMBER);
    expect(output).not.toMatch(/"level":(50|60).*unhandled error/);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect((await admin.get('/auth/me')).status).toBe(200);
  });
});
