/**
 * The wall screens of the latency bench, in a child process of their own (forked by
 * latency.bench.ts) so decoding on the client side does not eat the server's event loop — real
 * screens are other machines. Commands arrive over IPC; every reply carries the request's id.
 *
 *   connect { url, cookie?, scopes: string[][], concurrency }  → { initial: totals[client][slot] }
 *   ping                                                       → { t }   (clock calibration)
 *   start                                                      → {}      (clears and records)
 *   progress                                                   → { max: totals[client][slot] }
 *   collect                                                    → { records, messages, avgBytes: [outlet, bank], cpuMs, loopDelayP99 }
 *   disconnect                                                 → {}
 *
 * A screen's "total" for a scope is issued + called + finished + evaluations + serviceErrors of
 * the KPIs it last received: every bench event moves exactly one of them by one, so the total
 * says how many events of that scope the screen has seen. A record is [slot, total, time] each
 * time a scope's total grows; time is performance.timeOrigin + performance.now().
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';

interface Kpis { issued: number; called: number; finished: number; evaluations: number; serviceErrors: number }
interface Screen { socket: Socket; scopes: string[]; max: number[]; records: number[] }
type Request = { id: number; type: string; [key: string]: unknown };

const now = (): number => performance.timeOrigin + performance.now();
const totalOf = (k: Kpis): number => k.issued + k.called + k.finished + k.evaluations + k.serviceErrors;

let screens: Screen[] = [];
let recording = false;
let messages = 0;
// Message sizes (JSON length), sampled per slot: [outlet, bank].
let sampledBytes = [0, 0];
let sampled = [0, 0];
let cpuAtStart = process.cpuUsage();
// How late this process ran its callbacks: when high, the screens (not the server) set the latency.
const loop = monitorEventLoopDelay({ resolution: 10 });

async function connectOne(url: string, cookie: string | undefined, scopes: string[]): Promise<Screen> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...(cookie ? { extraHeaders: { cookie } } : {}) });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
  const screen: Screen = { socket, scopes, max: scopes.map(() => 0), records: [] };
  socket.on('kpi:updated', (update: { scope: string; changes: { kpis?: Kpis } }) => {
    const t = now();
    messages++;
    const kpis = update.changes?.kpis;
    const slot = scopes.indexOf(update.scope);
    if (recording && slot >= 0 && sampled[slot]! < 300) {
      sampledBytes[slot]! += JSON.stringify(update).length;
      sampled[slot]!++;
    }
    if (!kpis || slot < 0) return;
    const total = totalOf(kpis);
    if (total <= screen.max[slot]!) return;
    screen.max[slot] = total;
    if (recording) screen.records.push(slot, total, t);
  });
  for (const [slot, scope] of scopes.entries()) {
    const ack = (await socket.timeout(60_000).emitWithAck('wall:subscribe', { scope })) as { ok: boolean; data?: { kpis: { kpis: Kpis } }; error?: unknown };
    if (!ack.ok) throw new Error(`subscribe ${scope} refused: ${JSON.stringify(ack.error)}`);
    screen.max[slot] = Math.max(screen.max[slot]!, totalOf(ack.data!.kpis.kpis));
  }
  return screen;
}

async function handle(request: Request): Promise<Record<string, unknown>> {
  switch (request.type) {
    case 'connect': {
      const { url, cookie, scopes, concurrency } = request as unknown as { url: string; cookie?: string; scopes: string[][]; concurrency: number };
      for (let i = 0; i < scopes.length; i += concurrency) {
        screens.push(...(await Promise.all(scopes.slice(i, i + concurrency).map((s) => connectOne(url, cookie, s)))));
      }
      return { initial: screens.map((s) => s.max) };
    }
    case 'ping':
      return { t: now() };
    case 'start':
      for (const screen of screens) screen.records = [];
      messages = 0;
      sampledBytes = [0, 0];
      sampled = [0, 0];
      recording = true;
      cpuAtStart = process.cpuUsage();
      loop.reset();
      loop.enable();
      return {};
    case 'progress':
      return { max: screens.map((s) => s.max) };
    case 'collect': {
      recording = false;
      const cpu = process.cpuUsage(cpuAtStart);
      loop.disable();
      return { records: screens.map((s) => s.records), messages, avgBytes: sampled.map((n, slot) => (n ? sampledBytes[slot]! / n : 0)), cpuMs: (cpu.user + cpu.system) / 1000, loopDelayP99: loop.percentile(99) / 1e6 };
    }
    case 'disconnect':
      for (const screen of screens) screen.socket.disconnect();
      screens = [];
      return {};
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
