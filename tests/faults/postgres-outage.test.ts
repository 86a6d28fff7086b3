import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { loadConfig } from '../../server/config.ts';
import { createJobs } from '../../server/jobs/schedule.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { createUser, login } from '../integration/helpers/access.ts';
import { seedTwoRegionBank } from '../integration/helpers/seed.ts';
import { startIngestStream } from './helpers/ingest-stream.ts';
import { createPrivatePg, type PrivatePg } from './helpers/private-pg.ts';

/**
 * Issue #14: PostgreSQL away while the app runs and while it starts. On a private PostgreSQL the
 * real app (HTTP, jobs, outbox) serves an ingest stream; the database is stopped across several
 * scheduler slots (a per-second probe job beside the real jobs stands in for the minute boundary:
 * the same claim path, without waiting a real minute), then started again. Nothing exits, ingest
 * answers 503 with Retry-After fast, /readyz answers 503 within about a second, and after the
 * restart ingest is accepted again with every acknowledged event stored exactly once.
 */
function capturingLogger() {
  const lines: { msg: string; level: number; [k: string]: unknown }[] = [];
  const destination = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { logger: pino({ level: 'info' }, destination), lines };
}

const timed = async (url: string) => {
  const started = Date.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, ms: Date.now() - started, body: (await response.json()) as { problems?: string[] } };
};

describe('PostgreSQL outage', () => {
  let pg: PrivatePg;
  let server: RunningServer | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const { logger, lines } = capturingLogger();
  const config = () => loadConfig({
    PORT: '0', HOST: '127.0.0.1', SHUTDOWN_TIMEOUT_MS: '3000', BOT_QUIET_HOURS: 'off', JOBS_ENABLED: 'true', JOBS_CATCH_UP_HOURS: '0',
    DATABASE_URL: pg.url, DATABASE_POOL_MAX: '6', DATABASE_CONNECT_TIMEOUT_SECONDS: '2',
  });
  let probeRuns = 0;
  const jobs = (deps: Parameters<typeof createJobs>[0]) => [
    ...createJobs(deps),
    { name: 'faults.probe', cron: '* * * * * *', run: async () => void probeRuns++ },
  ];

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    pg = await createPrivatePg();
    const db: Db = await createDb({ databaseUrl: pg.url });
    await migrate(db.sql);
    await seedTwoRegionBank(db.sql);
    await createUser(db, { username: 'faults-admin', role: 'admin' });
    await db.close();
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await server?.close();
    pg?.destroy();
  });

  it('waits for an unreachable database at start, with a clear line per attempt', async () => {
    pg.stop('fast');
    const starting = startServer(config(), { logger, jobs });
    await new Promise((resolve) => setTimeout(resolve, 3500));
    const retries = lines.filter((l) => /^database unreachable at start; retrying in \d+ s \(attempt \d+\)$/.test(l.msg));
    expect(retries.length).toBeGreaterThanOrEqual(2);
    pg.start();
    server = await starting;
    expect(lines.some((l) => l.msg === 'database reachable; starting')).toBe(true);
    expect((await timed(`${server.url.replace('localhost', '127.0.0.1')}/readyz`)).status).toBe(200);
  });

  it('answers 503 with Retry-After fast while the database is away and accepts ingest again after, losing nothing', async () => {
    const url = server!.url.replace('localhost', '127.0.0.1');
    const admin = await login(url, 'faults-admin');
    const created = await admin.post('/api-keys', { name: '排队机', scope: 'bank', eventTypes: ['ticket.issued'] });
    const { secret: key } = (await created.json()) as { secret: string };
    const stream = startIngestStream({ url, key, branch: 'BJ0101', prefix: 'outage', batchSize: 40 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(stream.tally.batchesAcknowledged).toBeGreaterThan(0);

    pg.stop('fast');
    const probesBefore = probeRuns;
    const claimFailuresBefore = lines.filter((l) => l.msg === 'could not claim the job slot; skipped').length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const ready = await timed(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.body.problems).toContain('database unreachable');
    expect(ready.ms).toBeLessThan(1500);
    // Across three more scheduler slots with the database away.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const during = { ...stream.tally };
    expect(during.status503).toBeGreaterThan(0);
    expect(during.status503WithoutRetryAfter).toBe(0);
    expect(during.slowest503Ms).toBeLessThan(3000);
    expect(probeRuns).toBe(probesBefore);
    expect(lines.filter((l) => l.msg === 'could not claim the job slot; skipped').length).toBeGreaterThan(claimFailuresBefore + 2);

    pg.start();
    const acknowledgedAtRestart = stream.tally.batchesAcknowledged;
    const deadline = Date.now() + 20_000;
    while (stream.tally.batchesAcknowledged < acknowledgedAtRestart + 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stream.tally.batchesAcknowledged).toBeGreaterThanOrEqual(acknowledgedAtRestart + 5);
    expect((await timed(`${url}/readyz`)).status).toBe(200);
    await stream.stop();
    // Jobs resumed by themselves.
    const probesAfterRestart = probeRuns;
    await new Promise((resolve) => setTimeout(resolve, 2200));
    expect(probeRuns).toBeGreaterThan(probesAfterRestart);

    expect(stream.tally.otherStatuses).toEqual({});
    const [stored] = await server!.db.sql<{ total: number; distinct: number }[]>`
      select count(*)::int as total, count(distinct event_id)::int as distinct from service_events where event_id like 'outage-%'`;
    const ids = new Set((await server!.db.sql<{ eventId: string }[]>`select event_id from service_events where event_id like 'outage-%'`).map((r) => r.eventId));
    expect(stored!.total).toBe(stored!.distinct);
    for (const id of stream.acknowledged) expect(ids.has(id)).toBe(true);
    // Every stored event was acknowledged (all batches ended acknowledged), counted once.
    expect(stored!.total).toBe(stream.acknowledged.size);
    expect(stream.tally.eventsAcknowledged + stream.tally.duplicatesReported).toBe(stream.acknowledged.size);
    const [issued] = await server!.db.sql<{ issued: number }[]>`
      select coalesce(sum(d.issued), 0)::int as issued from branch_day_kpis d join branches b on b.id = d.branch_id where b.code = 'BJ0101'`;
    expect(issued!.issued).toBe(stored!.total);
    expect(unhandled).toEqual([]);
    console.info(`PostgreSQL outage: readyz 503 in ${ready.ms} ms; ${stream.tally.status503} ingest answers 503 (slowest ${stream.tally.slowest503Ms} ms), ` +
      `${stream.acknowledged.size} events acknowledged, ${stream.tally.duplicatesReported} reported as duplicates on retry, none lost or doubled`);
  });
});
