import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { median, percentile } from './bench-kit.ts';
import { EventStream, type WireEvent } from './fixture.ts';

/** Wall-clock milliseconds with sub-ms resolution, comparable across processes on one machine. */
export const now = (): number => performance.timeOrigin + performance.now();

/** A client child process (the screens, latency-clients.ts; the sender, latency-sender.ts) and a request/reply channel to it. */
export interface Screens {
  pid: number;
  call<T = Record<string, unknown>>(type: string, args?: Record<string, unknown>): Promise<T>;
  /** Child clock minus ours, in ms (NTP-style, from the fastest of 30 round trips). */
  calibrate(): Promise<number>;
  close(): void;
}

export function forkScreens(file: 'latency-clients.ts' | 'latency-sender.ts' = 'latency-clients.ts'): Screens {
  const child: ChildProcess = fork(new URL(`./${file}`, import.meta.url), [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' });
  const pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  child.on('message', (reply: { id: number; ok: boolean; error?: string }) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) waiter?.resolve(reply as never);
    else waiter?.reject(new Error(`screens: ${reply.error}`));
  });
  child.on('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`screens process exited (${code})`));
    pending.clear();
  });
  const call = <T>(type: string, args: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: never) => void, reject });
      child.send({ id, type, ...args });
    });
  return {
    pid: child.pid!,
    call,
    async calibrate() {
      const samples: { rtt: number; offset: number }[] = [];
      for (let i = 0; i < 30; i++) {
        const sent = now();
        const { t } = await call<{ t: number }>('ping');
        const received = now();
        samples.push({ rtt: received - sent, offset: t - (sent + received) / 2 });
      }
      samples.sort((a, b) => a.rtt - b.rtt);
      return median(samples.slice(0, 5).map((s) => s.offset));
    },
    close: () => void child.kill(),
  };
}

/**
 * Pins every thread of process `pid` to the given CPUs with util-linux's taskset, so the clients
 * and the server do not take turns on one core; false where that is not possible (one CPU,
 * no taskset, BENCH_PIN=0).
 */
export function pin(pid: number, cpus: string): boolean {
  if (process.env.BENCH_PIN === '0' || os.cpus().length < 2) return false;
  try {
    execFileSync('taskset', ['-a', '-cp', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Every CPU of the machine, as taskset lists them (to undo a pin). */
export const allCpus = (): string => `0-${os.cpus().length - 1}`;

export interface DriveOptions {
  codes: readonly string[];
  /** Outlets 0 … busy-1 get the background load; the rest are quiet scopes that only get probes. */
  busy: number;
  /** Branch index each screen watches (slot 0); every screen also watches the bank (slot 1). */
  screenBranch: readonly number[];
  rate: number;
  seconds: number;
  warmupSeconds: number;
  tickMs: number;
  drainMs: number;
  maxInFlight: number;
  idPrefix: string;
  /** Gap between two probes of one quiet outlet, [min, max] ms. */
  probeGapMs: [number, number];
  /** Where the sender posts: our server (with an API key) or the bare relay (POST /relay). */
  url: string;
  apiKey?: string;
}

export interface LatencyStats {
  samples: number;
  undelivered: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

export interface DriveResult {
  sentRate: number;
  /** Busy outlets' screens: every event of their outlet. */
  branch: LatencyStats;
  /** Quiet outlets' screens: each probe, their scope's first change after a quiet spell. */
  quiet: LatencyStats;
  /** The same deliveries measured from the POST's reply (ours: after commit), not its send: what the push path adds. */
  branchAfterAck: LatencyStats;
  quietAfterAck: LatencyStats;
  bank: LatencyStats;
  messagesPerSecond: number;
  /** Mean kpi:updated size (JSON characters): [outlet, bank]. */
  avgBytes: number[];
  /** This process (the server under test; PGlite included in embedded mode), 100 = one core. */
  serverCpuPercent: number;
  screensCpuPercent: number;
  senderCpuPercent: number;
  loopDelayP99: number;
  /** The screens' process: how late it ran its callbacks (high = the clients set the latency). */
  screensLoopDelayP99: number;
  throttledTicks: number;
  sendErrors: number;
  /** Time from a POST's send to its reply (ours: after commit; raw: after the emits). */
  ackP50: number;
  ackP99: number;
}

interface SenderLog { branch: number[]; sentAt: number[]; ackAt: number[]; ok: boolean[]; probe: boolean[]; ackP50: number; ackP99: number; throttledTicks: number; sendErrors: number; sentMeasured: number; cpuMs: number; wallMs: number }

/**
 * One run: the sender child posts the open-loop load and the quiet probes while this process
 * (the server) is measured; then the screens get `drainMs` to catch up and the rest counts as
 * undelivered. Send and receive times are moved onto this process's clock.
 */
export async function drive(screens: Screens, sender: Screens, options: DriveOptions): Promise<DriveResult> {
  const { codes } = options;
  const screensOffset = await screens.calibrate();
  const senderOffset = await sender.calibrate();
  // Totals the screens start from; an event's sequence number in its scope is that plus the
  // events of the scope sent before it whose batch was accepted (a refused batch never lands).
  const base = new Array<number>(codes.length).fill(0);
  const progress0 = (await screens.call<{ max: number[][] }>('progress')).max;
  for (const [screen, branch] of options.screenBranch.entries()) base[branch] = Math.max(base[branch]!, progress0[screen]![0]!);
  const bankBase = Math.max(0, ...progress0.map((m) => m[1]!));
  const loop = monitorEventLoopDelay({ resolution: 10 });
  await screens.call('start');
  const cpu0 = process.cpuUsage();
  const started = now();
  loop.enable();
  const sent = await sender.call<SenderLog>('drive', {
    url: options.url, apiKey: options.apiKey, codes, busy: options.busy, rate: options.rate, seconds: options.seconds, warmupSeconds: options.warmupSeconds,
    tickMs: options.tickMs, maxInFlight: options.maxInFlight, idPrefix: options.idPrefix, probeGapMs: options.probeGapMs,
  });
  const wall = now() - started;
  const cpu = process.cpuUsage(cpu0);
  loop.disable();
  const log = { branch: sent.branch, sentAt: sent.sentAt.map((t) => t - senderOffset), seq: [] as number[], bank: [] as number[] };
  const ackAt = sent.ackAt.map((t) => t - senderOffset);
  const measureFrom = (log.sentAt[0] ?? started) + options.warmupSeconds * 1000;
  const expected = [...base];
  let bankSeq = bankBase;
  for (let i = 0; i < log.branch.length; i++) {
    log.seq.push(sent.ok[i] ? ++expected[log.branch[i]!]! : Number.NaN);
    log.bank.push(sent.ok[i] ? ++bankSeq : Number.NaN);
  }
  for (const deadline = now() + options.drainMs; now() < deadline; await sleep(100)) {
    const { max } = await screens.call<{ max: number[][] }>('progress');
    if (max.every((m, screen) => m[0]! >= expected[options.screenBranch[screen]!]! && m[1]! >= bankSeq)) break;
  }
  const collected = await screens.call<{ records: number[][]; messages: number; avgBytes: number[]; cpuMs: number; loopDelayP99: number }>('collect');
  const bankScreens = Math.min(10, options.screenBranch.length);
  const watching = (quiet: boolean) => options.screenBranch.flatMap((branch, screen) => ((branch >= options.busy) === quiet ? [screen] : []));
  const of = (list: number[]) => ({ records: list.map((s) => collected.records[s]!), branchOf: list.map((s) => options.screenBranch[s]!) });
  const busy = of(watching(false));
  const quiet = of(watching(true));
  return {
    sentRate: sent.sentMeasured / options.seconds,
    branch: latencies(log, busy.records, busy.branchOf, 0, screensOffset, measureFrom),
    quiet: latencies(log, quiet.records, quiet.branchOf, 0, screensOffset, measureFrom),
    branchAfterAck: latencies(log, busy.records, busy.branchOf, 0, screensOffset, measureFrom, ackAt),
    quietAfterAck: latencies(log, quiet.records, quiet.branchOf, 0, screensOffset, measureFrom, ackAt),
    bank: latencies(log, collected.records.slice(0, bankScreens), new Array<number>(bankScreens).fill(-1), 1, screensOffset, measureFrom),
    messagesPerSecond: collected.messages / (wall / 1000),
    avgBytes: collected.avgBytes,
    serverCpuPercent: ((cpu.user + cpu.system) / 1000 / wall) * 100,
    screensCpuPercent: (collected.cpuMs / wall) * 100,
    senderCpuPercent: (sent.cpuMs / sent.wallMs) * 100,
    loopDelayP99: loop.percentile(99) / 1e6,
    screensLoopDelayP99: collected.loopDelayP99,
    throttledTicks: sent.throttledTicks,
    sendErrors: sent.sendErrors,
    ackP50: sent.ackP50,
    ackP99: sent.ackP99,
  };
}

/**
 * Per screen and measured event of the scope it watches (its branch, or the bank when
 * `branchOf` is -1): the time from the event's send to the first record whose total covers the
 * event's sequence number in that scope.
 */
function latencies(
  log: { branch: number[]; seq: number[]; bank: number[]; sentAt: number[] },
  records: number[][],
  branchOf: number[],
  slot: number,
  offset: number,
  measureFrom: number,
  /** Measure from these times instead of the sends (e.g. the POST's reply: what follows the commit). */
  from: number[] = log.sentAt,
): LatencyStats {
  const samples: number[] = [];
  let undelivered = 0;
  const byBranch = new Map<number, number[]>();
  for (let i = 0; i < log.branch.length; i++) {
    const key = slot === 1 ? -1 : log.branch[i]!;
    let list = byBranch.get(key);
    if (!list) byBranch.set(key, (list = []));
    list.push(i);
  }
  for (const [screen, flat] of records.entries()) {
    const events = byBranch.get(branchOf[screen]!) ?? [];
    const seen: [number, number][] = [];
    for (let r = 0; r < flat.length; r += 3) if (flat[r] === slot) seen.push([flat[r + 1]!, flat[r + 2]! - offset]);
    let j = 0;
    for (const i of events) {
      const seq = slot === 1 ? log.bank[i]! : log.seq[i]!;
      if (Number.isNaN(seq)) continue; // its batch was refused: reported as a send error
      while (j < seen.length && seen[j]![0] < seq) j++;
      if (log.sentAt[i]! < measureFrom) continue;
      if (j < seen.length) samples.push(seen[j]![1] - from[i]!);
      else undelivered++;
    }
  }
  samples.sort((a, b) => a - b);
  return { samples: samples.length, undelivered, p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), p999: percentile(samples, 99.9), max: samples.at(-1) ?? Number.NaN };
}
