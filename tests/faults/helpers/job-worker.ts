/**
 * One instance of the app's scheduler in its own process, running a per-second job against
 * DATABASE_URL until killed. With HANG=1 the first run it wins after HANG_AFTER_MS hangs before
 * doing its work and prints `hang <slot>`, so the test can kill -9 it in the middle of a job.
 */
import pino from 'pino';
import { createDb } from '../../../db/client.ts';
import { createScheduler } from '../../../server/jobs/scheduler.ts';
import { systemClock } from '../../../server/platform/clock.ts';

const instance = process.env.INSTANCE ?? String(process.pid);
const hangAfter = Date.now() + Number(process.env.HANG_AFTER_MS ?? 1500);
let hung = false;
const db = await createDb({ databaseUrl: process.env.DATABASE_URL!, poolMax: 2 });
const scheduler = createScheduler(
  [{
    name: 'faults.tick',
    cron: '* * * * * *',
    async run({ slot }) {
      if (process.env.HANG === '1' && !hung && Date.now() > hangAfter) {
        hung = true;
        process.stdout.write(`hang ${slot.toISOString()}\n`);
        await new Promise(() => {}); // killed here
      }
      await db.sql`insert into job_test_hits (slot, instance) values (${slot}, ${instance})`;
    },
  }],
  { sql: db.sql, clock: systemClock, logger: pino({ level: 'silent' }), instanceId: instance, timezone: 'Asia/Shanghai', catchUpHours: 0, singleInstance: false },
);
await scheduler.start();
process.stdout.write('started\n');
process.on('SIGTERM', () => void scheduler.stop().then(() => db.close()).then(() => process.exit(0)));
