import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Db } from '../db/client.ts';
import { envNumber, fmt, percentile, type Check, type SuiteResult } from './bench-kit.ts';
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
 */
export async function benchPosters(db: Db, codes: readonly string[], mode: string): Promise<Pick<SuiteResult, 'rows' | 'notes' | 'checks' | 'details'>> {
  const outlets = envNumber('BENCH_POSTERS', 1000);
  const rates = (process.env.BENCH_POSTERS_RATES ?? '2700').split(',').map(Number).filter((r) => r > 0);
  const seconds = envNumber('BENCH_POSTERS_SECONDS', 10);
  if (codes.length < outlets) throw new Error(`bench: ${outlets} posters need as many outlets (${codes.length} seeded)`);
  const rows: SuiteResult['rows'] = [];
  const checks: Check[] = [];
  const details: Record<string, unknown> = {};
  const server = await startBenchServer(db);
  const child = fork(new URL('./ingest-posters-client.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' });
  try {
    for (const [round, rate] of rates.entries()) {
      const load = os.loadavg()[0]!;
      const backends0 = await backendCpu(db);
      const cpu0 = process.cpuUsage();
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const started = performance.now();
      // CPU over the whole run (warm-up and drain too) divided by its wall time.
      const reply = await call<PosterReply>(child, { type: 'run', url: server.url, apiKey: server.apiKey, codes: codes.slice(0, outlets), rate, seconds, warmupSeconds: 3, idPrefix: `p${round}`, drainSeconds: envNumber('BENCH_POSTERS_DRAIN_SECONDS', 15) });
      const wall = (performance.now() - started) / 1000;
      loop.disable();
      const used = process.cpuUsage(cpu0);
      const backends = backends0 && (await backendCpu(db));
      // Events never sent (cut off) would have waited at least as long as the slowest one measured.
      const due = Float64Array.from([...reply.dueMs, ...Array<number>(reply.unsent).fill(Number.POSITIVE_INFINITY)]).sort();
      const sent = Float64Array.from(reply.sentMs).sort();
      const achieved = reply.achieved;
      const serverCpu = ((used.user + used.system) / 1000 / (wall * 1000)) * 100;
      const dbCpu = backends0 && backends ? ((backends - backends0) / (wall * 1000)) * 100 : null;
      rows.push([`${outlets} × 1`, `posters at ${fmt.int(rate)} ev/s`, fmt.int(achieved), ms(percentile(due, 50)), ms(percentile(due, 99)), fmt.ms(percentile(sent, 99)),
        reply.unsent ? `${reply.failed} (+${fmt.int(reply.unsent)} cut off)` : String(reply.failed), fmt.int(serverCpu), fmt.ms((used.user + used.system) / 1000 / reply.acknowledged, 2), dbCpu === null ? '—' : fmt.int(dbCpu), fmt.int((reply.cpuMs / (reply.cpuSeconds * 1000)) * 100), fmt.ms(loop.percentile(99) / 1e6), load.toFixed(1)]);
      details[`posters${rate}`] = { achieved, unsent: reply.unsent, serverCpuMsPerEvent: (used.user + used.system) / 1000 / reply.acknowledged, failed: reply.failed, errors: reply.errors, dueP50: percentile(due, 50), dueP99: percentile(due, 99), sentP99: percentile(sent, 99), serverCpu, dbCpu, clientsCpu: (reply.cpuMs / (reply.cpuSeconds * 1000)) * 100, load };
      if (rate === 2700) {
        const pass = achieved >= rate * 0.98 && percentile(due, 99) <= 100 && reply.failed === 0 && reply.unsent === 0;
        checks.push({ name: `${outlets} single-event posters at 2,700 ev/s: ev/s, p99 ack`, value: `${fmt.int(achieved)}, ${ms(percentile(due, 99))} ms`, target: mode === 'PostgreSQL' ? '≥ 2,700, ≤ 100 ms' : 'reported (gate on PostgreSQL)', pass: mode === 'PostgreSQL' ? pass : null });
      }
    }
  } finally {
    child.kill();
    await server.close();
  }
  const notes = [
    `B2: ${outlets} outlets, one keep-alive socket each, ONE event per POST, in a separate client process; ack = the 200 after commit, timed from when the event was due (an outlet's next event waits for its previous request), "sent p99" from when it went out`,
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
