/**
 * `npm run bench`: each benchmark reports our path against a raw baseline measured in the same
 * run, on embedded PGlite, or on PostgreSQL when DATABASE_URL is set — each suite in its own
 * throwaway database created next to the one named and dropped afterwards (a fresh in-memory
 * PGlite without DATABASE_URL), so a bench never touches real data. Ratios, not absolute times,
 * are what to compare across machines.
 *
 *   BENCH_ONLY=import,ingest,latency,snapshot,day,wall,history   suites to run (default: all, in that order)
 *   `npm run bench -- soak`                     suites named as arguments win over BENCH_ONLY
 *   soak:     BENCH_SOAK_MINUTES=60 BENCH_SOAK_SPEED=10 BENCH_SOAK_CLIENTS=200 (never in the default
 *             list: it runs for an hour; see bench/soak.bench.ts and docs/performance.md "Soak")
 *   BENCH_ROUNDS=3                              rounds per measurement (the median is reported)
 *   ingest:   BENCH_INGEST_SCALE=1 BENCH_INGEST_HTTP=1 BENCH_INGEST_CONCURRENCY=0 BENCH_INGEST_BRANCHES=250
 *             BENCH_INGEST_SIZES=1,100,1000 (B1 batch sizes) BENCH_POSTERS=1000 (0: skip B2) BENCH_POSTERS_RATES=2700 BENCH_POSTERS_SECONDS=10
 *             BENCH_POSTERS_RAW=1 (0: B2 without its raw baseline, a bare http server inserting each event)
 *   latency:  BENCH_SCREENS=1000 (a list draws the curve: 200,500,1000) BENCH_RATE=2700 BENCH_SECONDS=10
 *             BENCH_TICK_MS=50 BENCH_LATENCY_BRANCHES=250 BENCH_QUIET_OUTLETS=20 BENCH_DRAIN_MS=5000
 *             BENCH_PUSH_PER_SECOND=<server default> BENCH_PIN=0 (no taskset) BENCH_PROFILE=<file.cpuprofile>
 *   snapshot: BENCH_SNAPSHOT_SIZES=240,20000 BENCH_SNAPSHOT_DAYS=1
 *   day:      BENCH_DAY_EVENTS=300000 BENCH_DAY_MAINTAIN_EVERY=10000 (embedded; 0: PGlite left without maintenance)
 *   BENCH_LOG_LEVEL=error                       the in-process server's logs (silent by default)
 *
 * Prints one table per suite and a summary of the plan's gates, and writes
 * bench/results/<timestamp>.json.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { createDb, type Db } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { loadConfig } from '../server/config.ts';
import { formatChecks, formatTable, importSuite, type SuiteResult } from './bench-kit.ts';
import { benchImport } from './import.bench.ts';
import { benchIngest } from './ingest.bench.ts';
import { benchLatency } from './latency.bench.ts';
import { benchSnapshot } from './snapshot.bench.ts';
import { benchDay } from './day.bench.ts';
import { benchWall, wallSuite } from './wall.bench.ts';
import { benchHistory } from './history.bench.ts';
import { benchSoak } from './soak.bench.ts';

const serverUrl = process.env.DATABASE_URL || undefined;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const mode = serverUrl ? 'PostgreSQL' : 'embedded PGlite';

/**
 * `scratchUrl`: the suite's throwaway PostgreSQL database (undefined on embedded PGlite). A suite
 * prints one table, or several (ingest: B1 batches, B2 single-event posters).
 */
type Suite = (db: Db, scratchUrl: string | undefined) => Promise<SuiteResult | SuiteResult[]>;
const SUITES: Record<string, { poolMax: number; run: Suite; optIn?: boolean }> = {
  import: { poolMax: 4, run: async (db) => importSuite(await benchImport(db, rounds), mode) },
  // The server's own pool size: B2 runs the real server over it.
  ingest: { poolMax: loadConfig({}).db.poolMax, run: (db) => benchIngest(db, mode, rounds) },
  // The server's own pool size: the wall hub reads figures through it.
  latency: { poolMax: loadConfig({}).db.poolMax, run: (db) => benchLatency(db, mode) },
  snapshot: { poolMax: 4, run: (db) => benchSnapshot(db, mode, rounds) },
  // A bank day of ingest: does a batch cost the same at the end of the day (ADR 0029)?
  day: { poolMax: 4, run: (db) => benchDay(db, mode) },
  // Headless Chromium: the wall's update cost vs a plain chart.js page, and heap growth (BENCH_WALL_MINUTES).
  wall: { poolMax: 4, run: async (db) => wallSuite(await benchWall(db), mode) },
  // Issue #16: a 13-month daily series of the bank from the rollups vs the raw sum (BENCH_HISTORY_OUTLETS, BENCH_HISTORY_DAYS).
  history: { poolMax: 4, run: (db) => benchHistory(db, mode, rounds) },
  // Issue #14 item 6: an hour (BENCH_SOAK_MINUTES) of the demo bank at 10×, its server in a child process.
  soak: { poolMax: 1, optIn: true, run: (_db, scratchUrl) => benchSoak(mode, scratchUrl) },
};

const named = process.argv.slice(2).flatMap((arg) => arg.split(',')).map((s) => s.trim()).filter(Boolean);
const defaults = Object.keys(SUITES).filter((name) => !SUITES[name]!.optIn).join(',');
const only = (named.length ? named : (process.env.BENCH_ONLY ?? defaults).split(',')).map((s) => s.trim()).filter(Boolean);
const unknown = only.filter((name) => !SUITES[name]);
if (unknown.length) throw new Error(`bench: unknown suite ${unknown.join(', ')} (known: ${Object.keys(SUITES).join(', ')})`);

async function admin(statement: string): Promise<void> {
  const sql = postgres(serverUrl!, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(statement);
  } finally {
    await sql.end();
  }
}

async function withScratchDb<T>(poolMax: number, work: (db: Db, scratchUrl: string | undefined) => Promise<T>): Promise<T> {
  const scratch = `touchstone_bench_${randomBytes(4).toString('hex')}`;
  if (serverUrl) await admin(`create database ${scratch}`);
  try {
    const scratchUrl = serverUrl ? Object.assign(new URL(serverUrl), { pathname: `/${scratch}` }).toString() : undefined;
    const db = await createDb(scratchUrl ? { databaseUrl: scratchUrl, poolMax } : { dataDir: 'memory' });
    try {
      await migrate(db.sql);
      return await work(db, scratchUrl);
    } finally {
      await db.close();
    }
  } finally {
    if (serverUrl) await admin(`drop database if exists ${scratch} with (force)`);
  }
}

const startedAt = new Date();
const loadAtStart = os.loadavg();
// Other work on the box skews every absolute number (ratios less so): say so up front.
if (loadAtStart[0]! > os.cpus().length * 0.5) console.log(`note: load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs before starting; figures will be noisy\n`);
const results: SuiteResult[] = [];
const failures: { suite: string; error: string }[] = [];
for (const name of only) {
  const started = performance.now();
  try {
    const result = await withScratchDb(SUITES[name]!.poolMax, SUITES[name]!.run);
    for (const table of [result].flat()) {
      results.push(table);
      console.log(`${formatTable(table)}\n`);
    }
    console.log(`  (${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  } catch (error) {
    failures.push({ suite: name, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    console.error(`${name} failed:`, error);
  }
}
if (results.length) console.log(formatChecks(results));

const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
fs.mkdirSync(resultsDir, { recursive: true });
const file = path.join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
const settings = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('BENCH_')));
fs.writeFileSync(file, `${JSON.stringify({
  startedAt: startedAt.toISOString(), seconds: Math.round((Date.now() - startedAt.getTime()) / 1000), mode,
  loadAverage: { start: loadAtStart, end: os.loadavg() },
  machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}` },
  settings, results, failures,
}, null, 2)}\n`);
console.log(`\nresults written to ${path.relative(process.cwd(), file)}`);
if (failures.length) process.exitCode = 1;
// A safety net so the bench always stops by itself: anything still holding the event loop 10 s
// after the results are written (e.g. a database client retrying a closed connection) is abandoned.
setTimeout(() => {
  console.error(`bench: still running 10 s after finishing (${process.getActiveResourcesInfo().join(', ')}); exiting`);
  process.exit(process.exitCode ?? 0);
}, 10_000).unref();
