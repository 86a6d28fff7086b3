import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { lockFilePath } from '../../db/data-dir-lock.ts';
import { migrate } from '../../db/migrate.ts';
import { createUser, login } from '../integration/helpers/access.ts';
import { seedTwoRegionBank } from '../integration/helpers/seed.ts';
import { serveProcess } from '../integration/helpers/serve-process.ts';
import { createTestDb, type TestDb } from '../integration/helpers/test-db.ts';
import { startIngestStream } from './helpers/ingest-stream.ts';

/**
 * kill -9 of a real `touchstone serve` process during a stream of ingest batches, three times, on
 * the database this run uses (embedded PGlite in a data folder, or PostgreSQL with DATABASE_URL).
 * After each kill the server is started again with no manual step (on PGlite the dead process's
 * lock is taken over); the integrator retries every unacknowledged batch. In the end every
 * acknowledged event is stored exactly once and counted once in the rollups, and the totals match.
 */
const KILLS = 3;

describe('kill -9 of the server during ingest', () => {
  let pgDb: TestDb | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-kill-'));
  let env: Record<string, string>;
  const open = async (): Promise<Db> => (pgDb ? pgDb : createDb({ dataDir }));

  beforeAll(async () => {
    if (process.env.DATABASE_URL || process.env.TEST_DATABASE_URL) {
      pgDb = await createTestDb();
      env = { DATABASE_URL: pgDb.url!, JOBS_ENABLED: 'true' };
    } else {
      env = { DATA_DIR: dataDir, DATABASE_URL: '', JOBS_ENABLED: 'true' };
    }
    const db = await open();
    if (!pgDb) await migrate(db.sql);
    await seedTwoRegionBank(db.sql);
    await createUser(db, { username: 'kill-admin', role: 'admin' });
    if (!pgDb) await db.close();
  });
  afterAll(async () => {
    await pgDb?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`stores every acknowledged event exactly once across ${KILLS} kills, with no manual repair`, async () => {
    let server = await serveProcess({ ...env, SIMULATE: '0' });
    const admin = await login(server.url, 'kill-admin');
    const { secret: key } = (await (await admin.post('/api-keys', { name: '排队机', scope: 'bank', eventTypes: ['ticket.issued'] })).json()) as { secret: string };
    const stream = startIngestStream({ url: server.url, key, branch: 'BJ0101', prefix: 'kill', batchSize: 100 });
    const restartMs: number[] = [];
    try {
      for (let kill = 1; kill <= KILLS; kill++) {
        const before = stream.tally.batchesAcknowledged;
        const deadline = Date.now() + 30_000;
        while (stream.tally.batchesAcknowledged < before + 10 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(stream.tally.batchesAcknowledged).toBeGreaterThanOrEqual(before + 10);
        server.child.kill('SIGKILL');
        expect(await server.exited).toBeNull();
        if (!pgDb) {
          // The dead process's lock is left behind; the next start takes it over by itself.
          expect(JSON.parse(fs.readFileSync(lockFilePath(dataDir), 'utf8')).pid).toBe(server.child.pid);
        }
        const started = Date.now();
        server = await serveProcess({ ...env, SIMULATE: '0' });
        restartMs.push(Date.now() - started);
        stream.retarget(server.url);
      }
      const after = stream.tally.batchesAcknowledged;
      const deadline = Date.now() + 30_000;
      while (stream.tally.batchesAcknowledged < after + 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      await stream.stop();
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }

    const db = await open();
    try {
      const rows = await db.sql<{ eventId: string }[]>`select event_id from service_events where event_id like 'kill-%'`;
      const stored = new Set(rows.map((r) => r.eventId));
      expect(rows.length).toBe(stored.size); // no event twice
      for (const id of stream.acknowledged) expect(stored.has(id)).toBe(true);
      // Every batch ended acknowledged (retried until it was), so nothing else is stored.
      expect(stored.size).toBe(stream.acknowledged.size);
      expect(stream.tally.eventsAcknowledged + stream.tally.duplicatesReported).toBe(stream.acknowledged.size);
      const [issued] = await db.sql<{ issued: number }[]>`
        select coalesce(sum(d.issued), 0)::int as issued from branch_day_kpis d join branches b on b.id = d.branch_id where b.code = 'BJ0101'`;
      expect(issued!.issued).toBe(stored.size); // counted once
      expect(stream.tally.otherStatuses).toEqual({});
      console.info(`kill -9 on ${pgDb ? 'PostgreSQL' : 'PGlite'}: ${stored.size} events acknowledged over ${KILLS} kills, ` +
        `${stream.tally.duplicatesReported} reported as duplicates on retry, ${stream.tally.noAnswer} requests unanswered, restart ${restartMs.map((ms) => (ms / 1000).toFixed(1)).join('/')} s`);
    } finally {
      if (!pgDb) await db.close();
    }
  });
});
