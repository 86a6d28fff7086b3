import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../integration/helpers/test-server.ts';

/**
 * A screen that stops reading (its network or browser stalled) while the server keeps pushing to
 * it: the server must drop it within seconds with its backlog bounded, not hold every push in
 * memory until the heartbeat notices 40 s later. A healthy screen beside it is not dropped.
 */
describe('a slow socket client', () => {
  let app: TestServer;
  const lines: { msg: string; backlogBytes?: number }[] = [];
  beforeAll(async () => {
    const destination = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
    app = await startTestServer({ logger: pino({ level: 'warn' }, destination) });
  });
  afterAll(() => app?.close());

  it('is dropped with its backlog bounded, and a reading client stays', async () => {
    const slow = await app.connectSocket();
    const healthy = await app.connectSocket();
    const slowId = slow.id!;
    // Seen from the server: the stalled client itself reads nothing, not even the close.
    const dropped = new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (!app.server.io.sockets.sockets.has(slowId)) {
          clearInterval(poll);
          resolve();
        }
      }, 50);
    });
    let healthyDisconnected = false;
    healthy.on('disconnect', () => (healthyDisconnected = true));
    // Stop reading the TCP socket under the slow client's WebSocket.
    (slow.io.engine.transport as unknown as { ws: { _socket: { pause(): void } } }).ws._socket.pause();

    const blob = 'x'.repeat(256 * 1024);
    const emitter = app.server.io as unknown as { to(id: string): { emit(event: string, data: unknown): void } };
    const started = Date.now();
    const pushing = setInterval(() => {
      emitter.to(slowId).emit('test:blob', blob);
      emitter.to(healthy.id!).emit('test:blob', 'small');
    }, 10); // 25 MB/s to the stalled screen
    try {
      const outcome = await Promise.race([dropped.then(() => 'dropped'), new Promise((resolve) => setTimeout(resolve, 15_000, 'still connected'))]);
      expect(outcome).toBe('dropped');
    } finally {
      clearInterval(pushing);
    }
    expect(Date.now() - started).toBeLessThan(15_000);
    const line = lines.find((l) => l.msg === 'slow socket client dropped');
    expect(line?.backlogBytes).toBeGreaterThan(8 * 1024 * 1024);
    // Bounded: over the limit by at most what one second of pushes adds (25 MB/s here).
    expect(line!.backlogBytes!).toBeLessThan(8 * 1024 * 1024 + 30 * 1024 * 1024);
    // No socket of the server is left holding it.
    expect([...app.server.io.sockets.sockets.keys()]).not.toContain(slowId);
    slow.close();
    expect(healthyDisconnected).toBe(false);
  });
});
