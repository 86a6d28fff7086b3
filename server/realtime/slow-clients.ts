import type { Logger } from '../platform/logger.ts';
import type { Io } from './io.ts';

/**
 * Drops a socket whose unsent backlog passes a bound (issue #14). A screen whose network or
 * browser stalls stops reading; every delta for it then waits in the server's memory (the
 * WebSocket's buffer and Engine.IO's write buffer) until the heartbeat notices — 40 s at the
 * configured ping interval and timeout, unbounded in bytes at a busy scope. Checked once a second;
 * the connection is cut at once (terminate, not a closing handshake the stalled peer would never
 * answer), so the memory is freed. The screen reconnects and takes a fresh snapshot.
 */
export const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;

interface EngineConnection {
  writeBuffer?: { data?: unknown }[];
  transport?: { name?: string; socket?: { bufferedAmount?: number; terminate?: () => void } };
  close(discard?: boolean): void;
}

export function backlogBytes(conn: EngineConnection): number {
  let pending = conn.transport?.name === 'websocket' ? (conn.transport.socket?.bufferedAmount ?? 0) : 0;
  for (const packet of conn.writeBuffer ?? []) {
    const data = packet.data;
    pending += typeof data === 'string' ? Buffer.byteLength(data) : data instanceof Uint8Array ? data.byteLength : 64;
  }
  return pending;
}

export function dropSlowClients(io: Io, logger: Logger, options: { maxBacklogBytes?: number; everyMs?: number } = {}): () => void {
  const limit = options.maxBacklogBytes ?? MAX_BACKLOG_BYTES;
  const timer = setInterval(() => {
    for (const socket of io.sockets.sockets.values()) {
      const conn = socket.conn as unknown as EngineConnection;
      const backlog = backlogBytes(conn);
      if (backlog <= limit) continue;
      logger.warn({ socketId: socket.id, backlogBytes: backlog }, 'slow socket client dropped');
      const ws = conn.transport?.name === 'websocket' ? conn.transport.socket : undefined;
      if (ws?.terminate) ws.terminate();
      else conn.close(true);
    }
  }, options.everyMs ?? 1000);
  timer.unref();
  return () => clearInterval(timer);
}
