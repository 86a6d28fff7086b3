import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login } from './helpers/access.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { serveProcess } from './helpers/serve-process.ts';
import { startTestServer, waitForEvent, type TestServer } from './helpers/test-server.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('several instances', () => {
  let a: TestServer;
  beforeAll(async () => {
    a = await startTestServer({ seed: (db) => seedTwoRegionBank(db.sql) });
    await createUser(a.db, { username: 'boss', role: 'leader', scope: 'bank' });
  });
  afterAll(() => a.close());

  it('a screen on instance B sees an event ingested through instance A (PostgreSQL); embedded mode refuses a second instance', async () => {
    if (!a.db.url) {
      // Embedded PGlite is one process by design: a second server on the same data folder must not start.
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-instances-'));
      const first = await serveProcess({ DATA_DIR: dataDir, DATABASE_URL: '' });
      try {
        const second = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'touchstone.js'), 'serve'], {
          env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0' }, encoding: 'utf8', timeout: 60_000,
        });
        expect(second.status).toBe(1);
        expect(second.stderr).toMatch(/is in use by process \d+/);
      } finally {
        first.child.kill('SIGTERM');
        await first.exited;
      }
      return;
    }
    const b = await serveProcess({ DATABASE_URL: a.db.url, JOBS_ENABLED: 'false' });
    try {
      const screen = await (await login(b.url, 'boss')).socket();
      const snapshot = await screen.emitWithAck('wall:subscribe', { scope: 'bank' });
      expect(snapshot.ok).toBe(true);
      const { secret } = await (await (await a.admin()).post('/api-keys', { name: 'q', scope: 'bank', eventTypes: ['ticket.issued'] })).json();
      const update = waitForEvent(screen, 'kpi:updated', undefined, 5000);
      const sentAt = Date.now();
      const response = await fetch(`${a.url}/api/v1/events`, {
        method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [{ id: 'x1', type: 'ticket.issued', branch: 'SH0101', at: new Date().toISOString(), ticket: 'A001' }] }),
      });
      expect(await response.json()).toMatchObject({ accepted: 1 });
      expect((await update).changes.kpis?.issued).toBe(1);
      expect(Date.now() - sentAt).toBeLessThan(2000);
      screen.close();
    } finally {
      b.child.kill('SIGTERM');
      await b.exited;
    }
  });
});
