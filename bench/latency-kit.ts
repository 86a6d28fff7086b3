import { fork, type ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { median, percentile } from './bench-kit.ts';
import { EventStream, type WireEvent } from './fixture.ts';

/** Wall-clock milliseconds with sub-ms resolution, comparable across processes on one machine. */
export const now = (): number => performance.timeOrigin + performance.now();

/** The screens' child process (latency-clients.ts) and a request/reply channel to it. */
export interface Screens {
  call<T = Record<string, unknown>>(type: string, args?: Record<string, unknown>): Promise<T>;
  /** Child clock minus ours, in ms (NTP-style, from the fastest of 30 round trips). */
  calibrate(): Promise<number>;
  close(): void;
}

export function forkScreens(): Screens {
  const child: ChildProcess = fork(new URL('./latency-clients.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' });
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

export interface DriveOptions {
  codes: readonly string[];
  /** Branch index each screen watches (slot 0); every screen also watches the bank (slot 1). */
  screenBranch: readonly number[];
  rate: number;
  seconds: number;
  warmupSeconds: number;
  tickMs: number;
  drainMs: number;
  maxInFlight: number;
  idPrefix: string;
  /** Delivers one batch (ours: POST /api/v1/events; raw: emit to rooms). */
  send(batch: (WireEvent & { branchIndex: number })[]): Promise<unknown> | void;
}

export interface LatencyStats {
  samples: number;
  undelivered: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

export interface DriveResult {
  sentRate: number;
  branch: LatencyStats;
  bank: LatencyStats;
  messagesPerSecond: number;
  /** Mean kpi:updated size (JSON characters): [outlet, bank]. */
  avgBytes: number[];
  serverCpuPercent: number;
  screensCpuPercent: number;
  loopDelayP99: number;
  throttledTicks: number;
  sendErrors: number;
  /** Time from a batch's send to its acknowledgement (ours: the POST's response after commit). */
  ackP50: number;
  ackP99: number;
}

/**
 * Open-loop load: every `tickMs` the events due by then go out as one batch, stamped just before
 * it is sent, without waiting for earlier batches (at most `maxInFlight` outstanding; a tick that
 * finds the cap reached waits and is counted as throttled). After a warm-up, samples are taken
 * for `seconds`; then the screens get `drainMs` to catch up and the rest counts as undelivered.
 */
export async function drive(screens: Screens, options: DriveOptions): Promise<DriveResult> {
  const { codes, rate, tickMs } = options;
  const stream = new EventStream(codes, options.idPrefix, 7);
  const offset = await screens.calibrate();
  // Totals the screens start from; an event's sequence number in its scope is that plus the
  // events of the scope sent before it whose batch was accepted (a refused batch never lands).
  const base = new Array<number>(codes.length).fill(0);
  const progress0 = (await screens.call<{ max: number[][] }>('progress')).max;
  for (const [screen, branch] of options.screenBranch.entries()) base[branch] = Math.max(base[branch]!, progress0[screen]![0]!);
  const bankBase = Math.max(0, ...progress0.map((m) => m[1]!));
  const log = { branch: [] as number[], seq: [] as number[], bank: [] as number[], sentAt: [] as number[], ok: [] as boolean[] };
  const inFlight = new Set<Promise<unknown>>();
  const ackMs: number[] = [];
  let throttledTicks = 0;
  let sendErrors = 0;
  let sentMeasured = 0;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  await screens.call('start');
  const start = now();
  const measureFrom = start + options.warmupSeconds * 1000;
  const end = measureFrom + options.seconds * 1000;
  const cpu0 = process.cpuUsage();
  loop.enable();
  let due = 0;
  for (let tick = 1; start + tick * tickMs <= end; tick++) {
    const wait = start + tick * tickMs - now();
    if (wait > 0) await sleep(wait);
    while (inFlight.size >= options.maxInFlight) {
      throttledTicks++;
      await Promise.race(inFlight);
    }
    const target = Math.floor((rate * tick * tickMs) / 1000);
    const batch = Array.from({ length: target - due }, () => stream.next(new Date()));
    due = target;
    if (batch.length === 0) continue;
    const sentAt = now();
    const first = log.branch.length;
    for (const e of batch) {
      log.branch.push(e.branchIndex);
      log.sentAt.push(sentAt);
      log.ok.push(true);
    }
    if (sentAt >= measureFrom) sentMeasured += batch.length;
    const sending = Promise.resolve(options.send(batch)).then(() => void ackMs.push(now() - sentAt), (error: unknown) => {
      log.ok.fill(false, first, first + batch.length);
      sendErrors++;
      if (sendErrors === 1) console.error('latency bench: send failed:', error);
    });
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending));
  }
  await Promise.all(inFlight);
  const sendEnd = now();
  const cpu = process.cpuUsage(cpu0);
  loop.disable();
  const expected = [...base];
  let bankSeq = bankBase;
  for (let i = 0; i < log.branch.length; i++) {
    log.seq.push(log.ok[i] ? ++expected[log.branch[i]!]! : Number.NaN);
    log.bank.push(log.ok[i] ? ++bankSeq : Number.NaN);
  }
  for (const deadline = now() + options.drainMs; now() < deadline; await sleep(100)) {
    const { max } = await screens.call<{ max: number[][] }>('progress');
    if (max.every((m, screen) => m[0]! >= expected[options.screenBranch[screen]!]! && m[1]! >= bankSeq)) break;
  }
  const collected = await screens.call<{ records: number[][]; messages: number; avgBytes: number[]; cpuMs: number }>('collect');
  const wall = sendEnd - start;
  const bankScreens = Math.min(10, options.screenBranch.length);
  return {
    sentRate: sentMeasured / options.seconds,
    branch: latencies(log, collected.records, [...options.screenBranch], 0, offset, measureFrom),
    bank: latencies(log, collected.records.slice(0, bankScreens), new Array<number>(bankScreens).fill(-1), 1, offset, measureFrom),
    messagesPerSecond: collected.messages / (wall / 1000),
    avgBytes: collected.avgBytes,
    serverCpuPercent: ((cpu.user + cpu.system) / 1000 / wall) * 100,
    screensCpuPercent: (collected.cpuMs / wall) * 100,
    loopDelayP99: loop.percentile(99) / 1e6,
    throttledTicks,
    sendErrors,
    ackP50: percentile(ackMs.sort((a, b) => a - b), 50),
    ackP99: percentile(ackMs, 99),
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
      if (j < seen.length) samples.push(seen[j]![1] - log.sentAt[i]!);
      else undelivered++;
    }
  }
  samples.sort((a, b) => a - b);
  return { samples: samples.length, undelivered, p50: percentile(samples, 50), p99: percentile(samples, 99), p999: percentile(samples, 99.9), max: samples.at(-1) ?? Number.NaN };
}
