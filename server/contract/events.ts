import type { AckCallback } from './ack.ts';
import type { ChatAct, ChatImage, ChatJoin, ChatJoined, ChatMessage, ChatSend } from './payloads/chat.ts';
import type { FeedAppended, KpiUpdated, WallScope, WallSnapshot } from './payloads/wall.ts';
import type { WorkChanged, WorkSubscribe } from './payloads/work.ts';

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
  /**
   * Figures of a subscribed scope changed (room `wall:<scope>`). Emitted only after the change
   * committed; coalesced to at most KPI_PUSH_PER_SECOND per scope (leading edge). `seq` is one more
   * than the previous message of that scope on this connection's server; any other value means a
   * gap: resubscribe for a fresh snapshot.
   */
  'kpi:updated': (update: KpiUpdated) => void;
  /** Notable events for a subscribed scope (room `wall:<scope>`), in the same sequence as kpi:updated. */
  'feed:appended': (feed: FeedAppended) => void;
  /** The server is shutting down; clients reconnect after a pause. */
  'server:closing': (info: { at: string }) => void;
  /**
   * Something on people's "我的工作" may have changed (room `work`, after commit): read
   * `GET /api/v1/my-work` again. Carries no items, so it needs no scope check.
   */
  'work:changed': (change: WorkChanged) => void;
}

export interface ClientToServerEvents {
  /** Open the console chat as a staff member; the ack carries the chat's recent history. */
  'chat:join': (payload: ChatJoin, ack: AckCallback<ChatJoined>) => void;
  /** Send a typed message (a command such as 帮助) in the joined chat. */
  'chat:send': (payload: ChatSend, ack: AckCallback<{ messageId: string }>) => void;
  /** Click a button on a card in the joined chat. */
  'chat:act': (payload: ChatAct, ack: AckCallback<{ accepted: true }>) => void;
  /** Send a picture in the joined chat, in reply to a card (`replyTo`): a rectification's photo. */
  'chat:image': (payload: ChatImage, ack: AckCallback<{ messageId: string }>) => void;
  /**
   * Follow a scope's figures (`bank`, `region:<code>`, `branch:<code>`) within the caller's own
   * scope (else NOT_FOUND). The ack carries the snapshot; deltas follow in room `wall:<scope>`.
   */
  'wall:subscribe': (payload: WallScope, ack: AckCallback<WallSnapshot>) => void;
  /** Stop following a scope. */
  'wall:unsubscribe': (payload: WallScope, ack: AckCallback<{ scope: string }>) => void;
  /** Follow changes to one's own work (a signed-in person); `work:changed` follows. */
  'work:subscribe': (payload: WorkSubscribe, ack: AckCallback<{ room: string }>) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InterServerEvents {}

/** What the server knows about a connected socket, filled once by the handshake middleware. */
export interface SocketData {
  /** The console chat this socket joined, if any. */
  chatId?: string;
  staffCode?: string;
}

/**
 * Every client→server command, as a value (the fuzz suite sends hostile payloads to each). The
 * type below fails to compile when a command is added to ClientToServerEvents but not here.
 */
export const CLIENT_TO_SERVER_EVENTS = ['chat:join', 'chat:send', 'chat:act', 'wall:subscribe', 'wall:unsubscribe', 'work:subscribe', 'chat:image'] as const satisfies readonly (keyof ClientToServerEvents)[];
type UnlistedCommand = Exclude<keyof ClientToServerEvents, (typeof CLIENT_TO_SERVER_EVENTS)[number]>;
export const EVERY_COMMAND_LISTED: UnlistedCommand extends never ? true : never = true;
