import { InvalidArgumentError, type Command } from 'commander';
import type { Config } from '../config.ts';
import { AppError } from '../platform/errors.ts';
import { formatAt } from '../simulator/bank-time.ts';
import { createApiBranchSource } from '../simulator/branches.ts';
import { startSimulator, type RunningSimulator, type SimulatorStats } from '../simulator/simulator.ts';

interface SimulateFlags {
  url: string;
  key: string;
  speed: number;
  rate?: number;
  branches?: number;
  seed: number;
  duration?: number;
  start?: Date;
  runId?: string;
}

const STATUS_EVERY_MS = 10_000;

/**
 * `touchstone simulate --url … --key …`: plays queue machines, evaluators and error logs for the
 * branches an ingest API key covers, against any running server, until Ctrl+C or --duration.
 */
export function registerSimulateCommand(program: Command, getConfig: () => Readonly<Config>, io: { out(line: string): void }): void {
  program.command('simulate')
    .description('send simulated queue, evaluation and error events to a server’s ingest API until stopped')
    .requiredOption('--url <base>', 'the server, e.g. http://localhost:3000', parseBaseUrl)
    .requiredOption('--key <api key>', 'an ingest API key (tsk_…), e.g. the demo’s INGEST_API_KEY')
    .option('--speed <n>', 'simulated seconds per real second; the clock never passes now, so use with --start', positiveNumber, 1)
    .option('--rate <n>', 'send at most this many events per second', positiveNumber)
    .option('--branches <n>', 'simulate only the first N branches the key may send for', positiveInteger)
    .option('--seed <n>', 'random seed: the same seed, start and run id give the same events', wholeNumber, 1)
    .option('--duration <minutes>', 'stop after this many real minutes', positiveNumber)
    .option('--start <time>', 'simulated start, ISO-8601 with offset, at most 31 days ago (default now)', pastTime)
    .option('--run-id <id>', 'a previous run’s id: with its seed and start, replays it (the server counts duplicates)', runIdentifier)
    .action((flags: SimulateFlags) => simulate(flags, getConfig(), io));
}

async function simulate(flags: SimulateFlags, config: Readonly<Config>, io: { out(line: string): void }): Promise<void> {
  const timeZone = config.bank.timeZone;
  const source = createApiBranchSource({ baseUrl: flags.url, apiKey: flags.key, limit: flags.branches });
  const branches = await source.listBranches().catch((error: unknown) => {
    throw new AppError('UNAVAILABLE', `cannot list branches at ${flags.url}: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (branches.length === 0) throw new AppError('NOT_FOUND', 'the API key may send events for no branch');
  const simulator = startSimulator({
    baseUrl: flags.url, apiKey: flags.key, branches: branches.slice(0, flags.branches ?? branches.length), speed: flags.speed, rate: flags.rate,
    seed: flags.seed, start: flags.start, runId: flags.runId, timeZone, log: io.out,
  });
  const status = setInterval(() => io.out(statusLine(simulator.stats(), timeZone)), STATUS_EVERY_MS);
  try {
    await untilStopped(simulator, flags.duration, io);
  } finally {
    clearInterval(status);
    await simulator.stop();
  }
  const final = simulator.stats();
  io.out(statusLine(final, timeZone));
  if (final.halted) throw new AppError('UNAVAILABLE', `the simulator stopped: ${final.halted}`);
}

/** Resolves on SIGINT/SIGTERM, after --duration, or when the simulator halts by itself. */
async function untilStopped(simulator: RunningSimulator, durationMinutes: number | undefined, io: { out(line: string): void }): Promise<void> {
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  const signalled = new Promise<void>((resolve) => {
    onSignal = (signal) => {
      io.out(`${signal}: delivering what was generated, then stopping`);
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  const elapsed = durationMinutes === undefined ? new Promise<void>(() => {}) : new Promise<void>((resolve) => (timer = setTimeout(resolve, durationMinutes * 60_000)));
  try {
    await Promise.race([signalled, elapsed, simulator.done]);
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function statusLine(stats: SimulatorStats, timeZone: string): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const simulated = formatAt(stats.simulatedAt.getTime(), timeZone).slice(0, 19).replace('T', ' ');
  const error = stats.lastError ? ` · last error: ${stats.lastError}` : '';
  return `[模拟时间 simulated ${simulated}] sent ${n(stats.sent)} · accepted ${n(stats.accepted)} · duplicates ${n(stats.duplicates)} · rejected ${n(stats.rejected)} · retries ${n(stats.retries)} · queued ${n(stats.queued)}${error}`;
}

function parseBaseUrl(value: string): string {
  try {
    const url = new URL(value);
    // A path is kept: the server may sit behind a proxy under a prefix.
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.search) return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    // reported below
  }
  throw new InvalidArgumentError('must be an http(s) URL such as http://localhost:3000');
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a number above 0');
  return n;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number above 0');
  return n;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('must be a whole number');
  return n;
}

function runIdentifier(value: string): string {
  if (!/^[\w.-]{1,32}$/.test(value)) throw new InvalidArgumentError('must be 1–32 letters, digits, . _ or -');
  return value;
}

function pastTime(value: string): Date {
  const at = new Date(value);
  // The server refuses events older than 31 days or from the future.
  if (!/[T ]\d\d:\d\d/.test(value) || Number.isNaN(at.getTime())) throw new InvalidArgumentError('must be an ISO-8601 time such as 2026-11-28T09:00:00+08:00');
  if (at.getTime() > Date.now()) throw new InvalidArgumentError('must not be in the future');
  if (at.getTime() < Date.now() - 31 * 86_400_000) throw new InvalidArgumentError('must be within the last 31 days');
  return at;
}
