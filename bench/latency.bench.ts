import fs from 'node:fs';
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import { Server } from 'socket.io';
import type { Db } from '../db/client.ts';
import { loadConfig } from '../server/config.ts';
import { envNumber, fmt, timed, type Check, type SuiteResult } from './bench-kit.ts';
import { seedBank, type WireEvent } from './fixture.ts';
import { drive, forkScreens, type DriveResult } from './latency-kit.ts';
import { postEvents, startBenchServer } from './server-kit.ts';

/**
 * B4 event → screen latency (without the browser): N Socket.IO screens, each subscribed to its
 * outlet's wall (`branch:<code>`, outlets dealt round-robin) and to the bank's wall, in a child
 * process; events POSTed to /api/v1/events at BENCH_RATE ev/s in batches every BENCH_TICK_MS.
 * Latency runs from just before the POST to the screen's receipt of the `kpi:updated` whose
 * figures include the event, on the event's own outlet scope (bank scope: first 10 screens).
 *
 * Raw baseline, same run, same screens and rate: a bare Socket.IO server (no auth, no database)
 * that emits one `kpi:updated` of a similar shape to the outlet's room per event, and one to the
 * bank room per tick — the transport floor, so the ratio shows what ingest + the change feed + coalescing
 * add. BENCH_CLIENTS (200), BENCH_RATE (500), BENCH_SECONDS (10, after 1 s of warm-up),
 * BENCH_LATENCY_BRANCHES (250), BENCH_TICK_MS (50), BENCH_DRAIN_MS (5000),
 * BENCH_PUSH_PER_SECOND (the server's KPI_PUSH_PER_SECOND; default its default), BENCH_PROFILE=<file>.
 */
export async function benchLatency(db: Db, mode: string): Promise<SuiteResult> {
  const clients = envNumber('BENCH_CLIENTS', 200);
  const rate = envNumber('BENCH_RATE', 500);
  const seconds = envNumber('BENCH_SECONDS', 10);
  const tickMs = envNumber('BENCH_TICK_MS', 50);
  const pushPerSecond = process.env.BENCH_PUSH_PER_SECOND || String(loadConfig({}).kpi.pushPerSecond);
  const codes = (await seedBank(db.sql, envNumber('BENCH_LATENCY_BRANCHES', 250))).map((b) => b.code);
  const screenBranch = Array.from({ length: clients }, (_, i) => i % codes.length);
  const scopes = screenBranch.map((b) => [`branch:${codes[b]}`, 'bank']);
  const common = { codes, screenBranch, rate, seconds, warmupSeconds: 1, tickMs, drainMs: envNumber('BENCH_DRAIN_MS', 5000), maxInFlight: 64 };
  const screens = forkScreens();
  let raw: DriveResult;
  let ours: DriveResult;
  const connectMs = { raw: 0, ours: 0 };
  try {
    const relay = await startRelay(codes);
    try {
      connectMs.raw = await timed(() => screens.call('connect', { url: relay.url, scopes, concurrency: 50 }));
      raw = await drive(screens, { ...common, idPrefix: 'raw', send: (batch) => relay.relay(batch) });
      await screens.call('disconnect');
    } finally {
      await relay.close();
    }
    const server = await startBenchServer(db, { KPI_PUSH_PER_SECOND: pushPerSecond });
    try {
      connectMs.ours = await timed(() => screens.call('connect', { url: server.url, cookie: server.cookie, scopes, concurrency: 50 }));
      const stopProfile = process.env.BENCH_PROFILE ? await startProfile() : undefined;
      ours = await drive(screens, { ...common, idPrefix: 'ours', send: (batch) => postEvents(server.url, server.apiKey, batch.map(({ branchIndex: _, ...e }) => e)) });
      await stopProfile?.(process.env.BENCH_PROFILE!);
      await screens.call('disconnect');
    } finally {
      await server.close();
      await settle(db);
    }
  } finally {
    screens.close();
  }
  const row = (path: string, scope: 'branch' | 'bank', r: DriveResult, base: DriveResult | null): SuiteResult['rows'][number] => {
    const s = r[scope];
    return [path, scope === 'bank' ? 'bank (10 screens)' : 'own outlet', fmt.int(r.sentRate), fmt.int(s.samples), fmt.ms(s.p50), fmt.ms(s.p99), fmt.ms(s.p999), fmt.ms(s.max), s.undelivered,
      fmt.int(r.messagesPerSecond), fmt.int(r.avgBytes[scope === 'bank' ? 1 : 0]!), fmt.ms(r.ackP99), fmt.int(r.serverCpuPercent), fmt.ms(r.loopDelayP99), base ? fmt.ratio(s.p99 / base[scope].p99) : '—'];
  };
  const checks: Check[] = [
    { name: 'event→screen p99 (own outlet)', value: `${fmt.ms(ours.branch.p99)} ms`, target: '≤ 200 ms (plan: 1,000 screens, 2,700 ev/s, PG)', pass: ours.branch.p99 <= 200 },
    { name: 'event→screen p99.9 (own outlet)', value: `${fmt.ms(ours.branch.p999)} ms`, target: '≤ 500 ms', pass: ours.branch.p999 <= 500 },
    { name: 'events delivered to every screen', value: `${fmt.int(ours.branch.undelivered)} missing`, target: '0 missing after drain', pass: ours.branch.undelivered === 0 },
    { name: `ingest ack p99 at ${fmt.int(ours.sentRate)} ev/s (POST → commit → reply)`, value: `${fmt.ms(ours.ackP99)} ms`, target: '≤ 50 ms (plan: at 5k ev/s)', pass: ours.ackP99 <= 50 },
    { name: 'p99 latency vs bare Socket.IO relay', value: fmt.ratio(ours.branch.p99 / raw.branch.p99), target: 'reported', pass: null },
  ];
  return {
    suite: 'latency', title: `B4 event→screen latency, ${fmt.int(clients)} screens (outlet + bank wall each), ${fmt.int(rate)} ev/s for ${seconds} s`, mode,
    columns: ['path', 'scope', 'ev/s sent', 'samples', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'missing', 'msgs/s recv', 'msg bytes', 'ack p99 ms', 'srv CPU %', 'loop p99 ms', 'p99 ours ÷ raw'],
    rows: [
      row('raw: bare Socket.IO relay, emit per event', 'branch', raw, null),
      row(`ours: POST /events → commit → deltas → kpi:updated (${pushPerSecond}/s/scope)`, 'branch', ours, raw),
      row('raw: bare Socket.IO relay, bank room per tick', 'bank', raw, null),
      row('ours: bank wall', 'bank', ours, raw),
    ],
    notes: [
      `${codes.length} outlets, screens dealt round-robin; batches every ${tickMs} ms (${fmt.int((rate * tickMs) / 1000)} events each); screens in a child process on the same box (loopback)`,
      `raw "ack" = the synchronous emit; ours = the POST's reply after commit (the wall refresh happens after it)`,
      `connect + subscribe of all screens: raw ${fmt.int(connectMs.raw)} ms, ours ${fmt.int(connectMs.ours)} ms; throttled ticks (64 POSTs in flight): raw ${raw.throttledTicks}, ours ${ours.throttledTicks}; send errors: ${ours.sendErrors}`,
      `srv CPU % = the process holding the server (and sender), 100 = one core${mode === 'PostgreSQL' ? ', PostgreSQL not included' : ', PGlite included'}; screens' process: raw ${fmt.int(raw.screensCpuPercent)} %, ours ${fmt.int(ours.screensCpuPercent)} %`,
    ],
    checks,
    details: { clients, rate, seconds, tickMs, pushPerSecond, raw, ours, connectMs },
  };
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

/** The raw baseline: a bare Socket.IO server relaying a message per event to the outlet's room. */
async function startRelay(codes: readonly string[]): Promise<{ url: string; relay(batch: (WireEvent & { branchIndex: number })[]): void; close(): Promise<void> }> {
  const httpServer = http.createServer();
  const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 1e6, pingInterval: 20_000, pingTimeout: 20_000 });
  const zero = (): Counts => ({ issued: 0, called: 0, finished: 0, evaluations: 0, serviceErrors: 0 });
  io.on('connection', (socket) => {
    socket.on('wall:subscribe', async ({ scope }: { scope: string }, ack: (reply: unknown) => void) => {
      await socket.join(`wall:${scope}`);
      ack({ ok: true, data: { scope, seq: 0, kpis: { kpis: zero() } } });
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const counts = codes.map(zero);
  const bank = zero();
  let seq = 0;
  // Shaped like a real outlet delta: its KPIs, the hour that changed, its ranking line.
  const kpisOf = (c: Counts) => ({ ...c, satisfactionRate: 0.931, participationRate: 0.802, averageWaitSeconds: 412, longWaitShare: 0.041, averageHandlingSeconds: 388, errorRate: 12.5, serviceIndex: 86.4 });
  return {
    url: `http://127.0.0.1:${(httpServer.address() as { port: number }).port}`,
    relay(batch) {
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
    },
    async close() {
      await io.close();
    },
  };
}
