import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, type Role, type RouteDeclaration } from '../../server/domains/access/index.ts';
import { createUser, login, TEST_PASSWORD, type Client } from './helpers/access.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

/** One user per role, with the scope that role usually has. */
const USERS: { username: string; role: Role; scope: string; staffCode?: string }[] = [
  { username: 'root', role: 'admin', scope: 'bank' },
  { username: 'boss', role: 'leader', scope: 'bank' },
  { username: 'bj-manager', role: 'region_manager', scope: 'region:BJ' },
  { username: 'checker', role: 'inspector', scope: 'bank' },
  { username: 'bj-handler', role: 'complaint_handler', scope: 'region:BJ' },
  { username: 'bj-head', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' },
  { username: 'bj-teller', role: 'staff', scope: 'branch:BJ0101', staffCode: 'S000002' },
];
const SAMPLE_PARAMS: Record<string, string> = { username: 'nobody', id: '999999', code: 'C1' };
const concrete = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x');

describe('access matrix: every route × every kind of caller', () => {
  let app: TestServer;
  const clients = new Map<string, Client>();
  let displayToken: string;
  let apiKey: string;

  beforeAll(async () => {
    app = await startTestServer({ seed: (db) => seedTwoRegionBank(db.sql) });
    for (const u of USERS) {
      await createUser(app.db, u);
      clients.set(u.username, await login(app.url, u.username, TEST_PASSWORD));
    }
    const root = clients.get('root')!;
    displayToken = (await (await root.post('/display-tokens', { name: 'wall', scope: 'bank' })).json()).secret;
    apiKey = (await (await root.post('/api-keys', { name: 'queue', scope: 'bank', eventTypes: ['ticket.issued'] })).json()).secret;
  });
  afterAll(() => app.close());

  it('declares who may call every route the app serves', () => {
    const served = routesOf(app.server.app).filter((r) => r.path.startsWith('/api/v1/')).map((r) => `${r.method} ${r.path}`);
    const declared = app.server.routes.map((r) => `${r.method} /api/v1${r.path}`);
    expect(served.length).toBeGreaterThan(15);
    expect(served.filter((r) => !declared.includes(r))).toEqual([]);
    for (const route of app.server.routes) expect(route.access, `${route.method} ${route.path}`).toBeTruthy();
  });

  it('gives each role exactly what its permissions say, and anonymous callers 401', async () => {
    // Logging out ends the session the rest of the matrix uses, so that route goes last.
    const routes = [...app.server.routes].sort((a, b) => Number(a.path === '/auth/logout') - Number(b.path === '/auth/logout'));
    const mismatches: string[] = [];
    for (const route of routes) {
      for (const caller of ['anonymous', ...USERS.map((u) => u.username), 'display-token', 'api-key']) {
        const status = await call(route, caller);
        const expected = expectation(route, caller);
        // A public route may still answer 401 for its own reason (wrong password), never 403.
        const ok = expected === 'allowed' ? ![route.access === 'public' ? 0 : 401, 403].includes(status) : status === expected;
        if (!ok) mismatches.push(`${caller} ${route.method} ${route.path}: got ${status}, expected ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  function expectation(route: RouteDeclaration, caller: string): 'allowed' | 401 | 403 {
    if (route.access === 'public') return 'allowed';
    if (caller === 'anonymous') return 401;
    const isBearer = caller === 'display-token' || caller === 'api-key';
    if (route.access === 'session') return isBearer ? 401 : 'allowed';
    const permissions: readonly string[] = caller === 'display-token' ? ['wall.view', 'org.overview'] : caller === 'api-key' ? ['events.ingest', 'branches.list', 'complaints.create', 'complaints.read', 'inspections.submit']
      : ROLE_PERMISSIONS[USERS.find((u) => u.username === caller)!.role];
    return permissions.includes(route.access) ? 'allowed' : 403;
  }

  async function call(route: RouteDeclaration, caller: string): Promise<number> {
    const path = concrete(route.path);
    const body = route.method === 'GET' ? undefined : route.path === '/auth/login' ? { username: 'nobody', password: 'x' } : {};
    const client = clients.get(caller);
    if (client) return (await client.request(route.method, path, body)).status;
    const headers: Record<string, string> = { ...(body ? { 'content-type': 'application/json' } : {}) };
    if (caller === 'display-token') headers.authorization = `Bearer ${displayToken}`;
    if (caller === 'api-key') headers.authorization = `Bearer ${apiKey}`;
    return (await fetch(`${app.url}/api/v1${path}`, { method: route.method, headers, ...(body ? { body: JSON.stringify(body) } : {}) })).status;
  }
});

describe('scope: each role sees inside its scope and nothing beyond', () => {
  let app: TestServer;
  const clients = new Map<string, Client>();
  beforeAll(async () => {
    app = await startTestServer({ seed: (db) => seedTwoRegionBank(db.sql) });
    for (const u of USERS) {
      await createUser(app.db, u);
      clients.set(u.username, await login(app.url, u.username, TEST_PASSWORD));
    }
  });
  afterAll(() => app.close());

  const customer = async (username: string, code: string) => {
    const response = await clients.get(username)!.get(`/customers/${code}`);
    return { status: response.status, body: response.status === 200 ? await response.json() : undefined };
  };

  it('shows full customer data only to roles that call customers back, inside their scope', async () => {
    expect(await customer('bj-head', 'C1')).toMatchObject({ status: 200, body: { name: '张三明', phone: '13812345678', idNumber: '110101198001010010', revealed: true } });
    expect(await customer('bj-handler', 'C1')).toMatchObject({ status: 200, body: { revealed: true, phone: '13812345678' } });
  });

  it('masks names, phones and ID numbers for every other role', async () => {
    for (const username of ['root', 'boss', 'bj-manager', 'checker', 'bj-teller']) {
      const { status, body } = await customer(username, 'C1');
      expect({ username, status, name: body.name, phone: body.phone, idNumber: body.idNumber, revealed: body.revealed }).toEqual({
        username, status: 200, name: '张*明', phone: '138****5678', idNumber: '110***********0010', revealed: false,
      });
    }
  });

  it('answers 404 for a customer outside the caller’s scope, so codes cannot be probed', async () => {
    for (const username of ['bj-head', 'bj-teller', 'bj-manager', 'bj-handler']) expect((await customer(username, 'C2')).status).toBe(404);
    expect((await customer('boss', 'C2')).status).toBe(200);
  });

  it('limits the overview and the staff list to the caller’s scope', async () => {
    const head = await (await clients.get('bj-head')!.get('/org/overview')).json();
    expect(head.counts).toMatchObject({ branches: 1, customers: 1 });
    expect(head.regions.map((r: { code: string }) => r.code)).not.toContain('SH');
    const manager = await (await clients.get('bj-manager')!.get('/staff?limit=100')).json();
    expect(manager.items.map((s: { code: string }) => s.code)).not.toContain('S000009');
    const boss = await (await clients.get('boss')!.get('/staff?limit=100')).json();
    expect(boss.items.map((s: { code: string }) => s.code)).toContain('S000009');
  });

  it('limits a display token to its scope', async () => {
    const root = clients.get('root')!;
    const { secret } = await (await root.post('/display-tokens', { name: '上海分行大屏', scope: 'region:SH' })).json();
    const overview = await (await fetch(`${app.url}/api/v1/org/overview`, { headers: { authorization: `Bearer ${secret}` } })).json();
    expect(overview.counts.branches).toBe(1);
    expect(overview.regions.map((r: { code: string }) => r.code)).toEqual(['SH', 'SH01']);
  });
});

/** Every route of an Express 5 app as "METHOD /path", nested routers included. */
function routesOf(app: unknown): { method: string; path: string }[] {
  const found: { method: string; path: string }[] = [];
  const walk = (stack: unknown[], prefix: string) => {
    for (const layer of stack as { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] }; matchers?: unknown; slash?: boolean; keys?: unknown; name?: string; regexp?: RegExp; path?: string }[]) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) found.push({ method: method.toUpperCase(), path: `${prefix}${layer.route.path}` });
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, prefix + mountPathOf(layer));
      }
    }
  };
  walk((app as { router: { stack: unknown[] } }).router.stack, '');
  return found;
}

function mountPathOf(layer: unknown): string {
  // Express 5 keeps the mount path only inside the layer's matcher; probe it with the known mounts.
  const match = (layer as { match?: (path: string) => boolean }).match?.bind(layer);
  for (const candidate of ['/api/v1', '/api', '/internal/control']) if (match?.(`${candidate}/x`) && !match(`/zz${candidate}/x`)) return candidate;
  return '';
}
