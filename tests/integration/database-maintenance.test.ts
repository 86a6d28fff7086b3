import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobs } from '../../server/jobs/schedule.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const NOW = '2026-12-07T02:00:00Z';

/** ADR 0029: embedded PGlite never vacuums or analyses by itself; the `database.maintain` job does what autovacuum would. */
describe('database maintenance', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.close());

  const jobs = () => createJobs({ db, clock: fixedClock(NOW), timeZone: 'Asia/Shanghai', complaints: undefined as never });
  // Statistics reach the shared counters at most once a second unless a flush is asked for.
  const stats = async () => (await db.sql`select pg_stat_force_next_flush()`, await db.sql<{ deadRows: number; analyzed: boolean; vacuumed: boolean }[]>`
    select n_dead_tup::int as dead_rows, (last_analyze is not null or last_autoanalyze is not null) as analyzed,
           (last_vacuum is not null or last_autovacuum is not null) as vacuumed
    from pg_stat_user_tables where relname = 'maintenance_probe'`)[0]!;

  it('vacuums and analyses busy tables on embedded PGlite, and leaves PostgreSQL to its autovacuum', async () => {
    const job = jobs().find((j) => j.name === 'database.maintain');
    if (db.url) {
      expect(job).toBeUndefined(); // PostgreSQL's autovacuum does this
      expect((await db.sql<{ setting: string }[]>`select setting from pg_settings where name = 'autovacuum'`)[0]!.setting).toBe('on');
      return;
    }
    expect(job?.cron).toBe('*/10 * * * *');
    await db.sql`create table maintenance_probe (id int primary key, v int not null)`;
    await db.sql`insert into maintenance_probe select g, 0 from generate_series(1, 5000) g`;
    await db.sql`update maintenance_probe set v = 1 where id <= 2000`;
    // Nothing has looked after the table by itself: 2,000 dead rows, never analysed.
    expect(await stats()).toEqual({ deadRows: 2000, analyzed: false, vacuumed: false });

    const context = { now: new Date(NOW), slot: new Date(NOW), logger: pino({ level: 'silent' }) } as unknown as Parameters<NonNullable<typeof job>['run']>[0];
    const summary = await job!.run(context);
    expect(summary).toContain('maintenance_probe: vacuum (analyze)');
    expect(await stats()).toEqual({ deadRows: 0, analyzed: true, vacuumed: true });
    const plannerRows = (await db.sql<{ reltuples: number }[]>`select reltuples::int as reltuples from pg_class where relname = 'maintenance_probe'`)[0]!.reltuples;
    expect(plannerRows).toBe(5000);

    // Done once: the next run finds the table quiet.
    expect(await job!.run(context)).not.toContain('maintenance_probe');
  });
});
