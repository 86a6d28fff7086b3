/**
 * The soak's wall screens: Socket.IO clients in a child process of their own (real screens are
 * other machines), each opened with the display token as a wall is, subscribed to one scope, and
 * — like the web app — subscribing again after a reconnect. Commands over IPC, replies by id:
 *
 *   connect { url, displayToken, scopes: string[] (one per screen), concurrency } → { connected }
 *   stats   → { connected, messages, disconnects, rss, cpuMs }
 *   close   → {}
 */
import { io, type Socket } from 'socket.io-client';

type Request = { id: number; type: string; [key: string]: unknown };

let sockets: Socket[] = [];
let messages = 0;
let disconnects = 0;

async function connectOne(url: string, displayToken: string, scope: string): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, auth: { displayToken } });
  const subscribe = async () => {
    const ack = (await socket.timeout(60_000).emitWithAck('wall:subscribe', { scope })) as { ok: boolean; error?: unknown };
    if (!ack.ok) throw new Error(`subscribe ${scope} refused: ${JSON.stringify(ack.error)}`);
  };
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  await subscribe();
  // Counted, not decoded further: the soak measures the server, the latency bench the path.
  socket.onAny(() => void messages++);
  socket.on('disconnect', () => void disconnects++);
  socket.io.on('reconnect', () => void subscribe().catch(() => undefined));
  return socket;
}

async function handle(request: Request): Promise<Record<string, unknown>> {
  switch (request.type) {
    case 'connect': {
      const { url, displayToken, scopes, concurrency } = request as unknown as { url: string; displayToken: string; scopes: string[]; concurrency: number };
      for (let i = 0; i < scopes.length; i += concurrency) {
        sockets.push(...(await Promise.all(scopes.slice(i, i + concurrency).map((scope) => connectOne(url, displayToken, scope)))));
      }
      return { connected: sockets.filter((s) => s.connected).length };
    }
    case 'stats': {
      const cpu = process.cpuUsage();
      return { connected: sockets.filter((s) => s.connected).length, messages, disconnects, rss: process.memoryUsage().rss, cpuMs: (cpu.user + cpu.system) / 1000 };
    }
    case 'close':
      for (const socket of sockets) socket.close();
      sockets = [];
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
