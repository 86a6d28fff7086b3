import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { loadConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { seedSmallBank } from './helpers/seed.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function touchstone(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'touchstone.js'), ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += String(c)));
    child.stderr.on('data', (c) => (stderr += String(c)));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

/** `touchstone care generate --day`, through the running server (embedded) or on the database (PostgreSQL). */
describe('touchstone care generate', () => {
  let db: TestDb | undefined;
  let server: RunningServer | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-care-cli-'));
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDb();
    const serverDb = db.url ? db : await createDb({ dataDir });
    if (!db.url) await db.close();
    env = db.url ? { DATABASE_URL: db.url } : { DATABASE_URL: '', DATA_DIR: dataDir };
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', JOBS_ENABLED: 'false', DATA_DIR: dataDir, ...(db.url ? { DATABASE_URL: db.url } : {}) });
    server = await startServer(config, { db: serverDb, logger: pino({ level: 'silent' }) });
    await seedSmallBank(server.db.sql);
    // Born 14 September (gold: listed that morning) and 17 September (private: listed three days before).
    await server.db.sql`insert into customers (code, name, branch_id, account_manager_id, tier, birthday_calendar, birth_month, birth_day)
      select v.code, v.name, b.id, (select id from staff where code = 'S000002'), v.tier, 'solar', 9, v.day
      from branches b, (values ('K1', '张三明', 'gold', 14), ('K2', '李四光', 'private', 17)) as v (code, name, tier, day) where b.code = 'BJ0101'`;
  });
  afterAll(async () => {
    await server?.close();
    if (db?.url) await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the tasks that appear that morning and prints how many; a re-run creates none', async () => {
    const first = await touchstone(['care', 'generate', '--day', '2027-09-14'], env);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^2027-09-14: 2 care tasks created$/m);
    const again = await touchstone(['care', 'generate', '--day', '2027-09-14'], env);
    expect(again.stdout).toMatch(/^2027-09-14: 0 care tasks created$/m);
    expect(await server!.db.sql`select c.code, t.due_date from care_tasks t join customers c on c.id = t.customer_id order by c.code`).toEqual([
      { code: 'K1', dueDate: '2027-09-14' }, { code: 'K2', dueDate: '2027-09-17' },
    ]);
  });

  it('names a bad day in one line with a non-zero exit', async () => {
    const bad = await touchstone(['care', 'generate', '--day', '2027-02-30'], env);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/day/);
  });
});
