import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../contract/events.ts';
import { onAccessRevoked, type AccessDeps } from '../domains/access/index.ts';
import type { Logger } from '../platform/logger.ts';
import { authenticateSocket, isRevoked, principalOfSocket } from './auth.ts';
import type { HandlerContext } from './define-handler.ts';
import { chatHandlers } from './handlers/chat.handlers.ts';
import { wallHandlers } from './handlers/wall.handlers.ts';
import type { ChatConsolePort, WallPort } from './ports.ts';
import { projectChat } from './projections/chat.projection.ts';
import { WallHub } from './wall-hub.ts';
import type { Clock } from '../platform/clock.ts';
import { dropSlowClients } from './slow-clients.ts';

export type Io = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface RealtimeDeps {
  logger: Logger;
  access: AccessDeps;
  /** The bot's console chat, when the console channel is on. */
  chat: ChatConsolePort | undefined;
  wall: WallPort;
  clock: Clock;
  /** Most kpi:updated messages per second per scope (leading edge, then coalesced). */
  kpiPushPerSecond: number;
}

/**
 * Socket.IO on the app's HTTP server, same origin (no CORS). Every socket is authenticated at the
 * handshake (session cookie or display token); a revoked session or display token disconnects
 * its sockets on every instance as soon as the revocation commits.
 */
export async function createRealtime(httpServer: HttpServer, deps: RealtimeDeps): Promise<{ io: Io; close(): Promise<void> }> {
  const io: Io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 1e6, pingInterval: 20_000, pingTimeout: 20_000 });
  io.use(authenticateSocket(deps.access, deps.logger));
  const unsubscribers: (() => void | Promise<void>)[] = [];
  const hub = new WallHub({ io, port: deps.wall, clock: deps.clock, logger: deps.logger, perSecond: deps.kpiPushPerSecond });
  const handlers = { ...wallHandlers(deps.wall, hub), ...(deps.chat ? chatHandlers(deps.chat) : {}) };
  if (deps.chat) unsubscribers.push(projectChat(io, deps.chat));
  unsubscribers.push(await deps.wall.onChange((change) => hub.changed(change), () => hub.resyncAll()), () => hub.close());
  unsubscribers.push(await onAccessRevoked(deps.access, (revocation) => {
    for (const socket of io.sockets.sockets.values()) {
      if (isRevoked(principalOfSocket(socket), revocation)) socket.disconnect(true);
    }
  }));

  unsubscribers.push(dropSlowClients(io, deps.logger));

  io.on('connection', (socket) => {
    const principal = principalOfSocket(socket);
    if (!principal) return;
    const ctx: HandlerContext = {
      data: socket.data,
      principal,
      socketId: socket.id,
      logger: deps.logger,
      join: (room: string) => socket.join(room),
      leave: (room: string) => socket.leave(room),
    };
    for (const [event, handler] of Object.entries(handlers)) {
      socket.on(event as 'wall:subscribe', handler(ctx) as never);
    }
  });

  return {
    io,
    async close() {
      for (const unsubscribe of unsubscribers) await unsubscribe();
      io.emit('server:closing', { at: new Date().toISOString() });
      await io.close();
    },
  };
}
