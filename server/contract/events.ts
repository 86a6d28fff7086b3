import type { AckCallback } from './ack.ts';
import type { ChatAct, ChatJoin, ChatJoined, ChatMessage, ChatSend } from './payloads/chat.ts';

/**
 * Everything that crosses the Socket.IO wire. Server→client events are facts named
 * `<domain>:<past-tense>` and take exactly one object; client→server commands are
 * `<domain>:<imperative>`, take one payload and an Ack callback. Adding an optional field never
 * breaks a listener; a breaking change gets a new `.v2` event.
 */
export interface ServerToClientEvents {
  /**
   * A message appeared in, or was updated in, a console chat (room `chat:<chatId>`). Sent after the
   * bot handled the input; a card updated in place arrives again with the same `id` and an `updatedAt`.
   */
  'chat:posted': (message: ChatMessage) => void;
  /** The server is shutting down; clients reconnect after a pause. */
  'server:closing': (info: { at: string }) => void;
}

export interface ClientToServerEvents {
  /** Open the console chat as a staff member; the ack carries the chat's recent history. */
  'chat:join': (payload: ChatJoin, ack: AckCallback<ChatJoined>) => void;
  /** Send a typed message (a command such as 帮助) in the joined chat. */
  'chat:send': (payload: ChatSend, ack: AckCallback<{ messageId: string }>) => void;
  /** Click a button on a card in the joined chat. */
  'chat:act': (payload: ChatAct, ack: AckCallback<{ accepted: true }>) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InterServerEvents {}

/** What the server knows about a connected socket, filled once by the handshake middleware. */
export interface SocketData {
  /** The console chat this socket joined, if any. */
  chatId?: string;
  staffCode?: string;
}
