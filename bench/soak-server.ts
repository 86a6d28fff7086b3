/**
 * The soak's server, a child process of its own (forked by soak.bench.ts with --expose-gc) so
 * that its heap, handles and event loop are the product's alone — no bench, browser driver or
 * client in them. Commands arrive over IPC; every reply carries the request's id.
 *
 *   start { databaseUrl?, dataDir?, timeZone, bankStart, speed, logFile }
 *         → { url, apiKey, displayToken, branches, regions }   (demo bank seeded, server listening)
 *   go { anchor }   the bank clock starts: bankStart + speed × (now − anchor); jobs follow it
 *   sample          → one server sample (heap after a forced GC, loop delay since the last, handles…)
 *   snapshot { file } → {}   a V8 heap snapshot (BENCH_SOAK_HEAP_SNAPSHOTS=1: after warm-up and at the end)
 *   stop            → { jobs }   (server closed, database closed)
 *
 * The server's clock is the bank clock the simulator runs on: ingest's "not from the future"
 * check, the wall's bank day, complaint deadlines and every job see the same simulated time.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import pino from 'pino';
import { createDb, type Db } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { INGEST_EVENT_TYPES } from '../server/contract/payloads/access.ts';
import { loadConfig } from '../server/config.ts';
import { seedDemoBank } from '../server/demo/seed-demo-bank.ts';
import { listBranchCodes } from '../server/domains/kpi/index.ts';
import { startServer, type RunningServer } from '../server/main.ts';
import type { Clock } from '../server/platform/clock.ts';
import { formatAt } from '../server/simulator/bank-time.ts';
import { createUser, login } from '../tests/integration/helpers/access.ts';
import { driveJobs } from './soak-jobs.ts';
import { countByType } from './soak-stats.ts';

type Request = { id: number; type: string; [key: string]: unknown };

let bank = { start: 0, speed: 1, anchor: Number.NaN, timeZone: 'UTC' };
/** Stands at the bank start until `go`, then runs at `speed`× real time. */
const clock: Clock = { now: () => new Date(Number.isNaN(bank.anchor) ? bank.start : bank.start + bank.speed * (Date.now() - bank.anchor)) };

let db: Db | undefined;
let server: RunningServer | undefined;
let jobs: ReturnType<typeof driveJobs> | undefined;
const loop = monitorEventLoopDelay({ resolution: 10 });
let cpuAt = { usage: process.cpuUsage(), at: performance.now() };
const gc = (globalThis as { gc?: () => void }).gc;

async function start(request: Request): Promise<Record<string, unknown>> {
  const { databaseUrl, dataDir, timeZone, bankStart, speed, logFile } = request as unknown as {
    databaseUrl?: string; dataDir?: string; timeZone: string; bankStart: number; speed: number; logFile: string;
  };
  bank = { start: bankStart, speed, anchor: Number.NaN, timeZone };
  // Warnings and errors go to a file beside the results: the soak reports how many there were.
  const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'warn' }, pino.destination({ dest: logFile, sync: false, mkdir: true }));
  db = await createDb(databaseUrl ? { databaseUrl, poolMax: 10 } : { dataDir: dataDir! });
  await migrate(db.sql);
  await seedDemoBank({ db, clock }, { customersTotal: 2_000 });
  server = await startServer(
    loadConfig({ PORT: '0', HOST: '127.0.0.1', JOBS_ENABLED: 'false', SHUTDOWN_TIMEOUT_MS: '5000', BANK_TIMEZONE: timeZone, DATA_DIR: dataDir ?? '/tmp' }),
    { db, clock, logger },
  );
  const url = `http://127.0.0.1:${server.port}`;
  const user = await createUser(db, { username: 'soak-admin', role: 'admin' });
  const admin = await login(url, user.username, user.password);
  const key = await admin.post('/api-keys', { name: 'soak queue machines', scope: 'bank', eventTypes: [...INGEST_EVENT_TYPES] });
  if (key.status !== 201 && key.status !== 200) throw new Error(`creating the API key failed: ${key.status} ${await key.text()}`);
  const token = await admin.post('/display-tokens', { name: 'soak walls', scope: 'bank' });
  if (token.status !== 201 && token.status !== 200) throw new Error(`creating the display token failed: ${token.status} ${await token.text()}`);
  const branches = await listBranchCodes(db.sql, { limit: 50_000 });
  // The 分行 (the head office's children): the scopes a regional wall shows.
  const regions = await db.sql<{ code: string }[]>`
    select r.code from regions r join regions root on root.id = r.parent_id where root.parent_id is null order by r.code`;
  return {
    url, apiKey: ((await key.json()) as { secret: string }).secret, displayToken: ((await token.json()) as { secret: string }).secret,
    branches: branches.map((b) => ({ code: b.code, regionCode: b.regionCode })), regions: regions.map((r) => r.code),
  };
}

function sample(): Record<string, unknown> {
  const loopDelayP99 = loop.percentile(99) / 1e6;
  const loopDelayMax = loop.max / 1e6;
  // The forced GC blocks the loop; the histogram is off meanwhile so the soak's own pause is
  // not counted as the product's (it is reported apart, as gcMs).
  loop.disable();
  const gcStarted = performance.now();
  gc?.();
  const gcMs = performance.now() - gcStarted;
  const memory = process.memoryUsage();
  loop.reset();
  loop.enable();
  const usage = process.cpuUsage(cpuAt.usage);
  const elapsed = performance.now() - cpuAt.at;
  cpuAt = { usage: process.cpuUsage(), at: performance.now() };
  return {
    heapUsed: memory.heapUsed, heapTotal: memory.heapTotal, rss: memory.rss, external: memory.external,
    loopDelayP99, loopDelayMax, gcMs, forcedGc: Boolean(gc),
    handles: countByType(process.getActiveResourcesInfo()),
    sockets: server?.io.engine.clientsCount ?? 0,
    cpuPercent: ((usage.user + usage.system) / 1000 / elapsed) * 100,
    // The bank's wall clock with its offset (2026-12-07T09:39:04+08:00), as queue machines stamp it.
    bankTime: formatAt(clock.now().getTime(), bank.timeZone),
    jobs: jobs?.counts() ?? {},
  };
}

async function handle(request: Request): Promise<Record<string, unknown>> {
  switch (request.type) {
    case 'start':
      return start(request);
    case 'go':
      bank.anchor = request.anchor as number;
      jobs = driveJobs(server!.scheduler, clock);
      loop.enable();
      cpuAt = { usage: process.cpuUsage(), at: performance.now() };
      return {};
    case 'sample':
      return sample();
    case 'snapshot': {
      // Off the loop-delay books like the forced GC: writing a snapshot stops the world for seconds.
      loop.disable();
      v8.writeHeapSnapshot(request.file as string);
      loop.reset();
      loop.enable();
      return {};
    }
    case 'stop': {
      await jobs?.stop();
      const counts = jobs?.counts() ?? {};
      await server?.close(); // closes the database too
      return { jobs: counts };
    }
    default:
      throw new Error(`unknown command ${request.type}`);
  }
}

process.on('message', (request: Request) => {
  handle(request).then(
    (reply) => process.send!({ id: request.id, ok: true, ...reply }),
    (error: unknown) => process.send!({ id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
