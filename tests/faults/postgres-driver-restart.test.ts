import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrivatePg, type PrivatePg } from './helpers/private-pg.ts';

/**
 * Issue #14 / porsager/postgres#1154: restarting PostgreSQL under concurrent queries crashed the
 * process with `TypeError: Cannot read properties of null (reading 'write') at nextWrite`, thrown
 * from setImmediate where nothing can catch it. patches/postgres+3.4.9.patch guards it. Here a
 * child process keeps 40 queries in flight on a pool of 10 while a private PostgreSQL restarts
 * repeatedly: the child must stay alive and its queries must succeed again after each restart.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');

interface Tally { ok: number; failed: number; codes: Record<string, number> }

describe('postgres.js under PostgreSQL restarts', () => {
  let pg: PrivatePg;
  let child: ChildProcess;
  let latest: Tally = { ok: 0, failed: 0, codes: {} };
  let stderr = '';
  let exitCode: number | null | undefined;
  beforeAll(async () => {
    pg = await createPrivatePg();
  });
  afterAll(() => {
    if (child && exitCode === undefined) child.kill('SIGKILL');
    pg?.destroy();
  });

  const until = async (predicate: () => boolean, ms: number, what: string) => {
    const end = Date.now() + ms;
    while (!predicate()) {
      if (exitCode !== undefined) throw new Error(`load process exited (${exitCode}) while waiting for ${what}:\n${stderr}`);
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(latest)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('survives ten restarts (fast and immediate) and serves queries after each', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/faults/helpers/query-load-worker.ts')], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: pg.url }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.on('exit', (code) => (exitCode = code));
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    let buffered = '';
    child.stdout!.on('data', (chunk) => {
      buffered += String(chunk);
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (line.trim()) latest = JSON.parse(line) as Tally;
    });
    await until(() => latest.ok > 200, 20_000, 'the first queries');
    for (let i = 0; i < 10; i++) {
      pg.restart(i % 2 === 0 ? 'fast' : 'immediate');
      const before = latest.ok;
      await until(() => latest.ok > before + 200, 30_000, `queries after restart ${i + 1}`);
    }
    expect(exitCode).toBeUndefined();
    expect(stderr).not.toMatch(/TypeError|Cannot read properties of null/);
    // The restarts were felt: queries failed meanwhile, with connection errors only.
    expect(latest.failed).toBeGreaterThan(0);
    for (const code of Object.keys(latest.codes)) expect(code).toMatch(/^(57P01|57P03|ECONNREFUSED|ECONNRESET|CONNECTION_CLOSED|CONNECTION_ENDED|CONNECTION_DESTROYED|CONNECT_TIMEOUT|EPIPE|08006|08P01)$/);
  }, 240_000);
});
