import net from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sql } from '../../db/types.ts';
import { createScheduler, type JobDefinition } from '../../server/jobs/scheduler.ts';
import { systemClock } from '../../server/platform/clock.ts';

/**
 * Issue #14: a database outage across a minute boundary made the process exit — the slot claim
 * rejected out of the cron callback and track()'s derived promise was left unhandled. Here the
 * database is gone from the start (a port nobody listens on): the scheduler must start, log each
 * failed claim, never leave a rejection unhandled, and never run the job without its claim.
 */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function capturingLogger() {
  const lines: { msg: string; level: number }[] = [];
  const destination = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { logger: pino({ level: 'info' }, destination), lines };
}

describe('scheduler during a database outage', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  let sql: Sql | undefined;
  afterEach(async () => {
    process.off('unhandledRejection', onUnhandled);
    await (sql as unknown as postgres.Sql | undefined)?.end({ timeout: 1 });
  });

  it('starts, skips every slot it cannot claim with a log line, and leaves no rejection unhandled', async () => {
    process.on('unhandledRejection', onUnhandled);
    sql = postgres({ host: '127.0.0.1', port: await deadPort(), connect_timeout: 1, max: 2, onnotice: () => {} }) as unknown as Sql;
    const { logger, lines } = capturingLogger();
    let ran = 0;
    const everySecond: JobDefinition = { name: 'test.every-second', cron: '* * * * * *', run: async () => void ran++ };
    const scheduler = createScheduler([everySecond], {
      sql, clock: systemClock, logger, instanceId: 'A', timezone: 'Asia/Shanghai', catchUpHours: 1, singleInstance: false,
    });
    await expect(scheduler.start()).resolves.toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 2600));
    await expect(scheduler.runSlot('test.every-second', new Date(), 'manual')).resolves.toBe('unclaimed');
    await scheduler.stop();
    // Let any derived promise settle before counting.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
    expect(ran).toBe(0);
    const skipped = lines.filter((l) => l.msg === 'could not claim the job slot; skipped');
    // catch-up + at least two scheduled seconds + the manual run
    expect(skipped.length).toBeGreaterThanOrEqual(3);
    expect(lines.some((l) => l.msg === 'could not close abandoned job runs')).toBe(true);
  });
});
