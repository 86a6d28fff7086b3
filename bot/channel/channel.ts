import type { OutboundMessage } from '$contract/payloads/chat.ts';

export type { OutboundMessage };

/** Who acted in a chat, as the channel knows them; `staffCode` once resolved to a staff member. */
export interface ChannelUser {
  /** The channel's own id (Feishu open_id; the staff code in the console). */
  channelUserId: string;
  staffCode?: string | undefined;
}

export interface MentionedUser extends ChannelUser {
  name: string;
}

/** A text message addressed to the bot, normalized from whatever the channel received. */
export interface NormalizedMessage {
  /** The channel's message id; handlers use it to de-duplicate redeliveries. */
  id: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  sender: ChannelUser;
  text: string;
  /** In groups the bot answers only when @mentioned. */
  mentionsBot: boolean;
  /** People @mentioned (the bot excluded), resolved to staff where known: `提名 @张三 …`. */
  mentions?: MentionedUser[];
  at: Date;
  /**
   * An image message (`text` is then a placeholder): the platform's key for the picture, fetched
   * with `Channel.downloadImage` only once the bot knows what it is for.
   */
  image?: { key: string };
  /** The message this one replies to (Feishu `parent_id`) and the first of its thread (`root_id`). */
  parentId?: string;
  rootId?: string;
}

/** A click on a card button. */
export interface CardAction {
  id: string;
  chatId: string;
  messageId: string;
  operator: ChannelUser;
  value: { action: string; [key: string]: string | number | boolean };
  /** A form submitted with the click: the inputs' values by name (Feishu `action.form_value`). */
  form?: Record<string, string>;
  at: Date;
}

export interface InboundHandler {
  onMessage(message: NormalizedMessage): Promise<void>;
  /**
   * Handles a click. Returning a message replaces the clicked card in place (Feishu answers the
   * callback with it); returning nothing leaves the card as it is.
   */
  onAction(action: CardAction): Promise<OutboundMessage | void>;
}

export interface SendOptions {
  /** The same key never sends twice (Feishu's `uuid`); the outbox supplies it. */
  idempotencyKey?: string;
}

/**
 * A chat channel (Feishu, the local console, tests' memory channel). Contract:
 *   - `start` begins delivering inbound messages and clicks to the handler; it must answer the
 *     platform quickly and run the handler without blocking that answer.
 *   - `send`, `reply` and `update` deliver or throw ChannelError ('unavailable' when the platform
 *     is down, 'rate_limited' with a wait, 'rejected' when retrying cannot help); they do not
 *     retry themselves (the outbox does). With the same idempotencyKey a send is delivered once.
 *   - `stop` stops inbound delivery and releases connections; in-flight sends may finish.
 */
export interface Channel {
  readonly name: string;
  start(handler: InboundHandler): Promise<void>;
  stop(): Promise<void>;
  send(chatId: string, message: OutboundMessage, options?: SendOptions): Promise<{ messageId: string }>;
  reply(messageId: string, message: OutboundMessage, options?: SendOptions): Promise<{ messageId: string }>;
  update(messageId: string, message: OutboundMessage): Promise<void>;
  /**
   * The bytes of an image a user sent (`NormalizedMessage.image`), at most `maxBytes`: a bigger one
   * throws ImageTooLargeError without being read to the end; other failures are ChannelErrors
   * ('rejected': the platform will not give it, e.g. not visible to the bot). Absent on channels that carry
   * no images (the robots).
   */
  downloadImage?(messageId: string, imageKey: string, maxBytes: number): Promise<Buffer>;
}
