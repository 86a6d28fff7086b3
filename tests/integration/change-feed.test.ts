import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

/** Waits for `count` payloads or the timeout, then returns what arrived. */
function collect(db: Db, channel: string) {
  const received: Record<string, unknown>[] = [];
  const ready = db.changes.listen(channel, (p) => received.push(p));
  return {
    received,
    ready,
    async until(count: number, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      return received;
    },
  };
}

describe('change feed', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.close());

  it('delivers a change only after its transaction commits', async () => {
    const feed = collect(db, 'test_commit');
    await feed.ready;
    let deliveredBeforeCommit = -1;
    await db.changes.transaction(async (tx, changes) => {
      await tx`select 1`;
      changes.notify('test_commit', { id: 1 });
      deliveredBeforeCommit = feed.received.length;
    });
    expect(deliveredBeforeCommit).toBe(0);
    expect(await feed.until(1)).toEqual([{ id: 1 }]);
  });

  it('drops the change when the transaction rolls back', async () => {
    const feed = collect(db, 'test_rollback');
    await feed.ready;
    await expect(db.changes.transaction(async (_tx, changes) => {
      changes.notify('test_rollback', { id: 'lost' });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    await db.changes.transaction(async (_tx, changes) => changes.notify('test_rollback', { id: 'kept' }));
    expect(await feed.until(1)).toEqual([{ id: 'kept' }]); // the kept one arrives, the lost one never did
  });

  it('refuses a payload too large for PostgreSQL NOTIFY, in both modes', async () => {
    await expect(db.changes.transaction(async (_tx, changes) => changes.notify('test_big', { rows: 'x'.repeat(9000) }))).rejects.toThrow(/send ids, not rows/);
  });

  it('reaches every listener: every instance on PostgreSQL, every subscriber of the one embedded process', async () => {
    if (!db.url) {
      const first = collect(db, 'test_cross');
      const second = collect(db, 'test_cross');
      await Promise.all([first.ready, second.ready]);
      await db.changes.transaction(async (_tx, changes) => changes.notify('test_cross', { from: 'A' }));
      expect([await first.until(1), await second.until(1)]).toEqual([[{ from: 'A' }], [{ from: 'A' }]]);
      return;
    }
    const other = await createDb({ databaseUrl: db.url, poolMax: 2 });
    try {
      const feed = collect(other, 'test_cross');
      await feed.ready;
      await db.changes.transaction(async (_tx, changes) => changes.notify('test_cross', { from: 'A' }));
      expect(await feed.until(1)).toEqual([{ from: 'A' }]);
    } finally {
      await other.close();
    }
  });
});
