import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Db } from '../db/client.ts';
import { envNumber, fmt, percentile, type Check, type SuiteResult } from './bench-kit.ts';
import type { WireEvent } from './fixture.ts';
import { startRawIngestServer } from './ingest-posters-raw.ts';
import { startBenchServer } from './server-kit.ts';

/**
 * B2 single-event posters (issue #14 item 5): the way most queue machines integrate — each outlet
 * posts every event as it happens, one per request. BENCH_POSTERS outlets (default 1,000, each its
 * own keep-alive socket) in a child process (ingest-posters-client.ts) post to the real server in
 * this process at each rate of BENCH_POSTERS_RATES (default 2700 events/s) for BENCH_POSTERS_SECONDS
 * (default 10) after a 3 s warm-up. Reported: achieved events/s, acknowledgement p50/p99 from when
 * each event was due (and from when it was sent), failures, CPU of the server process, of the
 * clients' process and — PostgreSQL on this machine — of the database's backends, and the server's
 * event-loop delay. Gate: 2,700 events/s with p99 ≤ 100 ms on PostgreSQL. BENCH_POSTERS=0 skips it.
 * A server that falls behind is given BENCH_POSTERS_DRAIN_SECONDS (15) after the window; events
 * still unsent then are "cut off" and count as slower than every measured one (p99 shows ∞ then).
 * Each rate runs first against the raw baseline (ingest-posters-raw.ts: a bare HTTP server doing
 * one insert per request), so the table says which part of a miss is ours and which the machine's.
 */
export async function benchPosters(db: Db, codes: readonly string[], mode: string, rawRow: (event: WireEvent) => object): Promise<Pick<SuiteResult, 'rows' | 'notes' | 'checks' | 'details'>> {
  const outlets = envNumber('BENCH_POSTERS', 1000);
  const rates = (process.env.BENCH_POSTERS_RATES ?? '2700').split(',').map(Number).filter((r) => r > 0);
  const seconds = envNumber('BENCH_POSTERS_SECONDS', 10);
  const withRaw = process.env.BENCH_POSTERS_RAW !== '0';
  if (codes.length < outlets) throw new Error(`bench: ${outlets} posters need as many outlets (${codes.length} seeded)`);
  const rows: SuiteResult['rows'] = [];
  const checks: Check[] = [];
  const details: Record<string, unknown> = {};
  const server = await startBenchServer(db);
  const raw = withRaw ? await startRawIngestServer(db, server.apiKey, rawRow) : null;
  const child = fork(new URL('./ingest-posters-client.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' });
  /** One open-loop run of the posters against `url`; its table row and figures. */
  const runAt = async (url: string, path: string, rate: number, idPrefix: string) => {
    const load = os.loadavg()[0]!;
    const backends0 = await backendCpu(db);
    const cpu0 = process.cpuUsage();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = performance.now();
    // CPU over the whole run (warm-up and drain too) divided by its wall time.
    const reply = await call<PosterReply>(child, { type: 'run', url, apiKey: server.apiKey, codes: codes.slice(0, outlets), rate, seconds, warmupSeconds: 3, idPrefix, drainSeconds: envNumber('BENCH_POSTERS_DRAIN_SECONDS', 15) });
    const wall = (performance.now() - started) / 1000;
    loop.disable();
    const used = process.cpuUsage(cpu0);
    const backends = backends0 && (await backendCpu(db));
    // Events never sent (cut off) would have waited at least as long as the slowest one measured.
    const due = Float64Array.from([...reply.dueMs, ...Array<number>(reply.unsent).fill(Number.POSITIVE_INFINITY)]).sort();
    const sent = Float64Array.from(reply.sentMs).sort();
    const serverCpu = ((used.user + used.system) / 1000 / (wall * 1000)) * 100;
    const dbCpu = backends0 && backends ? ((backends - backends0) / (wall * 1000)) * 100 : null;
    const figures = { achieved: reply.achieved, unsent: reply.unsent, serverCpuMsPerEvent: (used.user + used.system) / 1000 / reply.acknowledged, failed: reply.failed, errors: reply.errors,
      dueP50: percentile(due, 50), dueP99: percentile(due, 99), sentP99: percentile(sent, 99), serverCpu, dbCpu, clientsCpu: (reply.cpuMs / (reply.cpuSeconds * 1000)) * 100, load };
    rows.push([`${outlets} × 1`, `${path} at ${fmt.int(rate)} ev/s`, fmt.int(figures.achieved), ms(figures.dueP50), ms(figures.dueP99), fmt.ms(figures.sentP99),
      reply.unsent ? `${reply.failed} (+${fmt.int(reply.unsent)} cut off)` : String(reply.failed), fmt.int(serverCpu), fmt.ms(figures.serverCpuMsPerEvent, 2), dbCpu === null ? '—' : fmt.int(dbCpu), fmt.int(figures.clientsCpu), fmt.ms(loop.percentile(99) / 1e6), load.toFixed(1)]);
    return figures;
  };
  try {
    for (const [round, rate] of rates.entries()) {
      // Raw first: the same posters on the same database, their own event ids and ticket numbers.
      const bare = raw && (await runAt(raw.url, 'raw: bare http + insert', rate, `r${round}`));
      const ours = await runAt(server.url, 'ours', rate, `p${round}`);
      details[`posters${rate}`] = ours;
      if (bare) details[`raw${rate}`] = bare;
      if (rate !== 2700) continue;
      const meets = (f: typeof ours) => f.achieved >= rate * 0.98 && f.dueP99 <= 100 && f.failed === 0 && f.unsent === 0;
      checks.push({ name: `${outlets} single-event posters at 2,700 ev/s: ev/s, p99 ack`, value: `${fmt.int(ours.achieved)}, ${ms(ours.dueP99)} ms`, target: mode === 'PostgreSQL' ? '≥ 2,700, ≤ 100 ms' : 'reported (gate on PostgreSQL)', pass: mode === 'PostgreSQL' ? meets(ours) : null });
      if (bare) {
        checks.push({ name: 'raw baseline at the same load: ev/s, p99 ack', value: `${fmt.int(bare.achieved)}, ${ms(bare.dueP99)} ms; ours ÷ raw ${fmt.ratio(ours.achieved / bare.achieved)} ev/s, ${fmt.ratio(ours.serverCpuMsPerEvent / bare.serverCpuMsPerEvent)} CPU per event`, target: meets(bare) ? 'raw meets the gate: the gap is ours' : 'raw misses the gate too (how far says how much is the machine)', pass: null });
      }
    }
  } finally {
    child.kill();
    await raw?.close();
    await server.close();
  }
  const notes = [
    `B2: ${outlets} outlets, one keep-alive socket each, ONE event per POST, in a separate client process; ack = the 200 after commit, timed from when the event was due (an outlet's next event waits for its previous request), "sent p99" from when it went out`,
    ...(raw ? ['raw = a bare node:http server in this process: bearer key compared as a string, JSON.parse, one `insert into service_events` per request (its own commit, the branch resolved beforehand), `{"accepted":1}`; the same posters, pool and database — what any HTTP ingest costs here (BENCH_POSTERS_RAW=0 leaves it out)'] : []),
    `CPU % (100 = one core): srv = the process holding the server${mode === 'PostgreSQL' ? ', db = PostgreSQL backends of the bench database (local only)' : ' (PGlite included)'}, cli = the posters' process; load = 1-min load average at the start (2 cores)`,
  ];
  return { rows, checks, notes, details };
}

const ms = (n: number): string => (n === Number.POSITIVE_INFINITY ? '∞' : fmt.ms(n));

interface PosterReply { achieved: number; acknowledged: number; unsent: number; dueMs: number[]; sentMs: number[]; sent: number; failed: number; errors: [string, number][]; cpuMs: number; cpuSeconds: number }

function call<T>(child: ReturnType<typeof fork>, message: Record<string, unknown>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const id = Math.random();
    const onMessage = (reply: { id: number; ok: boolean; error?: string }) => {
      if (reply.id !== id) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (reply.ok) resolve(reply as T);
      else reject(new Error(`posters: ${reply.error}`));
    };
    const onExit = (code: number | null) => reject(new Error(`posters process exited (${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ id, ...message });
  });
}

const TICK_MS = 1000 / 100; // USER_HZ on Linux

/** CPU ms used so far by the PostgreSQL backends of this database, when they run on this machine (null otherwise). */
async function backendCpu(db: Db): Promise<number | null> {
  if (db.mode !== 'postgres') return null;
  const pids = await db.sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database()`;
  let total = 0;
  for (const { pid } of pids) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime
    } catch {
      return null; // another machine (or container): not measurable from here
    }
  }
  return total;
}
