import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, kernelStartTime, lockFilePath, readLockHolder } from '../../db/data-dir-lock.ts';

/**
 * Issue #14: pids wrap. A lock left by a killed server whose pid now belongs to an unrelated live
 * process must count as stale (taken over at start, `touchstone status` saying no server), while a
 * lock whose pid is still the process that wrote it keeps the folder held.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

function status(dataDir: string): string {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'touchstone.js'), 'status'], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 60_000,
  });
  return result.stdout.trim();
}

describe('data folder lock owner beyond its pid', () => {
  let unrelated: ChildProcess;
  const dirs: string[] = [];
  const folder = (lock: Record<string, unknown>) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-lock-owner-'));
    dirs.push(dir);
    fs.writeFileSync(lockFilePath(dir), JSON.stringify(lock));
    return dir;
  };
  beforeAll(async () => {
    // A live process that is not a Touchstone server, standing in for whoever got the pid.
    unrelated = spawn('sleep', ['120'], { stdio: 'ignore' });
    await new Promise((resolve) => unrelated.once('spawn', resolve));
  });
  afterAll(() => {
    unrelated.kill('SIGKILL');
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes over a lock whose pid now belongs to an unrelated process, and status says no server', () => {
    const dir = folder({ pid: unrelated.pid, startedAt: '2026-12-01T00:00:00Z', bootId, kernelStartTime: '1' });
    expect(readLockHolder(dir)).toBeUndefined();
    expect(status(dir)).toBe('no server holds this data folder');
    const lock = acquireDataDirLock(dir);
    expect(JSON.parse(fs.readFileSync(lockFilePath(dir), 'utf8'))).toMatchObject({ pid: process.pid, bootId, kernelStartTime: kernelStartTime(process.pid) });
    lock.release();
  });

  it('takes over a lock written before a reboot even if its pid is alive', () => {
    const dir = folder({ pid: unrelated.pid, startedAt: '2026-12-01T00:00:00Z', bootId: '00000000-0000-0000-0000-000000000000', kernelStartTime: kernelStartTime(unrelated.pid!) });
    expect(readLockHolder(dir)).toBeUndefined();
    acquireDataDirLock(dir).release();
  });

  it('keeps the folder held while the pid is still the process that wrote the lock', () => {
    const dir = folder({ pid: unrelated.pid, startedAt: '2026-12-01T00:00:00Z', bootId, kernelStartTime: kernelStartTime(unrelated.pid!) });
    expect(readLockHolder(dir)?.pid).toBe(unrelated.pid);
    expect(status(dir)).toMatch(new RegExp(`^running: pid ${unrelated.pid} on port \\? since 2026-12-01T00:00:00Z$`));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
  });
});
