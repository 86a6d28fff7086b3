import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServiceEvent } from '../contract/payloads/ingest.ts';
import type { SimBranch } from './branches.ts';
import { generateEvents } from './scenario.ts';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from './simulator.ts';

const branches: SimBranch[] = ['GZ0101', 'GZ0102', 'GZ0103', 'GZ0104', 'GZ0105'].map((code) => ({ code, regionCode: 'GZ01', tellers: [`${code}-T1`, `${code}-T2`, `${code}-T3`] }));
// Real time is noon; the simulation starts at 10:00 the same Wednesday, so speed 60 has room to run.
const REAL_NOON = new Date('2026-11-18T12:00:00+08:00');
const START = new Date('2026-11-18T10:00:00+08:00');

interface Call { ids: string[]; events: ServiceEvent[]; at: number; authorization: string | null }

/**
 * An in-memory ingest endpoint: idempotent by id like the real one; `script` may answer a call
 * (by its 1-based number) with something else first.
 */
function fakeIngest(script: (call: number) => Response | Error | undefined = () => undefined) {
  const seen = new Set<string>();
  const calls: Call[] = [];
  const fetchFn = (async (_url: string | URL | Request, init?: RequestInit) => {
    const events = (JSON.parse(String(init?.body)) as { events: ServiceEvent[] }).events;
    calls.push({ ids: events.map((e) => e.id), events, at: Date.now(), authorization: new Headers(init?.headers).get('authorization') });
    const scripted = script(calls.length);
    if (scripted instanceof Error) throw scripted;
    if (scripted) return scripted;
    let duplicates = 0;
    for (const e of events) seen.has(e.id) ? duplicates++ : seen.add(e.id);
    return Response.json({ accepted: events.length - duplicates, duplicates, rejected: [] });
  }) as typeof fetch;
  return { fetch: fetchFn, calls, seen };
}

let running: RunningSimulator | undefined;
const logs: string[] = [];

function start(overrides: Partial<SimulatorOptions> & { fetch: typeof fetch }): RunningSimulator {
  running = startSimulator({
    baseUrl: 'http://ingest.test', apiKey: 'tsk_test', branches, speed: 60, start: START, seed: 3, runId: 'test',
    log: (line) => logs.push(line), now: () => Date.now(), ...overrides,
  });
  return running;
}

/** What the scenario holds up to the simulated time: the set a complete delivery must equal. */
const expectedIds = (until: Date) =>
  generateEvents({ branches, seed: 3, runId: 'test', from: START, to: until }).filter((e) => Date.parse(e.at) <= until.getTime()).map((e) => e.id).sort();

beforeEach(() => {
  vi.useFakeTimers({ now: REAL_NOON });
  logs.length = 0;
});

afterEach(async () => {
  const stopping = running?.stop();
  await vi.runOnlyPendingTimersAsync();
  await stopping;
  running = undefined;
  vi.useRealTimers();
});

describe('startSimulator', () => {
  it('sends the due events in batches with the API key, never ahead of the simulated clock', async () => {
    const server = fakeIngest();
    const sim = start({ fetch: server.fetch, batchSize: 50 });
    await vi.advanceTimersByTimeAsync(10_000); // 10 simulated minutes
    const stats = sim.stats();
    expect(server.calls.length).toBeGreaterThan(1);
    expect(server.calls.every((c) => c.ids.length <= 50 && c.authorization === 'Bearer tsk_test')).toBe(true);
    const sent = server.calls.flatMap((c) => c.events);
    expect(sent.filter((e) => Date.parse(e.at) > stats.simulatedAt.getTime())).toEqual([]);
    expect(stats.simulatedAt.getTime()).toBe(START.getTime() + 10 * 60_000);
    expect(stats).toMatchObject({ sent: sent.length, accepted: sent.length, duplicates: 0, rejected: 0, retries: 0 });
  });

  it('delivers exactly the scenario’s events up to the simulated time, each once', async () => {
    const server = fakeIngest();
    const sim = start({ fetch: server.fetch });
    await vi.advanceTimersByTimeAsync(20_000);
    const stopping = sim.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    await stopping;
    const ids = server.calls.flatMap((c) => c.ids).sort();
    expect(ids.length).toBeGreaterThan(100);
    expect(ids).toEqual(expectedIds(sim.stats().simulatedAt));
  });

  it('retries a batch that met a 503 with the same ids', async () => {
    const server = fakeIngest((n) => (n === 1 ? new Response('busy', { status: 503 }) : undefined));
    const sim = start({ fetch: server.fetch });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(server.calls.length).toBeGreaterThanOrEqual(2);
    expect(server.calls[1]!.ids).toEqual(server.calls[0]!.ids);
    expect(sim.stats()).toMatchObject({ retries: 1, duplicates: 0, lastError: undefined });
    expect(logs.filter((l) => l.includes('not delivered (HTTP 503); retry 1 in'))).toHaveLength(1);
  });

  it('retries after a dropped connection', async () => {
    const server = fakeIngest((n) => (n === 1 ? new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') }) : undefined));
    const sim = start({ fetch: server.fetch });
    await vi.advanceTimersByTimeAsync(600); // the first tick sends and fails; the retry waits for a later tick
    expect(sim.stats().lastError).toBe('network error: ECONNREFUSED');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(server.calls[1]!.ids).toEqual(server.calls[0]!.ids);
    expect(sim.stats().lastError).toBeUndefined();
  });

  it('waits as long as retry-after says after a 429', async () => {
    const server = fakeIngest((n) => (n === 1 ? new Response(null, { status: 429, headers: { 'retry-after': '7' } }) : undefined));
    start({ fetch: server.fetch });
    await vi.advanceTimersByTimeAsync(6_000);
    expect(server.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(server.calls.length).toBeGreaterThanOrEqual(2);
    expect(server.calls[1]!.at - server.calls[0]!.at).toBeGreaterThanOrEqual(7_000);
    expect(server.calls[1]!.ids).toEqual(server.calls[0]!.ids);
  });

  it('halves a batch the server finds too large (413) and sends both halves', async () => {
    const server = fakeIngest((n) => (n === 1 ? new Response(null, { status: 413 }) : undefined));
    start({ fetch: server.fetch, batchSize: 5000 });
    await vi.advanceTimersByTimeAsync(10_000);
    const first = server.calls[0]!.ids;
    expect(server.calls[1]!.ids).toEqual(first.slice(0, Math.ceil(first.length / 2)));
    expect(server.seen.size).toBe(new Set(server.calls.slice(1).flatMap((c) => c.ids)).size);
    expect(first.every((id) => server.seen.has(id))).toBe(true);
  });

  it('stop() delivers what was generated while the server was failing', async () => {
    let failing = true;
    const server = fakeIngest(() => (failing ? new Response(null, { status: 502 }) : undefined));
    const sim = start({ fetch: server.fetch, batchSize: 20 });
    await vi.advanceTimersByTimeAsync(15_000);
    expect(sim.stats().queued).toBeGreaterThan(20);
    failing = false;
    const stopping = sim.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    await stopping;
    expect(sim.stats().queued).toBe(0);
    expect([...server.seen].sort()).toEqual(expectedIds(sim.stats().simulatedAt));
    const callsAtStop = server.calls.length;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(server.calls).toHaveLength(callsAtStop);
  });

  it('halts on a refused API key instead of retrying, and says why', async () => {
    const server = fakeIngest(() => Response.json({ error: { message: 'invalid API key' } }, { status: 401 }));
    const sim = start({ fetch: server.fetch });
    await vi.advanceTimersByTimeAsync(10_000);
    await sim.done;
    expect(server.calls).toHaveLength(1);
    expect(sim.stats().halted).toBe('the server refused the API key (401: invalid API key)');
    expect(logs.some((l) => l.includes('stopped sending'))).toBe(true);
  });

  it('counts every rejected event but logs only the first few', async () => {
    const fetchFn = (async (_url: string | URL | Request, init?: RequestInit) => {
      const events = (JSON.parse(String(init?.body)) as { events: unknown[] }).events;
      return Response.json({ accepted: 0, duplicates: 0, rejected: events.map((_, index) => ({ index, field: 'branch', reason: 'unknown branch' })) });
    }) as typeof fetch;
    const sim = start({ fetch: fetchFn });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sim.stats().rejected).toBeGreaterThan(20);
    expect(logs.filter((l) => l.includes('rejected: branch unknown branch'))).toHaveLength(5);
  });

  it('sends at most `rate` events per second', async () => {
    const server = fakeIngest();
    const sim = start({ fetch: server.fetch, speed: 600, rate: 20 });
    await vi.advanceTimersByTimeAsync(10_000);
    // One second of burst, then 20 a second.
    expect(sim.stats().sent).toBeLessThanOrEqual(20 * 11);
    expect(sim.stats().sent).toBeGreaterThanOrEqual(20 * 9);
    // The simulated clock slows to the cap instead of queueing 100 minutes of events.
    expect(sim.stats().queued).toBeLessThan(300);
    expect(sim.stats().simulatedAt.getTime()).toBeLessThan(START.getTime() + 100 * 60_000);
    const stopping = sim.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    await stopping;
    expect(sim.stats().queued).toBe(0);
  });

  it('never runs the simulated clock past the real time', async () => {
    const server = fakeIngest();
    const sim = start({ fetch: server.fetch, start: REAL_NOON, speed: 60 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sim.stats().simulatedAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(sim.stats().simulatedAt.getTime()).toBeGreaterThan(Date.now() - 1_000);
  });

  it('pauses the simulated clock instead of piling up events while the server is down', async () => {
    const server = fakeIngest(() => new Response(null, { status: 503 }));
    const sim = start({ fetch: server.fetch, speed: 600, maxQueued: 300 });
    await vi.advanceTimersByTimeAsync(30_000);
    const paused = sim.stats();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(sim.stats().simulatedAt).toEqual(paused.simulatedAt);
    expect(sim.stats().queued).toBeLessThan(300 + 500);
    expect(logs.filter((l) => l.includes('clock pauses'))).toHaveLength(1);
  });
});
