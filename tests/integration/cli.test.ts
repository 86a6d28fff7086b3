import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { loadConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { login, type Client } from './helpers/access.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CSV = path.join(ROOT, 'tests', 'fixtures', 'csv');

/** Runs the real `touchstone` command in its own process. */
function touchstone(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'touchstone.js'), ...args], {
      cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += String(c)));
    child.stderr.on('data', (c) => (stderr += String(c)));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('touchstone CLI', () => {
  let db: TestDb | undefined;
  let server: RunningServer | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-cli-'));
  let env: Record<string, string>;
  let adminClient: Promise<Client> | undefined;
  /** The first administrator, created with the CLI while the server runs, then logged in over HTTP. */
  const admin = () => (adminClient ??= (async () => {
    const created = await touchstone(['user', 'create', 'admin', '--role', 'admin', '--scope', 'bank'], env);
    expect(created.stdout).toMatch(/^created user admin \(admin, bank\)$/m);
    const password = /^password: (\S{20})$/m.exec(created.stdout)![1]!;
    return login(`http://127.0.0.1:${server!.port}`, 'admin', password);
  })());

  beforeAll(async () => {
    db = await createTestDb();
    const serverDb = db.url ? db : await createDb({ dataDir }); // embedded: the server holds a real data folder
    if (!db.url) await db.close();
    env = db.url ? { DATABASE_URL: db.url } : { DATABASE_URL: '', DATA_DIR: dataDir };
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', JOBS_ENABLED: 'false', DATA_DIR: dataDir, ...(db.url ? { DATABASE_URL: db.url } : {}) });
    server = await startServer(config, { db: serverDb, logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await server?.close();
    if (db?.url) await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('--help lists the commands', async () => {
    const result = await touchstone(['--help'], env);
    expect(result.status).toBe(0);
    for (const command of ['serve', 'demo', 'migrate', 'import', 'jobs', 'status']) expect(result.stdout).toContain(command);
  });

  it('imports master data while the server runs, without stopping it', async () => {
    for (const entity of ['regions', 'branches', 'staff', 'customers']) {
      const result = await touchstone(['import', entity, path.join(CSV, `${entity}.csv`)], env);
      expect({ entity, status: result.status, stderr: result.stderr }).toEqual({ entity, status: 0, stderr: expect.not.stringContaining('touchstone:') });
      expect(result.stdout).toMatch(new RegExp(`^imported ${entity} from ${entity}\\.csv: \\d+ rows, \\d+ new, 0 updated$`, 'm'));
    }
    const overview = await (await admin()).get('/org/overview').then((r) => r.json());
    expect(overview.counts.branches).toBe(4); // five outlets in the file, one of them closed (active=false)
    expect(overview.counts.customers).toBe(4);
    const audited = await server!.db.sql<{ action: string; actor: string; channel: string }[]>`
      select action, actor, channel from audit_log where action like 'imports.%' order by id`;
    expect(audited.map((a) => a.action)).toEqual(['imports.regions', 'imports.branches', 'imports.staff', 'imports.customers']);
    expect(audited.every((a) => a.channel === 'cli' && a.actor.startsWith('cli:'))).toBe(true);
  });

  it('updates by code when the same file is imported again', async () => {
    const result = await touchstone(['import', 'branches', path.join(CSV, 'branches.csv')], env);
    expect(result.stdout).toMatch(/^imported branches from branches\.csv: 5 rows, 0 new, 5 updated$/m);
  });

  it('rejects a file with bad rows, naming each row and field, and imports none of it', async () => {
    const before = await (await admin()).get('/org/overview').then((r) => r.json());
    const result = await touchstone(['import', 'customers', path.join(CSV, 'customers-bad.csv')], env);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^row 3, branch_code: .*BJ099/m);
    expect(result.stdout).toMatch(/^row 4, account_manager_code: .*S999/m);
    expect(result.stdout).toMatch(/^row 5, tier: /m);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(/^touchstone: customers-bad\.csv rejected: \d+ bad rows of 6; nothing was imported$/);
    const after = await (await admin()).get('/org/overview').then((r) => r.json());
    expect(after.counts).toEqual(before.counts);
  });

  it('says in one line what is wrong with the command, with a non-zero exit', async () => {
    expect(await touchstone(['import', 'planets', 'x.csv'], env)).toMatchObject({ status: 2, stderr: 'touchstone: unknown entity "planets"; use one of regions, branches, staff, customers, holidays\n' });
    expect(await touchstone(['import', 'staff', '/no/such/file.csv'], env)).toMatchObject({ status: 2, stderr: 'touchstone: no such file: /no/such/file.csv\n' });
    expect(await touchstone(['migrate'], { ...env, PORT: 'eighty' })).toMatchObject({ status: 1, stderr: 'touchstone: configuration: PORT: must be a number\n' });
  });

  it('lists job runs', async () => {
    await server!.scheduler.runSlot('jobs.prune-history', new Date('2026-11-28T19:40:00Z'), 'manual');
    const result = await touchstone(['jobs', 'runs'], env);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/jobs\.prune-history\s+manual\s+\d+ ms\s+0 runs older than 90 days deleted/);
  });
});
