import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../contract/events.ts';
import type { Logger } from '../platform/logger.ts';
import { chatHandlers } from './handlers/chat.handlers.ts';
import type { ChatConsolePort } from './ports.ts';
import { projectChat } from './projections/chat.projection.ts';

export type Io = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface RealtimeDeps {
  logger: Logger;
  /** The bot's console chat, when the console channel is on. */
  chat: ChatConsolePort | undefined;
}

/**
 * Socket.IO on the app's HTTP server, same origin (no CORS). Handshake authentication arrives with
 * access control; until then only the console chat is served, and only when it is enabled.
 */
export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps): { io: Io; close(): Promise<void> } {
  const io: Io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 1e6, pingInterval: 20_000, pingTimeout: 20_000 });
  const unsubscribers: (() => void)[] = [];
  const handlers = deps.chat ? chatHandlers(deps.chat) : undefined;
  if (deps.chat) unsubscribers.push(projectChat(io, deps.chat));

  io.on('connection', (socket) => {
    if (!handlers) return;
    const ctx = {
      data: socket.data,
      socketId: socket.id,
      logger: deps.logger,
      join: (room: string) => socket.join(room),
      leave: (room: string) => socket.leave(room),
    };
    for (const [event, handler] of Object.entries(handlers)) {
      socket.on(event as keyof typeof handlers, handler(ctx));
    }
  });

  return {
    io,
    async close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      io.emit('server:closing', { at: new Date().toISOString() });
      await io.close();
    },
  };
}
