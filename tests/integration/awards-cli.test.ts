import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { loadConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { seedStarsBank } from './helpers/stars-bank.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

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

/** `touchstone awards run --month YYYY-MM`: through the running server (embedded), and on its own. */
describe('touchstone awards run', () => {
  let db: TestDb | undefined;
  let server: RunningServer | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-awards-'));
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDb();
    // The server's own handle: closing the server must not drop the test's PostgreSQL database.
    const serverDb = db.url ? await createDb({ databaseUrl: db.url, poolMax: 3 }) : await createDb({ dataDir });
    if (!db.url) await db.close();
    env = db.url ? { DATABASE_URL: db.url } : { DATABASE_URL: '', DATA_DIR: dataDir };
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', JOBS_ENABLED: 'false', DATA_DIR: dataDir, ...(db.url ? { DATABASE_URL: db.url } : {}) });
    server = await startServer(config, { db: serverDb, logger: pino({ level: 'silent' }) });
    await seedStarsBank(server.db.sql);
    await server.db.sql`
      insert into nominations (nominator_id, nominee_id, approver_id, month, reason, channel, status, decided_by, decided_at, created_at)
      select a.id, e.id, h.id, '2026-03', '主动帮助客户解决问题，获得表扬', 'web', 'approved', h.id, '2026-03-20T02:00:00Z', '2026-03-10T02:00:00Z'
      from staff a, staff e, staff h where a.code = 'S000006' and e.code = 'S000002' and h.code = 'S000001'`;
  });
  afterAll(async () => {
    await server?.close();
    if (db?.url) await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('awards a past month once, then reports it unchanged; the current month is a preview', async () => {
    const first = await touchstone(['awards', 'run', '--month', '2026-03'], env);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('2026-03: 4 stars; stars stored, announced');
    expect(first.stdout).toMatch(/branch:BJ0101\s+李晓梅 \(S000002\)\s+1 approved/);
    const again = await touchstone(['awards', 'run', '--month', '2026-03'], env);
    expect(again.stdout).toContain('2026-03: 4 stars; unchanged, already announced');
    expect(await server!.db.sql`select count(*)::int as n from outbox_messages where template = 'awards.announced'`).toEqual([{ n: 1 }]);
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    const preview = await touchstone(['awards', 'run', '--month', month], env);
    expect(preview.stdout).toContain(`${month}: preview (month not over)`);
  });

  it('refuses a malformed month in one line', async () => {
    const bad = await touchstone(['awards', 'run', '--month', '2026-3'], env);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe('touchstone: --month must be YYYY-MM');
  });

  it('works on its own once the server is gone', async () => {
    await server!.close();
    server = undefined;
    const alone = await touchstone(['awards', 'run', '--month', '2026-03'], env);
    expect(alone.status).toBe(0);
    expect(alone.stdout).toContain('2026-03: 4 stars; unchanged, already announced');
  });
});
