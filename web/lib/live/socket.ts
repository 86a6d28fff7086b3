import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '$contract';

/** The client's view of the contract: it receives the server's events and emits the client's commands. */
export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The one Socket.IO connection of the app, to the same origin that served it. It does not connect
 * by itself: pages that need live data call `connection.connect()` (connection.svelte.ts), so the
 * overview page opens no socket at all.
 */
export const socket: AppSocket = io({ autoConnect: false });

/** How long a command waits for its ack before the UI reports a failure. */
export const ACK_TIMEOUT_MS = 10_000;

export type CommandName = keyof ClientToServerEvents;
export type CommandPayload<E extends CommandName> = Parameters<ClientToServerEvents[E]>[0];
export type CommandAck<E extends CommandName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

/**
 * Sends a command and resolves to its Ack, or to undefined when no ack came within the timeout
 * (commands emitted while disconnected are buffered and sent on reconnect, so the clock includes that).
 * A typed wrapper because socket.io-client's `timeout()` loses the event map's ack types.
 */
export async function sendCommand<E extends CommandName>(event: E, payload: CommandPayload<E>): Promise<CommandAck<E> | undefined> {
  try {
    const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
      emitWithAck(event: E, payload: CommandPayload<E>): Promise<CommandAck<E>>;
    };
    return await timed.emitWithAck(event, payload);
  } catch {
    return undefined;
  }
}
