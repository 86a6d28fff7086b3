import { Writable } from 'node:stream';
import pino from 'pino';
import { startFakeFeishu, type FakeFeishu, type FakeMessage } from '../../fakes/feishu/fake-open-api.ts';
import { seedSmallBank } from './seed.ts';
import { startTestServer, type TestServer } from './test-server.ts';

export const VERIFICATION_TOKEN = 'v-token-test';
export const ENCRYPT_KEY = 'e-key-test';
export const HEAD = { code: 'S000001', openId: 'ou_head', name: '王建国' };
export const TELLER = { code: 'S000002', openId: 'ou_teller', name: '李晓梅' };

/**
 * Real time moved to 10:10 bank time today, kept running: away from quiet hours and from the
 * :00/:30 peaks the outbox avoids, whenever the suite runs.
 */
export function morningClock(): { now(): Date } {
  const real = new Date();
  const target = new Date(real);
  target.setUTCHours(2, 10, 0, 0); // 10:10 in Asia/Shanghai
  const offset = target.getTime() - real.getTime();
  return { now: () => new Date(Date.now() + offset) };
}

/** Log lines as parsed JSON, for asserting what is (and is not) logged. */
export function captureLogs(): { logger: pino.Logger; lines: Array<Record<string, unknown>>; text(): string } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines, text: () => lines.map((l) => JSON.stringify(l)).join('\n') };
}

/** The app on the small bank, with Feishu pointed at a fresh fake; the head and teller have open_ids. */
export async function startFeishuBank(options: {
  transport: 'webhook' | 'ws'; logger?: pino.Logger; clock?: { now(): Date };
  ws?: { pingIntervalSec?: number; reconnectIntervalSec?: number }; env?: Record<string, string>;
  /** The fake Open API keeps the app's clock too (its 14-day update window, token expiry), or this one. */
  fakeOnAppClock?: boolean | { now(): Date };
}): Promise<{ fake: FakeFeishu; app: TestServer; clock: { now(): Date } }> {
  const clock = options.clock ?? morningClock();
  const fake = await startFakeFeishu({ ...(options.ws ? { ws: options.ws } : {}), ...(options.fakeOnAppClock ? { now: () => (options.fakeOnAppClock === true ? clock : options.fakeOnAppClock as { now(): Date }).now().getTime() } : {}) });
  const app = await startTestServer({
    clock,
    ...(options.logger ? { logger: options.logger } : {}),
    env: {
      FEISHU_APP_ID: fake.appId, FEISHU_APP_SECRET: fake.appSecret, FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
      FEISHU_ENCRYPT_KEY: ENCRYPT_KEY, FEISHU_DOMAIN: fake.url, FEISHU_TRANSPORT: options.transport, BOT_QUIET_HOURS: 'off',
      ...options.env,
    },
    seed: async (db) => {
      await seedSmallBank(db.sql);
      await db.sql`update staff set feishu_open_id = ${HEAD.openId} where code = ${HEAD.code}`;
      await db.sql`update staff set feishu_open_id = ${TELLER.openId} where code = ${TELLER.code}`;
    },
  });
  return { fake, app, clock };
}

export const cardTitle = (m: FakeMessage): string | undefined => (m.content as { header?: { title?: { content?: string } } }).header?.title?.content;
export const textOf = (m: FakeMessage): string | undefined => (m.content as { text?: string }).text;

/** Every callback button of a card, as Feishu would send back its value. */
export function buttonsOf(m: FakeMessage): Array<{ label: string; value: Record<string, unknown> }> {
  const found: Array<{ label: string; value: Record<string, unknown> }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const el = node as { tag?: string; text?: { content?: string }; behaviors?: Array<{ type: string; value: Record<string, unknown> }> };
    if (el.tag === 'button') for (const b of el.behaviors ?? []) if (b.type === 'callback') found.push({ label: el.text?.content ?? '', value: b.value });
    Object.values(node).forEach(walk);
  };
  walk(m.content);
  return found;
}
