import type { IngestResult, ServiceEvent } from '../contract/payloads/ingest.ts';
import { MAX_EVENTS_PER_BATCH } from '../contract/payloads/ingest.ts';
import { createRng } from '../demo/random.ts';
import { DEFAULT_TIME_ZONE, formatAt } from './bank-time.ts';
import type { SimBranch } from './branches.ts';
import type { DayKind } from './day-curve.ts';
import { DueQueue } from './due-queue.ts';
import { backoffMs, postEvents, type IngestTarget } from './ingest-client.ts';
import { createScenario, ticketEvents, type Scenario } from './scenario.ts';

/**
 * The live event simulator: a simulated clock runs at `speed`× real time, the scenario's events are
 * released when the clock reaches them and posted to the ingest API in batches — a full batch at
 * once, a partial one every tick. A batch that fails is retried as is (ids make it idempotent) with
 * backoff until it is delivered, so nothing generated is dropped before stop().
 *
 * The clock never passes the real time: the server refuses events from the future, so a faster
 * speed means catching up from a `start` in the past, then running live.
 */
export interface SimulatorOptions {
  baseUrl: string;
  apiKey: string;
  branches: readonly SimBranch[];
  /** Simulated seconds per real second (default 1). */
  speed?: number;
  /** At most this many events sent per second (default: no cap); the simulated clock slows to match. */
  rate?: number;
  /** Events per request, at most 5,000 (default 500). */
  batchSize?: number;
  /** Simulated start (default: now). */
  start?: Date;
  seed?: number;
  /** Part of every event id; reuse a run's id (with its seed and start) to replay it as duplicates. */
  runId?: string;
  /** The bank's time zone (default Asia/Shanghai). */
  timeZone?: string;
  dayKindOf?: (isoDate: string, weekday: number) => DayKind;
  log: (line: string) => void;
  fetch?: typeof fetch;
  now?: () => number;
  /** How often the clock advances and a partial batch goes out (default 500 ms). */
  tickMs?: number;
  /** How long stop() keeps trying to deliver what was generated (default 10 s). */
  flushTimeoutMs?: number;
  /** Undelivered events at which the simulated clock waits for the server (default 20,000 or 10 batches). */
  maxQueued?: number;
}

export interface SimulatorStats {
  /** Events the server acknowledged (accepted + duplicates + rejected). */
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Requests repeated after a failure. */
  retries: number;
  /** Why the batch now being retried failed, or why the simulator halted; cleared once delivery works again. */
  lastError?: string;
  /** Set when the server refused for good (a revoked key): the simulator has stopped sending. */
  halted?: string;
  simulatedAt: Date;
  /** Events due but not yet delivered. */
  queued: number;
}

export interface RunningSimulator {
  stop(): Promise<void>;
  stats(): SimulatorStats;
  /** Settles once the simulator has stopped, by stop() or by halting. */
  done: Promise<void>;
}

const MAX_LOGGED_REJECTIONS = 5;

export function startSimulator(options: SimulatorOptions): RunningSimulator {
  const simulator = new Simulator(options);
  return { stop: () => simulator.stop(), stats: () => simulator.stats(), done: simulator.done };
}

interface Batch {
  events: ServiceEvent[];
  attempt: number;
  notBefore: number;
}

class Simulator {
  readonly done: Promise<void>;
  #o: Required<Pick<SimulatorOptions, 'speed' | 'batchSize' | 'tickMs' | 'flushTimeoutMs' | 'runId' | 'timeZone' | 'maxQueued'>> & SimulatorOptions;
  #now: () => number;
  #target: IngestTarget;
  #scenario: Scenario;
  #due = new DueQueue<ServiceEvent>();
  #outbox: ServiceEvent[] = [];
  #current: Batch | undefined;
  #inFlight: Promise<void> | undefined;
  #counts = { sent: 0, accepted: 0, duplicates: 0, rejected: 0, retries: 0 };
  #lastError: string | undefined;
  #halted: string | undefined;
  #simTime: number;
  #lastReal: number;
  #tokens: number;
  #paused = false;
  #stopping = false;
  #timer: ReturnType<typeof setInterval>;
  #jitter: () => number;
  #resolveDone!: () => void;

  constructor(options: SimulatorOptions) {
    this.#now = options.now ?? Date.now;
    const startMs = options.start?.getTime() ?? this.#now();
    const batchSize = Math.min(MAX_EVENTS_PER_BATCH, Math.max(1, Math.floor(options.batchSize ?? 500)));
    this.#o = {
      ...options, speed: options.speed ?? 1, tickMs: options.tickMs ?? 500, flushTimeoutMs: options.flushTimeoutMs ?? 10_000,
      batchSize, maxQueued: options.maxQueued ?? Math.max(20_000, 10 * batchSize),
      runId: options.runId ?? this.#now().toString(36), timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
    };
    if (!(this.#o.speed > 0)) throw new RangeError('speed must be above 0');
    if (options.rate !== undefined && !(options.rate > 0)) throw new RangeError('rate must be above 0');
    if (!/^[\w.-]{1,32}$/.test(this.#o.runId)) throw new RangeError('a run id is 1–32 letters, digits, . _ or -');
    this.#target = { baseUrl: options.baseUrl, apiKey: options.apiKey, fetch: options.fetch ?? fetch, requestTimeoutMs: 30_000 };
    const seed = options.seed ?? 1;
    this.#scenario = createScenario({ branches: options.branches, seed, runId: this.#o.runId, timeZone: this.#o.timeZone, dayKindOf: options.dayKindOf }, startMs);
    this.#jitter = createRng(seed ^ 0x5eed).next;
    this.#simTime = startMs;
    this.#lastReal = this.#now();
    this.#tokens = options.rate ?? Number.POSITIVE_INFINITY;
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
    this.#timer = setInterval(() => this.#tick(), this.#o.tickMs);
    this.#o.log(`simulator: run ${this.#o.runId}, ${options.branches.length} branches, speed ${this.#o.speed}×, from ${formatAt(startMs, this.#o.timeZone)}`);
  }

  stats(): SimulatorStats {
    return {
      ...this.#counts, lastError: this.#lastError, halted: this.#halted, simulatedAt: new Date(this.#simTime),
      queued: this.#outbox.length + (this.#current?.events.length ?? 0),
    };
  }

  async stop(): Promise<void> {
    if (this.#stopping) return this.done;
    this.#stopping = true;
    clearInterval(this.#timer);
    if (!this.#halted) {
      this.#advance();
      // Whoever stops wants the flush now, not after the backoff a long outage had built up.
      if (this.#current) this.#current.notBefore = 0;
      await this.#drain(this.#now() + this.#o.flushTimeoutMs);
    }
    const unsent = this.stats().queued;
    if (unsent > 0) this.#o.log(`simulator: stopped with ${unsent} events undelivered${this.#lastError ? ` (${this.#lastError})` : ''}`);
    this.#resolveDone();
  }

  #tick(): void {
    try {
      this.#advance();
      this.#pump(true);
    } catch (error) {
      // A bug here must not take the host process (the demo server) down with it.
      this.#halt(`internal error: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Moves the simulated clock, generates the tickets it reached and releases the events now due. */
  #advance(): void {
    const real = this.#now();
    const elapsed = Math.max(0, real - this.#lastReal);
    this.#lastReal = real;
    if (this.#o.rate) this.#tokens = Math.min(Math.max(this.#o.rate, 1), this.#tokens + (elapsed / 1000) * this.#o.rate);
    if (this.#holdForBacklog()) return;
    this.#simTime = Math.min(this.#simTime + elapsed * this.#o.speed, Math.max(this.#simTime, real));
    for (const ticket of this.#scenario.ticketsUntil(this.#simTime + 1)) {
      for (const { time, event } of ticketEvents(ticket, this.#o.runId, this.#o.timeZone)) this.#due.push(time, event);
    }
    for (const event of this.#due.takeDue(this.#simTime)) this.#outbox.push(event);
  }

  /**
   * Bounded memory: while the server cannot keep up, the simulated clock waits instead of piling up
   * events. Under a rate cap the cap sets the pace, so the clock yields quietly at two seconds' worth.
   */
  #holdForBacklog(): boolean {
    const backlog = this.#outbox.length + (this.#current?.events.length ?? 0);
    const overflowing = backlog >= this.#o.maxQueued;
    if (overflowing !== this.#paused) {
      this.#o.log(overflowing ? `simulator: ${backlog} events waiting to be delivered; the simulated clock pauses until they are` : 'simulator: backlog delivered; the simulated clock runs again');
    }
    this.#paused = overflowing;
    return overflowing || (this.#o.rate !== undefined && backlog >= 2 * this.#o.rate);
  }

  /** Starts the next request unless one is in flight: the current batch again, or a new one. */
  #pump(partial: boolean): void {
    if (this.#inFlight || this.#halted) return;
    if (!this.#current) {
      const flushing = this.#stopping;
      const available = Math.min(this.#outbox.length, flushing ? Number.POSITIVE_INFINITY : Math.floor(this.#tokens));
      const size = Math.min(this.#o.batchSize, available);
      if (size < 1 || (!partial && !flushing && size < this.#o.batchSize)) return;
      if (!flushing) this.#tokens -= size;
      this.#current = { events: this.#outbox.splice(0, size), attempt: 0, notBefore: 0 };
    }
    if (this.#now() < this.#current.notBefore) return;
    const batch = this.#current;
    this.#inFlight = this.#deliver(batch).catch((error: unknown) => this.#halt(`internal error: ${String(error)}`)).finally(() => {
      this.#inFlight = undefined;
      if (!this.#stopping) this.#pump(false);
    });
  }

  async #deliver(batch: Batch): Promise<void> {
    const outcome = await postEvents(this.#target, batch.events, this.#now());
    if (outcome.kind === 'delivered') {
      this.#current = undefined;
      this.#lastError = undefined;
      this.#record(outcome.result, batch.events);
    } else if (outcome.kind === 'too_large') {
      if (batch.events.length === 1) return this.#halt('the server refuses even a single event as too large (413)');
      // Halve and send the first half now; the second goes back to the head of the outbox.
      const half = Math.ceil(batch.events.length / 2);
      this.#outbox.unshift(...batch.events.splice(half));
      this.#o.batchSize = Math.max(1, Math.min(this.#o.batchSize, half));
    } else if (outcome.kind === 'retry') {
      batch.attempt += 1;
      this.#counts.retries += 1;
      this.#lastError = outcome.error;
      // The server's retry-after wins; a zero one still gets a short pause so a stop() flush cannot spin.
      const delay = Math.max(100, outcome.retryAfterMs ?? backoffMs(batch.attempt, this.#jitter));
      batch.notBefore = this.#now() + delay;
      // 1st, 2nd, 4th, 8th … attempt: a long outage leaves a few lines, not one per retry.
      if ((batch.attempt & (batch.attempt - 1)) === 0) this.#o.log(`simulator: ${batch.events.length} events not delivered (${outcome.error}); retry ${batch.attempt} in ${(delay / 1000).toFixed(1)} s`);
    } else {
      this.#halt(outcome.error);
    }
  }

  #record(result: IngestResult, events: readonly ServiceEvent[]): void {
    const c = this.#counts;
    c.sent += events.length;
    c.accepted += result.accepted;
    c.duplicates += result.duplicates;
    for (const rejection of result.rejected) {
      c.rejected += 1;
      if (c.rejected <= MAX_LOGGED_REJECTIONS) {
        const event = events[rejection.index];
        this.#o.log(`simulator: event ${event?.id ?? `#${rejection.index}`} rejected: ${rejection.field} ${rejection.reason}`);
        if (c.rejected === MAX_LOGGED_REJECTIONS) this.#o.log('simulator: further rejections are counted, not logged');
      }
    }
  }

  #halt(reason: string): void {
    if (this.#halted) return;
    this.#halted = reason;
    this.#lastError = reason;
    clearInterval(this.#timer);
    this.#o.log(`simulator: stopped sending: ${reason}`);
    this.#resolveDone();
  }

  /** stop(): deliver what is due, retrying as usual, until done or the deadline passes. */
  async #drain(deadline: number): Promise<void> {
    while (!this.#halted && (this.#current || this.#outbox.length > 0)) {
      if (this.#inFlight) {
        if (!(await settlesBefore(this.#inFlight, deadline - this.#now()))) return;
        continue;
      }
      const wait = (this.#current?.notBefore ?? 0) - this.#now();
      if (this.#now() + Math.max(0, wait) > deadline) return;
      if (wait > 0) await sleep(wait);
      this.#pump(true);
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function settlesBefore(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, ms))));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
