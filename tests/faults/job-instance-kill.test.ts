import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { createPrivatePg, type PrivatePg } from './helpers/private-pg.ts';

/**
 * Two instances share one PostgreSQL and race for every slot of a per-second job; one is killed
 * with SIGKILL in the middle of a run. Each slot still runs at most once (the killed run's slot is
 * not run again by the other instance: its claim stands, recorded as `running` until closed as
 * abandoned), and the surviving instance runs every later slot by itself.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');

function worker(url: string, instance: string, hang: boolean): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/faults/helpers/job-worker.ts')], {
    cwd: ROOT, env: { ...process.env, DATABASE_URL: url, INSTANCE: instance, HANG: hang ? '1' : '0' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  child.stdout!.on('data', (chunk) => lines.push(...String(chunk).split('\n').filter(Boolean)));
  return { child, lines, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

const until = async (predicate: () => boolean, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('two instances, one killed in the middle of a job', () => {
  let pg: PrivatePg;
  let db: Db;
  beforeAll(async () => {
    pg = await createPrivatePg();
    db = await createDb({ databaseUrl: pg.url });
    await migrate(db.sql);
    await db.sql`create table job_test_hits (slot timestamptz not null, instance text not null)`;
  });
  afterAll(async () => {
    await db?.close();
    pg?.destroy();
  });

  it('runs each slot at most once, and the survivor runs every later slot', async () => {
    // A hangs in the first run it wins after 1.5 s; B never hangs.
    const a = worker(pg.url, 'A', true);
    const b = worker(pg.url, 'B', false);
    try {
      await until(() => a.lines.includes('started') && b.lines.includes('started'), 60_000, 'both instances');
      await until(() => a.lines.some((l) => l.startsWith('hang ')), 30_000, 'instance A to win a slot and hang');
      const hungSlot = new Date(a.lines.find((l) => l.startsWith('hang '))!.slice(5));
      a.child.kill('SIGKILL');
      expect(await a.exited).toBeNull();
      const killedAt = new Date();
      await new Promise((resolve) => setTimeout(resolve, 4000));
      b.child.kill('SIGTERM');
      await b.exited;

      const perSlot = await db.sql<{ slot: Date; hits: number }[]>`select slot, count(*)::int as hits from job_test_hits group by slot order by slot`;
      expect(perSlot.every((s) => s.hits === 1)).toBe(true);
      // The killed run's slot: claimed by A, never run by B, left 'running' for abandonment.
      const [hungRun] = await db.sql<{ instanceId: string; status: string }[]>`select instance_id, status from job_runs where job_name = 'faults.tick' and slot = ${hungSlot}`;
      expect(hungRun).toEqual({ instanceId: 'A', status: 'running' });
      expect(perSlot.some((s) => s.slot.getTime() === hungSlot.getTime())).toBe(false);
      // After the kill, B ran every slot (allow the second in progress at the kill).
      const after = await db.sql<{ slot: Date; instance: string }[]>`select slot, instance from job_test_hits where slot > ${new Date(killedAt.getTime() + 1000)} order by slot`;
      expect(after.length).toBeGreaterThanOrEqual(2);
      expect(after.every((h) => h.instance === 'B')).toBe(true);
      for (let i = 1; i < after.length; i++) expect(after[i]!.slot.getTime() - after[i - 1]!.slot.getTime()).toBe(1000);
    } finally {
      a.child.kill('SIGKILL');
      b.child.kill('SIGKILL');
    }
  });
});
