import { io as connect } from 'socket.io-client';
import type { Db } from '../../../db/client.ts';
import { loadConfig } from '../../../server/config.ts';
import { createUser as createUserService, type Role } from '../../../server/domains/access/index.ts';
import { systemClock } from '../../../server/platform/clock.ts';
import { createAccessDeps } from '../../../server/wiring/access-wiring.ts';
import type { TestSocket } from './test-server.ts';

export const TEST_PASSWORD = 'correct-horse-battery-staple';

/** Creates a user directly through the access service, as the CLI would. */
export async function createUser(
  db: Db,
  input: { username: string; role: Role; scope?: string; password?: string; staffCode?: string; displayName?: string },
): Promise<{ username: string; password: string }> {
  const password = input.password ?? TEST_PASSWORD;
  await createUserService(createAccessDeps(db, systemClock, loadConfig({})), { principal: { kind: 'system', name: 'test' }, channel: 'cli', requestId: null }, {
    username: input.username, displayName: input.displayName ?? input.username, role: input.role, scope: input.scope ?? 'bank',
    password, ...(input.staffCode ? { staffCode: input.staffCode } : {}),
  });
  return { username: input.username, password };
}

/** A logged-in HTTP client: cookie and CSRF header sent on every call. */
export interface Client {
  cookie: string;
  csrfToken: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  get(path: string): Promise<Response>;
  post(path: string, body?: unknown): Promise<Response>;
  patch(path: string, body?: unknown): Promise<Response>;
  delete(path: string): Promise<Response>;
  socket(): Promise<TestSocket>;
}

export async function login(baseUrl: string, username: string, password = TEST_PASSWORD): Promise<Client> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`login as ${username} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const request = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    cookie, csrfToken, request,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body ?? {}),
    patch: (path, body) => request('PATCH', path, body ?? {}),
    delete: (path) => request('DELETE', path),
    socket: () => connectSocket(baseUrl, { cookie }),
  };
}

/** A Socket.IO client authenticated by a session cookie or a display token. */
export function connectSocket(baseUrl: string, auth: { cookie?: string; displayToken?: string }): Promise<TestSocket> {
  const socket: TestSocket = connect(baseUrl, {
    transports: ['websocket'], forceNew: true, reconnection: false,
    ...(auth.cookie ? { extraHeaders: { cookie: auth.cookie } } : {}),
    ...(auth.displayToken ? { auth: { displayToken: auth.displayToken } } : {}),
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}
