import type { Socket } from 'socket.io-client';
import pino from 'pino';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/contract/events.ts';
import { loadConfig } from '../../../server/config.ts';
import { startServer, type RunningServer, type StartOptions } from '../../../server/main.ts';
import type { Clock } from '../../../server/platform/clock.ts';
import { connectSocket, createUser, login, type Client } from './access.ts';
import { createTestDb, type TestDb } from './test-db.ts';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  url: string;
  db: TestDb;
  server: RunningServer;
  /** A connected, typed Socket.IO client as an administrator (closed with the server). */
  connectSocket(): Promise<TestSocket>;
  /** An administrator's logged-in HTTP client (created on first use). */
  admin(): Promise<Client>;
  close(): Promise<void>;
}

/**
 * The real app (HTTP, Socket.IO, bot console, web build) on a random port with a fresh database.
 * Jobs are off unless asked for; logs are silent unless TEST_LOG_LEVEL is set.
 */
export async function startTestServer(options: {
  env?: Record<string, string>;
  seed?: (db: TestDb) => Promise<unknown>;
  clock?: Clock;
  jobs?: StartOptions['jobs'];
  outbox?: StartOptions['outbox'];
  /** Capture logs (tests that assert what is, and is not, logged). */
  logger?: pino.Logger;
  /** A database to serve instead of a fresh one (a restart on the same data). */
  db?: TestDb;
} = {}): Promise<TestServer> {
  const db = options.db ?? (await createTestDb());
  await options.seed?.(db);
  // Tests run at any hour: no quiet hours unless a test sets them.
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', JOBS_ENABLED: 'false', SHUTDOWN_TIMEOUT_MS: '3000', BOT_QUIET_HOURS: 'off', ...options.env });
  const logger = options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const server = await startServer(config, {
    db, logger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.jobs ? { jobs: options.jobs } : {}),
    ...(options.outbox ? { outbox: options.outbox } : {}),
  });
  const url = `http://127.0.0.1:${server.port}`;
  const sockets: TestSocket[] = [];
  let adminClient: Promise<Client> | undefined;
  const admin = () => (adminClient ??= createUser(db, { username: 'test-admin', role: 'admin' }).then((u) => login(url, u.username, u.password)));
  return {
    url,
    db,
    server,
    admin,
    async connectSocket() {
      const socket = await connectSocket(url, { cookie: (await admin()).cookie });
      sockets.push(socket);
      return socket;
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      await server.close(); // closes the database too
    },
  };
}

/** Resolves with the next `event` on `socket` that satisfies `accept`, or rejects after `timeoutMs`. */
export function waitForEvent<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  accept: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${String(event)}`));
    }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}
