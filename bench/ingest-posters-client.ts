/**
 * B2's outlets, in a child process of their own (forked by ingest-posters.ts) so the clients' CPU
 * is apart from the server's and can be reported on its own — real outlets are other machines.
 *
 * One command over IPC, `run { url, apiKey, codes, rate, seconds, warmupSeconds, idPrefix }`:
 * every code is an outlet with its own keep-alive HTTP agent (one socket, as a queue machine has)
 * posting ONE event per request to POST /api/v1/events. Outlet i's k-th event is due at
 * start + (i/n + k)·n/rate seconds, so together they arrive evenly at `rate`. An outlet posts
 * its events in order, one request at a time (as a queue machine would): an event due while the
 * previous request is still out waits, and its latency counts from when it was DUE (no
 * coordinated omission), as well as from when it was sent.
 * Reply: { achieved (events/s), acknowledged (whole run), unsent (cut off after drainSeconds), dueMs[], sentMs[] (latencies of the measured window), sent, failed, errors, cpuMs, seconds }.
 */
import http from 'node:http';
import { EventStream } from './fixture.ts';

interface RunArgs { url: string; apiKey: string; codes: string[]; rate: number; seconds: number; warmupSeconds: number; idPrefix: string; drainSeconds: number }

const now = (): number => performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function post(agent: http.Agent, url: URL, apiKey: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST', agent, timeout: 30_000,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('timeout after 30 s')));
    request.on('error', reject);
    request.end(body);
  });
}

async function run(args: RunArgs) {
  const target = new URL('/api/v1/events', args.url);
  const n = args.codes.length;
  const interval = (n / args.rate) * 1000; // ms between one outlet's events
  const start = now() + 500; // time for every outlet to be scheduled first
  const measureFrom = start + args.warmupSeconds * 1000;
  const end = measureFrom + args.seconds * 1000;
  const dueMs: number[] = [];
  const sentMs: number[] = [];
  const errors = new Map<string, number>();
  let sent = 0;
  let unsent = 0; // due in the window but still waiting for their outlet when the drain time ran out
  let acknowledged = 0; // over the whole run, warm-up included (for CPU per event)
  let lastDone = 0;
  let failed = 0;
  let cpu0 = process.cpuUsage();
  let cpuStartedAt = 0;
  const cpuAtMeasure = setTimeout(() => { cpu0 = process.cpuUsage(); cpuStartedAt = now(); }, measureFrom - now());
  const outlet = async (i: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    // Ticket numbers per run: a ticket issued again on the same day would count once.
    const stream = new EventStream([args.codes[i]!], `${args.idPrefix}-${i}`, i + 1, `${args.idPrefix.toUpperCase()}-`);
    try {
      for (let k = 0; ; k++) {
        const due = start + (i / n + k) * interval;
        if (due >= end) break;
        // A server that cannot keep up would make the run last for ever: stop after the drain time.
        if (now() > end + args.drainSeconds * 1000) {
          unsent += Math.max(0, Math.ceil((end - Math.max(due, measureFrom)) / interval));
          break;
        }
        await sleep(due - now());
        const { branchIndex: _, ...event } = stream.next(new Date(), 0);
        const sentAt = now();
        try {
          const reply = await post(agent, target, args.apiKey, JSON.stringify({ events: [event] }));
          const ok = reply.status === 200 && (JSON.parse(reply.text) as { accepted?: number }).accepted === 1;
          if (!ok) throw new Error(`${reply.status} ${reply.text.slice(0, 80)}`);
          acknowledged++;
          lastDone = Math.max(lastDone, now());
          if (due >= measureFrom) {
            const done = now();
            dueMs.push(done - due);
            sentMs.push(done - sentAt);
            sent++;
          }
        } catch (error) {
          const reason = error instanceof Error ? error.message.slice(0, 80) : String(error);
          errors.set(reason, (errors.get(reason) ?? 0) + 1);
          if (due >= measureFrom) failed++;
        }
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(Array.from({ length: n }, (_, i) => outlet(i)));
  clearTimeout(cpuAtMeasure);
  const used = process.cpuUsage(cpu0);
  // What the server sustained: every acknowledged event (warm-up included) over the time from the
  // first due event to the last acknowledgement — the offered rate when it keeps up, less when not.
  const achieved = (acknowledged / (Math.max(end, lastDone) - start)) * 1000;
  return { achieved, acknowledged, unsent, dueMs, sentMs, sent, failed, errors: [...errors], cpuMs: (used.user + used.system) / 1000, cpuSeconds: (now() - cpuStartedAt) / 1000 };
}

process.on('message', (message: { id: number; type: string } & RunArgs) => {
  if (message.type !== 'run') return void process.send!({ id: message.id, ok: false, error: `unknown command ${message.type}` });
  run(message).then(
    (result) => process.send!({ id: message.id, ok: true, ...result }),
    (error: unknown) => process.send!({ id: message.id, ok: false, error: error instanceof Error ? error.stack : String(error) }),
  );
});
