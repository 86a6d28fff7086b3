import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../db/types.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

/**
 * postgres.js 3.4.9 reserves a transaction's connection only when its BEGIN went out on a
 * connection still "ready" (socket not pushing back, fewer than 100 queries pipelined). Otherwise
 * begin() ran its transaction on no connection: `TypeError … 'onclose'`, the transaction's first
 * query an unhandled rejection, and the connection back in the pool inside an open transaction.
 * Embedded PGlite has one connection, so a burst of 100 queued statements (walls reloading while
 * a long statement runs) was enough: the soak's server died of it. patches/postgres+3.4.9.patch
 * reserves the connection whatever the write answered.
 */
describe('postgres.js transaction behind a full pipeline', () => {
  let db: TestDb;
  let sql: Sql;
  beforeAll(async () => {
    db = await createTestDb();
    // One connection, as embedded PGlite has: every query below pipelines onto it.
    sql = db.url ? (postgres(db.url, { max: 1, onnotice: () => {}, transform: postgres.camel }) as unknown as Sql) : db.sql;
    await sql`create table pipeline_probe (n int not null)`;
  });
  afterAll(async () => {
    if (db.url) await sql.end({ timeout: 1 });
    await db.close();
  });

  it('commits a transaction queued behind a full pipeline and leaves the connection outside it', async () => {
    await sql`select 1`;
    // The 100th query in flight is where the pipeline is full: BEGIN is sent around that place.
    for (let queued = 95; queued <= 105; queued++) {
      // Without parameters: no describe round trip first, so they all pipeline at once.
      const fillers = Array.from({ length: queued }, () => sql`select 1 as n`.execute());
      const committed = sql.begin(async (tx) => {
        await tx`insert into pipeline_probe (n) values (${queued})`;
        return (await tx`select count(*)::int as rows from pipeline_probe`)[0]!.rows;
      });
      const after = fillers.map(() => sql`select pg_current_xact_id_if_assigned()::text as xid`.execute());
      expect(await committed).toBe(queued - 94);
      expect((await Promise.all(fillers)).map((rows) => rows[0]!.n)).toEqual(new Array(queued).fill(1));
      // Queries queued after the transaction ran outside it (no transaction id of theirs).
      expect((await Promise.all(after)).every((rows) => rows[0]!.xid === null)).toBe(true);
    }
    expect((await sql<{ n: number }[]>`select n from pipeline_probe order by n`).map((r) => r.n)).toEqual(Array.from({ length: 11 }, (_, i) => 95 + i));
  });
});
