/**
 * The latency bench's load generator (the outlets' queue machines), in a child process of its own
 * (forked by latency-kit.ts, pinned to the clients' core where possible) so that generating and
 * posting events costs the server's process nothing — its CPU figure is then the server's alone.
 * Commands arrive over IPC; every reply carries the request's id.
 *
 *   ping   → { t }   (clock calibration)
 *   drive  { url, apiKey?, codes, busy, rate, seconds, warmupSeconds, tickMs, maxInFlight, idPrefix, probeGapMs }
 *          → { branch, sentAt, ok, probe, ackP50, ackP99, throttledTicks, sendErrors, sentMeasured, cpuMs, wallMs }
 *
 * Busy load: every `tickMs` the events due by then (`rate` a second over outlets 0 … busy-1) go out
 * as one POST, stamped just before it is sent, open loop (at most `maxInFlight` outstanding).
 * Quiet probes: outlets busy … codes.length-1 get no background events; each gets one event on its
 * own POST at random moments, at least probeGapMs[0] apart, so every probe is its scope's first
 * change after a quiet spell. `apiKey` set: POST /api/v1/events (ours); unset: POST /relay (the
 * bare Socket.IO relay of latency.bench.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile } from './bench-kit.ts';
import { EventStream, type WireEvent } from './fixture.ts';

type Request = { id: number; type: string; [key: string]: unknown };
interface DriveRequest {
  url: string;
  apiKey?: string;
  codes: string[];
  busy: number;
  rate: number;
  seconds: number;
  warmupSeconds: number;
  tickMs: number;
  maxInFlight: number;
  idPrefix: string;
  probeGapMs: [number, number];
}

const now = (): number => performance.timeOrigin + performance.now();

async function post(request: DriveRequest, events: WireEvent[]): Promise<void> {
  const response = await fetch(request.apiKey ? `${request.url}/api/v1/events` : `${request.url}/relay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(request.apiKey ? { authorization: `Bearer ${request.apiKey}` } : {}) },
    body: JSON.stringify({ events }),
    signal: AbortSignal.timeout(60_000),
  });
  const body = (await response.json()) as { accepted?: number };
  if (response.status !== 200 || body.accepted !== events.length) throw new Error(`POST answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
}

async function drive(request: DriveRequest): Promise<Record<string, unknown>> {
  const { codes, busy, rate, tickMs } = request;
  // Ticket numbers carry the run's prefix: every point of a curve posts to the same outlets on the
  // same service day, and a ticket number issued again is the same ticket (counted once).
  const busyStream = new EventStream(codes.slice(0, busy), request.idPrefix, 7, `${request.idPrefix.toUpperCase()}-`);
  const quietStream = new EventStream(codes.slice(busy), `${request.idPrefix}-q`, 11, `${request.idPrefix.toUpperCase()}-Q`);
  const log = { branch: [] as number[], sentAt: [] as number[], ackAt: [] as number[], ok: [] as boolean[], probe: [] as boolean[] };
  const inFlight = new Set<Promise<unknown>>();
  const ackMs: number[] = [];
  let throttledTicks = 0;
  let sendErrors = 0;
  let sentMeasured = 0;
  const cpu0 = process.cpuUsage();
  const start = now();
  const measureFrom = start + request.warmupSeconds * 1000;
  const end = measureFrom + request.seconds * 1000;

  const send = (events: (WireEvent & { branchIndex: number })[], branchOffset: number, probe: boolean): Promise<unknown> => {
    const sentAt = now();
    const first = log.branch.length;
    for (const e of events) {
      log.branch.push(e.branchIndex + branchOffset);
      log.sentAt.push(sentAt);
      log.ackAt.push(Number.NaN);
      log.ok.push(true);
      log.probe.push(probe);
    }
    if (sentAt >= measureFrom) sentMeasured += events.length;
    const sending = post(request, events.map(({ branchIndex: _, ...e }) => e)).then(() => {
      const ackAt = now();
      ackMs.push(ackAt - sentAt);
      log.ackAt.fill(ackAt, first, first + events.length);
    }, (error: unknown) => {
      log.ok.fill(false, first, first + events.length);
      sendErrors++;
      if (sendErrors === 1) console.error('latency bench: send failed:', error);
    });
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending));
    return sending;
  };

  const busyLoop = async () => {
    let due = 0;
    for (let tick = 1; start + tick * tickMs <= end; tick++) {
      const wait = start + tick * tickMs - now();
      if (wait > 0) await sleep(wait);
      while (inFlight.size >= request.maxInFlight) {
        throttledTicks++;
        await Promise.race(inFlight);
      }
      const target = Math.floor((rate * tick * tickMs) / 1000);
      const batch = Array.from({ length: target - due }, () => busyStream.next(new Date()));
      due = target;
      if (batch.length) void send(batch, 0, false);
    }
  };

  // Each quiet outlet's probe times: a random first moment, then random gaps in probeGapMs.
  let seed = 0x9e3779b9;
  const random = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4_294_967_296);
  const [gapMin, gapMax] = request.probeGapMs;
  const probes: { at: number; quiet: number }[] = [];
  for (let quiet = 0; quiet < codes.length - busy; quiet++) {
    for (let at = start + random() * gapMax; at < end; at += gapMin + random() * (gapMax - gapMin)) probes.push({ at, quiet });
  }
  probes.sort((a, b) => a.at - b.at);
  const probeLoop = async () => {
    for (const probe of probes) {
      const wait = probe.at - now();
      if (wait > 0) await sleep(wait);
      void send([quietStream.next(new Date(), probe.quiet)], busy, true);
    }
  };

  await Promise.all([busyLoop(), probeLoop()]);
  while (inFlight.size) await Promise.all(inFlight);
  const wallMs = now() - start;
  const cpu = process.cpuUsage(cpu0);
  ackMs.sort((a, b) => a - b);
  return {
    ...log, ackP50: percentile(ackMs, 50), ackP99: percentile(ackMs, 99), throttledTicks, sendErrors,
    sentMeasured, cpuMs: (cpu.user + cpu.system) / 1000, wallMs,
  };
}

async function handle(request: Request): Promise<Record<string, unknown>> {
  switch (request.type) {
    case 'ping':
      return { t: now() };
    case 'drive':
      return drive(request as unknown as DriveRequest);
    default:
      throw new Error(`unknown command ${request.type}`);
  }
}

process.on('message', (request: Request) => {
  handle(request).then(
    (reply) => process.send!({ id: request.id, ok: true, ...reply }),
    (error: unknown) => process.send!({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
