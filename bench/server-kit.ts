import pino from 'pino';
import type { Db } from '../db/client.ts';
import { SERVICE_EVENT_TYPES } from '../server/contract/payloads/ingest.ts';
import { loadConfig } from '../server/config.ts';
import { startServer, type RunningServer } from '../server/main.ts';
import { createUser, login } from '../tests/integration/helpers/access.ts';

export interface BenchServer {
  url: string;
  server: RunningServer;
  /** An API key (scope bank, every event type) for POST /api/v1/events. */
  apiKey: string;
  /** An administrator's session cookie (bank scope) for Socket.IO handshakes. */
  cookie: string;
  close(): Promise<void>;
}

/**
 * The real server in this process on a random loopback port, over the bench's scratch database
 * (which it must not close: the bench drops it afterwards). Jobs off, logs silent unless
 * BENCH_LOG_LEVEL is set. Credentials go through the public API, as an operator would.
 */
export async function startBenchServer(db: Db, env: Record<string, string> = {}): Promise<BenchServer> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', JOBS_ENABLED: 'false', SHUTDOWN_TIMEOUT_MS: '3000', ...env });
  const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' });
  const server = await startServer(config, { db: { ...db, close: async () => {} }, logger });
  const url = `http://127.0.0.1:${server.port}`;
  const username = `bench-admin-${server.port}`;
  const user = await createUser(db, { username, role: 'admin' });
  const admin = await login(url, user.username, user.password);
  const created = await admin.post('/api-keys', { name: 'bench queue machines', scope: 'bank', eventTypes: [...SERVICE_EVENT_TYPES] });
  if (created.status !== 200 && created.status !== 201) throw new Error(`bench: creating an API key failed: ${created.status} ${await created.text()}`);
  const apiKey = ((await created.json()) as { secret: string }).secret;
  return { url, server, apiKey, cookie: admin.cookie, close: () => server.close() };
}

/** POST /api/v1/events with the API key; throws unless every event was accepted. */
export async function postEvents(url: string, apiKey: string, events: readonly unknown[]): Promise<void> {
  const response = await fetch(`${url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
    signal: AbortSignal.timeout(60_000),
  });
  const body = (await response.json()) as { accepted?: number; rejected?: unknown[] };
  if (response.status !== 200 || body.accepted !== events.length) {
    throw new Error(`bench: POST /events answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
}
