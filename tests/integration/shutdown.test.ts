import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockFilePath } from '../../db/data-dir-lock.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Starts `touchstone serve` in its own process and resolves once it logs its URL. */
function serve(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'touchstone.js'), 'serve'], {
    cwd: ROOT, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', JOBS_ENABLED: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    child.stderr!.on('data', (chunk) => (output += String(chunk)));
    child.stdout!.on('data', (chunk) => {
      output += String(chunk);
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!.replace('localhost', '127.0.0.1'), exited });
      }
    });
    void exited.then((code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

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
