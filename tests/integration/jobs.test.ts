import { spawn } from 'node:child_process';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJobs } from '../../server/jobs/schedule.ts';
import { createScheduler, type JobDefinition } from '../../server/jobs/scheduler.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const silent = pino({ level: 'silent' });

function runWorker(url: string, instance: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/integration/helpers/scheduler-worker.ts')], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: url, INSTANCE: instance, RUN_MS: '3500' }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${instance} exited with ${code}`))));
  });
}

describe('scheduled jobs', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await db.truncate();
    await db.sql`create table if not exists job_test_hits (slot timestamptz not null, instance text not null)`;
    await db.sql`truncate job_test_hits`;
  });

  it('runs each slot exactly once when two instances share the database', async () => {
    if (db.url) {
      // PostgreSQL: two real processes, each with its own scheduler and connections.
      await Promise.all([runWorker(db.url, 'A'), runWorker(db.url, 'B')]);
    } else {
      // Embedded: one process by design; two schedulers on the one database race the same claims.
      const tick: JobDefinition = { name: 'test.tick', cron: '* * * * * *', run: async ({ slot }) => void (await db.sql`insert into job_test_hits (slot, instance) values (${slot}, 'x')`) };
      const deps = { sql: db.sql, clock: fixedClock('2026-11-28T00:00:00Z'), logger: silent, timezone: 'Asia/Shanghai', catchUpHours: 0, singleInstance: false };
      const a = createScheduler([tick], { ...deps, instanceId: 'A' });
      const b = createScheduler([tick], { ...deps, instanceId: 'B' });
      await Promise.all([a.start(), b.start()]);
      await new Promise((resolve) => setTimeout(resolve, 3500));
      await Promise.all([a.stop(), b.stop()]);
    }
    const perSlot = await db.sql<{ slot: Date; n: number }[]>`select slot, count(*)::int as n from job_test_hits group by slot`;
    expect(perSlot.length).toBeGreaterThanOrEqual(2);
    expect(perSlot.every((s) => s.n === 1)).toBe(true);
    const runs = await db.sql<{ n: number; instances: number }[]>`
      select count(*)::int as n, count(distinct slot)::int as slots, count(distinct instance_id)::int as instances
      from job_runs where job_name = 'test.tick' and status = 'succeeded'`;
    expect(runs[0]!.n).toBe(perSlot.length);
  });

  it('catches up the latest slot missed while nothing ran, once', async () => {
    const ran: Date[] = [];
    const daily: JobDefinition = { name: 'care.daily', cron: '15 9 * * *', run: async ({ slot }) => void ran.push(slot) };
    // 09:40 in Shanghai: the 09:15 slot passed while the server was down.
    const clock = fixedClock('2026-11-28T01:40:00Z');
    const deps = { sql: db.sql, clock, logger: silent, timezone: 'Asia/Shanghai', catchUpHours: 24, singleInstance: true };
    const first = await createScheduler([daily], { ...deps, instanceId: 'A' }).catchUp();
    const second = await createScheduler([daily], { ...deps, instanceId: 'B' }).catchUp();
    expect(first).toEqual([{ job: 'care.daily', slot: new Date('2026-11-28T01:15:00Z'), outcome: 'succeeded' }]);
    expect(second).toEqual([{ job: 'care.daily', slot: new Date('2026-11-28T01:15:00Z'), outcome: 'claimed_elsewhere' }]);
    expect(ran).toEqual([new Date('2026-11-28T01:15:00Z')]);
    const [run] = await db.sql`select trigger, status, instance_id from job_runs where job_name = 'care.daily'`;
    expect(run).toEqual({ trigger: 'catch_up', status: 'succeeded', instanceId: 'A' });
  });

  it('does not catch up a slot older than the catch-up window', async () => {
    const daily: JobDefinition = { name: 'care.daily', cron: '15 9 * * *', run: async () => {} };
    const clock = fixedClock('2026-11-28T05:00:00Z'); // 13:00 Shanghai, window of 2 h
    const results = await createScheduler([daily], { sql: db.sql, clock, logger: silent, instanceId: 'A', timezone: 'Asia/Shanghai', catchUpHours: 2, singleInstance: true }).catchUp();
    expect(results).toEqual([]);
  });

  it('records a failing run with its error and lets the next slot run', async () => {
    let calls = 0;
    const flaky: JobDefinition = { name: 'flaky', cron: '*/5 * * * *', run: async () => { calls++; if (calls === 1) throw new Error('CRM unreachable'); return 'ok'; } };
    const scheduler = createScheduler([flaky], { sql: db.sql, clock: fixedClock('2026-11-28T01:00:30Z'), logger: silent, instanceId: 'A', timezone: 'Asia/Shanghai', catchUpHours: 1, singleInstance: true });
    expect(await scheduler.runSlot('flaky', new Date('2026-11-28T01:00:00Z'), 'schedule')).toBe('failed');
    expect(await scheduler.runSlot('flaky', new Date('2026-11-28T01:05:00Z'), 'schedule')).toBe('succeeded');
    const runs = await db.sql`select status, error, summary from job_runs where job_name = 'flaky' order by slot`;
    expect(runs).toEqual([{ status: 'failed', error: 'Error: CRM unreachable', summary: null }, { status: 'succeeded', error: null, summary: 'ok' }]);
  });

  it('closes runs left running by a stopped embedded instance at start', async () => {
    await db.sql`insert into job_runs (job_name, slot, trigger, instance_id, started_at) values ('stuck', now(), 'schedule', 'old', now() - interval '1 minute')`;
    const scheduler = createScheduler([], { sql: db.sql, clock: fixedClock(new Date()), logger: silent, instanceId: 'new', timezone: 'Asia/Shanghai', catchUpHours: 1, singleInstance: true });
    await scheduler.start();
    await scheduler.stop();
    const [run] = await db.sql`select status, error from job_runs where job_name = 'stuck'`;
    expect(run).toEqual({ status: 'failed', error: expect.stringContaining('abandoned') });
  });

  it('keeps two days of the minute sweeper’s and the database maintenance’s runs and 90 days of the others', async () => {
    const now = new Date('2026-11-29T19:40:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    for (const [job, started] of [['complaints.sweep', daysAgo(3)], ['complaints.sweep', daysAgo(1)], ['calendar.refresh', daysAgo(3)], ['calendar.refresh', daysAgo(91)], ['database.maintain', daysAgo(3)], ['database.maintain', daysAgo(1)]] as const) {
      await db.sql`insert into job_runs (job_name, slot, trigger, instance_id, status, started_at) values (${job}, ${started}, 'schedule', 'test', 'succeeded', ${started})`;
    }
    const prune = createJobs({ db, clock: fixedClock(now), timeZone: 'Asia/Shanghai', complaints: undefined as never }).find((j) => j.name === 'jobs.prune-history')!;
    const summary = await prune.run({ now, logger: silent } as never);
    expect(summary).toBe('1 runs older than 90 days deleted, 1 complaint sweeps older than 2 days, 1 database maintenance runs older than 2 days');
    expect(await db.sql`select job_name from job_runs order by job_name, started_at`).toEqual([{ jobName: 'calendar.refresh' }, { jobName: 'complaints.sweep' }, { jobName: 'database.maintain' }]);
  });
});
