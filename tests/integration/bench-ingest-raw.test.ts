import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStream, seedBank } from '../../bench/fixture.ts';
import { toRawRow } from '../../bench/ingest.bench.ts';
import { startRawIngestServer } from '../../bench/ingest-posters-raw.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

/** B2's raw baseline must do the work it claims (one stored row per accepted event), or its ratio means nothing. */
describe('the B2 raw baseline server', () => {
  let db: TestDb;
  let raw: Awaited<ReturnType<typeof startRawIngestServer>>;
  let codes: string[];
  beforeAll(async () => {
    db = await createTestDb();
    const branches = await seedBank(db.sql, 3);
    codes = branches.map((b) => b.code);
    const idOf = new Map(branches.map((b) => [b.code, b.id]));
    raw = await startRawIngestServer(db, 'key-1', (e) => toRawRow(e, idOf));
  });
  afterAll(async () => {
    await raw.close();
    await db.close();
  });

  const post = (body: string, key = 'key-1') => fetch(`${raw.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });

  it('stores each posted event once and answers accepted; refuses a wrong key and a body that is not JSON', async () => {
    const stream = new EventStream(codes, 'raw-test', 7, 'RT-');
    const events = Array.from({ length: 3 }, () => {
      const { branchIndex: _, ...event } = stream.next(new Date(), 0);
      return event;
    });
    for (const event of events) {
      const response = await post(JSON.stringify({ events: [event] }));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ accepted: 1 });
    }
    expect((await post(JSON.stringify({ events: [events[0]] }), 'key-2')).status).toBe(401);
    expect((await post('{not json')).status).toBe(400);
    const stored = await db.sql<{ eventId: string }[]>`select event_id from service_events where source = 'raw'`;
    expect(stored.map((r) => r.eventId).sort()).toEqual(events.map((e) => e.id).sort());
  });
});
