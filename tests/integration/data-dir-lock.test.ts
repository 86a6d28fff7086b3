import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { acquireDataDirLock, DataDirLockedError, lockFilePath } from '../../db/data-dir-lock.ts';
import { migrate } from '../../db/migrate.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Runs the real CLI in another process against `dataDir`. */
function cli(args: string[], dataDir: string) {
  return spawnSync(process.execPath, [path.join(ROOT, 'bin', 'touchstone.js'), ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

const readHolder = (dir: string) => JSON.parse(fs.readFileSync(lockFilePath(dir), 'utf8')) as { pid: number; startedAt: string; processStartedAt: string };

describe('embedded data folder lock', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-lock-'));
  let db: Db;
  beforeAll(async () => {
    db = await createDb({ dataDir });
    await migrate(db.sql);
  });
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('makes a second server on the same folder refuse to start with a clear message', () => {
    const result = cli(['serve'], dataDir);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      `touchstone: data folder ${dataDir} is in use by process ${process.pid} (started ${readHolder(dataDir).startedAt}); stop it first, or set DATA_DIR to another folder`,
    );
  });

  it('makes a CLI command wait for a holder that is not serving instead of opening the folder', () => {
    const result = cli(['migrate'], dataDir);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(new RegExp(`^touchstone: process ${process.pid} holds .* but is not serving yet`));
  });

  it('is taken over when the process that left it is gone', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-stale-'));
    fs.writeFileSync(lockFilePath(other), JSON.stringify({ pid: 999_999_999, startedAt: '2026-01-01T00:00:00Z' }));
    const result = cli(['migrate'], other);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/database is at migration \d+ of \d+/);
    expect(fs.existsSync(lockFilePath(other))).toBe(false); // released on exit
    fs.rmSync(other, { recursive: true, force: true });
  });

  it('refuses a second open inside the same process too', async () => {
    await expect(createDb({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
  });

  it('counts a lock left by an earlier life of this same pid as stale (container restarts reuse pids)', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-reused-pid-'));
    fs.writeFileSync(lockFilePath(other), JSON.stringify({ pid: process.pid, startedAt: '2026-01-01T00:00:00Z', processStartedAt: '2026-01-01T00:00:00Z' }));
    const lock = acquireDataDirLock(other);
    expect(readHolder(other).processStartedAt).not.toBe('2026-01-01T00:00:00Z');
    lock.release();
    fs.rmSync(other, { recursive: true, force: true });
  });
});
