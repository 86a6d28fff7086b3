import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { Session } from 'node:inspector/promises';
import { Server } from 'socket.io';
import type { Db } from '../db/client.ts';
import { loadConfig } from '../server/config.ts';
import { envNumber, formatTable, timed, type SuiteResult } from './bench-kit.ts';
import { seedBank, type WireEvent } from './fixture.ts';
import { allCpus, drive, forkScreens, pin, type DriveResult } from './latency-kit.ts';
import { curve, screenTable, type Point } from './latency-report.ts';
import { startBenchServer } from './server-kit.ts';

/**
 * B3/B4 live path: event → screen latency (without the browser) and the server's CPU against a
 * bare Socket.IO relay, for each screen count of BENCH_SCREENS (default 1000; the curve:
 * BENCH_SCREENS=200,500,1000). Three processes: this one holds the server under test (pinned to
 * CPU 0 where taskset allows), a child holds the N Socket.IO screens and another the sender (both
 * pinned to CPU 1), so the server's CPU is its own and the clients' is reported beside it.
 *
 * Busy scopes: BENCH_LATENCY_BRANCHES (250) outlets get BENCH_RATE (2,700) ev/s between them,
 * POSTed to /api/v1/events in batches every BENCH_TICK_MS (50). Quiet scopes: BENCH_QUIET_OUTLETS
 * (20) more outlets get no background events, only a probe event each at random moments (at least
 * 3 windows apart), so each probe is its scope's first change. Every screen watches one outlet
 * (the first BENCH_QUIET_OUTLETS screens a quiet one, the rest dealt round-robin over the busy
 * ones) and the bank. Latency runs from just before the POST to the screen's receipt of the
 * `kpi:updated` whose figures include the event, on the event's own outlet (bank: first 10 screens).
 *
 * Raw baseline, same run, screens, sender and events: a bare Socket.IO server (no auth, no
 * database) that takes the same POSTs and emits one `kpi:updated` of a similar shape to the
 * outlet's room per event and one to the bank room per POST — the transport floor, so the ratio
 * shows what ingest + the change feed + coalescing add. BENCH_SECONDS (10, after 1 s of warm-up),
 * BENCH_DRAIN_MS (5000), BENCH_PUSH_PER_SECOND (the server's KPI_PUSH_PER_SECOND), BENCH_PIN=0
 * (no pinning), BENCH_PROFILE=<file> (CPU profile of our run at the largest screen count).
 */
export async function benchLatency(db: Db, mode: string): Promise<SuiteResult> {
  const screenCounts = (process.env.BENCH_SCREENS || process.env.BENCH_CLIENTS || '1000').split(',').map((n) => Number(n.trim()));
  if (screenCounts.some((n) => !Number.isInteger(n) || n < 20)) throw new Error(`BENCH_SCREENS must list screen counts ≥ 20, not "${process.env.BENCH_SCREENS}"`);
  const rate = envNumber('BENCH_RATE', 2700);
  const seconds = envNumber('BENCH_SECONDS', 10);
  const tickMs = envNumber('BENCH_TICK_MS', 50);
  const pushPerSecond = Number(process.env.BENCH_PUSH_PER_SECOND || loadConfig({}).kpi.pushPerSecond);
  const windowMs = 1000 / pushPerSecond;
  const busy = envNumber('BENCH_LATENCY_BRANCHES', 250);
  const quietOutlets = envNumber('BENCH_QUIET_OUTLETS', 20);
  const codes = (await seedBank(db.sql, busy + quietOutlets)).map((b) => b.code);
  const common = { codes, busy, rate, seconds, warmupSeconds: 1, tickMs, drainMs: envNumber('BENCH_DRAIN_MS', 5000), maxInFlight: 64, probeGapMs: [Math.max(1000, 3 * windowMs), Math.max(2500, 6 * windowMs)] as [number, number] };
  const screens = forkScreens();
  const sender = forkScreens('latency-sender.ts');
  const pinned = pin(process.pid, '0') && pin(screens.pid, '1') && pin(sender.pid, '1');
  const points: Point[] = [];
  try {
    for (const [n, count] of screenCounts.entries()) {
      const quiet = Math.min(quietOutlets, Math.floor(count / 10));
      const screenBranch = Array.from({ length: count }, (_, i) => (i < quiet ? busy + i : (i - quiet) % busy));
      const scopes = screenBranch.map((b) => [`branch:${codes[b]}`, 'bank']);
      const run = { ...common, screenBranch };
      const connectMs = { raw: 0, ours: 0 };
      let raw: DriveResult;
      let ours: DriveResult;
      const relay = await startRelay(codes);
      try {
        connectMs.raw = await timed(() => screens.call('connect', { url: relay.url, scopes, concurrency: 50 }));
        raw = await drive(screens, sender, { ...run, idPrefix: `raw${count}`, url: relay.url });
        await screens.call('disconnect');
      } finally {
        await relay.close();
      }
      const server = await startBenchServer(db, { KPI_PUSH_PER_SECOND: String(pushPerSecond) });
      try {
        connectMs.ours = await timed(() => screens.call('connect', { url: server.url, cookie: server.cookie, scopes, concurrency: 50 }));
        const stopProfile = process.env.BENCH_PROFILE && n === screenCounts.length - 1 ? await startProfile() : undefined;
        ours = await drive(screens, sender, { ...run, idPrefix: `ours${count}`, url: server.url, apiKey: server.apiKey });
        await stopProfile?.(process.env.BENCH_PROFILE!);
        await screens.call('disconnect');
      } finally {
        await server.close();
        await settle(db);
      }
      const point: Point = { screens: count, quiet, raw, ours, connectMs, load: os.loadavg()[0]! };
      points.push(point);
      console.log(`${formatTable(screenTable(point, { rate, seconds, windowMs, pushPerSecond, mode, busy }))}\n`);
    }
  } finally {
    screens.close();
    sender.close();
    if (pinned) pin(process.pid, allCpus());
  }
  return curve(points, { rate, seconds, windowMs, pushPerSecond, mode, busy, pinned, tickMs });
}

/** BENCH_PROFILE=<file.cpuprofile>: a CPU profile of this process during our run only (open in Chrome DevTools). */
async function startProfile(): Promise<(file: string) => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (file) => {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    console.log(`latency: CPU profile of our run written to ${file}`);
  };
}

/**
 * Waits out the wall refreshes still queued when the server closed (on PGlite they queue behind
 * each other on the one connection, and WallHub re-schedules a dirty room once more after close),
 * so the bench does not close the database under them.
 */
async function settle(db: Db): Promise<void> {
  await db.sql`select 1`;
  await new Promise((resolve) => setTimeout(resolve, 1200));
  await db.sql`select 1`;
}

interface Counts { issued: number; called: number; finished: number; evaluations: number; serviceErrors: number }
const FIELD: Record<WireEvent['type'], keyof Counts> = {
  'ticket.issued': 'issued', 'ticket.called': 'called', 'ticket.finished': 'finished', 'evaluation.submitted': 'evaluations', 'service_error.recorded': 'serviceErrors',
};

/**
 * The raw baseline: a bare Socket.IO server that takes the sender's POSTs (POST /relay, the events
 * as /api/v1/events takes them) and relays a message per event to the outlet's room.
 */
async function startRelay(codes: readonly string[]): Promise<{ url: string; close(): Promise<void> }> {
  const indexOf = new Map(codes.map((code, i) => [code, i]));
  const httpServer = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { events } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: WireEvent[] };
      relay(events.map((e) => ({ ...e, branchIndex: indexOf.get(e.branch)! })));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: events.length }));
    });
  });
  const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 1e6, pingInterval: 20_000, pingTimeout: 20_000 });
  const zero = (): Counts => ({ issued: 0, called: 0, finished: 0, evaluations: 0, serviceErrors: 0 });
  io.on('connection', (socket) => {
    socket.on('wall:subscribe', async ({ scope }: { scope: string }, ack: (reply: unknown) => void) => {
      await socket.join(`wall:${scope}`);
      ack({ ok: true, data: { scope, seq: 0, kpis: { kpis: zero() } } });
    });
  });
  // The sender keeps its connections open between ticks; on a starved machine the default 5 s
  // keep-alive closes one just as it is reused (ECONNRESET, a lost batch).
  httpServer.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const counts = codes.map(zero);
  const bank = zero();
  let seq = 0;
  // Shaped like a real outlet delta: its KPIs, the hour that changed, its ranking line.
  const kpisOf = (c: Counts) => ({ ...c, satisfactionRate: 0.931, participationRate: 0.802, averageWaitSeconds: 412, longWaitShare: 0.041, averageHandlingSeconds: 388, errorRate: 12.5, serviceIndex: 86.4 });
  const relay = (batch: (WireEvent & { branchIndex: number })[]): void => {
      const at = new Date().toISOString();
      for (const event of batch) {
        const c = counts[event.branchIndex]!;
        c[FIELD[event.type]]++;
        bank[FIELD[event.type]]++;
        const code = codes[event.branchIndex]!;
        const kpis = kpisOf(c);
        io.to(`wall:branch:${code}`).emit('kpi:updated', {
          scope: `branch:${code}`, seq: ++seq, at,
          changes: { kpis, hourly: [{ hour: at.slice(0, 13) + ':00:00.000Z', kpis, yesterday: kpis }], ranking: [{ scope: `branch:${code}`, code, name: `网点 ${code}`, kind: 'branch', kpis, rank: 1 }] },
        });
      }
      io.to('wall:bank').emit('kpi:updated', { scope: 'bank', seq: ++seq, at, changes: { kpis: kpisOf(bank) } });
  };
  return {
    url: `http://127.0.0.1:${(httpServer.address() as { port: number }).port}`,
    async close() {
      await io.close();
    },
  };
}
