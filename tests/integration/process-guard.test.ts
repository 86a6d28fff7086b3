import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The process guard in a real process (issue #14): a stray rejection and an exception from the
 * database driver's connection code are logged and the process keeps running; any other uncaught
 * exception is logged and ends the process with 1, for the
 * supervisor to restart it clean.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const run = (fault: string) => spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/integration/helpers/guarded-process.ts')], {
  cwd: ROOT, env: { ...process.env, FAULT: fault }, encoding: 'utf8', timeout: 60_000,
});
const logLines = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; level: number });

describe('process guard', () => {
  it('keeps running after an unhandled rejection, logging it', () => {
    const result = run('rejection');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('alive');
    expect(logLines(result.stdout).map((l) => l.msg)).toContain('unhandled promise rejection (kept serving)');
  });

  it('keeps running after postgres.js throws from its connection code in a timer', () => {
    const result = run('driver');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('alive');
    expect(logLines(result.stdout).map((l) => l.msg)).toContain('uncaught exception from a connection (kept serving)');
  });

  it('exits 1 on any other uncaught exception, logged as fatal', () => {
    const result = run('bug');
    expect(result.status).toBe(1);
    expect(result.stdout).not.toContain('alive');
    const fatal = logLines(result.stdout).find((l) => l.level === 60);
    expect(fatal?.msg).toBe('uncaught exception; exiting so that the supervisor restarts a clean process');
  });
});
