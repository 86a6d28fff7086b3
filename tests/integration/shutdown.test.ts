import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockFilePath } from '../../db/data-dir-lock.ts';
import { serveProcess } from './helpers/serve-process.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

const serve = (env: Record<string, string>) => serveProcess({ JOBS_ENABLED: 'true', ...env });

describe('graceful shutdown', () => {
  let db: TestDb | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-shutdown-'));
  beforeAll(async () => {
    db = await createTestDb();
    if (!db.url) await db.close(); // embedded: the server process opens its own data folder instead
  });
  afterAll(async () => {
    if (db?.url) await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('on SIGTERM closes an open socket, stops jobs, releases the data folder and exits 0 within 10 s', async () => {
    const env: Record<string, string> = db?.url ? { DATABASE_URL: db.url } : { DATA_DIR: dataDir, DATABASE_URL: '' };
    const server = await serve(env);
    // The screen's credential is created while the server runs, through the CLI (ADR 0008).
    const created = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'touchstone.js'), 'display-token', 'create', '--scope', 'bank'], {
      cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8',
    });
    const displayToken = /[?&]token=([^&\s]+)/.exec(created.stdout)?.[1];
    expect(displayToken, created.stderr).toBeDefined();
    const socket = connect(server.url, { transports: ['websocket'], reconnection: false, auth: { displayToken: decodeURIComponent(displayToken!) } });
    await new Promise<void>((resolve, reject) => { socket.once('connect', () => resolve()); socket.once('connect_error', reject); });
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

    const started = Date.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await disconnected).toMatch(/transport close|io server disconnect/);
    if (!db?.url) expect(fs.existsSync(lockFilePath(dataDir))).toBe(false);

    // Nothing acknowledged is lost: the next start serves the same data.
    const again = await serve(env);
    try {
      const res = await fetch(`${again.url}/readyz`);
      expect(res.status).toBe(200);
    } finally {
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    }
  });
});
