/**
 * A second (and third) process for the "claimed once across instances" test: runs a per-second
 * job against DATABASE_URL for RUN_MS, recording each execution, then exits.
 */
import pino from 'pino';
import { createDb } from '../../../db/client.ts';
import { createScheduler } from '../../../server/jobs/scheduler.ts';
import { systemClock } from '../../../server/platform/clock.ts';

const url = process.env.DATABASE_URL!;
const instance = process.env.INSTANCE ?? String(process.pid);
const db = await createDb({ databaseUrl: url, poolMax: 2 });
const scheduler = createScheduler(
  [{
    name: 'test.tick',
    cron: '* * * * * *',
    async run({ slot }) {
      await db.sql`insert into job_test_hits (slot, instance) values (${slot}, ${instance})`;
    },
  }],
  { sql: db.sql, clock: systemClock, logger: pino({ level: 'silent' }), instanceId: instance, timezone: 'Asia/Shanghai', catchUpHours: 0, singleInstance: false },
);
await scheduler.start();
await new Promise((resolve) => setTimeout(resolve, Number(process.env.RUN_MS ?? 3500)));
await scheduler.stop();
await db.close();
process.stdout.write('done\n');
