/**
 * The soak (issue #14 item 6): hours of the demo bank at 10× speed against the real server, with
 * 200 Socket.IO wall screens and one real Chromium wall, sampled every few seconds — does anything
 * grow that should not (server heap, browser heap, open handles) and does the event loop stay
 * responsive through the bank's days, nights, day changes and jobs?
 *
 *   server   a child process (soak-server.ts, --expose-gc) on a throwaway database: a data folder
 *            in the temp directory (embedded PGlite), or the scratch PostgreSQL database run.ts
 *            made. Its clock is the bank clock: bank start + speed × real time elapsed, so ingest,
 *            the walls' bank day, complaint deadlines and every job slot (soak-jobs.ts) follow it.
 *   load     the live simulator (server/simulator) at BENCH_SOAK_SPEED× from BENCH_SOAK_SPEED ×
 *            BENCH_SOAK_MINUTES back, posting through the ingest API; the demo's complaint hotline
 *            (12 complaints at start, one every 4 minutes) so the sweeps have work.
 *   screens  BENCH_SOAK_CLIENTS screens in a child process (soak-screens.ts): a tenth on the
 *            bank, a fifth on the 分行, the rest on outlets; and the bank wall in Chromium.
 *
 *   BENCH_SOAK_MINUTES=60  BENCH_SOAK_SPEED=10  BENCH_SOAK_CLIENTS=200  BENCH_SOAK_SAMPLE_SECONDS=<run/120, 5–60>
 *   BENCH_SOAK_WARMUP_MINUTES=<a tenth of the run, at most 5>  BENCH_SOAK_ZONE=<Etc/GMT±N, the run ending in bank hours>
 *
 * Writes the sample series to bench/results/soak-<timestamp>.json and the server's warnings and
 * errors to bench/results/soak-<timestamp>.log. BENCH_SOAK_HEAP_SNAPSHOTS=1 also writes the server's
 * heap snapshots after warm-up and at the end (soak-<timestamp>-{start,end}.heapsnapshot) to diff.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type CDPSession } from 'playwright-core';
import { buildWeb, isWebBuildStale } from '../server/cli/web-build.ts';
import { startDemoComplaints } from '../server/demo/demo-complaints.ts';
import { DEFAULT_WEB_DIR } from '../server/main.ts';
import { outletQuality } from '../server/simulator/outlet-quality.ts';
import { startSimulator } from '../server/simulator/simulator.ts';
import { envNumber, type SuiteResult } from './bench-kit.ts';
import { soakTable } from './soak-report.ts';
import { MAX_EVENT_AGE_DAYS } from '../server/domains/ingest/ingest.rules.ts';
import { soakZone, summarise, type SoakSample } from './soak-stats.ts';

const CHROMIUM = '/usr/bin/chromium';
const RESULTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

export interface SoakSettings {
  minutes: number;
  speed: number;
  clients: number;
  sampleSeconds: number;
  warmupSeconds: number;
}

export function soakSettings(): SoakSettings {
  const minutes = envNumber('BENCH_SOAK_MINUTES', 60);
  const speed = envNumber('BENCH_SOAK_SPEED', 10);
  if (!(minutes > 0) || !(speed > 0)) throw new Error('BENCH_SOAK_MINUTES and BENCH_SOAK_SPEED must be above 0');
  // The simulated days start speed × minutes back; ingest refuses events older than 31 days.
  if ((speed * minutes) / 1440 > MAX_EVENT_AGE_DAYS - 1) throw new Error(`BENCH_SOAK_SPEED × BENCH_SOAK_MINUTES covers more than ${MAX_EVENT_AGE_DAYS - 1} bank days`);
  return {
    minutes, speed,
    clients: envNumber('BENCH_SOAK_CLIENTS', 200),
    sampleSeconds: envNumber('BENCH_SOAK_SAMPLE_SECONDS', Math.min(60, Math.max(5, Math.round((minutes * 60) / 120)))),
    warmupSeconds: envNumber('BENCH_SOAK_WARMUP_MINUTES', Math.min(5, minutes / 10)) * 60,
  };
}

/** A child process with a request/reply channel (the replies carry the request's id). */
function forkChild(file: string, execArgv: string[]) {
  const child: ChildProcess = fork(new URL(file, import.meta.url), [], { execArgv: ['--import', 'tsx', ...execArgv], serialization: 'advanced' });
  const pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  child.on('message', (reply: { id: number; ok: boolean; error?: string }) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) waiter?.resolve(reply as never);
    else waiter?.reject(new Error(`${file}: ${reply.error}`));
  });
  child.on('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${file} exited (${code})`));
    pending.clear();
  });
  return {
    call: <T = Record<string, unknown>>(type: string, args: Record<string, unknown> = {}): Promise<T> => new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: never) => void, reject });
      child.send({ id, type, ...args });
    }),
    kill: () => void child.kill(),
  };
}

/** A tenth of the screens on the bank, a fifth on the 分行 in turn, the rest spread over the outlets. */
export function screenScopes(clients: number, regions: readonly string[], branches: readonly string[]): string[] {
  const bank = Math.max(1, Math.round(clients / 10));
  const region = regions.length ? Math.round(clients / 5) : 0;
  return Array.from({ length: clients }, (_, i) => {
    if (i < bank) return 'bank';
    if (i < bank + region) return `region:${regions[(i - bank) % regions.length]}`;
    const k = i - bank - region;
    return `branch:${branches[Math.floor((k * branches.length) / Math.max(1, clients - bank - region)) % branches.length]}`;
  });
}

async function browserSample(cdp: CDPSession): Promise<SoakSample['browser']> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  return { heapUsed: usedSize, nodes: metric('Nodes'), listeners: metric('JSEventListeners') };
}

export async function benchSoak(mode: string, databaseUrl?: string): Promise<SuiteResult> {
  const settings = soakSettings();
  if (!fs.existsSync(CHROMIUM)) throw new Error(`the soak needs Chromium at ${CHROMIUM}`);
  if (isWebBuildStale(DEFAULT_WEB_DIR)) await buildWeb((line) => console.error(`[soak] ${line}`));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  fs.mkdirSync(RESULTS, { recursive: true });
  const logFile = path.join(RESULTS, `soak-${stamp}.log`);
  const bankSpan = settings.speed * settings.minutes * 60_000;
  const bankStart = Date.now() - bankSpan;
  const zone = process.env.BENCH_SOAK_ZONE || soakZone(new Date(Date.now() + settings.minutes * 60_000), Math.min(17, 9 + Math.ceil(bankSpan / 3_600_000)));
  const dataDir = databaseUrl ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-soak-'));
  const server = forkChild('./soak-server.ts', ['--expose-gc']);
  const screens = forkChild('./soak-screens.ts', []);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--js-flags=--expose-gc'] });
  let stopLoad = async () => {};
  try {
    console.log(`soak: ${settings.minutes} min at ${settings.speed}× (${(bankSpan / 3_600_000).toFixed(1)} bank hours, ${zone}), ${settings.clients} screens + Chromium, a sample every ${settings.sampleSeconds} s`);
    const ready = await server.call<{ url: string; apiKey: string; displayToken: string; branches: { code: string; regionCode: string }[]; regions: string[] }>('start', {
      databaseUrl, dataDir, timeZone: zone, bankStart, speed: settings.speed, logFile,
    });
    const scopes = screenScopes(settings.clients, ready.regions, ready.branches.map((b) => b.code));
    await screens.call('connect', { url: ready.url, displayToken: ready.displayToken, scopes, concurrency: 20 });
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' })).newPage();
    await page.goto(`${ready.url}/wall?token=${encodeURIComponent(ready.displayToken)}`);
    await page.getByText('实时连接正常').waitFor({ timeout: 60_000 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');

    // The load starts: the bank clock runs from here, in the server and in the simulator alike.
    const anchor = Date.now();
    await server.call('go', { anchor });
    const bankNow = () => new Date(bankStart + settings.speed * (Date.now() - anchor));
    const simulator = startSimulator({
      baseUrl: ready.url, apiKey: ready.apiKey, speed: settings.speed, start: new Date(bankStart), seed: 1, runId: `soak-${anchor.toString(36)}`, timeZone: zone,
      branches: ready.branches.map((b) => ({ ...b, quality: outletQuality(b.code) })), dayKindOf: () => 'workday',
      log: (line) => console.log(`  ${line}`),
    });
    const complaints = startDemoComplaints({ baseUrl: ready.url, apiKey: ready.apiKey, branches: ready.branches.map((b) => b.code), now: bankNow, log: (line) => console.log(`  ${line}`) });
    stopLoad = async () => {
      complaints.stop();
      await simulator.stop();
      stopLoad = async () => {};
    };

    const samples: SoakSample[] = [];
    const end = anchor + settings.minutes * 60_000;
    let printed = -1;
    for (let next = anchor; next <= end; next += settings.sampleSeconds * 1000) {
      const wait = next - Date.now();
      if (wait > 0) await sleep(wait);
      const { bankTime, jobs, ...s } = await server.call<SoakSample['server'] & { bankTime: string; jobs: SoakSample['jobs'] }>('sample');
      const stats = simulator.stats();
      const sample: SoakSample = {
        t: (Date.now() - anchor) / 1000, bankTime, server: s, browser: await browserSample(cdp),
        screens: await screens.call<SoakSample['screens']>('stats'),
        events: { accepted: stats.accepted, duplicates: stats.duplicates, rejected: stats.rejected, queued: stats.queued },
        jobs, loadAverage: os.loadavg()[0]!,
      };
      samples.push(sample);
      if (process.env.BENCH_SOAK_HEAP_SNAPSHOTS === '1' && samples.filter((x) => x.t >= settings.warmupSeconds).length === 1) {
        await server.call('snapshot', { file: path.join(RESULTS, `soak-${stamp}-start.heapsnapshot`) });
      }
      const tenth = Math.floor((10 * (Date.now() - anchor)) / (end - anchor));
      if (tenth !== printed) {
        printed = tenth;
        console.log(`  ${(sample.t / 60).toFixed(1)} min  bank ${bankTime.slice(0, 16)}  server heap ${(s.heapUsed / 2 ** 20).toFixed(1)} MiB  browser heap ${(sample.browser.heapUsed / 2 ** 20).toFixed(1)} MiB  loop p99 ${s.loopDelayP99.toFixed(1)} ms  handles ${Object.values(s.handles).reduce((a, b) => a + b, 0)}  events ${stats.accepted}  screens ${sample.screens.connected}  load ${sample.loadAverage.toFixed(2)}`);
      }
    }
    if (process.env.BENCH_SOAK_HEAP_SNAPSHOTS === '1') await server.call('snapshot', { file: path.join(RESULTS, `soak-${stamp}-end.heapsnapshot`) });
    await stopLoad();
    const simulated = simulator.stats();
    const { jobs } = await server.call<{ jobs: SoakSample['jobs'] }>('stop');
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { level: number; msg?: string }) : [];
    const logged = { warnings: log.filter((l) => l.level === 40).length, errors: log.filter((l) => l.level >= 50).length, first: log.filter((l) => l.level >= 50).slice(0, 5).map((l) => l.msg) };
    const summary = summarise(samples, settings.warmupSeconds);
    const file = path.join(RESULTS, `soak-${stamp}.json`);
    const result = soakTable({ mode, settings, zone, samples, summary, jobs, simulated, logged, seriesFile: path.relative(process.cwd(), file) });
    fs.writeFileSync(file, `${JSON.stringify({ startedAt: new Date(anchor).toISOString(), mode, settings, zone, loadAverage: { start: samples[0]?.loadAverage, end: os.loadavg() },
      machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model }, summary, jobs, simulated, logged, samples }, null, 2)}\n`);
    return result;
  } finally {
    await stopLoad().catch(() => undefined);
    await screens.call('close').catch(() => undefined);
    screens.kill();
    await browser.close();
    server.kill();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
