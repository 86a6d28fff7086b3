import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../contract/events.ts';
import { onAccessRevoked, type AccessDeps } from '../domains/access/index.ts';
import type { Logger } from '../platform/logger.ts';
import { authenticateSocket, isRevoked, originAllowed, principalOfSocket, stillAuthenticated } from './auth.ts';
import type { HandlerContext } from './define-handler.ts';
import { chatHandlers } from './handlers/chat.handlers.ts';
import { wallHandlers } from './handlers/wall.handlers.ts';
import type { ChatConsolePort, WallPort, WorkPort } from './ports.ts';
import { workHandlers } from './handlers/work.handlers.ts';
import { projectWork } from './projections/work.projection.ts';
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
  /** The public URL whose origin may open sockets (besides the request's own host). */
  publicUrl?: string | undefined;
  /** How often every open socket's session or display token is checked again (expiry, deactivation). */
  recheckEveryMs?: number | undefined;
  /** "我的工作" changes, when wired. */
  work?: WorkPort | undefined;
}

/**
 * Socket.IO on the app's HTTP server, same origin (no CORS). Every socket is authenticated at the
 * handshake (session cookie or display token); a revoked session or display token disconnects
 * its sockets on every instance as soon as the revocation commits.
 */
export async function createRealtime(httpServer: HttpServer, deps: RealtimeDeps): Promise<{ io: Io; close(): Promise<void> }> {
  const io: Io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 1e6, pingInterval: 20_000, pingTimeout: 20_000, allowRequest: originAllowed(deps.publicUrl) });
  io.use(authenticateSocket(deps.access, deps.logger));
  const unsubscribers: (() => void | Promise<void>)[] = [];
  const hub = new WallHub({ io, port: deps.wall, clock: deps.clock, logger: deps.logger, perSecond: deps.kpiPushPerSecond });
  const handlers = { ...wallHandlers(deps.wall, hub), ...(deps.chat ? chatHandlers(deps.chat) : {}), ...(deps.work ? workHandlers() : {}) };
  if (deps.chat) unsubscribers.push(projectChat(io, deps.chat));
  if (deps.work) unsubscribers.push(await projectWork(io, deps.work, () => deps.clock.now()));
  unsubscribers.push(await deps.wall.onChange((change) => hub.changed(change), () => hub.resyncAll()), () => hub.close());
  unsubscribers.push(await onAccessRevoked(deps.access, (revocation) => {
    for (const socket of io.sockets.sockets.values()) {
      if (isRevoked(principalOfSocket(socket), revocation)) socket.disconnect(true);
    }
  }));

  // Sessions expire and users are deactivated without a revocation message: check on a timer.
  const recheck = setInterval(() => {
    void (async () => {
      for (const socket of io.sockets.sockets.values()) {
        try {
          if (!(await stillAuthenticated(deps.access, socket, { touch: false }))) socket.disconnect(true);
        } catch (error) {
          deps.logger.warn({ err: error }, 'socket re-check failed; kept until the next one');
        }
      }
    })();
  }, deps.recheckEveryMs ?? 60_000);
  recheck.unref();
  unsubscribers.push(() => clearInterval(recheck));
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
      const run = handler(ctx);
      // Every command (a subscription, chat:join, …) checks the credential again first.
      socket.on(event as 'wall:subscribe', (async (payload: unknown, ack: unknown) => {
        let valid = false;
        try {
          valid = await stillAuthenticated(deps.access, socket, { touch: true });
        } catch (error) {
          deps.logger.warn({ err: error }, 'socket re-check failed');
          if (typeof ack === 'function') ack({ ok: false, error: { code: 'UNAVAILABLE', message: 'authentication is unavailable; retry' } });
          return;
        }
        if (!valid) {
          if (typeof ack === 'function') ack({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'your session has ended; log in again' } });
          socket.disconnect(true);
          return;
        }
        await run(payload, ack);
      }) as never);
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
